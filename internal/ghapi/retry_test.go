package ghapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/docfigures"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/fakegh/fakeghtest"
	"github.com/actionsql/actionsql/internal/ghapi"
)

// onFirst injects inj into the first request whose path matches, and into
// no other: what a retry must get past.
func onFirst(match func(*http.Request) bool, inj fakeghtest.Injection) func(*http.Request) fakeghtest.Injection {
	var once sync.Once
	return func(r *http.Request) fakeghtest.Injection {
		var out fakeghtest.Injection
		if match(r) {
			once.Do(func() { out = inj })
		}
		return out
	}
}

func isBlob(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/actions-results/") }
func isAPI(r *http.Request) bool  { return !isBlob(r) }

// faultKinds are the transient faults a client must get past, one of each.
var faultKinds = []faultKind{
	{"500", fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: http.StatusInternalServerError}},
	{"502", fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: http.StatusBadGateway}},
	{"503", fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: http.StatusServiceUnavailable}},
	{"504", fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: http.StatusGatewayTimeout}},
	{"connection reset", fakeghtest.Injection{Kind: fakeghtest.FaultReset}},
	{"truncated body", fakeghtest.Injection{Kind: fakeghtest.FaultTruncate}},
	{"secondary rate limit", fakeghtest.Injection{Kind: fakeghtest.FaultSecondaryLimit}},
	{"429", fakeghtest.Injection{Kind: fakeghtest.FaultTooManyRequests}},
	{"primary rate limit resetting now", fakeghtest.Injection{Kind: fakeghtest.FaultPrimaryLimit}},
	{"timeout", fakeghtest.Injection{Kind: fakeghtest.FaultSlow, Delay: 3 * time.Second}},
}

// faultKind is a fault and its name in test names and the docs.
type faultKind struct {
	name string
	inj  fakeghtest.Injection
}

func newClient(t *testing.T, srv *fakegh.Server, opts ghapi.Options) *ghapi.Client {
	t.Helper()
	opts.BaseURL = srv.URL()
	opts.Token = "t0ken"
	opts.ResponseTimeout = cmpOr(opts.ResponseTimeout, 300*time.Millisecond)
	c, err := ghapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func cmpOr(d, fallback time.Duration) time.Duration {
	if d != 0 {
		return d
	}
	return fallback
}

// reliabilityDoc quotes the suites' figures (package docfigures).
const reliabilityDoc = "docs/reliability.md"

// faultNames lists the names of faults.
func faultNames(faults []faultKind) string {
	var names []string
	for _, f := range faults {
		names = append(names, f.name)
	}
	return strings.Join(names, ", ")
}

func TestEveryTransientFaultIsRetriedAndTheAnswerIsWhole(t *testing.T) {
	docfigures.Check(t, reliabilityDoc, "faults survived one by one, on an API request",
		fmt.Sprintf("each of %s: retried, the answer whole, every try counted: %d cases", faultNames(faultKinds), len(faultKinds)))
	for _, fk := range faultKinds {
		t.Run(fk.name, func(t *testing.T) {
			t.Parallel()
			srv := start(t, fakegh.Options{Intercept: fakeghtest.Inject(onFirst(isAPI, fk.inj))})
			c := newClient(t, srv, ghapi.Options{})
			job, err := c.GetJob(context.Background(), "octo-org", "webapp", fakegh.FlakyJobID)
			if err != nil {
				t.Fatalf("GetJob: %v", err)
			}
			if job.GetID() != fakegh.FlakyJobID || len(job.Steps) == 0 {
				t.Errorf("job %d with %d steps: not the whole answer", job.GetID(), len(job.Steps))
			}
			s := c.Stats().Snapshot()
			if s.Retries != 1 || s.Requests != 2 {
				t.Errorf("%d retries and %d requests, want 1 and 2: every try is counted", s.Retries, s.Requests)
			}
		})
	}
}

func TestAFailedLogDownloadAsksForANewURL(t *testing.T) {
	want, _ := fakegh.Default().Log(fakegh.FlakyJobID)
	expired := faultKind{"expired signature (403 from the log host)", fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: http.StatusForbidden}}
	cases := 0
	for _, fk := range append(faultKinds, expired) {
		for _, where := range []string{"the redirect", "the download"} {
			if fk.inj.Status == http.StatusForbidden && where == "the redirect" {
				continue // a 403 from the API without a rate limit is a refusal, not a fault
			}
			cases++
			t.Run(fk.name+" on "+where, func(t *testing.T) {
				t.Parallel()
				match := isAPI
				if where == "the download" {
					match = isBlob
				}
				srv := start(t, fakegh.Options{Intercept: fakeghtest.Inject(onFirst(match, fk.inj))})
				c := newClient(t, srv, ghapi.Options{})
				got := readLog(t, c, fakegh.FlakyJobID)
				if got != string(want) {
					t.Fatalf("log: %d bytes, want %d", len(got), len(want))
				}
				api, blob := srv.RequestsByHost()
				// A truncated download resumes with the bytes it lacks;
				// every other fault costs the whole pair again.
				if len(api) != 2 || len(blob) != 2 && where == "the download" || len(blob) != 1 && where == "the redirect" {
					t.Errorf("requests: %d to the API, %d to the log host:\n%s", len(api), len(blob), strings.Join(srv.Requests(), "\n"))
				}
			})
		}
	}
	docfigures.Check(t, reliabilityDoc, "faults survived one by one, on a log's redirect or its download",
		fmt.Sprintf("each of the same on the API's redirect and on the log host's download, and an %s on the download: "+
			"the log whole, read from a new URL: %d cases", expired.name, cases))
}

// rangesAsked injects fault into the first log download and records the
// Range header of every download.
func rangesAsked(fault fakeghtest.FaultKind) (inject func(*http.Request) fakeghtest.Injection, ranges func() []string) {
	var mu sync.Mutex
	var asked []string
	first := onFirst(isBlob, fakeghtest.Injection{Kind: fault})
	inject = func(r *http.Request) fakeghtest.Injection {
		if isBlob(r) {
			mu.Lock()
			asked = append(asked, r.Header.Get("Range"))
			mu.Unlock()
		}
		return first(r)
	}
	return inject, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return asked
	}
}

func TestALogCutShortMidStreamResumesWhereItStopped(t *testing.T) {
	want, _ := fakegh.Default().Log(fakegh.FlakyJobID)
	inject, ranges := rangesAsked(fakeghtest.FaultTruncate)
	srv := start(t, fakegh.Options{Intercept: fakeghtest.Inject(inject)})
	c := newClient(t, srv, ghapi.Options{})
	body, err := c.OpenJobLog(context.Background(), "octo-org", "webapp", fakegh.FlakyJobID)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	// Read as the log parser does, a piece at a time: the first half is
	// handed out (and could have become rows) before the cut is met.
	var got bytes.Buffer
	if _, err := io.CopyBuffer(&got, struct{ io.Reader }{body}, make([]byte, 512)); err != nil {
		t.Fatalf("after the cut: %v", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Fatalf("log: %d bytes, want %d (lines lost or read twice)", got.Len(), len(want))
	}
	wantRanges := []string{"", fmt.Sprintf("bytes=%d-", len(want)/2)}
	if fmt.Sprint(ranges()) != fmt.Sprint(wantRanges) {
		t.Errorf("Range headers %q, want %q: resumed from the byte reached", ranges(), wantRanges)
	}
}

func TestAFaultThatNeverClearsFailsWithinTheBudgetNamingRequestAndStatus(t *testing.T) {
	const budget = time.Second
	tests := []struct {
		name string
		inj  fakeghtest.Injection
		call func(*ghapi.Client) error
		want string
	}{
		{"502 on a job", fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: 502}, getFlakyJob,
			fmt.Sprintf("GET /repos/octo-org/webapp/actions/jobs/%d: 502 Bad Gateway", fakegh.FlakyJobID)},
		{"reset on a listing", fakeghtest.Injection{Kind: fakeghtest.FaultReset}, listFlakyRun,
			fmt.Sprintf("GET /repos/octo-org/webapp/actions/runs/%d/jobs: ", fakegh.FlakyRunID)},
		{"truncated log redirect", fakeghtest.Injection{Kind: fakeghtest.FaultTruncate}, openFlakyLog,
			fmt.Sprintf("GET /repos/octo-org/webapp/actions/jobs/%d/logs: ", fakegh.FlakyJobID)},
		{"secondary limit asking for more than the budget", fakeghtest.Injection{Kind: fakeghtest.FaultSecondaryLimit, RetryAfter: time.Hour}, getFlakyJob,
			"403 Forbidden: secondary rate limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := start(t, fakegh.Options{Intercept: fakeghtest.Inject(func(*http.Request) fakeghtest.Injection { return tt.inj })})
			c := newClient(t, srv, ghapi.Options{MaxRetryWait: budget})
			err := giveUpWithin(t, budget, func() error { return tt.call(c) })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "t0ken") {
				t.Errorf("the error shows the token: %v", err)
			}
		})
	}
}

// giveUpCeiling is how long a call may take to fail once its retry budget
// is spent: far above any budget the tests set, so a loaded machine passes,
// and far below what a client ignoring the budget takes (retrying for ever,
// or waiting out an hour's Retry-After).
const giveUpCeiling = 30 * time.Second

// giveUpWithin runs call, whose retry budget is budget, and returns its
// error; the test fails if it is still running after giveUpCeiling.
func giveUpWithin(t *testing.T, budget time.Duration, call func() error) error {
	t.Helper()
	result := make(chan error, 1)
	go func() { result <- call() }()
	select {
	case err := <-result:
		return err
	case <-time.After(giveUpCeiling):
		t.Fatalf("still trying after %v, with a retry budget of %v", giveUpCeiling, budget)
		return nil
	}
}

func getFlakyJob(c *ghapi.Client) error {
	_, err := c.GetJob(context.Background(), "octo-org", "webapp", fakegh.FlakyJobID)
	return err
}

func listFlakyRun(c *ghapi.Client) error {
	_, err := c.ListJobsPage(context.Background(), ghapi.JobListing{Owner: "octo-org", Repo: "webapp", RunID: fakegh.FlakyRunID, Filter: "all"}, 1)
	return err
}

func openFlakyLog(c *ghapi.Client) error {
	body, err := c.OpenJobLog(context.Background(), "octo-org", "webapp", fakegh.FlakyJobID)
	if err == nil {
		body.Close()
	}
	return err
}

func TestASpentRateLimitWaitsForAResetWithinTheBudget(t *testing.T) {
	srv := start(t, fakegh.Options{Intercept: fakeghtest.Inject(onFirst(isAPI, fakeghtest.Injection{Kind: fakeghtest.FaultPrimaryLimit, RetryAfter: time.Second}))})
	c := newClient(t, srv, ghapi.Options{MaxRetryWait: 5 * time.Second})
	began := time.Now()
	if err := getFlakyJob(c); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took < time.Second {
		t.Errorf("answered after %v: sent again before the reset", took)
	}
}

func TestARetryAfterIsWaitedOut(t *testing.T) {
	srv := start(t, fakegh.Options{Intercept: fakeghtest.Inject(onFirst(isAPI, fakeghtest.Injection{Kind: fakeghtest.FaultSecondaryLimit, RetryAfter: time.Second}))})
	c := newClient(t, srv, ghapi.Options{})
	began := time.Now()
	if err := getFlakyJob(c); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took < time.Second {
		t.Errorf("answered after %v: sent again before Retry-After's second", took)
	}
}

func TestASpentRateLimitResettingPastTheBudgetFailsSayingWhen(t *testing.T) {
	srv := start(t, fakegh.Options{TokenRateLimit: 3})
	c := newClient(t, srv, ghapi.Options{MaxRetryWait: time.Second})
	ctx := context.Background()
	ids := []int64{fakegh.FlakyJobID, fakegh.FlakyJobID + 1, fakegh.FlakyJobID + 2}
	for _, id := range ids {
		c.GetJob(ctx, "octo-org", "webapp", id) // the budget's 3 requests (some may be 404s)
	}
	_, err := c.GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID+3)
	reset := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	want := fmt.Sprintf("rate limit exhausted until %s (3/h)", reset.Format("15:04 UTC"))
	wantAlt := fmt.Sprintf("rate limit exhausted until %s (3/h)", reset.Add(-time.Minute).Format("15:04 UTC"))
	if err == nil || !strings.Contains(err.Error(), want) && !strings.Contains(err.Error(), wantAlt) {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if n := len(srv.Requests()); n != 3 {
		t.Errorf("%d requests reached the server, want the 3 the budget paid for: %v", n, srv.Requests())
	}
}

func TestConcurrentRequestsNeverSpendPastTheBudget(t *testing.T) {
	// Once an answer told the budget (4, one spent), ten requests at once
	// send three, and the rest fail without being sent for a certain 403.
	srv := start(t, fakegh.Options{TokenRateLimit: 4})
	c := newClient(t, srv, ghapi.Options{MaxRetryWait: time.Second})
	if err := getFlakyJob(c); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Go(func() { errs[i] = getFlakyJob(c) })
	}
	wg.Wait()
	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
			if !strings.Contains(err.Error(), "rate limit exhausted until") {
				t.Errorf("err = %v", err)
			}
		}
	}
	if failed != 7 || len(srv.Requests()) != 4 {
		t.Errorf("%d failed and %d sent, want 7 and 4 in all", failed, len(srv.Requests()))
	}
}

func TestNoRetriesWithANegativeBudget(t *testing.T) {
	srv := start(t, fakegh.Options{Intercept: fakeghtest.Inject(onFirst(isAPI, fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: 502}))})
	c := newClient(t, srv, ghapi.Options{MaxRetryWait: -1})
	if err := getFlakyJob(c); !ghapi.IsStatus(err, http.StatusBadGateway) {
		t.Errorf("err = %v, want the 502 at once", err)
	}
}

func TestALogDownloadThatStallsIsResumedWhereItStopped(t *testing.T) {
	want, _ := fakegh.Default().Log(fakegh.FlakyJobID)
	inject, ranges := rangesAsked(fakeghtest.FaultStall)
	srv := start(t, fakegh.Options{Intercept: fakeghtest.Inject(inject)})
	// The log host sends half the log, then nothing: after the timeout the
	// download goes on from the byte reached, and the reader sees it whole.
	c := newClient(t, srv, ghapi.Options{ResponseTimeout: 200 * time.Millisecond})
	body, err := c.OpenJobLog(context.Background(), "octo-org", "webapp", fakegh.FlakyJobID)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	got, err := io.ReadAll(body)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("log: %d bytes, %v; want %d bytes", len(got), err, len(want))
	}
	if wantRanges := []string{"", fmt.Sprintf("bytes=%d-", len(want)/2)}; fmt.Sprint(ranges()) != fmt.Sprint(wantRanges) {
		t.Errorf("Range headers %q, want %q", ranges(), wantRanges)
	}
}
