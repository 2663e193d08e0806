package fakegh

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func logsPath(repo string, jobID int64) string {
	return "/repos/" + repo + "/actions/jobs/" + itoa64(jobID) + "/logs"
}

// redirect asks for a job's logs and returns the signed blob URL.
func redirect(t *testing.T, s *Server, jobID int64, headers ...string) string {
	t.Helper()
	resp, body := fetch(t, s.URL()+logsPath(DemoRepo, jobID), headers...)
	wantStatus(t, resp, body, http.StatusFound)
	return resp.Header.Get("Location")
}

func TestLogsRedirectToBlobHost(t *testing.T) {
	s := startServer(t, Options{})
	loc := redirect(t, s, FlakyJobID, "Authorization", "Bearer tok")
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	api, _ := url.Parse(s.URL())
	if u.Host == api.Host || !strings.HasPrefix(loc, s.BlobURL()+"/actions-results/") || u.Hostname() != "127.0.0.1" {
		t.Fatalf("Location %q should point at the blob host %s", loc, s.BlobURL())
	}
	for _, p := range []string{"se", "st", "sig", "sp", "sr", "sv", "rsct"} {
		if u.Query().Get(p) == "" {
			t.Errorf("signed URL lacks %s: %s", p, loc)
		}
	}
	resp, body := fetch(t, loc)
	wantStatus(t, resp, body, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "text/plain" {
		t.Errorf("Content-Type %q", ct)
	}
	want, _ := Default().Log(FlakyJobID)
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF20")) || !bytes.Equal(body, want) {
		t.Fatalf("blob body differs from Dataset.Log or lacks the BOM: %q", truncate(body))
	}
	resp, body = fetch(t, loc, "Range", "bytes=3-22")
	wantStatus(t, resp, body, http.StatusPartialContent)
	if string(body) != string(want[3:23]) {
		t.Errorf("range body %q", body)
	}
}

func TestBlobHostRejectsAuthorization(t *testing.T) {
	s := startServer(t, Options{})
	loc := redirect(t, s, FlakyJobID)
	resp, body := fetch(t, loc, "Authorization", "Bearer ghp_secret")
	wantStatus(t, resp, body, http.StatusBadRequest)
	if !bytes.Contains(body, []byte("<Code>InvalidAuthenticationInfo</Code>")) {
		t.Errorf("body %s", body)
	}
}

func TestBlobSignature(t *testing.T) {
	clock := newClock()
	s := startServer(t, Options{Now: clock.Now})
	loc := redirect(t, s, FlakyJobID)
	other := redirect(t, s, LongLogJobID)
	tampered := func(f func(u *url.URL)) string {
		u, _ := url.Parse(loc)
		f(u)
		return u.String()
	}
	tests := []struct {
		name    string
		url     string
		advance time.Duration
		status  int
		detail  string
	}{
		{"valid", loc, 0, http.StatusOK, ""},
		{"still valid at 60 s", loc, 60 * time.Second, http.StatusOK, ""},
		{"expired", loc, 2 * time.Second, http.StatusForbidden, "has to be after current time"},
		{"bad signature", tampered(func(u *url.URL) {
			q := u.Query()
			q.Set("sig", "AAAA"+q.Get("sig")[4:])
			u.RawQuery = q.Encode()
		}), 0, http.StatusForbidden, "Signature did not match"},
		{"signature of another blob", tampered(func(u *url.URL) {
			o, _ := url.Parse(other)
			u.Path = o.Path
		}), 0, http.StatusForbidden, "Signature did not match"},
		{"later expiry", tampered(func(u *url.URL) {
			q := u.Query()
			q.Set("se", "2099-01-01T00:00:00Z")
			u.RawQuery = q.Encode()
		}), 0, http.StatusForbidden, "Signature did not match"},
		{"no signature", tampered(func(u *url.URL) { u.RawQuery = "" }), 0, http.StatusForbidden, "not well formed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Advance(tt.advance)
			resp, body := fetch(t, tt.url)
			wantStatus(t, resp, body, tt.status)
			if tt.status == http.StatusForbidden {
				if !bytes.Contains(body, []byte("<Code>AuthenticationFailed</Code>")) || !bytes.Contains(body, []byte(tt.detail)) ||
					resp.Header.Get("Content-Type") != "application/xml" {
					t.Errorf("body %s", body)
				}
			}
		})
	}
	fresh := redirect(t, s, FlakyJobID)
	resp, body := fetch(t, fresh)
	wantStatus(t, resp, body, http.StatusOK)
}

func TestLogsUnavailable(t *testing.T) {
	s := startServer(t, Options{})
	_, expired := findRun(t, ExpiredRunID)
	var skipped int64
	for _, j := range Default().index() {
		if deref(j.job.Conclusion) == "skipped" && j.repo.FullName() == DemoRepo {
			skipped = j.job.ID
			break
		}
	}
	tests := []struct {
		name   string
		jobID  int64
		status int
		body   string
	}{
		{"in progress", InProgressJobID, http.StatusNotFound, `"message":"Not Found"`},
		{"queued", QueuedJobID, http.StatusNotFound, `"message":"Not Found"`},
		{"skipped", skipped, http.StatusNotFound, `"message":"Not Found"`},
		{"expired", expired.Latest().Jobs[0].ID, http.StatusGone,
			`{"message":"Server Error","documentation_url":"https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run","status":"410"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, s.URL()+logsPath(DemoRepo, tt.jobID))
			wantStatus(t, resp, body, tt.status)
			if !bytes.Contains(body, []byte(tt.body)) {
				t.Errorf("body %s", body)
			}
			if _, ok := Default().Log(tt.jobID); ok {
				t.Error("Dataset.Log should report no log")
			}
		})
	}
}

func TestLatency(t *testing.T) {
	const latency = 300 * time.Millisecond
	s := startServer(t, Options{Latency: latency})
	start := time.Now()
	resp, body := fetch(t, s.URL()+"/rate_limit")
	wantStatus(t, resp, body, http.StatusOK)
	if took := time.Since(start); took < latency {
		t.Errorf("request took %v, want at least %v", took, latency)
	}
}

// TestLatencyEndsWithTheRequest: a request whose client gives up stops
// waiting out the latency: its handler is aborted, hours early.
func TestLatencyEndsWithTheRequest(t *testing.T) {
	s := startServer(t, Options{Latency: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	aborted := make(chan any, 1)
	go func() {
		defer func() { aborted <- recover() }()
		s.delay(ctx)
	}()
	cancel()
	select {
	case v := <-aborted:
		if v != http.ErrAbortHandler {
			t.Errorf("the wait ended with %v, want the handler aborted", v)
		}
	case <-time.After(eventTimeout):
		t.Fatalf("the server still waits out its hour of latency %v after the client gave up", eventTimeout)
	}
}

func TestCloseStopsWaitingRequestsAndListeners(t *testing.T) {
	before := runtime.NumGoroutine()
	s, err := Start(Options{Latency: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	apiAddr, blobAddr := strings.TrimPrefix(s.URL(), "http://"), strings.TrimPrefix(s.BlobURL(), "http://")
	done := make(chan error, 1)
	go func() {
		_, _, err := fetchCtx(context.Background(), s.URL()+"/rate_limit")
		done <- err
	}()
	waitFor(t, func() bool { return len(s.Requests()) == 1 })
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if took := time.Since(start); took > eventTimeout {
		t.Fatalf("Close took %v: it waited for the request's minute of latency", took)
	}
	if err := <-done; err == nil {
		t.Error("a request in flight at Close should fail")
	}
	for _, addr := range []string{apiAddr, blobAddr} {
		if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			c.Close()
			t.Errorf("%s still accepts connections after Close", addr)
		}
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	noRedirects.CloseIdleConnections()
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before })
}

// eventTimeout bounds the wait for something a test expects to happen: a
// ceiling a loaded machine never reaches, not a speed claim.
const eventTimeout = 30 * time.Second

// waitFor polls cond for up to eventTimeout.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(eventTimeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("condition not met after %v (goroutines: %d)", eventTimeout, runtime.NumGoroutine())
}

func TestRequestsLog(t *testing.T) {
	s := startServer(t, Options{})
	fetch(t, s.URL()+jobsPath(DemoRepo, FlakyRunID)+"?filter=all&per_page=5")
	loc := redirect(t, s, FlakyJobID)
	fetch(t, loc)
	u, _ := url.Parse(loc)
	want := []string{
		"GET " + jobsPath(DemoRepo, FlakyRunID) + "?filter=all&per_page=5",
		"GET " + logsPath(DemoRepo, FlakyJobID),
		"BLOB GET " + u.RequestURI(),
	}
	if got := s.Requests(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("Requests()\n got %q\nwant %q", got, want)
	}
	s.ResetRequests()
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(t, s.URL()+"/rate_limit")
		}()
	}
	wg.Wait()
	if n := len(s.Requests()); n != 20 {
		t.Fatalf("%d requests recorded after 20 concurrent ones", n)
	}
}
