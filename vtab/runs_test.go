package vtab_test

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/vtab"
)

// onTables writes each {table} of q as prefix+table: "" for the virtual
// tables, "plain_" for their plain copies. {runs} and {workflows} are the
// default repository's (the plain copies hold every repository's, as
// {all_runs} and {all_workflows} do).
func onTables(q, prefix string) string {
	pairs := []string{"{all_runs}", prefix + "runs", "{all_workflows}", prefix + "workflows"}
	if prefix != "" {
		pairs = append(pairs, "{runs}", "plain_webapp_runs", "{workflows}", "plain_webapp_workflows")
	}
	for _, t := range vtab.Tables() {
		pairs = append(pairs, "{"+t.Name+"}", prefix+t.Name)
	}
	return strings.NewReplacer(pairs...).Replace(q)
}

// notable finds ids of the demo's history the queries below name.
type notable struct {
	nightlyFailed int64 // the Nightly run that failed on September 29
	nightlyID     int64 // the Nightly workflow
	mainSHA       string
	suiteID       int64
}

func notableHistory(t *testing.T) notable {
	t.Helper()
	n, err := findNotable()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func findNotable() (notable, error) {
	var n notable
	repo := fakegh.Default().Repo("octo-org", "webapp")
	for _, run := range repo.Runs {
		if run.Workflow.Name == "Nightly" && run.CreatedAt.Format("2006-01-02") == "2026-09-29" {
			n.nightlyFailed, n.nightlyID = run.ID, run.Workflow.ID
		}
		if run.ID == fakegh.FlakyRunID {
			n.mainSHA, n.suiteID = run.HeadSHA, run.CheckSuiteID
		}
	}
	if n.nightlyFailed == 0 || n.mainSHA == "" {
		return n, errors.New("the demo data lacks the Nightly failure of September 29 or the flaky run")
	}
	return n, nil
}

// runQueries exercise every key runs pushes down, created ranges, the
// API's order, and joins in both orders and across repositories.
func runQueries(n notable) []string {
	flaky, failed, three := fakegh.FlakyRunID, fakegh.FailedRunID, fakegh.ThreeAttemptRunID
	return []string{
		"SELECT * FROM {runs} ORDER BY id",
		"SELECT id, conclusion FROM {runs} WHERE status = 'completed' ORDER BY id",
		"SELECT id, status FROM {runs} WHERE status = 'in_progress' ORDER BY id",
		"SELECT id FROM {runs} WHERE conclusion = 'failure' ORDER BY id",
		"SELECT id FROM {runs} WHERE conclusion IN ('failure', 'cancelled') AND status = 'completed' ORDER BY id",
		"SELECT id FROM {runs} WHERE conclusion = 'no such conclusion' ORDER BY id",
		"SELECT id, event FROM {runs} WHERE head_branch = 'main' ORDER BY id",
		"SELECT id FROM {runs} WHERE head_branch IN ('main', 'feature/dark-mode') AND event = 'push' ORDER BY id",
		"SELECT id FROM {runs} WHERE event = 'schedule' ORDER BY id",
		"SELECT id, pull_requests FROM {runs} WHERE event = 'pull_request' AND actor = 'dependabot[bot]' ORDER BY id",
		fmt.Sprintf("SELECT id FROM {runs} WHERE head_sha = '%s' ORDER BY id", n.mainSHA),
		fmt.Sprintf("SELECT id FROM {runs} WHERE check_suite_id = %d", n.suiteID),
		fmt.Sprintf("SELECT id, name FROM {runs} WHERE workflow_id = %d AND conclusion = 'failure' ORDER BY id", n.nightlyID),
		fmt.Sprintf("SELECT * FROM {runs} WHERE id = %d", three),
		fmt.Sprintf("SELECT id, run_attempt FROM {runs} WHERE id IN (%d, %d, 1) ORDER BY id", flaky, failed),
		fmt.Sprintf("SELECT id FROM {runs} WHERE id = '%d'", flaky),
		// created_at ranges: bare dates, whole timestamps, BETWEEN, both open sides.
		"SELECT id, created_at FROM {runs} WHERE created_at >= '2026-09-14' ORDER BY id",
		"SELECT id FROM {runs} WHERE created_at > '2026-09-14' ORDER BY id",
		"SELECT id FROM {runs} WHERE created_at < '2026-07-01' ORDER BY id",
		"SELECT id FROM {runs} WHERE created_at <= '2026-07-01' ORDER BY id",
		"SELECT id FROM {runs} WHERE created_at BETWEEN '2026-09-14' AND '2026-09-15' ORDER BY id",
		"SELECT id FROM {runs} WHERE created_at BETWEEN '2026-09-14T10:02:44Z' AND '2026-09-14T10:05:09Z' ORDER BY id",
		"SELECT id FROM {runs} WHERE created_at > '2026-09-14T10:02:44Z' AND created_at < '2026-09-15 12:30:26' ORDER BY id",
		"SELECT id FROM {runs} WHERE created_at >= '2026-08-01' AND head_branch = 'main' AND conclusion = 'success' ORDER BY id",
		"SELECT count(*) FROM {runs} WHERE created_at > 'August' OR created_at < '2026-06-20'",
		// The API's order, with and without LIMIT.
		"SELECT id, created_at FROM {runs} ORDER BY created_at DESC, id DESC LIMIT 20",
		"SELECT id FROM {runs} WHERE head_branch = 'main' ORDER BY id DESC LIMIT 5 OFFSET 3",
		"SELECT id FROM {runs} WHERE event IN ('push', 'schedule') ORDER BY created_at DESC, id DESC LIMIT 7",
		"SELECT id FROM {runs} WHERE head_branch = 'main' ORDER BY created_at ASC, id LIMIT 4",
		// Joins in both orders.
		`SELECT r.id, j.name, j.conclusion FROM {runs} r JOIN {jobs} j ON j.run_id = r.id
			WHERE r.created_at >= '2026-09-20' AND r.head_branch = 'main' ORDER BY 1, 2, j.id`,
		fmt.Sprintf(`SELECT r.display_title, j.name FROM {jobs} j JOIN {runs} r ON r.id = j.run_id
			WHERE j.run_id IN (%d, %d) ORDER BY 1, 2, j.id`, flaky, failed),
		`SELECT r.id, s.name, s.duration_seconds FROM {runs} r JOIN {jobs} j ON j.run_id = r.id
			JOIN {steps} s ON s.job_id = j.id
			WHERE r.conclusion = 'failure' AND r.created_at >= '2026-09-01' AND s.conclusion = 'failure' ORDER BY 1, 2, s.job_id`,
		fmt.Sprintf(`SELECT j.name, a.path, a.annotation_level, a.message FROM {runs} r JOIN {jobs} j ON j.run_id = r.id
			JOIN {annotations} a ON a.job_id = j.id
			WHERE r.id IN (%d, %d) ORDER BY 1, 2, 4`, failed, n.nightlyFailed),
		fmt.Sprintf(`SELECT a.message, j.name FROM {annotations} a JOIN {jobs} j ON j.id = a.job_id
			WHERE a.job_id IN (SELECT id FROM {jobs} WHERE run_id = %d) ORDER BY 1, 2`, flaky),
		`SELECT w.name, count(*), sum(r.conclusion = 'failure') FROM {runs} r JOIN {workflows} w ON w.id = r.workflow_id
			GROUP BY w.name ORDER BY 1`,
		`SELECT w.name, r.id FROM {workflows} w JOIN {runs} r ON r.workflow_id = w.id
			WHERE w.state = 'active' AND r.created_at >= '2026-09-28' ORDER BY 1, 2`,
		// Across repositories: the join carries the repository to jobs.
		`SELECT r.repo, r.id, j.name FROM {all_runs} r JOIN {jobs} j ON j.owner = r.owner AND j.repo = r.repo AND j.run_id = r.id
			WHERE r.owner = 'octo-org' AND r.repo IN ('api-server', 'big-monorepo') AND j.name NOT LIKE 'test (%' ORDER BY 1, 2, 3, j.id`,
		`SELECT r.repo, count(*) FROM {jobs} j JOIN {all_runs} r ON r.owner = j.owner AND r.repo = j.repo AND r.id = j.run_id
			WHERE j.owner = 'octo-org' AND j.repo = 'api-server' AND j.run_id IN (SELECT id FROM {all_runs} WHERE owner = 'octo-org' AND repo = 'api-server') GROUP BY 1`,
		// Percentiles over the rows.
		`SELECT name, median(duration_seconds), percentile(duration_seconds, 90), percentile_disc(duration_seconds, 0.5)
			FROM {runs} WHERE status = 'completed' GROUP BY name ORDER BY name`,
		"SELECT * FROM {workflows} ORDER BY id",
		"SELECT name FROM {workflows} WHERE id IN (98234512, 1) ORDER BY id",
	}
}

func TestNewTablesAnswerLikePlainSQLite(t *testing.T) {
	db, _, _ := emulated(t, fakegh.Options{})
	loadPlainCopies(t, db)
	n := notableHistory(t)
	for _, q := range runQueries(n) {
		virtual := queryRows(t, db, onTables(q, ""))
		plain := queryRows(t, db, onTables(q, "plain_"))
		if len(plain) == 0 && !strings.Contains(q, "no such conclusion") {
			t.Errorf("%s\nreturns no rows on the plain tables: the query tests nothing", q)
		}
		if strings.Join(virtual, "\n") != strings.Join(plain, "\n") {
			t.Errorf("%s\nvirtual tables: %d rows %v\nplain tables:   %d rows %v", q, len(virtual), head(virtual), len(plain), head(plain))
		}
	}
}

// TestRunsPushdownRequestCounts shows what each kind of WHERE asks GitHub.
func TestRunsPushdownRequestCounts(t *testing.T) {
	db, srv, _ := emulated(t, fakegh.Options{})
	n := notableHistory(t)
	tests := []struct {
		name  string
		query string
		want  []string // the requests, in any order: path and query as sent
	}{
		{"newest first, LIMIT: one page", "SELECT id FROM runs ORDER BY created_at DESC LIMIT 20",
			[]string{"/repos/octo-org/webapp/actions/runs?page=1&per_page=100"}},
		{"filters become parameters", "SELECT id FROM runs WHERE head_branch = 'main' AND conclusion = 'failure' AND event = 'schedule' AND actor = 'mona'",
			[]string{"/repos/octo-org/webapp/actions/runs?actor=mona&branch=main&event=schedule&page=1&per_page=100&status=failure"}},
		{"a created range in the search syntax", "SELECT id FROM runs WHERE created_at BETWEEN '2026-09-01' AND '2026-09-30'",
			[]string{"/repos/octo-org/webapp/actions/runs?created=2026-09-01T00%3A00%3A00%2B00%3A00..2026-09-30T23%3A59%3A59%2B00%3A00&page=1&per_page=100"}},
		{"one run by id", fmt.Sprintf("SELECT * FROM runs WHERE id = %d", fakegh.FlakyRunID),
			[]string{fmt.Sprintf("/repos/octo-org/webapp/actions/runs/%d", fakegh.FlakyRunID)}},
		{"a run as an attempt left it", fmt.Sprintf("SELECT conclusion FROM runs WHERE id = %d AND attempt = 1", fakegh.FlakyRunID),
			[]string{fmt.Sprintf("/repos/octo-org/webapp/actions/runs/%d/attempts/1", fakegh.FlakyRunID)}},
		{"one workflow's runs", fmt.Sprintf("SELECT id FROM runs WHERE workflow_id = %d AND created_at >= '2026-09-20'", n.nightlyID),
			[]string{fmt.Sprintf("/repos/octo-org/webapp/actions/workflows/%d/runs?created=%%3E%%3D2026-09-20T00%%3A00%%3A00%%2B00%%3A00&page=1&per_page=100", n.nightlyID)}},
		{"a join fetches each run's jobs once", fmt.Sprintf("SELECT j.name FROM runs r JOIN jobs j ON j.run_id = r.id WHERE r.id IN (%d, %d)", fakegh.FlakyRunID, fakegh.FailedRunID),
			[]string{
				fmt.Sprintf("/repos/octo-org/webapp/actions/runs/%d", fakegh.FlakyRunID),
				fmt.Sprintf("/repos/octo-org/webapp/actions/runs/%d", fakegh.FailedRunID),
				fmt.Sprintf("/repos/octo-org/webapp/actions/runs/%d/jobs?filter=all&page=1&per_page=100", fakegh.FlakyRunID),
				fmt.Sprintf("/repos/octo-org/webapp/actions/runs/%d/jobs?filter=all&page=1&per_page=100", fakegh.FailedRunID),
			}},
		{"annotations of a job", fmt.Sprintf("SELECT message FROM annotations WHERE job_id = %d", fakegh.FlakyJobID),
			[]string{fmt.Sprintf("/repos/octo-org/webapp/check-runs/%d/annotations?page=1&per_page=100", fakegh.FlakyJobID)}},
		{"workflows", "SELECT name FROM workflows", []string{"/repos/octo-org/webapp/actions/workflows?page=1&per_page=100"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			if rows := queryRows(t, db, tt.query); len(rows) == 0 {
				t.Fatalf("%s: no rows", tt.query)
			}
			got := map[string]bool{}
			for _, r := range srv.Requests() {
				got[normalizeQuery(strings.TrimPrefix(r, "GET "))] = true
			}
			want := map[string]bool{}
			for _, w := range tt.want {
				want[normalizeQuery(w)] = true
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s:\nrequests %v\nwant     %v", tt.query, srv.Requests(), tt.want)
			}
		})
	}
}

// normalizeQuery sorts a request target's parameters.
func normalizeQuery(target string) string {
	path, query, _ := strings.Cut(target, "?")
	v, _ := url.ParseQuery(query)
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// TestRunsPastTheCapComeBackWhole lists 2,500 runs through filters that
// GitHub caps at 1,000: every run comes back, newest first, once.
func TestRunsPastTheCapComeBackWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("lists 2,500 runs again and again: the race detector's pass (-short) leaves it to the plain one")
	}
	db, srv, repo := manyRuns(t)
	tests := []struct {
		query       string
		want        string
		maxRequests int
	}{
		{"SELECT count(*), count(DISTINCT id), min(id), max(id) FROM runs WHERE " + repo + " AND head_branch = 'main'",
			"[]interface {}{2500, 2500, 1000, 3499}", 40},
		{"SELECT count(*), min(created_at), max(created_at) FROM runs WHERE " + repo + " AND status = 'completed' AND created_at >= '2026-01-10'",
			"[]interface {}{2284, \"2026-01-10T00:00:00Z\", \"2026-04-15T03:00:00Z\"}", 40},
		{"SELECT group_concat(id) FROM (SELECT id FROM runs WHERE " + repo + " AND event = 'push' ORDER BY created_at DESC LIMIT 3)",
			"[]interface {}{\"3499,3498,3497\"}", 1},
		{"SELECT count(*) FROM runs WHERE " + repo, "[]interface {}{2500}", 25},
	}
	for _, tt := range tests {
		srv.ResetRequests()
		got := queryRows(t, db, tt.query)
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%s:\n got %v\nwant %s", tt.query, got, tt.want)
		}
		if n := len(srv.Requests()); n > tt.maxRequests {
			t.Errorf("%s: %d requests, want at most %d", tt.query, n, tt.maxRequests)
		}
	}
	// In order: newest first across every window.
	rows := queryRows(t, db, "SELECT id FROM runs WHERE "+repo+" AND head_branch = 'main'")
	for i := 1; i < len(rows); i++ {
		if rows[i] >= rows[i-1] {
			t.Fatalf("row %d: %s after %s: not newest first", i, rows[i], rows[i-1])
		}
	}
}

func TestJoinsReadAheadOfAnOuterRunsScan(t *testing.T) {
	b := newBarrier(4, func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/jobs") })
	srv, err := fakegh.Start(fakegh.Options{Fault: b.fault, AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	q := "SELECT count(*) FROM runs r JOIN jobs j ON j.run_id = r.id WHERE r.head_branch = 'main' AND r.created_at >= '2026-09-20'"
	if rows := queryRows(t, openDB(t, srv, 16), q); len(rows) != 1 {
		t.Fatalf("got %v", rows)
	}
}

// TestRequestsInProportionToRowsUsed: on a repository of 2,500 runs (25
// pages), a statement asks for the pages its rows need: a LIMIT that
// SQLite hands over bounds the pages fetched ahead, and a full listing
// costs one request a page.
func TestRequestsInProportionToRowsUsed(t *testing.T) {
	db, srv, repo := manyRuns(t)
	tests := []struct {
		query       string
		rows        int
		maxRequests int
	}{
		{"SELECT id FROM runs WHERE " + repo + " LIMIT 101", 101, 3},
		{"SELECT id FROM runs WHERE " + repo + " LIMIT 50 OFFSET 120", 50, 3},
		{"SELECT id, created_at FROM runs WHERE " + repo + " ORDER BY created_at DESC LIMIT 250", 250, 4},
		{"SELECT id FROM runs WHERE " + repo, 2500, 26},
	}
	for _, tt := range tests {
		srv.ResetRequests()
		if got := queryRows(t, db, tt.query); len(got) != tt.rows {
			t.Errorf("%s: %d rows, want %d", tt.query, len(got), tt.rows)
		}
		if n := len(srv.Requests()); n > tt.maxRequests {
			t.Errorf("%s: %d requests, want at most %d: %v", tt.query, n, tt.maxRequests, srv.Requests())
		}
	}
}

// TestEachRunFilterAlonePastTheCap: every filter GitHub caps at 1,000
// results, created included, alone on a repository where more than 1,000
// runs match it, gives what plain SQLite gives on the runs listed whole.
func TestEachRunFilterAlonePastTheCap(t *testing.T) {
	if testing.Short() {
		t.Skip("lists 2,500 runs again and again: the race detector's pass (-short) leaves it to the plain one")
	}
	db, _, repo := manyRuns(t)
	exec(t, db, "CREATE TEMP TABLE whole AS SELECT * FROM runs WHERE "+repo)
	for _, filter := range []string{
		"created_at >= '2026-01-10'",
		"created_at < '2026-03-30'",
		"created_at BETWEEN '2026-01-05' AND '2026-04-01'",
		"head_branch = 'main'",
		"event = 'push'",
		"status = 'completed'",
		"conclusion = 'success'",
		"actor = " + "(SELECT actor FROM temp.whole LIMIT 1)",
	} {
		q := "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM %s WHERE " + filter
		virtual := queryRows(t, db, fmt.Sprintf(q, "runs")+" AND "+repo)
		plain := queryRows(t, db, fmt.Sprintf(q, "temp.whole"))
		if fmt.Sprint(virtual) != fmt.Sprint(plain) {
			t.Errorf("%s:\nvirtual table %v\nplain SQLite  %v", filter, virtual, plain)
		}
		if len(plain) != 1 || strings.HasPrefix(plain[0], "[]interface {}{0,") {
			t.Errorf("%s matches nothing: it tests nothing past the cap", filter)
		}
	}
}

// TestMaxRequestsStopsAStatement: a statement that would spend more API
// requests than --max-requests allows fails with no rows, saying the
// limit and the request it stopped before; one within it answers.
func TestMaxRequestsStopsAStatement(t *testing.T) {
	srv, err := fakegh.Start(fakegh.Options{Data: fakegh.ManyRuns(2500, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Hour), AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db, _ := connect(t, config.Config{APIURL: srv.URL(), Owner: "me", Repo: "many", MaxRetryWait: time.Second, MaxRequests: 10})
	if got := queryRows(t, db, "SELECT count(*) FROM (SELECT id FROM runs LIMIT 950)"); fmt.Sprint(got) != "[[]interface {}{950}]" {
		t.Errorf("10 pages within a limit of 10 requests: %v", got)
	}
	srv.ResetRequests()
	rows, err := db.Query("SELECT count(*) FROM runs")
	if err == nil {
		_, err = scanAll(rows)
	}
	if err == nil || !strings.Contains(err.Error(), "GET /repos/me/many/actions/runs: not sent: the statement spent its limit of 10 API requests") {
		t.Fatalf("25 pages with a limit of 10 requests: %v, want an error naming the limit and the request", err)
	}
	// Requests still in flight when the statement fails are cancelled, and
	// may never reach the server: how many arrive depends on timing, but
	// never more than the limit.
	if n := len(srv.Requests()); n < 1 || n > 10 {
		t.Errorf("%d requests reached the server, want 1 to the 10 the limit allows", n)
	}
}

// manyRuns is a database reading a repository of 2,500 runs (25 pages),
// one an hour from 2026-01-01, and the WHERE terms that name it.
func manyRuns(t *testing.T) (*sql.DB, *fakegh.Server, string) {
	t.Helper()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	db, srv, _ := emulated(t, fakegh.Options{Data: fakegh.ManyRuns(2500, start, time.Hour)})
	return db, srv, "owner = 'me' AND repo = 'many'"
}
