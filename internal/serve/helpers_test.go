package serve

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
)

// testServer is a Server on a free loopback port over an emulated GitHub.
type testServer struct {
	*Server
	github *fakegh.Server
	base   string // http://127.0.0.1:PORT
}

func startServer(t *testing.T, opts fakegh.Options) *testServer {
	t.Helper()
	return startServerWith(t, opts, func(*config.Config) {})
}

// startServerWith starts a server whose settings change may adjust.
func startServerWith(t *testing.T, opts fakegh.Options, change func(*config.Config)) *testServer {
	t.Helper()
	opts.AnonymousRateLimit = 100_000
	gh, err := fakegh.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gh.Close() })
	owner, repo, _ := strings.Cut(fakegh.DemoRepo, "/")
	cfg := config.Config{APIURL: gh.URL(), Owner: owner, Repo: repo}
	change(&cfg)
	a, err := app.Open(cfg, app.Options{Connections: 4})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(a, Options{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
		a.Close()
	})
	return &testServer{Server: srv, github: gh, base: "http://" + srv.Addr().String()}
}

// request sends a request with the token unless header says otherwise
// ("Authorization": "" sends none).
func (ts *testServer) request(t *testing.T, method, path, body string, header map[string]string) *http.Response {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+ts.token)
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		if v == "" {
			req.Header.Del(k)
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

var noRedirects = &http.Client{
	Timeout:       60 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// queryAnswer is the JSON of /api/query.
type queryAnswer struct {
	Columns []string
	Rows    [][]any
	Notes   []string
	Stats   stats
	Error   string
}

// query posts a statement and decodes the answer.
func (ts *testServer) query(t *testing.T, sql string) (int, queryAnswer) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"sql": sql})
	resp := ts.request(t, "POST", "/api/query", string(body), nil)
	var a queryAnswer
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("%s: decode the answer: %v", sql, err)
	}
	return resp.StatusCode, a
}

// pageURL is the address actionsql serve prints, with more query
// parameters.
func (ts *testServer) pageURL(more url.Values) string {
	u := ts.URL()
	if len(more) > 0 {
		u += "&" + more.Encode()
	}
	return u
}

// eventTimeout bounds the wait for something a test expects to happen: a
// ceiling a loaded machine never reaches, not a speed claim.
const eventTimeout = 30 * time.Second

// waitIdle waits until no query runs, failing after eventTimeout.
func (ts *testServer) waitIdle(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(eventTimeout)
	for ts.Running() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d queries still running after %v", ts.Running(), eventTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
