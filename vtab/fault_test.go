package vtab_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/docfigures"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/fakegh/fakeghtest"
)

// transientFaults are the faults the suite injects into first tries, each
// one a retry gets past. (A slow answer is left to ghapi's tests: here it
// would wait out the 30 s response timeout.)
var transientFaults = []fakeghtest.Injection{
	{Kind: fakeghtest.FaultStatus, Status: http.StatusInternalServerError},
	{Kind: fakeghtest.FaultStatus, Status: http.StatusBadGateway},
	{Kind: fakeghtest.FaultStatus, Status: http.StatusServiceUnavailable},
	{Kind: fakeghtest.FaultStatus, Status: http.StatusGatewayTimeout},
	{Kind: fakeghtest.FaultReset},
	{Kind: fakeghtest.FaultTruncate},
	{Kind: fakeghtest.FaultSecondaryLimit},
	{Kind: fakeghtest.FaultTooManyRequests},
	{Kind: fakeghtest.FaultPrimaryLimit},
}

// faultRuns is how many times the suite runs the differential queries, each
// time with faults in other requests (another seed).
const faultRuns = 3

// faultedDB opens a database reading from a server that injects faults.
func faultedDB(t *testing.T, inject func(*http.Request) fakeghtest.Injection, retryWait time.Duration) *sql.DB {
	t.Helper()
	srv, err := fakegh.Start(fakegh.Options{Intercept: fakeghtest.Inject(inject), AnonymousRateLimit: 1 << 30})
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
	loadPlainCopies(t, clean)
	queries := differentialQueries()
	executed, mismatches := 0, 0
	injected := map[fakeghtest.FaultKind]int{}
	for run := range faultRuns {
		faults := fakeghtest.NewFaultInjector(0.25, uint64(run+1), transientFaults...)
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
	docfigures.Check(t, reliabilityDoc, "differential queries × fault runs, a quarter of first tries faulted",
		fmt.Sprintf("%d × %d = %d executed, **%d mismatches** with plain SQLite", len(queries), faultRuns, executed, mismatches))
	docfigures.Check(t, reliabilityDoc, "faults survived in those runs, by kind", survivedByKind(injected, total))
	for _, f := range transientFaults {
		if injected[f.Kind] == 0 {
			t.Errorf("no %s was injected: the suite did not test it", f.Kind)
		}
	}
}

// reliabilityDoc quotes the suite's figures (package docfigures).
const reliabilityDoc = "docs/reliability.md"

// survivedByKind says how many faults of each kind of transientFaults were
// injected: "status 500, 502, 503, 504: 21, connection reset: 5, ... (50 in all)".
func survivedByKind(injected map[fakeghtest.FaultKind]int, total int) string {
	var kinds []fakeghtest.FaultKind
	statuses := map[fakeghtest.FaultKind][]string{}
	for _, f := range transientFaults {
		if _, seen := statuses[f.Kind]; !seen {
			kinds = append(kinds, f.Kind)
			statuses[f.Kind] = []string{}
		}
		if f.Status != 0 {
			statuses[f.Kind] = append(statuses[f.Kind], strconv.Itoa(f.Status))
		}
	}
	var parts []string
	for _, k := range kinds {
		label := k.String()
		if len(statuses[k]) > 0 {
			label += " " + strings.Join(statuses[k], ", ")
		}
		parts = append(parts, fmt.Sprintf("%s: %d", label, injected[k]))
	}
	return fmt.Sprintf("%s (%d in all)", strings.Join(parts, "; "), total)
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
		inj  fakeghtest.Injection
		want string
	}{
		{fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: http.StatusBadGateway}, "502 Bad Gateway"},
		{fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: http.StatusServiceUnavailable}, "503 Service Unavailable"},
		{fakeghtest.Injection{Kind: fakeghtest.FaultTooManyRequests, RetryAfter: time.Hour}, "429 Too Many Requests"},
		{fakeghtest.Injection{Kind: fakeghtest.FaultReset}, "connection reset by peer"},
		// A redirect has no body to cut: it is closed before its headers.
		{fakeghtest.Injection{Kind: fakeghtest.FaultTruncate}, "(cut short|closed before the answer was complete)"},
		{fakeghtest.Injection{Kind: fakeghtest.FaultSecondaryLimit, RetryAfter: time.Hour}, "403 Forbidden: secondary rate limit"},
		{fakeghtest.Injection{Kind: fakeghtest.FaultPrimaryLimit, RetryAfter: time.Hour}, "rate limit exhausted until"},
	}
	clean, srv, _ := emulated(t, fakegh.Options{})
	sending, failed := 0, 0
	for i, q := range differentialQueries() {
		srv.ResetRequests()
		queryRows(t, clean, onVirtual.Replace(q))
		if len(srv.Requests()) == 0 {
			continue // a query no row can match sends no request that could fail
		}
		sending++
		p := permanent[i%len(permanent)]
		db := faultedDB(t, func(*http.Request) fakeghtest.Injection { return p.inj }, budget)
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
	t.Logf("%d queries that send requests failed clearly within the budget, with no rows", failed)
	docfigures.Check(t, reliabilityDoc, "a fault that never clears",
		fmt.Sprintf("%d of %d queries that send requests fail within the budget (%v in the test), naming the request and the fault, with no rows", failed, sending, budget))
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
