package serve

// The page in a real browser: Debian's chromium, headless, driven through
// the DevTools protocol by chromedp. scripts/setup.sh installs chromium;
// without it these tests skip, except in CI (CI set), where they fail.
// UPDATE_SCREENSHOT=1 writes docs/serve.png from TestCookbookStarter.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/chromedp/chromedp"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browser.stop()
	os.Exit(code)
}

// browser is one headless chromium shared by the tests, each in a tab of
// its own, started by the first test that needs it.
var browser sharedBrowser

type sharedBrowser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    error
}

func (b *sharedBrowser) stop() {
	if b.cancel != nil {
		b.cancel()
	}
}

// chromiumPath finds Debian's chromium.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newTab opens a tab of the shared browser, starting it first if needed.
func newTab(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed, and CI must run the browser tests: scripts/setup.sh installs it (apt-get install chromium)")
		}
		t.Skip("chromium is not installed: run scripts/setup.sh (it installs Debian's chromium) to run the browser tests")
	}
	browser.once.Do(func() {
		dir, err := os.MkdirTemp("", "actionsql-chromium-*")
		if err != nil {
			browser.err = err
			return
		}
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			// Without these, chromium waits on the network this machine
			// does not have.
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("force-color-profile", "srgb"),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.UserDataDir(dir),
			chromedp.WindowSize(1280, 900),
		)
		ctx, cancelBrowser := chromedp.NewContext(alloc)
		browser.ctx = ctx
		browser.cancel = func() {
			cancelBrowser()
			cancelAlloc()
			os.RemoveAll(dir)
		}
		// The first action on ctx starts the browser, which lives as long
		// as ctx (a context derived for a timeout would end it).
		browser.err = chromedp.Do(ctx)
	})
	if browser.err != nil {
		t.Fatalf("start chromium: %v", browser.err)
	}
	tab, cancelTab := chromedp.NewContext(browser.ctx)
	ctx, cancel := context.WithTimeout(tab, 90*time.Second)
	t.Cleanup(func() {
		cancel()
		cancelTab()
	})
	return ctx
}

// do runs browser actions, failing the test with what it was doing.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// waitFor waits until a JavaScript expression is true.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("status").textContent`))
		t.Fatalf("waiting for %s: %v (the page's status line: %q)", what, err, status)
	}
}

// openPage loads the page at the address actionsql serve prints, plus
// more, and waits for the cookbook; from then on, it records the page's
// Content-Security-Policy violations in window.violations.
func openPage(t *testing.T, ctx context.Context, address string) {
	t.Helper()
	do(t, ctx, "open the page", chromedp.Navigate(address))
	waitFor(t, ctx, "the cookbook", `document.querySelectorAll("#examples button").length > 0`)
	eval[bool](t, ctx, `window.violations = [];
		document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective + " " + e.blockedURI));
		true`)
}

// rowCount and markCount are what the page shows of a result.
const (
	rowCount  = `document.querySelectorAll("#result tbody tr").length`
	markCount = `document.querySelectorAll("#chart svg path, #chart svg rect, #chart svg circle").length`
)

// expectResult waits for the page to show rows rows and a chart, and
// checks that the chart came in under the page's policy.
func expectResult(t *testing.T, ctx context.Context, rows int) {
	t.Helper()
	waitFor(t, ctx, fmt.Sprintf("%d rows", rows), fmt.Sprintf(`%s === %d && document.getElementById("status").className === "done"`, rowCount, rows))
	waitFor(t, ctx, "the chart's marks", markCount+" > 3")
	if n := eval[int](t, ctx, `document.querySelectorAll("#chart svg [style]").length`); n != 0 {
		t.Errorf("the chart has %d style attributes, which the page's policy ignores", n)
	}
	if v := eval[[]string](t, ctx, `window.violations`); len(v) > 0 {
		t.Errorf("Content-Security-Policy violations: %q", v)
	}
}

func TestTypedQueryRunsWithCtrlEnter(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	const sql = "SELECT name, duration_seconds, html_url FROM jobs WHERE run_id = 9398595218 AND run_attempt = 1 ORDER BY id"
	_, want := ts.query(t, sql)
	ctx := newTab(t)
	openPage(t, ctx, ts.URL())
	do(t, ctx, "type the query and press Ctrl+Enter",
		chromedp.Click(chromedp.CSS("#sql")),
		chromedp.SendKeys(chromedp.CSS("#sql"), sql),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(chromedp.ModifierCtrl)),
	)
	expectResult(t, ctx, len(want.Rows))
	cells := eval[[]string](t, ctx, `[...document.querySelectorAll("#result tbody tr:first-child td")].map((td) => td.textContent)`)
	if fmt.Sprint(cells) != fmt.Sprint(want.Rows[0]) {
		t.Errorf("first row %q, want %v", cells, want.Rows[0])
	}
	if links := eval[int](t, ctx, `document.querySelectorAll('#result td a[href^="https://github.com/octo-org/webapp/actions/runs/9398595218/job/"]').length`); links != len(want.Rows) {
		t.Errorf("%d links in the html_url column, want %d", links, len(want.Rows))
	}
	status := eval[string](t, ctx, `document.getElementById("status").textContent`)
	if !strings.HasPrefix(status, fmt.Sprintf("%d rows in ", len(want.Rows))) || !strings.Contains(status, "1 API request, 0 from the cache") {
		t.Errorf("status line %q: want the row count and the request figures", status)
	}

	// Sorting: a click on duration_seconds sorts ascending, a second descending.
	durations := func() []float64 {
		return eval[[]float64](t, ctx, `[...document.querySelectorAll("#result tbody td:nth-child(2)")].map((td) => Number(td.textContent))`)
	}
	do(t, ctx, "sort by duration", chromedp.Click(chromedp.CSS("#result th:nth-child(2)")))
	asc := durations()
	do(t, ctx, "sort by duration again", chromedp.Click(chromedp.CSS("#result th:nth-child(2)")))
	desc := durations()
	for i := 1; i < len(asc); i++ {
		if asc[i-1] > asc[i] || desc[i-1] < desc[i] {
			t.Fatalf("not sorted: ascending %v, descending %v", asc, desc)
		}
	}
}

// TestCookbookStarter is what a newcomer does first: actionsql serve
// --demo, then a click on a question of the cookbook.
func TestCookbookStarter(t *testing.T) {
	ts := startServerWith(t, fakegh.Options{}, func(c *config.Config) { c.Demo = true })
	const file = "p90_per_job.sql"
	var ex examples.Example
	for _, e := range examples.All() {
		if e.File == file {
			ex = e
		}
	}
	_, want := ts.query(t, ex.SQL)
	ctx := newTab(t)
	openPage(t, ctx, ts.URL())
	do(t, ctx, "click the starter", chromedp.Click(chromedp.CSS(`#examples button[data-file="`+file+`"]`)))
	expectResult(t, ctx, len(want.Rows))
	if got := eval[string](t, ctx, `document.getElementById("sql").value`); got != strings.TrimRight(ex.SQL, "\n") {
		t.Errorf("the editor holds %q, want the example's SQL", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("chart-kind").value + " | " + document.getElementById("about").textContent`); got != "bar | default repository octo-org/webapp on the built-in demo GitHub (sample data, no network)" {
		t.Errorf("chart kind and header: %q", got)
	}
	if os.Getenv("UPDATE_SCREENSHOT") != "" {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "..", "docs", "serve.png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
	}
}

func TestLinkOpensTheQueryAndItsChart(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	const sql = "SELECT run_attempt, count(*) AS jobs, sum(duration_seconds) AS seconds FROM jobs WHERE run_id = 9415518340 GROUP BY run_attempt"
	_, want := ts.query(t, sql)
	ctx := newTab(t)
	openPage(t, ctx, ts.pageURL(map[string][]string{"sql": {sql}, "chart": {"scatter"}}))
	expectResult(t, ctx, len(want.Rows))
	if got := eval[string](t, ctx, `document.getElementById("sql").value + " | " + document.getElementById("chart-kind").value`); got != sql+" | scatter" {
		t.Errorf("editor and chart kind: %q", got)
	}
	// The address bar and the Link hold the query, never the token.
	for _, expr := range []string{`location.href`, `document.getElementById("link").href`} {
		href := eval[string](t, ctx, expr)
		if strings.Contains(href, ts.token) || !strings.Contains(href, "chart=scatter") || !strings.Contains(href, "sql=SELECT+run_attempt") {
			t.Errorf("%s = %q: want the query and chart, without the token", expr, href)
		}
	}
	// Another kind redraws the chart from the same result.
	do(t, ctx, "choose bar", chromedp.SetValue(chromedp.CSS("#chart-kind"), "bar"))
	eval[bool](t, ctx, `document.getElementById("chart-kind").dispatchEvent(new Event("change")); true`)
	waitFor(t, ctx, "the link to say bar", `location.search.includes("chart=bar")`)
	waitFor(t, ctx, "a bar chart", markCount+" > 3")
	if n := len(ts.github.Requests()); n != 2 {
		t.Errorf("%d API requests: a new kind of chart must not run the query again", n)
	}
}

func TestCancelStopsASlowQuery(t *testing.T) {
	ts := startServer(t, fakegh.Options{Latency: time.Minute})
	ctx := newTab(t)
	openPage(t, ctx, ts.URL())
	do(t, ctx, "run a query the API answers in a minute",
		chromedp.SetValue(chromedp.CSS("#sql"), "SELECT count(*) FROM job_logs WHERE run_id = 9392540670"),
		chromedp.Click(chromedp.CSS("#run")),
	)
	waitFor(t, ctx, "the progress line", `document.getElementById("status").textContent.startsWith("Running…") && !document.getElementById("cancel").disabled`)
	deadline := time.Now().Add(eventTimeout)
	for ts.Running() == 0 || len(ts.github.Requests()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the query never reached the API")
		}
		time.Sleep(10 * time.Millisecond)
	}
	waitFor(t, ctx, "a progress figure", `document.getElementById("status").textContent.includes("API request")`)
	start := time.Now()
	do(t, ctx, "cancel", chromedp.Click(chromedp.CSS("#cancel")))
	waitFor(t, ctx, "the page to say so", `document.getElementById("status").textContent.startsWith("Cancelled after ") && !document.getElementById("run").disabled`)
	ts.waitIdle(t) // the statement stopped, its requests with it
	t.Logf("the statement stopped %v after the click", time.Since(start))
	if rows := eval[int](t, ctx, rowCount); rows != 0 {
		t.Errorf("%d rows shown after Cancel", rows)
	}
}

func TestTheBrowserGetsNothingWithoutTheToken(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	ctx := newTab(t)
	do(t, ctx, "open the page without the token", chromedp.Navigate(ts.base+"/"))
	if body := eval[string](t, ctx, `document.body.textContent`); !strings.Contains(body, "the token is missing or wrong") {
		t.Errorf("the page without the token shows %q", body)
	}
	// The page's own origin, without the cookie: the API refuses too.
	status, err := chromedp.Run(ctx, chromedp.Evaluate[int](`fetch("/api/query", {method: "POST", body: "{}"}).then((r) => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil || status != 401 {
		t.Errorf("a fetch without the cookie: %d, %v", status, err)
	}
}

// TestTwoTabsAtOnceShowTheirOwnResults runs a query in each of two tabs at
// the same time: each tab shows its own rows, notes and request figures.
func TestTwoTabsAtOnceShowTheirOwnResults(t *testing.T) {
	ts := startServer(t, fakegh.Options{Latency: 300 * time.Millisecond})
	queries := []string{
		"SELECT count(*) AS jobs FROM jobs WHERE run_id IN (1, 2, 3)",                     // three notes
		"SELECT count(*) AS lines FROM job_logs WHERE run_id IN (9392540670, 9398595218)", // log downloads, no note
	}
	tabs := []context.Context{newTab(t), newTab(t)}
	for i, ctx := range tabs {
		openPage(t, ctx, ts.URL())
		do(t, ctx, "set the query", chromedp.SetValue(chromedp.CSS("#sql"), queries[i]))
	}
	for _, ctx := range tabs {
		do(t, ctx, "run", chromedp.Click(chromedp.CSS("#run")))
	}
	for _, ctx := range tabs {
		waitFor(t, ctx, "the result", `document.getElementById("status").className === "done"`)
	}
	first := eval[string](t, tabs[0], `document.getElementById("status").textContent + " | " + document.getElementById("notes").children.length + " | " + document.querySelector("#result th").textContent`)
	second := eval[string](t, tabs[1], `document.getElementById("status").textContent + " | " + document.getElementById("notes").children.length + " | " + document.querySelector("#result th").textContent`)
	if !strings.Contains(first, "· 4 API requests, 0 from the cache") || !strings.HasSuffix(first, " | 3 | jobs") {
		t.Errorf("the first tab: %q; want its four requests, its three notes and its column", first)
	}
	if !strings.Contains(second, " log downloads, ") || !strings.HasSuffix(second, " | 0 | lines") {
		t.Errorf("the second tab: %q; want its log downloads, no note and its column", second)
	}
}
