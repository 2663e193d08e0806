package main_test

import (
	"bytes"
	"context"
	"database/sql"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/actionsql/actionsql/driver"
	"github.com/actionsql/actionsql/internal/fakegh"
)

// The hosts of the loadable extension under test: Debian's own builds, whose
// SQLite (3.40) is older than the one the CLI and the Go driver compile in.
const (
	sqlite3Shell = "/usr/bin/sqlite3"
	python3      = "/usr/bin/python3"
)

// query is one statement of the shared set that every host must answer
// exactly as the CLI does.
type query struct {
	name string
	sql  string
	// jsonOnly leaves the query out of the list comparison: the CLI's
	// list format shows control characters (ANSI colours in raw log lines)
	// escaped, where the sqlite3 shell writes them as they are.
	jsonOnly bool
}

var queries = []query{
	{name: "join", sql: fmt.Sprintf(`SELECT j.name AS job, s.number, s.name AS step, s.conclusion, s.duration_seconds
		FROM jobs j JOIN steps s ON s.job_id = j.id
		WHERE j.run_id = %d AND j.run_attempt = 1 ORDER BY j.name, s.number`, fakegh.FlakyRunID)},
	{name: "in", sql: fmt.Sprintf(`SELECT id, run_id, run_attempt, name, status, conclusion, started_at, completed_at,
		queued_seconds, duration_seconds, runner_name, labels
		FROM jobs WHERE id IN (%d, %d, %d) ORDER BY id`, fakegh.FlakyJobID, fakegh.InProgressJobID, fakegh.QueuedJobID)},
	{name: "job_logs", sql: fmt.Sprintf(`SELECT line, timestamp, step_number, level, content
		FROM job_logs WHERE job_id = %d AND (level IS NOT NULL OR content LIKE 'FAILED%%') ORDER BY line`, fakegh.FlakyJobID)},
	{name: "raw log lines", jsonOnly: true, sql: fmt.Sprintf(`SELECT line, raw
		FROM job_logs WHERE job_id = %d AND (instr(raw, char(27)) > 0 OR line = 1) ORDER BY line LIMIT 6`, fakegh.FlakyJobID)},
	{name: "filter latest", sql: fmt.Sprintf(`SELECT run_attempt, name, conclusion
		FROM jobs WHERE run_id = %d AND filter = 'latest' ORDER BY name`, fakegh.FlakyRunID)},
	{name: "every attempt", sql: fmt.Sprintf(`SELECT run_attempt, conclusion, count(*) AS jobs
		FROM jobs WHERE run_id = %d GROUP BY 1, 2 ORDER BY 1, 2`, fakegh.ThreeAttemptRunID)},
	{name: "types", sql: fmt.Sprintf(`SELECT typeof(id), typeof(queued_seconds), typeof(duration_seconds), typeof(labels),
		typeof(completed_at), typeof(runner_id), labels
		FROM jobs WHERE id IN (%d, %d) ORDER BY id`, fakegh.FlakyJobID, fakegh.QueuedJobID)},
	{name: "named repository", sql: fmt.Sprintf(`SELECT owner, repo, name, created_at
		FROM jobs WHERE owner = 'OCTO-ORG' AND repo = 'api-server' AND run_id = %d ORDER BY name`, fakegh.APIServerFailedRunID)},
	{name: "missing run", sql: `SELECT count(*) AS jobs FROM jobs WHERE run_id = 1`},
	{name: "expired logs", sql: fmt.Sprintf(`SELECT count(*) FROM job_logs WHERE run_id = %d`, fakegh.ExpiredRunID)},
	{name: "missing constraint", sql: `SELECT * FROM steps WHERE name = 'Run tests'`},
	// The percentile aggregates: the stock sqlite3 3.40 shell has none of its
	// own. (printf: that shell writes a REAL in JSON with 20 digits.)
	{name: "percentiles of runs", sql: `SELECT name, count(*) AS runs, printf('%.2f', median(duration_seconds)) AS median_s,
		printf('%.2f', percentile(duration_seconds, 90)) AS p90_s, printf('%.2f', percentile_cont(duration_seconds, 0.25)) AS p25_s,
		printf('%.2f', percentile_disc(duration_seconds, 0.5)) AS disc_s
		FROM runs WHERE head_branch = 'main' AND created_at >= '2026-09-01' GROUP BY name ORDER BY name`},
	// The regexp functions on log lines (ext/regexp_test.go has their cases).
	{name: "regexp on log lines", sql: fmt.Sprintf(`SELECT line, regexp_capture(content, '^(\w+)', 1) AS first_word,
		regexp_substr(content, '\d+(\.\d+)+') AS version, regexp_replace(content, '\d+', 'N') AS shape
		FROM job_logs WHERE job_id = %d AND content REGEXP '^(FAILED|E   |Successfully)' ORDER BY line`, fakegh.FlakyJobID)},
	{name: "annotations of a run's failed jobs", sql: fmt.Sprintf(`SELECT j.name, a.path, a.start_line, a.annotation_level, a.message
		FROM jobs j JOIN annotations a ON a.job_id = j.id
		WHERE j.run_id = %d AND j.conclusion = 'failure' ORDER BY j.name, a.path`, fakegh.FailedRunID)},
}

// result is what a host answered: columns and rows, or an error message.
type result struct {
	Columns []string `json:"columns,omitempty"`
	Rows    [][]any  `json:"rows,omitempty"`
	Error   string   `json:"error,omitempty"`
}

func (r result) String() string {
	b, _ := json.Marshal(r)
	return string(b)
}

// setup is what the tests share: the extension, the CLI, the emulated
// GitHub and an environment that points at it.
type setup struct {
	so, cli string
	dir     string // a scratch directory, outside any git checkout
	api     string
	env     []string
}

func newSetup(t *testing.T) *setup {
	t.Helper()
	so, cli := builtBinaries(t)
	s := &setup{so: so, cli: cli, dir: t.TempDir()}
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	s.api = srv.URL()
	s.env = environ("GITHUB_API_URL="+s.api, "GH_REPO="+fakegh.DemoRepo)
	return s
}

// binaries are the extension and the CLI, built once for all the tests:
// each build links SQLite in, which takes seconds.
var binaries struct {
	once    sync.Once
	dir     string // removed by TestMain
	so, cli string
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binaries.dir != "" {
		os.RemoveAll(binaries.dir)
	}
	os.Exit(code)
}

// builtBinaries returns the paths of the extension and the CLI, building
// them at the first call.
func builtBinaries(t *testing.T) (so, cli string) {
	t.Helper()
	binaries.once.Do(func() {
		binaries.dir, binaries.err = os.MkdirTemp("", "actionsql-ext-test-")
		if binaries.err != nil {
			return
		}
		binaries.so, binaries.cli = filepath.Join(binaries.dir, "actionsql.so"), filepath.Join(binaries.dir, "actionsql")
		binaries.err = build(
			[]string{"build", "-buildmode=c-shared", "-o", binaries.so, "github.com/actionsql/actionsql/ext"},
			[]string{"build", "-o", binaries.cli, "github.com/actionsql/actionsql"},
		)
	})
	if binaries.err != nil {
		t.Fatal(binaries.err)
	}
	return binaries.so, binaries.cli
}

// build runs several go builds at once.
func build(builds ...[]string) error {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = "/usr/local/go/bin/go" // where .ci/run puts Go
	}
	errs := make([]error, len(builds))
	var wg sync.WaitGroup
	for i, args := range builds {
		wg.Go(func() {
			out, err := exec.Command(goTool, args...).CombinedOutput()
			if err != nil {
				errs[i] = fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// environ is this process's environment without anything that configures
// actionsql or holds a GitHub token, plus a disk cache of the tests' own
// (never the user's ~/.cache), plus extra.
func environ(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GH_") || strings.HasPrefix(name, "GITHUB_") || strings.HasPrefix(name, "ACTIONSQL_") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "ACTIONSQL_CACHE_DIR="+filepath.Join(os.TempDir(), "actionsql-ext-test-cache"))
	return append(env, extra...)
}

func without(env []string, name string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// output is what a command printed: stdout, and the message of the error
// it reported ("" when it succeeded).
type output struct {
	stdout string
	err    string
}

func (s *setup) command(env []string, name string, args ...string) output {
	cmd := exec.Command(name, args...)
	cmd.Env, cmd.Dir = env, s.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := output{stdout: stdout.String()}
	if err != nil {
		out.err = errorMessage(stderr.String())
		if out.err == "" {
			out.err = err.Error()
		}
	}
	return out
}

// errorMessage takes the message out of what the CLI ("actionsql: ...") or
// the sqlite3 shell ("Error: stepping, ...", "Parse error: ...") printed.
func errorMessage(stderr string) string {
	for line := range strings.SplitSeq(stderr, "\n") {
		if strings.HasPrefix(line, "actionsql: note: ") {
			continue
		}
		for _, prefix := range []string{"actionsql: ", "Error: ", "Parse error: ", "Runtime error: ", "stepping, ", "in prepare, "} {
			line = strings.TrimPrefix(line, prefix)
		}
		if line != "" {
			return line
		}
	}
	return ""
}

// cli runs sql through the actionsql command in format (json or list).
func (s *setup) cliRun(env []string, format, sql string, flags ...string) output {
	return s.command(env, s.cli, append(append([]string{"-f", format}, flags...), sql)...)
}

// shell runs statements through the stock sqlite3 shell with the extension
// loaded, in format (json or list, with a header as the CLI prints).
func (s *setup) shell(env []string, format string, statements ...string) output {
	args := []string{"-" + format}
	if format == "list" {
		args = append(args, "-header")
	}
	args = append(args, ":memory:", ".load "+s.so)
	return s.command(env, sqlite3Shell, append(args, statements...)...)
}

// parseJSON reads the CLI's JSON output into a result, keeping the order
// of the columns.
func parseJSON(out string) (result, error) {
	var r result
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	if err := expectDelim(dec, '['); err != nil {
		return r, err
	}
	r.Rows = [][]any{}
	for dec.More() {
		if err := expectDelim(dec, '{'); err != nil {
			return r, err
		}
		var cols []string
		var row []any
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return r, err
			}
			var v any
			if err := dec.Decode(&v); err != nil {
				return r, err
			}
			cols = append(cols, key.(string))
			row = append(row, normalize(v))
		}
		if err := expectDelim(dec, '}'); err != nil {
			return r, err
		}
		if r.Columns == nil {
			r.Columns = cols
		} else if !reflect.DeepEqual(cols, r.Columns) {
			return r, fmt.Errorf("row %d has columns %q, the first %q", len(r.Rows)+1, cols, r.Columns)
		}
		r.Rows = append(r.Rows, row)
	}
	return r, expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("JSON: got %v, want %v", tok, want)
	}
	return nil
}

// normalize makes values from JSON, Python and database/sql comparable:
// integers int64, other numbers float64, text string.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return n
		}
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case []byte:
		return string(x)
	case int:
		return int64(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339)
	}
	return v
}

// cliResults runs every query through the CLI: the results every host
// must give, and the CLI's own json and list output.
func (s *setup) cliResults(t *testing.T) (want []result, jsonOut, listOut []output) {
	t.Helper()
	for _, q := range queries {
		j, l := s.cliRun(s.env, "json", q.sql), s.cliRun(s.env, "list", q.sql)
		jsonOut, listOut = append(jsonOut, j), append(listOut, l)
		if j.err != "" {
			want = append(want, result{Error: j.err})
			continue
		}
		r, err := parseJSON(j.stdout)
		if err != nil {
			t.Fatalf("%s: the CLI's JSON: %v\n%s", q.name, err, j.stdout)
		}
		if len(r.Rows) == 0 {
			t.Fatalf("%s: the CLI found no rows; every query of the set should find some", q.name)
		}
		want = append(want, r)
	}
	return want, jsonOut, listOut
}

func requireHost(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s is not installed (scripts/setup.sh installs it): %v", path, err)
	}
}

// TestHostsAnswerLikeTheCLI runs the shared query set through the CLI, the
// stock sqlite3 shell and Debian's Python with actionsql.so loaded, and the
// Go driver, and wants the same answers from all.
func TestHostsAnswerLikeTheCLI(t *testing.T) {
	requireHost(t, sqlite3Shell)
	s := newSetup(t)
	want, cliJSON, cliList := s.cliResults(t)

	t.Run("no SQLite of its own", func(t *testing.T) {
		f, err := elf.Open(s.so)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		syms, err := f.DynamicSymbols()
		if err != nil {
			t.Fatal(err)
		}
		entry := false
		for _, sym := range syms {
			switch {
			case sym.Name == "sqlite3_actionsql_init":
				entry = sym.Section != elf.SHN_UNDEF && elf.ST_TYPE(sym.Info) == elf.STT_FUNC
			case strings.HasPrefix(sym.Name, "sqlite3_") && sym.Section == elf.SHN_UNDEF:
				t.Errorf("actionsql.so needs %s from the host: it must reach SQLite only through the routines the host hands it", sym.Name)
			}
		}
		if !entry {
			t.Error("actionsql.so does not export the function sqlite3_actionsql_init")
		}
	})

	t.Run("sqlite3 shell", func(t *testing.T) {
		for i, q := range queries {
			got := s.shell(s.env, "json", q.sql)
			if got != cliJSON[i] {
				t.Errorf("%s: sqlite3 -json\n got %q\nwant %q (the CLI's -f json)", q.name, got, cliJSON[i])
			}
			if q.jsonOnly {
				continue
			}
			got = s.shell(s.env, "list", q.sql)
			if got != cliList[i] {
				t.Errorf("%s: sqlite3 -list -header\n got %q\nwant %q (the CLI's -f list)", q.name, got, cliList[i])
			}
		}
	})

	t.Run("sqlite3 shell, loaded twice", func(t *testing.T) {
		q := queries[0]
		got := s.command(s.env, sqlite3Shell, "-json", ":memory:", ".load "+s.so, ".load "+s.so, q.sql)
		if got != cliJSON[0] {
			t.Errorf("%s:\n got %q\nwant %q", q.name, got, cliJSON[0])
		}
	})

	t.Run("python, 8 threads", func(t *testing.T) {
		requireHost(t, python3)
		var got struct{ Threads [][]result }
		s.python(t, s.env, map[string]any{"mode": "threads", "threads": 8}, &got)
		if len(got.Threads) != 8 {
			t.Fatalf("%d threads answered, want 8", len(got.Threads))
		}
		for i, thread := range got.Threads {
			compare(t, fmt.Sprintf("python thread %d", i+1), thread, want)
		}
	})

	t.Run("python, loaded twice", func(t *testing.T) {
		requireHost(t, python3)
		var got struct{ Results []result }
		s.python(t, s.env, map[string]any{"mode": "twice"}, &got)
		compare(t, "python", got.Results, want)
	})

	t.Run("go driver", func(t *testing.T) {
		// The same settings as the environment gives the other hosts.
		db, err := sql.Open("actionsql", "api_url="+s.api+"&repo="+fakegh.DemoRepo)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var got []result
		for _, q := range queries {
			got = append(got, driverResult(db, q.sql))
		}
		compare(t, "driver", got, want)
	})
}

// python runs testdata/hosts.py with req (plus the extension and the query
// set) and decodes what it prints into out.
func (s *setup) python(t *testing.T, env []string, req map[string]any, out any) {
	t.Helper()
	script, err := filepath.Abs("testdata/hosts.py")
	if err != nil {
		t.Fatal(err)
	}
	req["ext"] = s.so
	if _, ok := req["queries"]; !ok {
		var sqls []string
		for _, q := range queries {
			sqls = append(sqls, q.sql)
		}
		req["queries"] = sqls
	}
	body, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python3, script)
	cmd.Env, cmd.Dir, cmd.Stdin = env, s.dir, bytes.NewReader(body)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("python3 hosts.py: %v\n%s", err, stderr.String())
	}
	dec := json.NewDecoder(&stdout)
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		t.Fatalf("python3 hosts.py printed no JSON: %v\n%s", err, stdout.String())
	}
}

func driverResult(db *sql.DB, query string) result {
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		return result{Error: err.Error()}
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return result{Error: err.Error()}
	}
	r := result{Columns: cols, Rows: [][]any{}}
	for rows.Next() {
		row := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return result{Error: err.Error()}
		}
		for i := range row {
			row[i] = normalize(row[i])
		}
		r.Rows = append(r.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return result{Error: err.Error()}
	}
	return r
}

// compare wants got to match the CLI's results query by query.
func compare(t *testing.T, host string, got, want []result) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s answered %d queries, want %d", host, len(got), len(want))
	}
	for i := range want {
		g := got[i]
		for _, row := range g.Rows {
			for j := range row {
				row[j] = normalize(row[j])
			}
		}
		if !reflect.DeepEqual(g, want[i]) {
			t.Errorf("%s: %s\n got %v\nwant %v (the CLI's)", host, queries[i].name, g, want[i])
		}
	}
}

// tokenRefused is what actionsql_config('token', ...) says in every host.
const tokenRefused = "actionsql_config: a token is never accepted as a SQL literal: it would be kept in shell history, " +
	"scripts and logs. Set GH_TOKEN in the environment, or put the token in a variable and name it with " +
	"actionsql_config('token_env', 'NAME')"

// TestConfigFromSQL sets the default repository with actionsql_config in
// hosts that have none from the environment, and tries to set a token.
func TestConfigFromSQL(t *testing.T) {
	requireHost(t, sqlite3Shell)
	s := newSetup(t)
	noRepo := without(s.env, "GH_REPO")
	jobs := fmt.Sprintf(`SELECT owner, repo, name, conclusion FROM jobs WHERE run_id = %d ORDER BY name`, fakegh.APIServerFailedRunID)
	wantList := s.cliRun(noRepo, "list", jobs, "--repo", fakegh.APIServerRepo)
	wantJSON := s.cliRun(noRepo, "json", jobs, "--repo", fakegh.APIServerRepo)
	if wantList.err != "" || wantJSON.err != "" {
		t.Fatalf("the CLI: %s %s", wantList.err, wantJSON.err)
	}
	setRepo := fmt.Sprintf(`SELECT actionsql_config('repo', '%s') AS repo`, fakegh.APIServerRepo)

	t.Run("sqlite3 shell", func(t *testing.T) {
		got := s.shell(noRepo, "list", jobs)
		if !strings.Contains(got.err, "needs a repository") || !strings.Contains(got.err, "SELECT actionsql_config('repo', ...), or ACTIONSQL_REPO") || strings.Contains(got.err, "--repo") {
			t.Errorf("with no repository anywhere: %+v, want an error saying the query needs one, and how to set it in a host (actionsql_config, ACTIONSQL_REPO), not with a flag", got)
		}
		got = s.shell(noRepo, "list", setRepo, jobs)
		want := output{stdout: "repo\n" + fakegh.APIServerRepo + "\n" + wantList.stdout}
		if got != want {
			t.Errorf("after %s:\n got %q\nwant %q", setRepo, got, want)
		}
		got = s.shell(noRepo, "list", `SELECT actionsql_config('token', 'ghp_literal_secret')`)
		if got.err != tokenRefused {
			t.Errorf("setting a token:\n got %q\nwant %q", got.err, tokenRefused)
		}
	})

	t.Run("python", func(t *testing.T) {
		requireHost(t, python3)
		want, err := parseJSON(wantJSON.stdout)
		if err != nil {
			t.Fatal(err)
		}
		req := map[string]any{
			"mode": "script",
			"queries": []string{
				setRepo,
				jobs,
				`SELECT actionsql_config('token', 'ghp_literal_secret')`,
				// Set in os.environ after the extension was loaded.
				`SELECT actionsql_config('token_env', 'LATE_TOKEN') AS token_env`,
				`SELECT actionsql_config('token') AS token`,
				jobs,
			},
			"setenv": []map[string]string{{}, {}, {}, {"LATE_TOKEN": "ghp_set_after_loading"}, {}, {}},
		}
		var got struct{ Results []result }
		s.python(t, noRepo, req, &got)
		wants := []result{
			{Columns: []string{"repo"}, Rows: [][]any{{fakegh.APIServerRepo}}},
			want,
			{Error: tokenRefused},
			{Columns: []string{"token_env"}, Rows: [][]any{{"LATE_TOKEN"}}},
			{Columns: []string{"token"}, Rows: [][]any{{"from the variable LATE_TOKEN (token_env)"}}},
			want,
		}
		if len(got.Results) != len(wants) {
			t.Fatalf("python answered %d statements, want %d: %v", len(got.Results), len(wants), got.Results)
		}
		for i, w := range wants {
			g := got.Results[i]
			for _, row := range g.Rows {
				for j := range row {
					row[j] = normalize(row[j])
				}
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("statement %d:\n got %v\nwant %v", i+1, g, w)
			}
		}
	})
}

// TestNotesInTheStockShell reads what a statement noted, as a user of the
// sqlite3 shell (which prints no notes of its own) would.
func TestNotesInTheStockShell(t *testing.T) {
	requireHost(t, sqlite3Shell)
	s := newSetup(t)
	got := s.shell(s.env, "list", "SELECT count(*) FROM jobs WHERE run_id = 1", "SELECT actionsql_notes()", "SELECT actionsql_notes()")
	want := "count(*)\n0\nactionsql_notes()\n" +
		`["run 1 not found in octo-org/webapp: check the run id (the number after /actions/runs/ in the run's URL); ` +
		`a private repository needs a token with the \"repo\" scope (classic) or \"Actions: read\" (fine-grained); ` +
		"no token was found (set GH_TOKEN, or run `gh auth login`)\"]" +
		"\nactionsql_notes()\n[]\n"
	if got.err != "" || got.stdout != want {
		t.Errorf("got %+v\nwant stdout %q: the note once, then none", got, want)
	}
}

// TestSlowQueryInTheStockShell runs a query whose every request takes a
// second in the stock sqlite3 shell, whose SQLite (3.40) predates
// sqlite3_is_interrupted: the bridge must not look for that routine in the
// host's routines table, which ends before its slot, whichever
// sqlite3ext.h the extension was compiled against.
func TestSlowQueryInTheStockShell(t *testing.T) {
	requireHost(t, sqlite3Shell)
	s := newSetup(t)
	slow, err := fakegh.Start(fakegh.Options{Latency: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	env := environ("GITHUB_API_URL="+slow.URL(), "GH_REPO="+fakegh.DemoRepo, "ACTIONSQL_NO_CACHE=1")
	_, lines, _ := slow.Dataset().LogSize(fakegh.FlakyJobID)
	got := s.shell(env, "list", fmt.Sprintf("SELECT count(*) AS lines FROM job_logs WHERE job_id = %d", fakegh.FlakyJobID))
	if want := fmt.Sprintf("lines\n%d\n", lines); got.err != "" || got.stdout != want || lines == 0 {
		t.Errorf("got %+v, want stdout %q", got, want)
	}
}
