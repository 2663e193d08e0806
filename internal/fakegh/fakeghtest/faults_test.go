package fakeghtest_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/fakegh/fakeghtest"
)

// jobURL is the API address of a job of the bundled data set.
func jobURL(srv *fakegh.Server) string {
	return srv.URL() + "/repos/" + fakegh.DemoRepo + "/actions/jobs/" + strconv.Itoa(fakegh.FlakyJobID)
}

func start(t *testing.T, choose func(*http.Request) fakeghtest.Injection) *fakegh.Server {
	t.Helper()
	srv, err := fakegh.Start(fakegh.Options{Intercept: fakeghtest.Inject(choose)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// get asks url once, without retries, and reads the whole body.
func get(url string) (*http.Response, []byte, error) {
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Get(url)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func TestEachFaultFailsTheRequestAsGitHubWould(t *testing.T) {
	tests := []struct {
		inj    fakeghtest.Injection
		status int
		header string // a header the answer must carry
	}{
		{fakeghtest.Injection{Kind: fakeghtest.FaultStatus, Status: http.StatusBadGateway}, http.StatusBadGateway, "Content-Type"},
		{fakeghtest.Injection{Kind: fakeghtest.FaultSecondaryLimit, RetryAfter: 7 * time.Second}, http.StatusForbidden, "Retry-After"},
		{fakeghtest.Injection{Kind: fakeghtest.FaultTooManyRequests, RetryAfter: 7 * time.Second}, http.StatusTooManyRequests, "Retry-After"},
		{fakeghtest.Injection{Kind: fakeghtest.FaultPrimaryLimit, RetryAfter: time.Minute}, http.StatusForbidden, "X-RateLimit-Reset"},
	}
	for _, tt := range tests {
		t.Run(tt.inj.Kind.String(), func(t *testing.T) {
			srv := start(t, func(*http.Request) fakeghtest.Injection { return tt.inj })
			resp, body, err := get(jobURL(srv))
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status || resp.Header.Get(tt.header) == "" {
				t.Errorf("%d with %s %q, want %d with it set: %s", resp.StatusCode, tt.header, resp.Header.Get(tt.header), tt.status, body)
			}
		})
	}
}

func TestABrokenConnectionLosesTheAnswer(t *testing.T) {
	for _, kind := range []fakeghtest.FaultKind{fakeghtest.FaultReset, fakeghtest.FaultTruncate} {
		t.Run(kind.String(), func(t *testing.T) {
			srv := start(t, func(*http.Request) fakeghtest.Injection { return fakeghtest.Injection{Kind: kind} })
			resp, body, err := get(jobURL(srv))
			if err == nil {
				t.Fatalf("whole answer %d, %d bytes: want a broken connection", resp.StatusCode, len(body))
			}
			if kind == fakeghtest.FaultTruncate && (!errors.Is(err, io.ErrUnexpectedEOF) || int64(len(body)) != resp.ContentLength/2) {
				t.Errorf("cut after %d of %d bytes (%v), want half", len(body), resp.ContentLength, err)
			}
		})
	}
}

func TestNoFaultServesTheRequest(t *testing.T) {
	srv := start(t, func(*http.Request) fakeghtest.Injection { return fakeghtest.Injection{} })
	resp, _, err := get(jobURL(srv))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%v %v, want 200", resp, err)
	}
	if got := srv.Requests(); len(got) != 1 {
		t.Errorf("requests %q, want the one", got)
	}
}

// TestTheInjectorLetsEveryRetryThrough: whatever the seed and fraction,
// a resource's even-numbered requests are served, and the same seed
// chooses the same faults.
func TestTheInjectorLetsEveryRetryThrough(t *testing.T) {
	kinds := []fakeghtest.Injection{{Kind: fakeghtest.FaultReset}, {Kind: fakeghtest.FaultTruncate}}
	choices := func(seed uint64) string {
		f := fakeghtest.NewFaultInjector(1, seed, kinds...)
		var out string
		for i := range 40 {
			r, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("http://x/repos/o/r/actions/jobs/%d", i/2), nil)
			inj := f.Inject(r)
			if i%2 == 1 && inj.Kind != fakeghtest.NoFault {
				t.Fatalf("request %d (a retry) got %v", i, inj.Kind)
			}
			if i%2 == 0 && inj.Kind == fakeghtest.NoFault {
				t.Fatalf("request %d (a first try, fraction 1) got no fault", i)
			}
			out += inj.Kind.String() + ","
		}
		if n := f.Injected(); n[fakeghtest.FaultReset]+n[fakeghtest.FaultTruncate] != 20 {
			t.Errorf("Injected() = %v, want 20 in all", n)
		}
		return out
	}
	if a, b := choices(3), choices(3); a != b {
		t.Errorf("seed 3 chose %s, then %s", a, b)
	}
}
