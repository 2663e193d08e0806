package ghapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/diskcache"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/fakegh/fakeghtest"
	"github.com/actionsql/actionsql/internal/ghapi"
)

// The token goes to the API host and nowhere else: these tests look for it
// everywhere else it could end up.

const secretToken = "ghp_s3cretTOKENthatMustNotLeak0123456789"

// authSeen records the Authorization header of every request by host kind.
type authSeen struct {
	mu   sync.Mutex
	seen map[string][]string
}

func (a *authSeen) record(kind string, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.seen == nil {
		a.seen = map[string][]string{}
	}
	a.seen[kind] = append(a.seen[kind], r.Header.Get("Authorization"))
}

func (a *authSeen) of(kind string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.seen[kind]
}

func TestTheTokenGoesToTheAPIHostAndNotTheLogHost(t *testing.T) {
	var auth authSeen
	srv, err := fakegh.Start(fakegh.Options{ValidTokens: []string{secretToken}, Fault: func(r *http.Request) int {
		kind := "api"
		if isBlob(r) {
			kind = "log host"
		}
		auth.record(kind, r)
		return 0
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: secretToken})
	readJobListingAndLog(t, c)
	for _, h := range auth.of("api") {
		if h != "Bearer "+secretToken {
			t.Errorf("an API request carried Authorization %q", h)
		}
	}
	if got := auth.of("log host"); len(got) != 1 || got[0] != "" {
		t.Errorf("log host saw Authorization %q, want one request without it", got)
	}
}

// evilHost is a server on another port that records what it is sent and,
// if next is set, redirects once more.
func evilHost(t *testing.T, auth *authSeen, kind string, next func() string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth.record(kind, r)
		if next != nil {
			http.Redirect(w, r, next(), http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id": 1, "status": "completed", "steps": []}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestARedirectToAnotherHostGetsNoToken(t *testing.T) {
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			var auth authSeen
			third := evilHost(t, &auth, "third", nil)
			second := evilHost(t, &auth, "second", func() string { return third.URL + "/log" })
			api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				auth.record("api", r)
				if strings.HasSuffix(r.URL.Path, "/logs") {
					http.Redirect(w, r, second.URL+"/blob", http.StatusFound) // the log host, which redirects again
					return
				}
				http.Redirect(w, r, second.URL+r.URL.Path, status)
			}))
			defer api.Close()
			c, _ := ghapi.New(ghapi.Options{BaseURL: api.URL, Token: secretToken, MaxRetryWait: -1})
			c.GetJob(context.Background(), "o", "r", 1)
			if body, err := c.OpenJobLog(context.Background(), "o", "r", 1); err == nil {
				body.Close()
			}
			if got := auth.of("api"); len(got) == 0 || got[0] != "Bearer "+secretToken {
				t.Fatalf("the API saw %q", got)
			}
			for _, host := range []string{"second", "third"} {
				for _, h := range auth.of(host) {
					if h != "" {
						t.Errorf("the %s host, named by a redirect, got Authorization %q", host, h)
					}
				}
			}
			if len(auth.of("second")) == 0 {
				t.Errorf("no request followed a redirect: the test tested nothing")
			}
		})
	}
}

func TestErrorsNeverShowTheToken(t *testing.T) {
	failing := []struct {
		name string
		opts fakegh.Options
	}{
		{"401", fakegh.Options{ValidTokens: []string{"another"}}},
		{"502", fakegh.Options{Fault: func(*http.Request) int { return http.StatusBadGateway }}},
		{"reset", fakegh.Options{Intercept: fakeghtest.Inject(func(*http.Request) fakeghtest.Injection { return fakeghtest.Injection{Kind: fakeghtest.FaultReset} })}},
		{"cut short", fakegh.Options{Intercept: fakeghtest.Inject(func(r *http.Request) fakeghtest.Injection {
			if isBlob(r) {
				return fakeghtest.Injection{Kind: fakeghtest.FaultTruncate}
			}
			return fakeghtest.Injection{}
		})}},
		{"rate limit", fakegh.Options{TokenRateLimit: 1}},
	}
	for _, f := range failing {
		t.Run(f.name, func(t *testing.T) {
			srv, err := fakegh.Start(f.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			c, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: secretToken, MaxRetryWait: 300 * time.Millisecond})
			ctx := context.Background()
			var errs []error
			for range 2 {
				_, err := c.GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID)
				errs = append(errs, err)
				_, err = c.ListJobsPage(ctx, ghapi.JobListing{Owner: "octo-org", Repo: "webapp", RunID: 5, Filter: "all"}, 1)
				errs = append(errs, err)
				errs = append(errs, openFlakyLog(c))
			}
			failures := 0
			for _, err := range errs {
				if err == nil {
					continue
				}
				failures++
				for _, form := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
					if strings.Contains(form, secretToken) {
						t.Errorf("an error shows the token: %s", form)
					}
				}
			}
			if failures == 0 {
				t.Errorf("nothing failed: the test tested nothing")
			}
		})
	}
}

func TestPrintingTheOptionsOrTheClientNeverShowsTheToken(t *testing.T) {
	opts := ghapi.Options{BaseURL: "https://api.github.com", Token: secretToken}
	c, err := ghapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	// What a panic's message or a debug line would print.
	for _, form := range []string{
		fmt.Sprint(opts), fmt.Sprintf("%v", opts), fmt.Sprintf("%+v", opts), fmt.Sprintf("%#v", opts),
		fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c),
	} {
		if strings.Contains(form, secretToken) || strings.Contains(form, "s3cret") {
			t.Errorf("printed: %s", form)
		}
	}
	if !strings.Contains(fmt.Sprintf("%+v", opts), "[redacted]") {
		t.Errorf("%+v: the token should show as [redacted]", opts)
	}
}

func TestTheDiskCacheNeverHoldsTheToken(t *testing.T) {
	srv, err := fakegh.Start(fakegh.Options{ValidTokens: []string{secretToken}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	cache, err := diskcache.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: secretToken, Cache: cache})
	readJobListingAndLog(t, c)
	files := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(secretToken)) || strings.Contains(path, secretToken) {
			t.Errorf("%s holds the token", path)
		}
		return nil
	})
	if files < 3 {
		t.Errorf("%d files in the cache: the test tested nothing", files)
	}
}

// readJobListingAndLog reads a job, a job listing and a log: a request of
// each kind the client makes.
func readJobListingAndLog(t *testing.T, c *ghapi.Client) {
	t.Helper()
	ctx := context.Background()
	if _, err := c.GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListJobsPage(ctx, ghapi.JobListing{Owner: "octo-org", Repo: "webapp", RunID: fakegh.FlakyRunID, Filter: "all"}, 1); err != nil {
		t.Fatal(err)
	}
	readLog(t, c, fakegh.FlakyJobID)
}
