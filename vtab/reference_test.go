package vtab_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// The reference copy: every table's rows worked out from the emulated
// GitHub's JSON answers and its generator, by the contract's rules
// (../shared/CONTRACT.md, "Tables"), in this file alone. It shares no code
// with the tables, so a column they decode wrongly differs from it, and the
// differential queries compare the virtual tables with it.

// plainSchema holds the reference copy: one ordinary table per virtual
// table, with the columns, order and types the contract pins. (A real table
// named jobs in any attached database would shadow the eponymous virtual
// table for unqualified names, hence plain_.)
var plainSchema = []struct{ table, columns string }{
	{"runs", `owner TEXT, repo TEXT, id INTEGER, name TEXT, display_title TEXT, workflow_id INTEGER, path TEXT,
		run_number INTEGER, run_attempt INTEGER, event TEXT, status TEXT, conclusion TEXT, head_branch TEXT, head_sha TEXT,
		actor TEXT, triggering_actor TEXT, created_at TEXT, updated_at TEXT, run_started_at TEXT, check_suite_id INTEGER,
		pull_requests TEXT, node_id TEXT, html_url TEXT, duration_seconds INTEGER`},
	{"workflows", `owner TEXT, repo TEXT, id INTEGER, name TEXT, path TEXT, state TEXT, created_at TEXT, updated_at TEXT,
		html_url TEXT, badge_url TEXT`},
	{"jobs", `owner TEXT, repo TEXT, id INTEGER, run_id INTEGER, run_attempt INTEGER, name TEXT, workflow_name TEXT,
		head_branch TEXT, head_sha TEXT, status TEXT, conclusion TEXT, created_at TEXT, started_at TEXT, completed_at TEXT,
		queued_seconds INTEGER, duration_seconds INTEGER, runner_id INTEGER, runner_name TEXT, runner_group_id INTEGER,
		runner_group_name TEXT, labels TEXT, node_id TEXT, url TEXT, html_url TEXT, run_url TEXT, check_run_url TEXT`},
	{"steps", `owner TEXT, repo TEXT, run_id INTEGER, run_attempt INTEGER, job_id INTEGER, job_name TEXT, number INTEGER,
		name TEXT, status TEXT, conclusion TEXT, started_at TEXT, completed_at TEXT, duration_seconds INTEGER`},
	{"job_logs", `owner TEXT, repo TEXT, run_id INTEGER, job_id INTEGER, line INTEGER, timestamp TEXT, step_number INTEGER,
		level TEXT, content TEXT`},
	{"annotations", `owner TEXT, repo TEXT, job_id INTEGER, path TEXT, start_line INTEGER, end_line INTEGER,
		start_column INTEGER, end_column INTEGER, annotation_level TEXT, title TEXT, message TEXT, raw_details TEXT`},
	{"repos", `owner TEXT, repo TEXT, id INTEGER, private INTEGER, visibility TEXT, archived INTEGER, fork INTEGER,
		default_branch TEXT, language TEXT, topics TEXT, pushed_at TEXT, created_at TEXT, updated_at TEXT, html_url TEXT`},
}

// referenceOwners are the owners whose repositories the reference copy
// lists, as an anonymous caller sees them: an organization and a user.
var referenceOwners = []struct{ owner, listing string }{
	{"octo-org", "/orgs/octo-org/repos"},
	{fakegh.DemoUser, "/users/" + fakegh.DemoUser + "/repos"},
}

// loadPlainCopies creates plain.plain_runs, plain.plain_jobs, ... in db and
// fills them with the reference copy: runs, workflows, jobs and steps of
// every public repository of the data set, and the annotations and logs of
// the jobs of the runs the queries look into (FlakyRunID, FailedRunID and
// the failed Nightly run). It first checks that the virtual tables have the
// columns the contract pins.
func loadPlainCopies(t *testing.T, db *sql.DB) {
	t.Helper()
	ref, err := referenceCopy()
	if err != nil {
		t.Fatalf("reading the reference copy from the emulated GitHub: %v", err)
	}
	exec(t, db, "ATTACH ':memory:' AS plain")
	for _, s := range plainSchema {
		checkPinnedColumns(t, db, s.table, s.columns)
		exec(t, db, fmt.Sprintf("CREATE TABLE plain.plain_%s (%s)", s.table, s.columns))
		insertRows(t, db, "plain.plain_"+s.table, ref[s.table])
	}
	exec(t, db, "CREATE VIEW plain.plain_webapp_runs AS SELECT * FROM plain_runs WHERE owner = 'octo-org' AND repo = 'webapp'")
	exec(t, db, "CREATE VIEW plain.plain_webapp_workflows AS SELECT * FROM plain_workflows WHERE owner = 'octo-org' AND repo = 'webapp'")
}

// checkPinnedColumns wants the virtual table's visible columns, in order,
// with their types, to be those of the plain table.
func checkPinnedColumns(t *testing.T, db *sql.DB, table, columns string) {
	t.Helper()
	var want []string
	for _, c := range strings.Split(columns, ",") {
		want = append(want, strings.Join(strings.Fields(c), " "))
	}
	rows, err := db.Query("SELECT name || ' ' || type FROM pragma_table_info(?)", table)
	if err != nil {
		t.Fatalf("columns of %s: %v", table, err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatalf("columns of %s: %v", table, err)
		}
		got = append(got, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("columns of %s: %v", table, err)
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Fatalf("table %s has the columns\n  %s\nthe contract pins\n  %s", table, strings.Join(got, ", "), strings.Join(want, ", "))
	}
}

func insertRows(t *testing.T, db *sql.DB, table string, rows [][]any) {
	t.Helper()
	if len(rows) == 0 {
		t.Fatalf("the reference copy has no rows for %s", table)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(rows[0])), ", ")
	stmt, err := tx.Prepare(fmt.Sprintf("INSERT INTO %s VALUES (%s)", table, marks))
	if err != nil {
		t.Fatalf("insert into %s: %v", table, err)
	}
	defer stmt.Close()
	for _, row := range rows {
		if _, err := stmt.Exec(row...); err != nil {
			t.Fatalf("insert %v into %s: %v", row, table, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// referenceCopy reads the reference copy once per test binary: the data set
// never changes.
var referenceCopy = sync.OnceValues(readReference)

// reference is the rows of each table, keyed by table name.
type reference map[string][][]any

// readReference reads the data set's JSON answers from an emulated GitHub
// of its own (so no test's request log or rate limit sees it) and converts
// them by the contract's rules.
func readReference() (reference, error) {
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 30})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	n, err := findNotable()
	if err != nil {
		return nil, err
	}
	r := &referenceReader{api: apiClient{base: srv.URL(), http: &http.Client{Timeout: time.Minute}}, data: srv.Dataset(), rows: reference{}}
	detailed := map[int64]bool{fakegh.FlakyRunID: true, fakegh.FailedRunID: true, n.nightlyFailed: true}
	for _, o := range referenceOwners {
		repos, err := r.api.list(o.listing, "")
		if err != nil {
			return nil, err
		}
		for _, repo := range repos {
			if err := r.add("repos", repoRow(o.owner, repo)); err != nil {
				return nil, err
			}
		}
	}
	for _, repo := range fakegh.Default().Repos {
		if repo.Private {
			continue // anonymous: not found, as on GitHub
		}
		if err := r.readRepo(repo.Owner, repo.Name, detailed); err != nil {
			return nil, fmt.Errorf("%s: %w", repo.FullName(), err)
		}
	}
	return r.rows, nil
}

// referenceReader reads one repository after another into rows.
type referenceReader struct {
	api  apiClient
	data *fakegh.Dataset
	rows reference
}

func (r *referenceReader) readRepo(owner, repo string, detailed map[int64]bool) error {
	base := fmt.Sprintf("/repos/%s/%s", owner, repo)
	workflows, err := r.api.list(base+"/actions/workflows", "workflows")
	if err != nil {
		return err
	}
	for _, w := range workflows {
		if err := r.add("workflows", workflowRow(owner, repo, w)); err != nil {
			return err
		}
	}
	runs, err := r.api.list(base+"/actions/runs", "workflow_runs")
	if err != nil {
		return err
	}
	for _, run := range runs {
		if err := r.add("runs", runRow(owner, repo, run)); err != nil {
			return err
		}
		id, err := jsonInt(run, "id")
		if err != nil {
			return err
		}
		jobs, err := r.api.list(fmt.Sprintf("%s/actions/runs/%d/jobs?filter=all", base, id), "jobs")
		if err != nil {
			return err
		}
		for _, job := range jobs {
			if err := r.readJob(owner, repo, job, detailed[id]); err != nil {
				return fmt.Errorf("job %v: %w", job["id"], err)
			}
		}
	}
	return nil
}

// readJob adds a job, its steps and, when detailed, its annotations and
// log.
func (r *referenceReader) readJob(owner, repo string, job map[string]any, detailed bool) error {
	if err := r.add("jobs", jobRow(owner, repo, job)); err != nil {
		return err
	}
	steps, err := jsonObjects(job, "steps")
	if err != nil {
		return err
	}
	for _, step := range steps {
		if err := r.add("steps", stepRow(owner, repo, job, step)); err != nil {
			return err
		}
	}
	if !detailed {
		return nil
	}
	id, err := jsonInt(job, "id")
	if err != nil {
		return err
	}
	anns, err := r.api.list(fmt.Sprintf("/repos/%s/%s/check-runs/%d/annotations", owner, repo, id), "")
	if err != nil {
		return err
	}
	for _, a := range anns {
		if err := r.add("annotations", annotationRow(owner, repo, id, a)); err != nil {
			return err
		}
	}
	runID, err := jsonInt(job, "run_id")
	if err != nil {
		return err
	}
	return r.readLog(owner, repo, runID, id)
}

// readLog downloads a job's log (there is none when the API answers 404 or
// 410: not written yet, never ran, or expired) and splits it into rows.
func (r *referenceReader) readLog(owner, repo string, runID, jobID int64) error {
	body, err := r.api.download(fmt.Sprintf("/repos/%s/%s/actions/jobs/%d/logs", owner, repo, jobID))
	if err != nil || body == nil {
		return err
	}
	steps, ok := r.data.LogSteps(jobID)
	if !ok {
		return errors.New("the emulator does not say which step wrote which line of its log")
	}
	rows, err := logRows([]any{owner, repo, runID, jobID}, body, steps)
	if err != nil {
		return fmt.Errorf("log: %w", err)
	}
	r.rows["job_logs"] = append(r.rows["job_logs"], rows...)
	return nil
}

func (r *referenceReader) add(table string, row *row) error {
	if row.err != nil {
		return fmt.Errorf("%s row: %w", table, row.err)
	}
	r.rows[table] = append(r.rows[table], row.values)
	return nil
}

// The rows of each table, in the contract's column order.

func runRow(owner, repo string, run map[string]any) *row {
	r := newRow(run).value(owner, repo).integer("id").text("name").text("display_title").integer("workflow_id").
		text("path").integer("run_number").integer("run_attempt").text("event").text("status").text("conclusion").
		text("head_branch").text("head_sha").login("actor").login("triggering_actor").
		timestamp("created_at").timestamp("updated_at").timestamp("run_started_at").integer("check_suite_id").
		numbers("pull_requests", "number").text("node_id").text("html_url")
	if run["status"] != "completed" {
		return r.value(nil) // duration_seconds: not over yet
	}
	return r.seconds("run_started_at", "updated_at")
}

func repoRow(owner string, repo map[string]any) *row {
	return newRow(repo).value(owner).text("name").integer("id").boolean("private").text("visibility").
		boolean("archived").boolean("fork").text("default_branch").text("language").list("topics").
		timestamp("pushed_at").timestamp("created_at").timestamp("updated_at").text("html_url")
}

func workflowRow(owner, repo string, w map[string]any) *row {
	return newRow(w).value(owner, repo).integer("id").text("name").text("path").text("state").
		timestamp("created_at").timestamp("updated_at").text("html_url").text("badge_url")
}

func jobRow(owner, repo string, job map[string]any) *row {
	return newRow(job).value(owner, repo).integer("id").integer("run_id").integer("run_attempt").text("name").
		text("workflow_name").text("head_branch").text("head_sha").text("status").text("conclusion").
		timestamp("created_at").timestamp("started_at").timestamp("completed_at").
		seconds("created_at", "started_at").seconds("started_at", "completed_at").
		integer("runner_id").text("runner_name").integer("runner_group_id").text("runner_group_name").
		list("labels").text("node_id").text("url").text("html_url").text("run_url").text("check_run_url")
}

func stepRow(owner, repo string, job, step map[string]any) *row {
	fromJob := newRow(job).integer("run_id").integer("run_attempt").integer("id").text("name")
	if fromJob.err != nil {
		return fromJob
	}
	return newRow(step).value(owner, repo).value(fromJob.values...).integer("number").text("name").text("status").
		text("conclusion").timestamp("started_at").timestamp("completed_at").seconds("started_at", "completed_at")
}

func annotationRow(owner, repo string, jobID int64, a map[string]any) *row {
	return newRow(a).value(owner, repo, jobID).text("path").integer("start_line").integer("end_line").
		integer("start_column").integer("end_column").text("annotation_level").text("title").text("message").
		text("raw_details")
}

// row builds one row from a JSON object, column by column. The first field
// that is missing or not of the type the API documents is kept in err.
type row struct {
	obj    map[string]any
	values []any
	err    error
}

func newRow(obj map[string]any) *row { return &row{obj: obj} }

// value adds columns that do not come from the object.
func (r *row) value(vs ...any) *row {
	r.values = append(r.values, vs...)
	return r
}

// field adds the column that convert makes of the field: nil (NULL) when
// the API gives null.
func (r *row) field(key string, convert func(any) (any, error)) *row {
	if r.err != nil {
		return r
	}
	v, ok := r.obj[key]
	if !ok {
		r.err = fmt.Errorf("no field %q in %v", key, r.obj)
		return r
	}
	if v == nil {
		return r.value(nil)
	}
	out, err := convert(v)
	if err != nil {
		r.err = fmt.Errorf("field %q: %w", key, err)
		return r
	}
	return r.value(out)
}

func (r *row) text(key string) *row {
	return r.field(key, func(v any) (any, error) {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("%v is not a string", v)
		}
		return s, nil
	})
}

func (r *row) integer(key string) *row { return r.field(key, toInt) }

// timestamp converts to UTC, to the second: 2026-09-18T16:48:12Z.
func (r *row) timestamp(key string) *row {
	return r.field(key, func(v any) (any, error) {
		t, err := toTime(v)
		if err != nil {
			return nil, err
		}
		return t.UTC().Format("2006-01-02T15:04:05Z"), nil
	})
}

// seconds is to − from in whole seconds, NULL when either is null.
func (r *row) seconds(from, to string) *row {
	if r.err != nil {
		return r
	}
	if r.obj[from] == nil || r.obj[to] == nil {
		return r.value(nil)
	}
	start, err := toTime(r.obj[from])
	if err != nil {
		r.err = fmt.Errorf("field %q: %w", from, err)
		return r
	}
	end, err := toTime(r.obj[to])
	if err != nil {
		r.err = fmt.Errorf("field %q: %w", to, err)
		return r
	}
	return r.value(end.Unix() - start.Unix())
}

// login is the login of the user object the field holds.
func (r *row) login(key string) *row {
	return r.field(key, func(v any) (any, error) {
		user, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%v is not a user object", v)
		}
		login, ok := user["login"].(string)
		if !ok {
			return nil, fmt.Errorf("no login in %v", user)
		}
		return login, nil
	})
}

// boolean is the field's JSON boolean as 0 or 1.
func (r *row) boolean(key string) *row { return r.field(key, toBoolean) }

// list is the field's JSON array as text.
func (r *row) list(key string) *row {
	return r.field(key, func(v any) (any, error) {
		if _, ok := v.([]any); !ok {
			return nil, fmt.Errorf("%v is not a list", v)
		}
		b, err := json.Marshal(v)
		return string(b), err
	})
}

// numbers is the JSON array of one integer field of each object the field
// lists: [41] for the pull requests of a run.
func (r *row) numbers(key, inner string) *row {
	return r.field(key, func(v any) (any, error) {
		items, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("%v is not a list", v)
		}
		ns := []int64{}
		for _, item := range items {
			obj, ok := item.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%v is not an object", item)
			}
			n, err := toInt(obj[inner])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", inner, err)
			}
			ns = append(ns, n.(int64))
		}
		b, err := json.Marshal(ns)
		return string(b), err
	})
}

func toInt(v any) (any, error) {
	n, ok := v.(json.Number)
	if !ok {
		return nil, fmt.Errorf("%v is not a number", v)
	}
	i, err := n.Int64()
	if err != nil {
		return nil, fmt.Errorf("%v is not an integer", v)
	}
	return i, nil
}

func toTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("%v is not a timestamp", v)
	}
	return time.Parse(time.RFC3339Nano, s)
}

func jsonInt(obj map[string]any, key string) (int64, error) {
	n, err := toInt(obj[key])
	if err != nil {
		return 0, fmt.Errorf("field %q: %w", key, err)
	}
	return n.(int64), nil
}

func jsonObjects(obj map[string]any, key string) ([]map[string]any, error) {
	out, err := asObjects(obj[key])
	if err != nil {
		return nil, fmt.Errorf("field %q: %w", key, err)
	}
	return out, nil
}

func asObjects(v any) ([]map[string]any, error) {
	items, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%T is not a list", v)
	}
	var out []map[string]any
	for _, item := range items {
		o, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("the list holds %T, not objects", item)
		}
		out = append(out, o)
	}
	return out, nil
}

// Job logs, split by the contract's rules for job_logs.

var (
	// logMarks are the log commands a line may start with, after its
	// timestamp: ##[name], or a bare [command].
	logMarks   = regexp.MustCompile(`^(?:##\[(group|endgroup|error|warning|notice|debug|command|section)\]|\[(command)\])`)
	ansiEscape = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]`)
)

// logRows are the job_logs rows of a log: prefix (owner, repo, run_id,
// job_id), then line, timestamp, step_number (NULL for 0), level, content.
func logRows(prefix []any, body []byte, steps []int) ([][]any, error) {
	text, ok := strings.CutSuffix(string(body), "\n")
	if !ok {
		return nil, errors.New("does not end with a line break")
	}
	lines := strings.Split(text, "\n")
	if len(lines) != len(steps) {
		return nil, fmt.Errorf("%d lines, but the emulator names the steps of %d", len(lines), len(steps))
	}
	var rows [][]any
	for i, raw := range lines {
		line := strings.ReplaceAll(strings.TrimSuffix(raw, "\r"), "\uFEFF", "")
		stamp, rest, ok := strings.Cut(line, " ")
		if _, err := time.Parse(time.RFC3339Nano, stamp); !ok || err != nil {
			return nil, fmt.Errorf("line %d has no timestamp: %q", i+1, raw)
		}
		var level any
		if m := logMarks.FindStringSubmatch(rest); m != nil {
			level = m[1] + m[2]
			rest = rest[len(m[0]):]
		}
		var step any
		if steps[i] != 0 {
			step = int64(steps[i])
		}
		row := append(append([]any{}, prefix...), int64(i+1), stamp, step, level, ansiEscape.ReplaceAllString(rest, ""))
		rows = append(rows, row)
	}
	return rows, nil
}

// apiClient reads the emulated GitHub's answers as a plain HTTP client
// would, without a token.
type apiClient struct {
	base string
	http *http.Client
}

// get decodes the JSON answer to url, numbers kept as json.Number, and
// returns the next page's address from the Link header, if any.
func (c apiClient) get(url string, into any) (next string, err error) {
	resp, err := c.http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return "", fmt.Errorf("GET %s: %w", url, err)
	}
	return nextPage(resp.Header.Get("Link")), nil
}

var nextLink = regexp.MustCompile(`<([^>]+)>;\s*rel="next"`)

func nextPage(link string) string {
	if m := nextLink.FindStringSubmatch(link); m != nil {
		return m[1]
	}
	return ""
}

// list reads every page of a listing, 100 items a page, following the Link
// header: the objects under key, or the answer itself when key is "".
func (c apiClient) list(path, key string) ([]map[string]any, error) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var all []map[string]any
	for url := c.base + path + sep + "per_page=100"; url != ""; {
		var page any
		next, err := c.get(url, &page)
		if err != nil {
			return nil, err
		}
		if key != "" {
			obj, ok := page.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("GET %s: the answer is not an object", url)
			}
			page = obj[key]
		}
		items, err := asObjects(page)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", url, err)
		}
		all = append(all, items...)
		url = next
	}
	return all, nil
}

// download follows a log's redirect and returns the log, or nil when the
// API says there is none (404, 410).
func (c apiClient) download(path string) ([]byte, error) {
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return nil, fmt.Errorf("GET %s: %w", path, err)
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, nil
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return body, nil
}
