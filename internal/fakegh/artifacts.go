package fakegh

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Artifacts are what jobs uploaded with actions/upload-artifact:
//
//   - "dist", the package a webapp build job's "Upload artifact" step
//     uploaded, with the id and size its log reports (one per run);
//   - "test-results<matrix>", a JUnit XML report from every test step that
//     passed or failed (uploaded if: always()), kept 14 days; a test job of
//     the monorepo keeps its report 7 days;
//   - "tfplan", the plan of a Terraform plan job, kept 5 days.
//
// An artifact past its retention is still listed, with "expired": true,
// and its download answers 410 Gone. Every size_in_bytes and digest is
// that of the zip the blob host serves.

// Artifact is one uploaded artifact.
type Artifact struct {
	ID        int64
	Name      string
	Size      int64
	Digest    string // "sha256:" and the hex SHA-256 of Zip
	CreatedAt time.Time
	ExpiresAt time.Time
	Zip       []byte // nil when large is set

	// large is an artifact too big to hold, generated as it is read
	// (largereport.go).
	large *largeZip
	repo  *Repo
	run   *Run
	job   *Job
	// fixedID is the id the job's log already reports (dist), else 0.
	fixedID int64
}

// Open reads the artifact's zip.
func (a *Artifact) Open() io.ReadSeeker {
	if a.large != nil {
		return a.large.open()
	}
	return bytes.NewReader(a.Zip)
}

// Expired reports whether the artifact is past its retention at BaseTime.
func (a *Artifact) Expired() bool { return !a.ExpiresAt.After(BaseTime) }

// Artifacts returns the repository's artifacts, newest first.
func (d *Dataset) Artifacts(repo *Repo) []*Artifact { return d.stored().artifacts[repo] }

// Artifact finds an artifact by id in any repository.
func (d *Dataset) Artifact(id int64) (*Artifact, bool) {
	a, ok := d.stored().byID[id]
	return a, ok
}

// repoArtifacts derives the artifacts the repository's jobs uploaded, in
// the order they were uploaded; ids come later (assignArtifactIDs).
func repoArtifacts(repo *Repo) []*Artifact {
	var out []*Artifact
	dist := map[*Run]bool{}
	completedJobs(repo, func(ref *jobRef) {
		job := ref.job
		if st := stepOf(job, kindUpload); ran(st) && *st.Conclusion == "success" && !dist[ref.run] {
			dist[ref.run] = true
			c := &logCtx{ref: ref}
			out = append(out, newArtifact(ref, "dist", st.CompletedAt.Time, 90, c.artifactID(),
				distZip(ref, 40_000+int(ref.run.ID%20_000))))
		}
		for _, kind := range []stepKind{kindPytest, kindGoTest, kindJest} {
			if st := stepOf(job, kind); ran(st) {
				keep := 14
				if kind == kindJest {
					keep = 7
				}
				out = append(out, newArtifact(ref, "test-results"+matrixSuffix(job.Name), job.CompletedAt.Add(-2*time.Second), keep, 0,
					junitZip(ref, kind, *st.Conclusion == "failure")))
			}
		}
		if st := stepOf(job, kindUploadResults); ran(st) {
			out = append(out, storefrontArtifacts(ref, st)...)
		}
		if st := stepOf(job, kindTfPlan); ran(st) && *st.Conclusion == "success" {
			out = append(out, newArtifact(ref, "tfplan", st.CompletedAt.Time, 5, 0,
				zipOf(zipFile{"tfplan", noise(ref.job.ID, 6_000+int(ref.job.ID%4_000))})))
		}
	})
	return out
}

func newArtifact(ref *jobRef, name string, at time.Time, retentionDays int, fixedID int64, zipped []byte) *Artifact {
	sum := sha256.Sum256(zipped)
	return &Artifact{Name: name, Size: int64(len(zipped)), Digest: "sha256:" + hex.EncodeToString(sum[:]),
		CreatedAt: utc(at), ExpiresAt: utc(at).AddDate(0, 0, retentionDays), Zip: zipped,
		repo: ref.repo, run: ref.run, job: ref.job, fixedID: fixedID}
}

// assignArtifactIDs numbers the artifacts in upload order, across every
// repository, as GitHub's sequence does, with gaps for the uploads of
// repositories outside the data set. The ids stay clear of the range the
// dist uploads' logs already report (4,000,000,000 to 4,100,000,000).
func assignArtifactIDs(all []*Artifact, first int64) {
	sortByTime(all)
	next := first
	for _, a := range all {
		if a.fixedID != 0 {
			a.ID = a.fixedID
			continue
		}
		h := fnv.New32a()
		fmt.Fprint(h, a.job.ID, a.Name)
		next += 1 + int64(h.Sum32()%40)
		a.ID = next
	}
}

// sortByTime orders artifacts by upload time; those of one moment keep
// their derivation order.
func sortByTime(all []*Artifact) {
	slices.SortStableFunc(all, func(x, y *Artifact) int { return x.CreatedAt.Compare(y.CreatedAt) })
}

// zipFile is one file of an artifact.
type zipFile struct {
	name string
	body []byte
}

// zipOf zips the files, stored as upload-artifact stores what does not
// compress, with the job's time as their modification time, so the bytes
// are the same on every build.
func zipOf(files ...zipFile) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: BaseTime}
		if strings.HasSuffix(f.name, ".whl") || strings.HasSuffix(f.name, ".gz") || f.name == "tfplan" {
			h.Method = zip.Store
		}
		fw, err := w.CreateHeader(h)
		if err == nil {
			_, err = fw.Write(f.body)
		}
		if err != nil {
			panic(err) // writing to memory does not fail
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// noise is n bytes that do not compress (a wheel, a plan), the same for
// the same seed.
func noise(seed int64, n int) []byte {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// distZip is the webapp's built package: a wheel and an sdist, padded so
// that the zip is the size the build's log reports.
func distZip(ref *jobRef, size int) []byte {
	short := ref.run.HeadSHA[:7]
	files := func(pad int) []byte {
		wheel := noise(ref.run.ID, pad/2)
		sdist := noise(ref.run.ID+1, pad-pad/2)
		return zipOf(zipFile{"webapp-2.4.0+g" + short + "-py3-none-any.whl", wheel},
			zipFile{"webapp-2.4.0+g" + short + ".tar.gz", sdist})
	}
	overhead := len(files(0))
	return files(max(0, size-overhead))
}

// junitZip is the JUnit XML report of a test step.
func junitZip(ref *jobRef, kind stepKind, failed bool) []byte {
	var suites []junitSuite
	switch kind {
	case kindPytest:
		suites = pytestSuites(ref, failed)
	case kindGoTest:
		suites = goSuites(ref, failed)
	default:
		suites = jestSuites(ref, failed)
	}
	return zipOf(zipFile{"junit.xml", junitXML(suites)})
}

// junitSuite is a testsuite element; junitCase a testcase.
type junitSuite struct {
	name  string
	cases []junitCase
}

type junitCase struct {
	classname, name, file string
	seconds               float64
	failure               string // the failure message, "" when it passed
	skipped               string // the skip reason, "" when it ran
}

func junitXML(suites []junitSuite) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n<testsuites>\n")
	for _, s := range suites {
		var fails, skips int
		var secs float64
		for _, c := range s.cases {
			secs += c.seconds
			if c.failure != "" {
				fails++
			}
			if c.skipped != "" {
				skips++
			}
		}
		fmt.Fprintf(&b, `  <testsuite name="%s" tests="%d" failures="%d" errors="0" skipped="%d" time="%.3f">`+"\n",
			xmlEscape(s.name), len(s.cases), fails, skips, secs)
		for _, c := range s.cases {
			fmt.Fprintf(&b, `    <testcase classname="%s" name="%s"`, xmlEscape(c.classname), xmlEscape(c.name))
			if c.file != "" {
				fmt.Fprintf(&b, ` file="%s"`, xmlEscape(c.file))
			}
			fmt.Fprintf(&b, ` time="%.3f"`, c.seconds)
			switch {
			case c.failure != "":
				fmt.Fprintf(&b, ">\n      <failure message=\"%s\">%s</failure>\n    </testcase>\n", xmlAttr(c.failure), xmlEscape(c.failure))
			case c.skipped != "":
				fmt.Fprintf(&b, ">\n      <skipped message=\"%s\"/>\n    </testcase>\n", xmlAttr(c.skipped))
			default:
				b.WriteString("/>\n")
			}
		}
		b.WriteString("  </testsuite>\n")
	}
	b.WriteString("</testsuites>\n")
	return []byte(b.String())
}

func xmlAttr(s string) string { return strings.ReplaceAll(xmlEscape(s), `"`, "&quot;") }

var testVerbs = []string{"creates", "lists", "updates", "deletes", "rejects", "retries", "paginates", "validates", "renders", "caches"}

// caseNames draws n test names for a suite, the same for the same job.
func caseNames(rng *rand.Rand, n int, format string) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf(format, testVerbs[rng.IntN(len(testVerbs))], i+1)
	}
	return names
}

// pytestSuites is the report of pytest --junitxml: one suite, a few cases
// per test module; a failed job has the failing test its log names.
func pytestSuites(ref *jobRef, failed bool) []junitSuite {
	rng := rand.New(rand.NewPCG(uint64(ref.job.ID), 1))
	var plan jobPlan
	if ref.job.plan != nil {
		plan = *ref.job.plan
	}
	failFile, failTest, errType, msg := (&logCtx{plan: plan}).failingTest()
	var cases []junitCase
	for _, f := range webappTests {
		class := strings.TrimSuffix(strings.ReplaceAll(f.path, "/", "."), ".py")
		for _, name := range caseNames(rng, 3+rng.IntN(3), "test_%s_%d") {
			cases = append(cases, junitCase{classname: class, name: name, file: f.path, seconds: 0.01 + rng.Float64()*0.4})
		}
		if rng.IntN(4) == 0 {
			cases = append(cases, junitCase{classname: class, name: "test_requires_postgres", file: f.path,
				skipped: "skipped: needs a PostgreSQL server"})
		}
		if failed && f.path == failFile {
			cases = append(cases, junitCase{classname: class, name: failTest, file: f.path, seconds: 5.01,
				failure: errType + ": " + msg})
		}
	}
	return []junitSuite{{name: "pytest", cases: cases}}
}

// goSuites is go-junit-report's: one suite per package.
func goSuites(ref *jobRef, failed bool) []junitSuite {
	rng := rand.New(rand.NewPCG(uint64(ref.job.ID), 2))
	mod := "github.com/" + ref.repo.FullName()
	var suites []junitSuite
	for _, pkg := range goPackages {
		if pkg == "cmd/api-server" {
			continue // no test files
		}
		s := junitSuite{name: mod + "/" + pkg}
		for _, name := range caseNames(rng, 2+rng.IntN(4), "Test%s_%d") {
			s.cases = append(s.cases, junitCase{classname: s.name, name: strings.ToUpper(name[4:5]) + name[5:], seconds: rng.Float64() * 0.8})
		}
		if failed && pkg == "internal/ratelimit" {
			s.cases = append(s.cases, junitCase{classname: s.name, name: "TestRateLimiter_Burst", seconds: 0.52,
				failure: "ratelimit_test.go:88: got 429 after 9 requests, want after 10"})
		}
		suites = append(suites, s)
	}
	return suites
}

// jestSuites is jest-junit's: one suite per test file of the workspace.
func jestSuites(ref *jobRef, failed bool) []junitSuite {
	rng := rand.New(rand.NewPCG(uint64(ref.job.ID), 3))
	pkg := "packages/unknown"
	if ref.job.plan != nil && ref.job.plan.pkg != "" {
		pkg = ref.job.plan.pkg
	}
	var suites []junitSuite
	for i, file := range []string{"index", "client", "schema"} {
		path := pkg + "/src/" + file + ".test.ts"
		s := junitSuite{name: path}
		for _, name := range caseNames(rng, 3+rng.IntN(5), file+" %s case %d") {
			s.cases = append(s.cases, junitCase{classname: name, name: name, file: path, seconds: rng.Float64() * 0.2})
		}
		if failed && i == 0 {
			s.cases = append(s.cases, junitCase{classname: "totals rounds to cents", name: "totals rounds to cents", file: path,
				seconds: 0.004, failure: "expect(received).toBe(expected) // Object.is equality"})
		}
		suites = append(suites, s)
	}
	return suites
}

// The artifacts endpoints.

const artifactDocs = docsURL + "/actions/artifacts"

// artifactsList is the body of the list-artifacts endpoints.
type artifactsList struct {
	TotalCount int      `json:"total_count"`
	Artifacts  []object `json:"artifacts"`
}

// listArtifacts is a repository's artifacts, newest first, ?name= for
// those of one name.
func (s *Server) listArtifacts(r *http.Request) *response {
	repo := s.repoOf(r)
	if repo == nil {
		return notFound()
	}
	return s.artifactsPage(r, s.data.Artifacts(repo), nil)
}

// listRunArtifacts is a run's artifacts, every attempt's.
func (s *Server) listRunArtifacts(r *http.Request) *response {
	repo, run := s.runOf(r)
	if run == nil {
		return notFound()
	}
	return s.artifactsPage(r, s.data.Artifacts(repo), run)
}

func (s *Server) artifactsPage(r *http.Request, all []*Artifact, run *Run) *response {
	name, byName := r.URL.Query()["name"]
	var picked []*Artifact
	for _, a := range all {
		if (run == nil || a.run == run) && (!byName || a.Name == name[0]) {
			picked = append(picked, a)
		}
	}
	lo, hi, link := s.paginate(r, len(picked))
	page := make([]object, 0, hi-lo)
	for _, a := range picked[lo:hi] {
		page = append(page, artifactView(a))
	}
	return withLink(jsonResponse(artifactsList{TotalCount: len(picked), Artifacts: page}), link)
}

// artifactOf resolves {artifact_id} within the requested repository.
func (s *Server) artifactOf(r *http.Request) *Artifact {
	repo := s.repoOf(r)
	id, ok := pathInt(r, "artifact_id")
	if repo == nil || !ok {
		return nil
	}
	a, found := s.data.Artifact(id)
	if !found || a.repo != repo {
		return nil
	}
	return a
}

func (s *Server) getArtifact(r *http.Request) *response {
	a := s.artifactOf(r)
	if a == nil {
		return notFound()
	}
	return jsonResponse(artifactView(a))
}

// downloadArtifact redirects to a signed URL of the zip on the blob host,
// as it does for logs; an expired artifact is gone.
func (s *Server) downloadArtifact(r *http.Request) *response {
	a := s.artifactOf(r)
	if a == nil || r.PathValue("archive_format") != "zip" {
		return notFound()
	}
	if a.Expired() {
		return errorResponse(http.StatusGone, "Artifact has expired", artifactDocs+"#download-an-artifact")
	}
	h := http.Header{}
	h.Set("Location", s.signedURL(artifactBlobPath(a), "application/zip"))
	return &response{status: http.StatusFound, header: h}
}

// artifactView is an artifact as the API serialises it.
func artifactView(a *Artifact) object {
	api := fmt.Sprintf("https://api.github.com/repos/%s/actions/artifacts/%d", a.repo.FullName(), a.ID)
	return object{
		{"id", a.ID},
		{"node_id", nodeID("MA", 0, uint64(a.repo.ID), uint64(a.ID))},
		{"name", a.Name},
		{"size_in_bytes", a.Size},
		{"url", api},
		{"archive_download_url", api + "/zip"},
		{"expired", a.Expired()},
		{"digest", a.Digest},
		{"created_at", Time{Time: a.CreatedAt}},
		{"updated_at", Time{Time: a.CreatedAt}},
		{"expires_at", Time{Time: a.ExpiresAt}},
		{"workflow_run", object{
			{"id", a.run.ID},
			{"repository_id", a.repo.ID},
			{"head_repository_id", a.repo.ID},
			{"head_branch", a.run.HeadBranch},
			{"head_sha", a.run.HeadSHA},
		}},
	}
}

// artifactBlobPath names an artifact's zip on the blob host; the id is the
// last group of the file name, which is how the blob host finds it again.
func artifactBlobPath(a *Artifact) string {
	return fmt.Sprintf("%s%s/workflow-job-run-%s/artifacts/%s-%012x.zip",
		BlobPathPrefix, fakeUUID("artifact", a.ID), fakeUUID("job", a.job.ID), fakeHex(40, "blob", a.ID), a.ID)
}

func artifactIDFromBlobPath(path string) (int64, bool) {
	if !strings.HasPrefix(path, BlobPathPrefix) || !strings.HasSuffix(path, ".zip") || !strings.Contains(path, "/artifacts/") {
		return 0, false
	}
	base := strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".zip")
	id, err := strconv.ParseInt(base[strings.LastIndex(base, "-")+1:], 16, 64)
	return id, err == nil
}

// serveArtifact sends an artifact's zip from the blob host.
func (s *Server) serveArtifact(w http.ResponseWriter, r *http.Request, id int64) {
	a, ok := s.data.Artifact(id)
	if !ok || a.Expired() {
		s.blobError(w, http.StatusNotFound, "BlobNotFound", "The specified blob does not exist.", "")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("ETag", `"0x8DD`+strings.ToUpper(fakeHex(11, "etag-artifact", id))+`"`)
	h.Set("x-ms-version", blobAPIVersion)
	h.Set("x-ms-blob-type", "BlockBlob")
	h.Set("Server", "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0")
	http.ServeContent(w, r, "", a.CreatedAt, a.Open())
}

// signedURL is a blob-host URL that grants reading path for a minute,
// served with the given content type.
func (s *Server) signedURL(path, contentType string) string {
	now := s.now().UTC()
	st := now.Add(-5 * time.Minute).Truncate(time.Second).Format(time.RFC3339)
	se := now.Add(logURLLifetime).Truncate(time.Second).Format(time.RFC3339)
	q := url.Values{}
	q.Set("rsct", contentType)
	q.Set("se", se)
	q.Set("sig", s.sign(path, st, se))
	q.Set("sp", "r")
	q.Set("spr", "https,http")
	q.Set("sr", "b")
	q.Set("st", st)
	q.Set("sv", blobAPIVersion)
	return s.BlobURL() + path + "?" + q.Encode()
}
