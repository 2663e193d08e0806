package ghapi_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/ghapi"
)

func start(t *testing.T, opts fakegh.Options) *fakegh.Server {
	t.Helper()
	opts.ValidTokens = []string{"t0ken"}
	srv, err := fakegh.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

func TestRejectedAPIVersionFallsBackOnceAndSticks(t *testing.T) {
	srv := start(t, fakegh.Options{RejectAPIVersions: []string{ghapi.DefaultAPIVersion}, PathPrefix: "/api/v3"})
	c, err := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: "t0ken"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 2 {
		if _, err := c.GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID); err != nil {
			t.Fatal(err)
		}
	}
	if c.APIVersion() != ghapi.FallbackAPIVersion {
		t.Errorf("version now %s, want %s", c.APIVersion(), ghapi.FallbackAPIVersion)
	}
	// The first request is refused and asked again; the second goes straight.
	if got := c.Stats().Snapshot().Requests; got != 3 {
		t.Errorf("%d requests, want 3", got)
	}
}

func TestLogDownloadNeverCarriesTheToken(t *testing.T) {
	// The emulated blob host answers 400 to a request with Authorization.
	srv := start(t, fakegh.Options{})
	c, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: "t0ken"})
	body, err := c.OpenJobLog(context.Background(), "octo-org", "webapp", fakegh.FlakyJobID)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	b, err := io.ReadAll(body)
	if err != nil || !strings.Contains(string(b), "##[error]") {
		t.Fatalf("log: %v, %d bytes", err, len(b))
	}
	s := c.Stats().Snapshot()
	if s.Requests != 1 || s.LogDownloads != 1 || s.Bytes < int64(len(b)) {
		t.Errorf("stats %+v", s)
	}
}

func TestErrorsNameTheRequestAndStatus(t *testing.T) {
	srv := start(t, fakegh.Options{Fault: func(*http.Request) int { return http.StatusServiceUnavailable }})
	c, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: "t0ken", MaxRetryWait: time.Second})
	_, err := c.ListJobsPage(context.Background(), ghapi.JobListing{Owner: "o", Repo: "r", RunID: 5, Filter: "all"}, 1)
	if want := "GET /repos/o/r/actions/runs/5/jobs: 503 Service Unavailable"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
	bad, _ := ghapi.New(ghapi.Options{BaseURL: start(t, fakegh.Options{}).URL(), Token: "wrong"})
	_, err = bad.GetJob(context.Background(), "o", "r", 1)
	if !ghapi.IsStatus(err, http.StatusUnauthorized) || !strings.Contains(err.Error(), "token is missing, expired or wrong") {
		t.Errorf("err = %v", err)
	}
}

func TestBadAPIURLSaysWhatIsExpected(t *testing.T) {
	_, err := ghapi.New(ghapi.Options{BaseURL: "ftp://example.com"})
	if err == nil || !strings.Contains(err.Error(), "want http(s)://HOST") {
		t.Errorf("err = %v", err)
	}
}
