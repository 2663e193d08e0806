package fakegh

import (
	"archive/zip"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

type artifactJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size_in_bytes"`
	Expired     bool   `json:"expired"`
	Digest      string `json:"digest"`
	URL         string `json:"archive_download_url"`
	CreatedAt   string `json:"created_at"`
	ExpiresAt   string `json:"expires_at"`
	WorkflowRun struct {
		ID         int64  `json:"id"`
		HeadBranch string `json:"head_branch"`
		HeadSHA    string `json:"head_sha"`
	} `json:"workflow_run"`
}

type artifactsJSON struct {
	TotalCount int            `json:"total_count"`
	Artifacts  []artifactJSON `json:"artifacts"`
}

func artifactsOf(t *testing.T, s *Server, path string) (artifactsJSON, *http.Response) {
	t.Helper()
	resp, body := fetch(t, s.URL()+path)
	wantStatus(t, resp, body, http.StatusOK)
	var page artifactsJSON
	decode(t, body, &page)
	return page, resp
}

func TestArtifactsListingsAndFilters(t *testing.T) {
	s := startServer(t, Options{})
	base := "/repos/" + DemoRepo + "/actions"
	all, resp := artifactsOf(t, s, base+"/artifacts?per_page=100")
	if all.TotalCount <= 100 || len(all.Artifacts) != 100 || !strings.Contains(resp.Header.Get("Link"), `rel="next"`) {
		t.Fatalf("the webapp's listing: total_count %d, %d on page 1, Link %q; want more than a page, and a next link",
			all.TotalCount, len(all.Artifacts), resp.Header.Get("Link"))
	}
	if !slices.IsSortedFunc(all.Artifacts, func(a, b artifactJSON) int { return strings.Compare(b.CreatedAt, a.CreatedAt) }) {
		t.Error("the listing should be newest first")
	}
	run, _ := artifactsOf(t, s, fmt.Sprintf("%s/runs/%d/artifacts", base, FlakyRunID))
	var names []string
	for _, a := range run.Artifacts {
		if a.WorkflowRun.ID != FlakyRunID {
			t.Errorf("artifact %d of run %d names run %d", a.ID, FlakyRunID, a.WorkflowRun.ID)
		}
		names = append(names, a.Name)
	}
	// Attempt 1's macOS 3.12 tests failed and still uploaded their
	// results; attempt 2 uploaded every report again and built dist.
	if !slices.Contains(names, "dist") || !slices.Contains(names, "test-results-macos-14-3.12") || run.TotalCount != len(run.Artifacts) {
		t.Errorf("run %d's artifacts: %v (total_count %d)", FlakyRunID, names, run.TotalCount)
	}
	dist, _ := artifactsOf(t, s, base+"/artifacts?name=dist&per_page=100")
	for _, a := range dist.Artifacts {
		if a.Name != "dist" {
			t.Errorf("?name=dist listed %q", a.Name)
		}
	}
	if dist.TotalCount == 0 || dist.TotalCount >= all.TotalCount {
		t.Errorf("?name=dist: total_count %d of %d", dist.TotalCount, all.TotalCount)
	}
	resp, body := fetch(t, s.URL()+base+"/runs/1/artifacts")
	wantStatus(t, resp, body, http.StatusNotFound)
}

// TestDistArtifactIsTheOneItsLogReports: the build log's upload lines and
// the API agree on the id and size.
func TestDistArtifactIsTheOneItsLogReports(t *testing.T) {
	d := Default()
	for _, a := range d.Artifacts(d.Repo("octo-org", "webapp")) {
		if a.Name != "dist" {
			continue
		}
		log, ok := d.Log(a.job.ID)
		if !ok {
			t.Fatalf("no log for the job that uploaded dist %d", a.ID)
		}
		want := fmt.Sprintf("Artifact dist has been successfully uploaded! Final size is %d bytes. Artifact ID is %d", a.Size, a.ID)
		if !bytes.Contains(log, []byte(want)) {
			t.Fatalf("job %d's log does not say %q", a.job.ID, want)
		}
		return
	}
	t.Fatal("the webapp has no dist artifact")
}

func TestArtifactDownloadIsTheZipTheAPIDescribes(t *testing.T) {
	s := startServer(t, Options{})
	base := "/repos/" + DemoRepo + "/actions"
	all, _ := artifactsOf(t, s, base+"/artifacts?per_page=100")
	var live, expired *artifactJSON
	for i, a := range all.Artifacts {
		if !a.Expired && live == nil && strings.HasPrefix(a.Name, "test-results") {
			live = &all.Artifacts[i]
		}
	}
	for page := 1; expired == nil && page < 20; page++ {
		p, _ := artifactsOf(t, s, fmt.Sprintf("%s/artifacts?per_page=100&page=%d", base, page))
		for i, a := range p.Artifacts {
			if a.Expired {
				expired = &p.Artifacts[i]
				break
			}
		}
	}
	if live == nil || expired == nil {
		t.Fatal("want a live test report and an expired artifact in the webapp's listing")
	}
	if expires, _ := time.Parse(time.RFC3339, expired.ExpiresAt); expires.After(BaseTime) {
		t.Errorf("artifact %d is expired but expires at %s, after BaseTime", expired.ID, expired.ExpiresAt)
	}
	resp, body := fetch(t, s.URL()+fmt.Sprintf("%s/artifacts/%d/zip", base, expired.ID))
	wantStatus(t, resp, body, http.StatusGone)

	resp, body = fetch(t, s.URL()+fmt.Sprintf("%s/artifacts/%d/zip", base, live.ID))
	wantStatus(t, resp, body, http.StatusFound)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, s.BlobURL()+BlobPathPrefix) {
		t.Fatalf("Location %q is not on the blob host", loc)
	}
	resp, zipped := fetch(t, loc)
	wantStatus(t, resp, zipped, http.StatusOK)
	sum := sha256.Sum256(zipped)
	if int64(len(zipped)) != live.Size || "sha256:"+hex.EncodeToString(sum[:]) != live.Digest {
		t.Errorf("downloaded %d bytes, sha256 %x; the API says %d bytes, %s", len(zipped), sum, live.Size, live.Digest)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil || len(zr.File) != 1 || zr.File[0].Name != "junit.xml" {
		t.Fatalf("artifact %d: %v, want a zip holding junit.xml", live.ID, err)
	}
	f, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	xml, _ := io.ReadAll(f)
	if !bytes.Contains(xml, []byte("<testsuite ")) || !bytes.Contains(xml, []byte("<testcase ")) {
		t.Errorf("junit.xml holds no test suite:\n%s", truncate(xml))
	}
	// The signed URL is the only way in.
	resp, body = fetch(t, strings.Replace(loc, "sig=", "sig=x", 1))
	wantStatus(t, resp, body, http.StatusForbidden)
}

// TestFailedTestJobReportsItsFailure: the JUnit report of a failed job
// names the test its log says failed.
func TestFailedTestJobReportsItsFailure(t *testing.T) {
	d := Default()
	for _, a := range d.Artifacts(d.Repo("octo-org", "webapp")) {
		if a.run.ID != FailedRunID || !strings.HasPrefix(a.Name, "test-results-") {
			continue
		}
		zr, err := zip.NewReader(bytes.NewReader(a.Zip), a.Size)
		if err != nil {
			t.Fatal(err)
		}
		f, _ := zr.File[0].Open()
		xml, _ := io.ReadAll(f)
		if !bytes.Contains(xml, []byte(`name="test_login_rate_limit"`)) || !bytes.Contains(xml, []byte("assert 200 == 429")) {
			t.Errorf("%s of run %d does not report test_login_rate_limit failing:\n%s", a.Name, FailedRunID, xml)
		}
		return
	}
	t.Fatalf("run %d has no test report", FailedRunID)
}

type cacheJSON struct {
	ID           int64  `json:"id"`
	Ref          string `json:"ref"`
	Key          string `json:"key"`
	Size         int64  `json:"size_in_bytes"`
	CreatedAt    string `json:"created_at"`
	LastAccessed string `json:"last_accessed_at"`
}

type cachesJSON struct {
	TotalCount int         `json:"total_count"`
	Caches     []cacheJSON `json:"actions_caches"`
}

func TestCachesFiltersAndOrder(t *testing.T) {
	s := startServer(t, Options{})
	get := func(query string) cachesJSON {
		t.Helper()
		resp, body := fetch(t, s.URL()+"/repos/"+DemoRepo+"/actions/caches?per_page=100"+query)
		wantStatus(t, resp, body, http.StatusOK)
		var c cachesJSON
		decode(t, body, &c)
		if c.TotalCount != len(c.Caches) {
			t.Fatalf("%s: total_count %d, %d caches", query, c.TotalCount, len(c.Caches))
		}
		return c
	}
	all := get("")
	refs := map[string]int{}
	var total int64
	for i, c := range all.Caches {
		refs[c.Ref]++
		total += c.Size
		if i > 0 && all.Caches[i-1].LastAccessed < c.LastAccessed {
			t.Errorf("default order should be last_accessed_at descending: %s before %s", all.Caches[i-1].LastAccessed, c.LastAccessed)
		}
		if accessed, _ := time.Parse(time.RFC3339, c.LastAccessed); BaseTime.Sub(accessed) > 7*24*time.Hour {
			t.Errorf("cache %d was last used %s: GitHub evicts caches unused for 7 days", c.ID, c.LastAccessed)
		}
	}
	pulls := 0
	for ref := range refs {
		if strings.HasPrefix(ref, "refs/pull/") && strings.HasSuffix(ref, "/merge") {
			pulls++
		}
	}
	if refs["refs/heads/main"] == 0 || pulls == 0 || total > 10<<30 {
		t.Errorf("caches by ref %v (%d bytes): want main's and a pull request's, 10 GB at most", refs, total)
	}
	for _, tt := range []struct {
		query string
		keep  func(ref, key string) bool
	}{
		{"&ref=refs/heads/main", func(ref, _ string) bool { return ref == "refs/heads/main" }},
		{"&key=pytest-cache-", func(_, key string) bool { return strings.HasPrefix(key, "pytest-cache-") }},
		{"&key=PYTEST-cache-", func(_, key string) bool { return strings.HasPrefix(key, "PYTEST-cache-") }},
		{"&key=setup-python-Linux&ref=refs/heads/main", func(ref, key string) bool {
			return ref == "refs/heads/main" && strings.HasPrefix(key, "setup-python-Linux")
		}},
	} {
		want := 0
		for _, c := range all.Caches {
			if tt.keep(c.Ref, c.Key) {
				want++
			}
		}
		if got := get(tt.query); got.TotalCount != want || (want == 0) != (tt.query == "&key=PYTEST-cache-") {
			t.Errorf("%s: %d caches, want %d", tt.query, got.TotalCount, want)
		}
	}
	bySize := get("&sort=size_in_bytes&direction=asc")
	if !slices.IsSortedFunc(bySize.Caches, func(a, b cacheJSON) int { return cmp.Compare(a.Size, b.Size) }) {
		t.Error("sort=size_in_bytes&direction=asc is not by size, smallest first")
	}
	resp, body := fetch(t, s.URL()+"/repos/"+DemoRepo+"/actions/caches?sort=name")
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
}

func TestRunners(t *testing.T) {
	s := startServer(t, Options{})
	type runnersJSON struct {
		TotalCount int `json:"total_count"`
		Runners    []struct {
			Name   string        `json:"name"`
			Status string        `json:"status"`
			Busy   bool          `json:"busy"`
			Labels []RunnerLabel `json:"labels"`
		} `json:"runners"`
	}
	resp, body := fetch(t, s.URL()+"/orgs/octo-org/actions/runners")
	wantStatus(t, resp, body, http.StatusOK)
	var org runnersJSON
	decode(t, body, &org)
	names := map[string]bool{}
	var offline, busy int
	for _, r := range org.Runners {
		names[r.Name] = true
		if r.Status == "offline" {
			offline++
		}
		if r.Busy {
			busy++
		}
	}
	// Every self-hosted runner a public repository's job ran on is one of
	// the organization's.
	for _, repo := range Default().Repos {
		for _, run := range repo.Runs {
			for _, job := range run.AllJobs() {
				if job.RunnerName != nil && slices.Contains(job.Labels, "self-hosted") && !repo.Private && !names[*job.RunnerName] {
					t.Errorf("job %d ran on %s, which the organization's runners do not list", job.ID, *job.RunnerName)
				}
			}
		}
	}
	if offline == 0 || busy == 0 || org.TotalCount != len(org.Runners) {
		t.Errorf("organization runners: %d offline, %d busy of %d; want some of each", offline, busy, org.TotalCount)
	}
	resp, body = fetch(t, s.URL()+"/repos/"+ForbiddenRunnersRepo+"/actions/runners")
	wantStatus(t, resp, body, http.StatusForbidden)
	if !bytes.Contains(body, []byte("Must have admin rights to Repository.")) {
		t.Errorf("403 body %s", body)
	}
	resp, body = fetch(t, s.URL()+"/repos/"+PrivateRepo+"/actions/runners")
	wantStatus(t, resp, body, http.StatusNotFound) // anonymous: private repositories are invisible
	resp, body = fetch(t, s.URL()+"/repos/"+PrivateRepo+"/actions/runners", "Authorization", "Bearer ghp_test")
	wantStatus(t, resp, body, http.StatusOK)
	var infra runnersJSON
	decode(t, body, &infra)
	if infra.TotalCount != 2 || infra.Runners[0].Name != "infra-runner-1" {
		t.Errorf("secret-infra's runners: %+v", infra)
	}
	resp, body = fetch(t, s.URL()+"/orgs/no-such-org/actions/runners")
	wantStatus(t, resp, body, http.StatusNotFound)
}
