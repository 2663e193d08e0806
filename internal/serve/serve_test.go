package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
)

const flakyJobs = "SELECT id, name, conclusion, duration_seconds, completed_at, html_url FROM jobs WHERE run_id = 9398595218 AND run_attempt = 1 AND name LIKE 'test (macos%' ORDER BY id"

func TestQueryAnswersTypedValuesAsJSONFormatDoes(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	code, a := ts.query(t, "SELECT 1 AS i, 1.5 AS r, 'x' AS t, NULL AS n, 9007199254740993 AS big")
	if code != 200 || a.Error != "" {
		t.Fatalf("status %d, error %q", code, a.Error)
	}
	if got := fmt.Sprint(a.Columns, a.Rows); got != "[i r t n big] [[1 1.5 x <nil> 9007199254740993]]" {
		t.Errorf("columns and rows: %s", got)
	}
	code, a = ts.query(t, flakyJobs)
	if code != 200 || len(a.Rows) != 2 || a.Rows[0][1] != "test (macos-14, 3.12)" || a.Rows[0][3] != json.Number("139") {
		t.Errorf("status %d, rows %v", code, a.Rows)
	}
	if a.Notes == nil || a.Stats.Requests < 1 || a.Stats.RateLimit != 100_000 {
		t.Errorf("notes %v (want []), stats %+v (want a request and the rate limit)", a.Notes, a.Stats)
	}
}

func TestQueryAnswersNotesAndStatementsWithoutRows(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	code, a := ts.query(t, "SELECT name FROM jobs WHERE run_id = 1")
	if code != 200 || len(a.Rows) != 0 || len(a.Notes) != 1 || !strings.Contains(a.Notes[0], "run 1 not found in octo-org/webapp") {
		t.Errorf("status %d, rows %v, notes %q: want no rows and the note", code, a.Rows, a.Notes)
	}
	code, a = ts.query(t, "CREATE TEMP TABLE t (x)")
	if code != 200 || a.Columns == nil || len(a.Columns) != 0 || a.Rows == nil {
		t.Errorf("status %d, columns %#v, rows %#v: want [] and []", code, a.Columns, a.Rows)
	}
}

func TestQueryErrors(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	tests := []struct {
		sql    string
		status int
		want   string
	}{
		{"SELECT nope", 400, "actionsql: no such column: nope"},
		{"SELECT name FROM jobs", 400, "actionsql: jobs: needs run_id or id"},
		{"SELECT 1; SELECT 2", 400, "actionsql: one statement at a time, and this holds 2"},
		{"  -- nothing\n", 400, "actionsql: no statement to run"},
		{"SELECT :run", 400, "actionsql: "},
	}
	for _, tt := range tests {
		code, a := ts.query(t, tt.sql)
		if code != tt.status || !strings.HasPrefix(a.Error, tt.want) {
			t.Errorf("%q: status %d, error %q; want %d, %q...", tt.sql, code, a.Error, tt.status, tt.want)
		}
	}
	resp := ts.request(t, "POST", "/api/query", "{not json", nil)
	if resp.StatusCode != 400 {
		t.Errorf("a body that is no JSON: status %d", resp.StatusCode)
	}
}

func TestStrictMakesANoteA400(t *testing.T) {
	ts := startServerWith(t, fakegh.Options{}, func(c *config.Config) { c.Strict = true })
	code, a := ts.query(t, "SELECT name FROM jobs WHERE run_id = 1")
	if code != 400 || !strings.HasPrefix(a.Error, "actionsql: run 1 not found in octo-org/webapp") {
		t.Errorf("status %d, error %q", code, a.Error)
	}
}

func TestAnAPIFailureIsA502(t *testing.T) {
	ts := startServerWith(t, fakegh.Options{Fault: func(r *http.Request) int {
		if strings.HasSuffix(r.URL.Path, "/runs/9398595218/jobs") {
			return http.StatusBadGateway
		}
		return 0
	}}, func(c *config.Config) { c.MaxRetryWait = -1 }) // no retries
	code, a := ts.query(t, "SELECT name FROM jobs WHERE run_id = 9398595218")
	if code != 502 || !strings.HasPrefix(a.Error, "actionsql: GET /repos/octo-org/webapp/actions/runs/9398595218/jobs") || !strings.Contains(a.Error, "502 Bad Gateway") {
		t.Errorf("status %d, error %q; want 502 naming the request", code, a.Error)
	}
}

func TestTheTokenIsNeeded(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	for _, path := range []string{"/", "/static/app.js", "/api/info"} {
		for _, auth := range []string{"", "Bearer wrong", "Bearer " + ts.token + "x", "Basic " + ts.token} {
			resp := ts.request(t, "GET", path, "", map[string]string{"Authorization": auth})
			if resp.StatusCode != 401 {
				t.Errorf("GET %s with Authorization %q: status %d, want 401", path, auth, resp.StatusCode)
			}
		}
		if resp := ts.request(t, "GET", path, "", nil); resp.StatusCode != 200 {
			t.Errorf("GET %s with the token: status %d", path, resp.StatusCode)
		}
	}
	resp := ts.request(t, "POST", "/api/query", `{"sql": "SELECT 1"}`, map[string]string{"Authorization": ""})
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 401 || !strings.HasPrefix(string(body), `{"error":"actionsql: the token is missing or wrong`) {
		t.Errorf("POST /api/query without the token: %d %s", resp.StatusCode, body)
	}
	if resp := ts.request(t, "GET", "/?token=wrong", "", map[string]string{"Authorization": ""}); resp.StatusCode != 401 {
		t.Errorf("GET /?token=wrong: status %d", resp.StatusCode)
	}
}

func TestTheFirstLoadKeepsTheTokenInACookieAndDropsItFromTheAddress(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	resp := ts.request(t, "GET", "/?token="+ts.token+"&sql=SELECT+1&chart=line", "", map[string]string{"Authorization": ""})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/?chart=line&sql=SELECT+1" {
		t.Fatalf("status %d, Location %q: want 303 to the address without the token", resp.StatusCode, resp.Header.Get("Location"))
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 || cookies[0].Value != ts.token || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].Path != "/" {
		t.Fatalf("cookies %v: want the token, HttpOnly, SameSite=Strict", resp.Header["Set-Cookie"])
	}
	cookie := cookies[0].Name + "=" + cookies[0].Value
	for _, path := range []string{"/?chart=line&sql=SELECT+1", "/static/style.css", "/api/info"} {
		if resp := ts.request(t, "GET", path, "", map[string]string{"Authorization": "", "Cookie": cookie}); resp.StatusCode != 200 {
			t.Errorf("GET %s with the cookie: status %d", path, resp.StatusCode)
		}
	}
	if resp := ts.request(t, "POST", "/api/query", `{"sql": "SELECT 1"}`, map[string]string{"Authorization": "", "Cookie": cookie}); resp.StatusCode != 200 {
		t.Errorf("POST /api/query with the cookie: status %d", resp.StatusCode)
	}
	if resp := ts.request(t, "GET", "/", "", map[string]string{"Authorization": "", "Cookie": cookies[0].Name + "=wrong"}); resp.StatusCode != 401 {
		t.Errorf("a wrong cookie: status %d", resp.StatusCode)
	}
	// Opening the printed address again, cookie and all, still drops the
	// token from the address bar.
	resp = ts.request(t, "GET", "/?token="+ts.token, "", map[string]string{"Authorization": "", "Cookie": cookie})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("the printed address with the cookie: %d, Location %q; want 303 to /", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestOnlyThisServersNamesAreAccepted(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	port := ts.Addr().String()[strings.LastIndex(ts.Addr().String(), ":"):]
	for _, host := range []string{"evil.example", "evil.example" + port, "127.0.0.1.nip.io" + port, "localhost.evil.example" + port} {
		for _, method := range []string{"GET", "POST"} {
			resp := ts.request(t, method, "/api/query", `{"sql": "SELECT 1"}`, map[string]string{"Host": host})
			if resp.StatusCode != 403 {
				t.Errorf("%s with Host %s: status %d, want 403", method, host, resp.StatusCode)
			}
		}
	}
	for _, host := range []string{"localhost" + port, "LOCALHOST" + port, "127.0.0.1" + port, "127.0.0.1"} {
		if resp := ts.request(t, "POST", "/api/query", `{"sql": "SELECT 1"}`, map[string]string{"Host": host}); resp.StatusCode != 200 {
			t.Errorf("Host %s: status %d, want 200", host, resp.StatusCode)
		}
	}
}

func TestAPostFromAnotherOriginIsRefused(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	for _, origin := range []string{"http://evil.example", "null", "http://localhost.evil.example", "https://" + ts.Addr().String()} {
		for _, path := range []string{"/api/query", "/api/chart"} {
			resp := ts.request(t, "POST", path, `{"sql": "SELECT 1"}`, map[string]string{"Origin": origin})
			if resp.StatusCode != 403 {
				t.Errorf("POST %s from Origin %s: status %d, want 403", path, origin, resp.StatusCode)
			}
		}
	}
	if resp := ts.request(t, "POST", "/api/query", `{"sql": "SELECT 1"}`, map[string]string{"Origin": ts.base}); resp.StatusCode != 200 {
		t.Errorf("POST from the page's own origin: status %d", resp.StatusCode)
	}
}

func TestEveryAnswerCarriesTheContentSecurityPolicy(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	answers := []*http.Response{
		ts.request(t, "GET", "/", "", nil),
		ts.request(t, "GET", "/static/app.js", "", nil),
		ts.request(t, "GET", "/", "", map[string]string{"Authorization": ""}),
		ts.request(t, "GET", "/", "", map[string]string{"Host": "evil.example"}),
		ts.request(t, "POST", "/api/query", `{"sql": "SELECT 1"}`, nil),
	}
	for i, resp := range answers {
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.HasPrefix(csp, "default-src 'none'; script-src 'self'; style-src 'self';") || strings.Contains(csp, "unsafe") {
			t.Errorf("answer %d: Content-Security-Policy %q", i, csp)
		}
	}
}

func TestThePageAndItsFilesAreServed(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	tests := []struct{ path, contentType, contains string }{
		{"/", "text/html; charset=utf-8", `<script src="/static/app.js" defer></script>`},
		{"/static/app.js", "text/javascript; charset=utf-8", `fetch("/api/query"`},
		{"/static/style.css", "text/css; charset=utf-8", "#chart"},
	}
	for _, tt := range tests {
		resp := ts.request(t, "GET", tt.path, "", nil)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != tt.contentType || !strings.Contains(string(body), tt.contains) {
			t.Errorf("GET %s: %d %q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	for _, path := range []string{"/static/index.html", "/static/", "/static/page.go", "/index.html", "/api/nothing"} {
		if resp := ts.request(t, "GET", path, "", nil); resp.StatusCode != 404 {
			t.Errorf("GET %s: status %d, want 404", path, resp.StatusCode)
		}
	}
	if strings.Contains(string(mustRead(t, ts.request(t, "GET", "/", "", nil))), "<script>") {
		t.Error("the page has an inline script, which its policy forbids")
	}
}

func mustRead(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInfoListsTheCookbook(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	var in info
	if err := json.Unmarshal(mustRead(t, ts.request(t, "GET", "/api/info", "", nil)), &in); err != nil {
		t.Fatal(err)
	}
	if in.Repo != "octo-org/webapp" || !strings.HasPrefix(in.API, "127.0.0.1:") || len(in.Examples) < 20 ||
		in.Examples[0].SQL == "" || fmt.Sprint(in.ChartKinds) != "[bar line scatter]" {
		t.Errorf("info: %+v", in)
	}
}

// streamLines posts a statement asking for the streamed answer and
// returns its lines.
func streamLines(t *testing.T, ts *testServer, sql string) []map[string]json.RawMessage {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"sql": sql})
	resp := ts.request(t, "POST", "/api/query", string(body), map[string]string{"Accept": "application/x-ndjson"})
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Fatalf("Content-Type %q", ct)
	}
	var lines []map[string]json.RawMessage
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	return lines
}

func TestAStreamedQueryShowsProgressThenItsResult(t *testing.T) {
	ts := startServer(t, fakegh.Options{Latency: 300 * time.Millisecond})
	lines := streamLines(t, ts, "SELECT count(*) AS lines FROM job_logs WHERE run_id = 9392540670")
	if len(lines) < 2 {
		t.Fatalf("%d lines: want progress, then the result", len(lines))
	}
	for _, l := range lines[:len(lines)-1] {
		var p stats
		if err := json.Unmarshal(l["progress"], &p); err != nil || p.Seconds <= 0 {
			t.Errorf("a progress line: %v (%v)", l, err)
		}
	}
	var res queryAnswer
	if err := json.Unmarshal(lines[len(lines)-1]["result"], &res); err != nil || len(res.Rows) != 1 || res.Stats.LogDownloads == 0 {
		t.Errorf("last line %s: %v", lines[len(lines)-1]["result"], err)
	}
	lines = streamLines(t, ts, "SELECT nope")
	if len(lines) != 1 || string(lines[0]["status"]) != "400" || string(lines[0]["error"]) != `"actionsql: no such column: nope"` {
		t.Errorf("an error streams as %v", lines)
	}
}

// TestTwoQueriesAtOnceKeepTheirNotesAndFigures runs two statements at the
// same time, as two tabs would: each answer has its own notes and request
// counts, never the other's.
func TestTwoQueriesAtOnceKeepTheirNotesAndFigures(t *testing.T) {
	ts := startServer(t, fakegh.Options{Latency: 200 * time.Millisecond})
	queries := []string{
		"SELECT count(*) FROM jobs WHERE run_id IN (1, 2, 3)",                    // three notes
		"SELECT count(*) FROM job_logs WHERE run_id IN (9392540670, 9398595218)", // logs: many requests, no note
	}
	var wg sync.WaitGroup
	answers := make([]queryAnswer, len(queries))
	codes := make([]int, len(queries))
	for i, q := range queries {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], answers[i] = ts.query(t, q)
		}()
	}
	wg.Wait()
	// Three runs and the one probe of the repository that a 404 makes.
	if codes[0] != 200 || len(answers[0].Notes) != 3 || answers[0].Stats.Requests != 4 || answers[0].Stats.LogDownloads != 0 {
		t.Errorf("the first: %d, notes %q, stats %+v; want its three notes and four requests", codes[0], answers[0].Notes, answers[0].Stats)
	}
	if codes[1] != 200 || len(answers[1].Notes) != 0 || answers[1].Stats.LogDownloads == 0 {
		t.Errorf("the second: %d, notes %q, stats %+v; want no note, and its log downloads", codes[1], answers[1].Notes, answers[1].Stats)
	}
}

// TestClosingTheRequestStopsTheStatement is the page's Cancel: the
// fetch is aborted, and the statement stops with its requests.
func TestClosingTheRequestStopsTheStatement(t *testing.T) {
	ts := startServer(t, fakegh.Options{Latency: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.base+"/api/query", strings.NewReader(`{"sql": "SELECT count(*) FROM jobs WHERE run_id = 9398595218"}`))
	req.Header.Set("Authorization", "Bearer "+ts.token)
	req.Header.Set("Accept", "application/x-ndjson")
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	deadline := time.Now().Add(eventTimeout)
	for ts.Running() == 0 || len(ts.github.Requests()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the statement never started its request")
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	cancel()
	<-done
	ts.waitIdle(t)
	t.Logf("the statement stopped %v after the request was closed", time.Since(start))
}

func TestServeStopsWhenItsContextEnds(t *testing.T) {
	gh, err := fakegh.Start(fakegh.Options{Latency: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer gh.Close()
	a, err := app.Open(config.Config{APIURL: gh.URL(), Owner: "octo-org", Repo: "webapp"}, app.Options{Connections: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv, err := New(a, Options{Listen: "127.0.0.1:0", Token: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	// A query waiting on the API must not hold the server up.
	go func() {
		req, _ := http.NewRequest("POST", "http://"+srv.Addr().String()+"/api/query", strings.NewReader(`{"sql": "SELECT count(*) FROM jobs WHERE run_id = 9398595218"}`))
		req.Header.Set("Authorization", "Bearer secret")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	for srv.Running() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
		t.Logf("stopped in %v", time.Since(start))
	case <-time.After(eventTimeout):
		t.Fatalf("Serve still running %v after its context ended", eventTimeout)
	}
}

// TestAResultPastTheBoundStopsAndSaysWhatToDo: rows of 1 KB each, 100,000
// of them, would answer 100 MB; the statement stops once the result passes
// 32 MB and fails with what to do instead, streamed or not. A result just
// under the bound comes whole.
func TestAResultPastTheBoundStopsAndSaysWhatToDo(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	rows := func(n int) string {
		return fmt.Sprintf("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) SELECT i, printf('%%01000d', i) AS pad FROM n", n)
	}
	stoppedAfter := regexp.MustCompile(`^actionsql: the result passed 32 MB after (\d+) rows, more than the page takes: add a LIMIT.* actionsql -f jsonl "SELECT \.\.\." > result\.jsonl$`)
	check := func(how string, status int, msg string) {
		t.Helper()
		m := stoppedAfter.FindStringSubmatch(msg)
		if status != http.StatusBadRequest || m == nil {
			t.Fatalf("%s: status %d, error %q: want 400 and the bound's message", how, status, msg)
		}
		if n, _ := strconv.Atoi(m[1]); n < 30_000 || n > 34_000 {
			t.Errorf("%s: stopped after %d rows, want it soon after 32 MB (about 33,000 rows)", how, n)
		}
	}
	code, a := ts.query(t, rows(100_000))
	check("answer", code, a.Error)
	lines := streamLines(t, ts, rows(100_000))
	var msg string
	json.Unmarshal(lines[len(lines)-1]["error"], &msg)
	status, _ := strconv.Atoi(string(lines[len(lines)-1]["status"]))
	check("stream", status, msg)

	if code, a := ts.query(t, rows(30_000)); code != 200 || len(a.Rows) != 30_000 {
		t.Errorf("30,000 rows (30 MB): status %d, %d rows, error %q", code, len(a.Rows), a.Error)
	}
}
