package vtab_test

import (
	"database/sql"
	"reflect"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
)

// cachedDB opens a database reading through the disk cache in dir, with
// nothing else shared with earlier ones: a new process.
func cachedDB(t *testing.T, srv *fakegh.Server, dir string) *sql.DB {
	t.Helper()
	return dbFor(t, config.Config{APIURL: srv.URL(), Token: "t0ken", Owner: "octo-org", Repo: "webapp", CacheDir: dir})
}

// TestASecondRunIsServedFromTheCache runs the differential queries with the
// disk cache on, then again as a new process would: the same rows, and not
// one request (what can change is fresh for a minute; completed jobs and
// logs for good).
func TestASecondRunIsServedFromTheCache(t *testing.T) {
	srv, err := fakegh.Start(fakegh.Options{ValidTokens: []string{"t0ken"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	cold := cachedDB(t, srv, dir)
	loadPlainCopies(t, cold)
	virtualOnly := strings.NewReplacer("{jobs}", "jobs", "{steps}", "steps", "{job_logs}", "job_logs")
	var want [][]string
	for _, q := range differentialQueries() {
		want = append(want, checkLikePlain(t, cold, q))
	}
	srv.ResetRequests()
	warm := cachedDB(t, srv, dir)
	for i, q := range differentialQueries() {
		if got := queryRows(t, warm, virtualOnly.Replace(q)); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("%s\nfrom the cache: %d rows %v\ncold:           %d rows %v", q, len(got), head(got), len(want[i]), head(want[i]))
		}
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("the warm run sent %d requests: %v", len(reqs), head(reqs))
	}
}
