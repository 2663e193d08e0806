package vtab_test

import (
	"cmp"
	"database/sql"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/driver"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/vtab"
)

// barrier holds the requests it matches until n distinct ones have arrived:
// a scan that sends them one after another never gets past the first, so the
// test proves the requests were in flight together without timing anything.
// A request is known by its method and URL, so a retry of one is not taken
// for another. A request that waits longer than barrierTimeout records the
// failure and releases them all, with no error for the client to retry.
type barrier struct {
	match    func(*http.Request) bool
	n        int
	mu       sync.Mutex
	arrived  map[string]bool // the distinct requests that came
	released bool            // all is closed
	failure  string          // why the barrier gave up, if it did
	all      chan struct{}
}

// barrierTimeout is how long the first requests wait for the rest: a ceiling
// a loaded machine (the race detector on 2 busy cores, where a page of 100
// runs has taken 30 s) never reaches when they come together, not a speed
// claim, and below the tests' wait for an answer (connect's 5 minutes),
// which would otherwise give up on the request and send it again.
const barrierTimeout = 2 * time.Minute

func newBarrier(n int, match func(*http.Request) bool) *barrier {
	return &barrier{match: match, n: n, arrived: map[string]bool{}, all: make(chan struct{})}
}

// fault is a fakegh.Options.Fault that never injects one: it only waits.
func (b *barrier) fault(r *http.Request) int {
	if !b.match(r) {
		return 0
	}
	b.mu.Lock()
	b.arrived[r.Method+" "+r.URL.RequestURI()] = true
	if len(b.arrived) == b.n {
		b.release("")
	}
	b.mu.Unlock()
	select {
	case <-b.all:
	case <-r.Context().Done():
	case <-time.After(barrierTimeout):
		b.mu.Lock()
		b.release(fmt.Sprintf("only %d of the %d requests were in flight together after %v: %s",
			len(b.arrived), b.n, barrierTimeout, strings.Join(slices.Sorted(maps.Keys(b.arrived)), ", ")))
		b.mu.Unlock()
	}
	return 0
}

// release lets every request through, noting why if it is a failure. It
// holds b.mu.
func (b *barrier) release(failure string) {
	if b.released {
		return
	}
	b.released, b.failure = true, failure
	close(b.all)
}

// check fails the test if the barrier gave up waiting.
func (b *barrier) check(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failure != "" {
		t.Error(b.failure)
	}
}

func openDB(t *testing.T, srv *fakegh.Server, concurrency int) *sql.DB {
	t.Helper()
	return dbFor(t, config.Config{APIURL: srv.URL(), Owner: "octo-org", Repo: "webapp", Concurrency: concurrency})
}

// dbFor opens a database whose tables read as cfg says, on one connection
// as the CLI's.
func dbFor(t *testing.T, cfg config.Config) *sql.DB {
	t.Helper()
	db, _ := connect(t, cfg)
	return db
}

// connect is dbFor that also returns the tables' session.
func connect(t *testing.T, cfg config.Config) (*sql.DB, *vtab.Session) {
	t.Helper()
	// The emulated GitHub shares the machine with the tests (and with the
	// race detector): an answer may take long to begin, never fail to.
	cfg.ResponseTimeout = cmp.Or(cfg.ResponseTimeout, 5*time.Minute)
	connector, err := driver.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db, connector.Session()
}

func TestRequestsOfOneScanAreInFlightTogether(t *testing.T) {
	runs := []int64{fakegh.FlakyRunID, fakegh.FailedRunID, fakegh.CancelledRunID, fakegh.ThreeAttemptRunID}
	failedJobs := jobsOf(t, fakegh.FailedRunID, "failure")
	tests := []struct {
		name  string
		query string
		n     int
		match func(*http.Request) bool
	}{
		{
			name:  "pages 2 and 3 of a listing",
			query: fmt.Sprintf("SELECT count(*) FROM jobs WHERE owner = 'octo-org' AND repo = 'big-monorepo' AND run_id = %d", fakegh.BigRunID),
			n:     2,
			match: func(r *http.Request) bool { p := r.URL.Query().Get("page"); return p == "2" || p == "3" },
		},
		{
			name:  "the listings of an IN list of runs",
			query: fmt.Sprintf("SELECT count(*) FROM jobs WHERE run_id IN (%s)", joinInts(runs)),
			n:     len(runs),
			match: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/jobs") },
		},
		{
			name:  "the logs of a run",
			query: fmt.Sprintf("SELECT count(*) FROM job_logs WHERE run_id = %d", fakegh.FailedRunID),
			n:     6, // its six test jobs have logs
			match: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/logs") },
		},
		{
			name:  "the logs of the jobs an outer scan listed",
			query: fmt.Sprintf("SELECT count(*) FROM jobs j JOIN job_logs l ON l.job_id = j.id WHERE j.run_id = %d AND j.conclusion = 'failure'", fakegh.FailedRunID),
			n:     6,
			match: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/logs") },
		},
		{
			name:  "the listings of runs an IN (VALUES ...) list names",
			query: fmt.Sprintf("SELECT count(*) FROM jobs WHERE run_id IN (VALUES %s)", valuesList(runs)),
			n:     len(runs),
			match: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/jobs") },
		},
		{
			name:  "the logs of jobs an IN (SELECT ...) over a CTE names",
			query: fmt.Sprintf("WITH ids(id) AS (VALUES %s) SELECT count(*) FROM job_logs WHERE job_id IN (SELECT id FROM ids)", valuesList(failedJobs)),
			n:     len(failedJobs),
			match: func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/logs") },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBarrier(tt.n, tt.match)
			srv, err := fakegh.Start(fakegh.Options{Fault: b.fault, AnonymousRateLimit: 1 << 30})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			if rows := queryRows(t, openDB(t, srv, 16), tt.query); len(rows) != 1 {
				t.Fatalf("got %v", rows)
			}
			b.check(t)
		})
	}
}

func TestParallelScansAnswerLikeSequentialOnes(t *testing.T) {
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	sequential, parallel := openDB(t, srv, 1), openDB(t, srv, 16)
	webappRuns := joinInts([]int64{fakegh.FlakyRunID, fakegh.FailedRunID, fakegh.CancelledRunID, fakegh.InProgressRunID, fakegh.ExpiredRunID, 1})
	queries := []string{
		fmt.Sprintf("SELECT id, name, run_attempt FROM jobs WHERE owner = 'octo-org' AND repo = 'big-monorepo' AND run_id = %d", fakegh.BigRunID),
		fmt.Sprintf("SELECT run_id, id, name FROM jobs WHERE run_id IN (%s)", webappRuns),
		fmt.Sprintf("SELECT job_id, number, name FROM steps WHERE run_id IN (%s)", webappRuns),
		fmt.Sprintf("SELECT job_id, line, step_number, level FROM job_logs WHERE run_id IN (%s) AND level IS NOT NULL", webappRuns),
		fmt.Sprintf("SELECT j.name, l.line, l.content FROM jobs j JOIN job_logs l ON l.job_id = j.id WHERE j.run_id = %d AND l.level = 'error'", fakegh.FailedRunID),
		fmt.Sprintf("SELECT id FROM jobs WHERE run_id = %d LIMIT 5", fakegh.FailedRunID),
		fmt.Sprintf("WITH ids(id) AS (VALUES %s) SELECT ids.id, jobs.name FROM ids JOIN jobs ON jobs.run_id = ids.id", valuesList([]int64{fakegh.FlakyRunID, fakegh.FailedRunID, fakegh.CancelledRunID, 1})),
		fmt.Sprintf("SELECT v.column1, l.line, l.step_number FROM (VALUES %s) v JOIN job_logs l ON l.job_id = v.column1 WHERE l.level = 'error'", valuesList(jobsOf(t, fakegh.FailedRunID, "failure"))),
	}
	for _, q := range queries {
		srv.ResetRequests()
		want := queryRows(t, sequential, q)
		wantRequests := len(srv.Requests())
		srv.ResetRequests()
		got := queryRows(t, parallel, q)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\nparallel   %d rows %.300v\nsequential %d rows %.300v", q, len(got), got, len(want), want)
		}
		if n := len(srv.Requests()); n != wantRequests {
			t.Errorf("%s: %d requests in parallel, %d in sequence", q, n, wantRequests)
		}
	}
}

// jobsOf returns the ids of the jobs of a demo run that ended so.
func jobsOf(t *testing.T, run int64, conclusion string) []int64 {
	t.Helper()
	for _, repo := range fakegh.Default().Repos {
		for _, r := range repo.Runs {
			if r.ID != run {
				continue
			}
			var ids []int64
			for _, a := range r.Attempts {
				for _, j := range a.Jobs {
					if j.Conclusion != nil && *j.Conclusion == conclusion {
						ids = append(ids, j.ID)
					}
				}
			}
			return ids
		}
	}
	t.Fatalf("no run %d in the demo data", run)
	return nil
}

// valuesList writes ids as the rows of a VALUES clause: (1), (2), ...
func valuesList(ids []int64) string {
	rows := make([]string, len(ids))
	for i, id := range ids {
		rows[i] = fmt.Sprintf("(%d)", id)
	}
	return strings.Join(rows, ", ")
}

func joinInts(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ", ")
}
