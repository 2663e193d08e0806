package vtab_test

import (
	"database/sql"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
)

// transientFaults are the faults the suite injects into first tries, each
// one a retry gets past. (A slow answer is left to ghapi's tests: here it
// would wait out the 30 s response timeout.)
var transientFaults = []fakegh.Injection{
	{Kind: fakegh.FaultStatus, Status: http.StatusInternalServerError},
	{Kind: fakegh.FaultStatus, Status: http.StatusBadGateway},
	{Kind: fakegh.FaultStatus, Status: http.StatusServiceUnavailable},
	{Kind: fakegh.FaultStatus, Status: http.StatusGatewayTimeout},
	{Kind: fakegh.FaultReset},
	{Kind: fakegh.FaultTruncate},
	{Kind: fakegh.FaultSecondaryLimit},
	{Kind: fakegh.FaultTooManyRequests},
	{Kind: fakegh.FaultPrimaryLimit},
}

// faultRuns is how many times the suite runs the differential queries, each
// time with faults in other requests (another seed).
const faultRuns = 3

// faultedDB opens a database reading from a server that injects faults.
func faultedDB(t *testing.T, inject func(*http.Request) fakegh.Injection, retryWait time.Duration) *sql.DB {
	t.Helper()
	srv, err := fakegh.Start(fakegh.Options{Inject: inject, AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return dbFor(t, config.Config{APIURL: srv.URL(), Owner: "octo-org", Repo: "webapp", MaxRetryWait: retryWait})
}

var (
	onVirtual = strings.NewReplacer("{jobs}", "jobs", "{steps}", "steps", "{job_logs}", "job_logs")
	onPlain   = strings.NewReplacer("{jobs}", "plain_jobs", "{steps}", "plain_steps", "{job_logs}", "plain_job_logs")
)

// TestFaultsInFirstTriesChangeNoResult runs the differential queries against
// an emulated GitHub that fails a quarter of first tries (every kind of
// transient fault, logs cut mid-stream included) and wants exactly the rows
// plain SQLite gives on the same data fetched without faults.
func TestFaultsInFirstTriesChangeNoResult(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault suite takes a few seconds")
	}
	clean, _, _ := emulated(t, fakegh.Options{})
	loadPlainCopies(t, clean, []int64{fakegh.FlakyRunID, fakegh.FailedRunID})
	queries := differentialQueries()
	executed, mismatches := 0, 0
	injected := map[fakegh.FaultKind]int{}
	for run := range faultRuns {
		faults := fakegh.NewFaultInjector(0.25, uint64(run+1), transientFaults...)
		db := faultedDB(t, faults.Inject, 30*time.Second)
		for _, q := range queries {
			want := queryRows(t, clean, onPlain.Replace(q))
			got := queryRows(t, db, onVirtual.Replace(q))
			executed++
			if !reflect.DeepEqual(got, want) {
				mismatches++
				t.Errorf("run %d: %s\nunder faults: %d rows %v\nplain:        %d rows %v", run, q, len(got), head(got), len(want), head(want))
			}
		}
		for kind, n := range faults.Injected() {
			injected[kind] += n
		}
	}
	total := 0
	for _, n := range injected {
		total += n
	}
	t.Logf("%d queries × %d fault runs: %d executed, %d mismatches; faults survived: %d %v", len(queries), faultRuns, executed, mismatches, total, injected)
	for _, f := range transientFaults {
		if injected[f.Kind] == 0 {
			t.Errorf("no %s was injected: the suite did not test it", f.Kind)
		}
	}
}

// TestAFaultThatNeverClearsFailsEveryQueryClearly runs the differential
// queries against an emulated GitHub where every request fails the same
// way: each query must give up once its retry budget is spent (see
// giveUpCeiling), with an error naming the request and what went wrong,
// and return no row.
func TestAFaultThatNeverClearsFailsEveryQueryClearly(t *testing.T) {
	if testing.Short() {
		t.Skip("the fault suite takes a few seconds")
	}
	const budget = 500 * time.Millisecond
	permanent := []struct {
		inj  fakegh.Injection
		want string
	}{
		{fakegh.Injection{Kind: fakegh.FaultStatus, Status: http.StatusBadGateway}, "502 Bad Gateway"},
		{fakegh.Injection{Kind: fakegh.FaultStatus, Status: http.StatusServiceUnavailable}, "503 Service Unavailable"},
		{fakegh.Injection{Kind: fakegh.FaultTooManyRequests, RetryAfter: time.Hour}, "429 Too Many Requests"},
		{fakegh.Injection{Kind: fakegh.FaultReset}, "connection reset by peer"},
		// A redirect has no body to cut: it is closed before its headers.
		{fakegh.Injection{Kind: fakegh.FaultTruncate}, "(cut short|closed before the answer was complete)"},
		{fakegh.Injection{Kind: fakegh.FaultSecondaryLimit, RetryAfter: time.Hour}, "403 Forbidden: secondary rate limit"},
		{fakegh.Injection{Kind: fakegh.FaultPrimaryLimit, RetryAfter: time.Hour}, "rate limit exhausted until"},
	}
	clean, srv, _ := emulated(t, fakegh.Options{})
	failed := 0
	for i, q := range differentialQueries() {
		srv.ResetRequests()
		queryRows(t, clean, onVirtual.Replace(q))
		if len(srv.Requests()) == 0 {
			continue // a query no row can match sends no request that could fail
		}
		p := permanent[i%len(permanent)]
		db := faultedDB(t, func(*http.Request) fakegh.Injection { return p.inj }, budget)
		n, ok, err := countRowsWithin(db, onVirtual.Replace(q), giveUpCeiling)
		switch {
		case !ok:
			t.Fatalf("%s under %s: still trying after %v, with a retry budget of %v", q, p.inj.Kind, giveUpCeiling, budget)
		case err == nil:
			t.Errorf("%s under %s: no error, %d rows", q, p.inj.Kind, n)
		case !strings.Contains(err.Error(), "GET /repos/") || !regexp.MustCompile(p.want).MatchString(err.Error()):
			t.Errorf("%s under %s: err = %v, want it to name the request and %q", q, p.inj.Kind, err, p.want)
		case n > 0:
			t.Errorf("%s under %s: %d rows before the error", q, p.inj.Kind, n)
		default:
			failed++
		}
	}
	t.Logf("%d queries that send requests gave up, failing clearly with no rows", failed)
}

// giveUpCeiling is how long a query may take to fail once its retry budget
// is spent: far above the budgets the tests set, so a loaded machine
// passes, and far below what ignoring the budget takes (retrying for ever,
// or waiting out an hour's Retry-After).
const giveUpCeiling = 30 * time.Second

// countRowsWithin is countRows, reporting false if q is still running
// after ceiling.
func countRowsWithin(db *sql.DB, q string, ceiling time.Duration) (int, bool, error) {
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		n, err := countRows(db, q)
		done <- result{n, err}
	}()
	select {
	case r := <-done:
		return r.n, true, r.err
	case <-time.After(ceiling):
		return 0, false, nil
	}
}

// countRows runs q and counts the rows it returns before any error.
func countRows(db *sql.DB, q string) (int, error) {
	rows, err := db.Query(q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}
