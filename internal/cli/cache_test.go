package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// TestStatsShowARepeatServedFromTheCache runs one query twice, as two
// processes sharing a cache directory would: --stats shows the first one's
// requests and the second one's cache hits, with the same rows.
func TestStatsShowARepeatServedFromTheCache(t *testing.T) {
	srv, e := startGitHub(t, fakegh.Options{})
	e["ACTIONSQL_CACHE_DIR"] = t.TempDir()
	query := fmt.Sprintf("SELECT name, conclusion FROM jobs WHERE id = %d", fakegh.FlakyJobID)
	cold := run(t, e, "", "--stats", "-f", "csv", query)
	srv.ResetRequests()
	warm := run(t, e, "", "--stats", "-f", "csv", query)
	if cold.code != 0 || warm.code != 0 || warm.out != cold.out || cold.out == "" {
		t.Fatalf("cold: %+v\nwarm: %+v", cold, warm)
	}
	for _, c := range []struct {
		name, stderr, want string
	}{
		{"cold", cold.errOut, `^Run Time: \d+\.\d{3} s; 1 API request \(0 answered 304\), 0 log downloads, 0 from the cache, \d+\.\d kB; `},
		{"warm", warm.errOut, `^Run Time: \d+\.\d{3} s; 0 API requests \(0 answered 304\), 0 log downloads, 1 from the cache, 0 B; `},
	} {
		if !regexp.MustCompile(c.want).MatchString(c.stderr) {
			t.Errorf("%s run's stderr %q does not match %s", c.name, c.stderr, c.want)
		}
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the repeat sent %v", reqs)
	}
}

func TestNoCacheReadsAndWritesNothingOnDisk(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	dir := t.TempDir()
	e["ACTIONSQL_CACHE_DIR"] = dir
	query := fmt.Sprintf("SELECT count(*) FROM job_logs WHERE job_id = %d", fakegh.FlakyJobID)
	for range 2 {
		if r := run(t, e, "", "--no-cache", "--stats", query); r.code != 0 || !regexp.MustCompile(`1 API request \(0 answered 304\), 1 log download, 0 from the cache`).MatchString(r.errOut) {
			t.Fatalf("--no-cache: %+v", r)
		}
	}
	if entries := dirEntries(t, dir); len(entries) != 0 {
		t.Errorf("--no-cache left %v in the cache directory", entries)
	}
}

func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestAnUnusableCacheDirectory: a default place that cannot be made (a
// read-only home) costs only requests; one the user named is an error.
func TestAnUnusableCacheDirectory(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	query := fmt.Sprintf("SELECT count(*) FROM jobs WHERE run_id = %d", fakegh.FlakyRunID)
	e["XDG_CACHE_HOME"] = file // actionsql/ cannot be made inside a file
	if r := run(t, e, "", query); r.code != 0 || r.out != "count(*)\n18\n" {
		t.Errorf("default cache unusable: %+v, want the answer", r)
	}
	e["ACTIONSQL_CACHE_DIR"] = filepath.Join(file, "cache")
	r := run(t, e, "", query)
	if r.code != 1 || !strings.Contains(r.errOut, "open the disk cache") || !strings.Contains(r.errOut, "--cache-dir DIR, or run with --no-cache") {
		t.Errorf("named cache unusable: %+v, want exit 1 saying what to do", r)
	}
}

// TestAnExpiredLogStaysExpiredWithNoRequest: a log's 410 is kept like a
// log, so asking again costs nothing and still says why there are no rows.
func TestAnExpiredLogStaysExpiredWithNoRequest(t *testing.T) {
	srv, e := startGitHub(t, fakegh.Options{})
	e["ACTIONSQL_CACHE_DIR"] = t.TempDir()
	var job int64
	for _, r := range fakegh.Default().Repo("octo-org", "webapp").Runs {
		if r.ID == fakegh.ExpiredRunID {
			job = r.Latest().Jobs[0].ID
		}
	}
	query := fmt.Sprintf("SELECT count(*) FROM job_logs WHERE job_id = %d", job)
	cold := run(t, e, "", "--stats", "--no-header", query)
	srv.ResetRequests()
	warm := run(t, e, "", "--stats", "--no-header", query)
	for _, r := range []result{cold, warm} {
		if r.code != 0 || r.out != "0\n" || !strings.Contains(r.errOut, "actionsql: note: no log for job") || !strings.Contains(r.errOut, "expired") {
			t.Fatalf("%+v: want no rows and the expired note", r)
		}
	}
	if !strings.Contains(warm.errOut, "0 API requests (0 answered 304), 0 log downloads, 1 from the cache") {
		t.Errorf("the repeat's stats: %s", warm.errOut)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the repeat sent %v", reqs)
	}
}

// TestStatsSayTheRequestsOfEachRepository: an owner-wide query's --stats
// add what each repository cost, the busiest first, and a query of one
// repository says nothing of the kind.
func TestStatsSayTheRequestsOfEachRepository(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	wide := run(t, e, "", "--stats", "--no-cache", "SELECT count(*) FROM runs WHERE owner = 'octo-org'")
	repos := 0 // the test's token sees the private ones too
	for _, r := range fakegh.Default().Repos {
		if r.Owner == "octo-org" {
			repos++
		}
	}
	want := regexp.MustCompile(fmt.Sprintf(`(?m)^requests per repository: octo-org/webapp 2, octo-org/\S+ 1, .*, … %d more \(%d repositories\)$`, repos-10, repos))
	if wide.code != 0 || !want.MatchString(wide.errOut) {
		t.Errorf("owner-wide --stats: %+v, want a line matching %s", wide, want)
	}
	one := run(t, e, "", "--stats", "--no-cache", "SELECT count(*) FROM runs WHERE owner = 'octo-org' AND repo = 'webapp'")
	if one.code != 0 || strings.Contains(one.errOut, "requests per repository") {
		t.Errorf("one repository's --stats: %+v, want no line per repository", one)
	}
}
