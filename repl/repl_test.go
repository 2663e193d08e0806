package repl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/format"
)

// session is one shell over an emulated GitHub, fed a script as piped
// input (the same code path a terminal's lines take, minus liner).
type session struct {
	app *app.App
}

func newSession(t *testing.T) *session {
	t.Helper()
	return newSessionWith(t, fakegh.Options{})
}

func newSessionWith(t *testing.T, opts fakegh.Options) *session {
	t.Helper()
	opts.AnonymousRateLimit = 100_000
	srv, err := fakegh.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	owner, repo, _ := strings.Cut(fakegh.DemoRepo, "/")
	cfg := config.Config{APIURL: srv.URL(), Owner: owner, Repo: repo}
	a, err := app.Open(cfg, app.Options{}) // one connection, as the CLI has
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return &session{app: a}
}

// run feeds script to the shell and returns what it printed.
func (s *session) run(script string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	err = Run(context.Background(), Options{
		App: s.app, Format: "list", Output: format.Options{Header: true},
		Streams: Streams{In: strings.NewReader(script), Out: &out, Err: &errOut},
	})
	return out.String(), errOut.String(), err
}

func TestScriptsRunStatementsAndDotCommands(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"a statement", "SELECT 1 AS n;\n", "n\n1\n"},
		{"over several lines", "SELECT\n  1 AS n\n;\n", "n\n1\n"},
		{"semicolon inside a string", "SELECT 'a;b' AS s;\n", "s\na;b\n"},
		{"two statements on a line", "SELECT 1 AS a; SELECT 2 AS b;\n", "a\n1\nb\n2\n"},
		{"last statement needs no semicolon", "SELECT 2 AS n", "n\n2\n"},
		{"comment lines", "-- a note\nSELECT 3 AS n; -- another\n", "n\n3\n"},
		{"a dot inside a statement is SQL", "SELECT\n.5 AS n;\n", "n\n0.5\n"},
		{".headers off", ".headers off\nSELECT 1 AS n;\n", "1\n"},
		{".mode csv", ".mode csv\nSELECT 'a,b' AS x;\n", "x\n\"a,b\"\n"},
		{".mode box", ".mode box\nSELECT 1 AS n;\n", "┌───┐\n│ n │\n├───┤\n│ 1 │\n└───┘\n"},
		{".nullvalue", ".nullvalue NULL\nSELECT NULL AS x;\n", "x\nNULL\n"},
		{"abbreviated command", ".hea off\nSELECT 1 AS n;\n", "1\n"},
		{".quit stops the script", "SELECT 1 AS a;\n.quit\nSELECT 2 AS b;\n", "a\n1\n"},
		{"tables", ".tables\n", "annotations   job_logs      runners       test_results\nartifacts     jobs          runs          workflows\ncaches        repos         steps\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := newSession(t).run(tt.script)
			if err != nil || out != tt.want {
				t.Errorf("got %q, error %v (stderr %q)\nwant %q", out, err, errOut, tt.want)
			}
		})
	}
}

func TestMistakesSayWhatIsValid(t *testing.T) {
	tests := []struct {
		script, wantErr string
	}{
		{".mode fancy", `unknown output format "fancy": use one of table, list, csv, tsv, json, jsonl, markdown, line, box`},
		{".frobnicate", "unknown command .frobnicate: enter .help for the list of commands"},
		{".headers maybe", `.headers: want on or off, got "maybe"`},
		{".timer", ""}, // shows the setting
		{".once", "usage: .once FILE"},
		{".mode a b", "usage: .mode [MODE]"},
		{".repo nope", `invalid repository "nope": want OWNER/REPO`},
		{".read no-such-file.sql", "no-such-file.sql: no such file or directory"},
		{".examples 0", "no example"},
		{"SELECT nope;", "no such column: nope"},
		{"SELECT * FROM jobs;", "jobs: needs "},
	}
	for _, tt := range tests {
		t.Run(tt.script, func(t *testing.T) {
			t.Chdir(t.TempDir()) // no examples here, nor next to the test binary
			_, _, err := newSession(t).run(tt.script)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestReadRunsAFileAndNamesTheLineThatFailed(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "q.sql")
	write(t, file, "SELECT 1 AS a;\n\n-- the next one is wrong\nSELECT\n  nope;\nSELECT 2 AS b;\n")
	out, _, err := newSession(t).run(".read " + file + "\n")
	if out != "a\n1\n" {
		t.Errorf("output %q: want the statements before the error only", out)
	}
	want := file + ":4: no such column: nope"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestReadStopsAFileThatReadsItself(t *testing.T) {
	file := filepath.Join(t.TempDir(), "loop.sql")
	write(t, file, ".read "+file+"\n")
	_, _, err := newSession(t).run(".read " + file + "\n")
	if err == nil || !strings.Contains(err.Error(), "is one reading itself?") {
		t.Errorf("error = %v, want the loop named", err)
	}
}

func TestOnceWritesTheNextResultAsJSON(t *testing.T) {
	file := filepath.Join(t.TempDir(), "out.json")
	out, _, err := newSession(t).run(fmt.Sprintf(
		".mode json\n.once %s\nSELECT name, conclusion FROM jobs WHERE run_id = %d AND run_attempt = 1 ORDER BY name LIMIT 2;\nSELECT 2 AS next;\n",
		file, fakegh.FlakyRunID))
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(read(t, file), &rows); err != nil {
		t.Fatalf(".once file is not JSON: %v\n%s", err, read(t, file))
	}
	if len(rows) != 2 || rows[0]["name"] != "build" || rows[0]["conclusion"] != "skipped" {
		t.Errorf(".once file holds %v, want the first two jobs by name", rows)
	}
	if out != "[{\"next\":2}]\n" {
		t.Errorf("stdout = %q, want only the statement after the .once one", out)
	}
}

func TestOutputRedirectsUntilReset(t *testing.T) {
	file := filepath.Join(t.TempDir(), "out.txt")
	out, _, err := newSession(t).run(".output " + file + "\nSELECT 1 AS a;\n.schema steps\n.output\nSELECT 2 AS b;\n")
	if err != nil {
		t.Fatal(err)
	}
	got := string(read(t, file))
	if !strings.HasPrefix(got, "a\n1\n") || !strings.Contains(got, "CREATE TABLE steps (") {
		t.Errorf("file holds %q, want the result and the schema", got)
	}
	if out != "b\n2\n" {
		t.Errorf("stdout = %q, want the result after .output alone", out)
	}
}

func TestOpenKeepsResultsInAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "kept.db")
	script := fmt.Sprintf(".open %s\nCREATE TABLE saved.failures AS SELECT name FROM jobs WHERE run_id = %d AND conclusion = 'failure';\n", file, fakegh.FlakyRunID)
	if _, errOut, err := newSession(t).run(script); err != nil {
		t.Fatalf("%v (stderr %q)", err, errOut)
	}
	// A new session, as after restarting actionsql, finds the table.
	out, errOut, err := newSession(t).run(".open " + file + "\nSELECT name FROM saved.failures;\n.tables\n.schema saved.failures\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name\ntest (macos-14, 3.12)\n", "saved.failures", "CREATE TABLE failures(name TEXT);"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, `attached as "saved"`) {
		t.Errorf(".open did not say how to use the file: %q", errOut)
	}
}

func TestOpenRefusesAFileThatIsNoDatabase(t *testing.T) {
	file := filepath.Join(t.TempDir(), "notes.txt")
	write(t, file, strings.Repeat("not a database\n", 100))
	_, _, err := newSession(t).run(".open " + file + "\n")
	if err == nil || !strings.Contains(err.Error(), "not a database") {
		t.Errorf("error = %v, want it to say the file is not a database", err)
	}
}

func TestSchemaShowsOneTableWithItsComments(t *testing.T) {
	out, _, err := newSession(t).run(".schema jobs\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "CREATE TABLE jobs (") || !strings.Contains(out, "-- job id") || strings.Contains(out, "CREATE TABLE steps") {
		t.Errorf(".schema jobs printed:\n%s", out)
	}
	out, _, err = newSession(t).run(".schema\n")
	for _, want := range []string{"CREATE TABLE artifacts (", "CREATE TABLE caches (", "CREATE TABLE runners (", `"Administration: read"`} {
		if err != nil || !strings.Contains(out, want) {
			t.Errorf(".schema: %v; it lacks %q", err, want)
		}
	}
	_, _, err = newSession(t).run(".schema nosuch\n")
	if err == nil || err.Error() != "line 1: no table named nosuch: .tables lists them" {
		t.Errorf(".schema nosuch: %v", err)
	}
}

func TestRepoShowsAndSetsTheDefaultRepository(t *testing.T) {
	script := fmt.Sprintf(".repo\n.repo %s\nSELECT DISTINCT repo FROM jobs WHERE run_id = %d;\n", fakegh.APIServerRepo, fakegh.APIServerFailedRunID)
	out, errOut, err := newSession(t).run(script)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut, "default repository: octo-org/webapp") || !strings.Contains(errOut, "now read octo-org/api-server") {
		t.Errorf("messages: %q", errOut)
	}
	if out != "repo\napi-server\n" {
		t.Errorf("query after .repo printed %q, want it to read api-server", out)
	}
}

func TestTimerReportsWhatAStatementFetched(t *testing.T) {
	script := fmt.Sprintf(".rate\n.timer on\nSELECT count(*) FROM jobs WHERE run_id = %d;\n.rate\n", fakegh.FlakyRunID)
	_, errOut, err := newSession(t).run(script)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`no rate limit reported yet: the API reports it with each response, so run a query first`,
		`Run Time: \d+\.\d{3} s; 1 API request \(0 answered 304\), 0 log downloads, 0 from the cache, \d+\.\d kB; rate limit 99999 of 100000 left`,
		`rate limit: 99999 of 100000 requests left, as of the last API response \(1 request this session\)`,
	} {
		if !regexp.MustCompile(want).MatchString(errOut) {
			t.Errorf("stderr lacks %s:\n%s", want, errOut)
		}
	}
}

func TestNotesAboutMissingDataGoToStderr(t *testing.T) {
	out, errOut, err := newSession(t).run("SELECT name FROM jobs WHERE run_id = 1;\n")
	if err != nil || out != "name\n" {
		t.Errorf("got %q, %v: want an empty result", out, err)
	}
	if !strings.HasPrefix(errOut, "actionsql: note: ") {
		t.Errorf("stderr = %q, want a note", errOut)
	}
}

func TestNoProgressLineWhenStderrIsNoTerminal(t *testing.T) {
	s := newSessionWith(t, fakegh.Options{Latency: 2 * progressDelay})
	_, errOut, err := s.run(fmt.Sprintf("SELECT count(*) FROM jobs WHERE run_id = %d;\n", fakegh.FlakyRunID))
	if err != nil || errOut != "" {
		t.Errorf("stderr = %q, %v; want nothing on stderr", errOut, err)
	}
}

func TestCacheShowsAndClearsTheDiskCache(t *testing.T) {
	if _, errOut, _ := newSession(t).run(".cache\n"); !strings.Contains(errOut, "no disk cache in this session") {
		t.Errorf("without a cache, .cache said %q", errOut)
	}
	dir := t.TempDir()
	s := newSession(t)
	cfg := s.app.Config
	cfg.CacheDir = dir
	a, err := app.Open(cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	s.app = a
	_, errOut, err := s.run(fmt.Sprintf("SELECT count(*) FROM jobs WHERE run_id = %d;\n.cache\n.cache clear\n.cache\n", fakegh.FlakyRunID))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "cache: "+dir+", ") || strings.Contains(lines[0], " 0 entries") ||
		lines[1] != "cache "+dir+" emptied" || !strings.Contains(lines[2], " in 0 entries") {
		t.Errorf(".cache, .cache clear, .cache said:\n%s", errOut)
	}
}

func TestExamplesAreBuiltInAndRunFromAnyDirectory(t *testing.T) {
	t.Chdir(t.TempDir()) // no examples/ here: they come from the binary
	n := 0
	for i, e := range examples.All() {
		if e.File == "flaky_jobs.sql" {
			n = i + 1
		}
	}
	out, errOut, err := newSession(t).run(".examples\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, fmt.Sprintf("%3d  Flaky jobs: failed on one attempt, passed on the next attempt of the same run  (flaky_jobs.sql)\n", n)) {
		t.Errorf(".examples listed:\n%s", out)
	}
	if !strings.Contains(errOut, "Run one with .examples N") {
		t.Errorf(".examples did not say how to run one: %q", errOut)
	}
	out, errOut, err = newSession(t).run(fmt.Sprintf(".examples %d\n", n))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(errOut, "-- Flaky jobs") || strings.Contains(errOut, "note:") {
		t.Errorf(".examples %d should show its SQL and no note, stderr:\n%s", n, errOut)
	}
	if !strings.Contains(out, "9398595218|test (macos-14, 3.12)|1|2\n") {
		t.Errorf(".examples %d printed:\n%s", n, out)
	}
	_, _, err = newSession(t).run(".examples 99\n")
	if err == nil || !strings.Contains(err.Error(), "give a number from 1 to ") {
		t.Errorf(".examples 99: %v", err)
	}
}

func TestAFailedStatementPrintsNothing(t *testing.T) {
	// Results are spooled: a statement that fails half-way shows no rows.
	out, _, err := newSession(t).run("SELECT 1 AS n UNION ALL SELECT abs(-9223372036854775807 - 1);\n")
	if out != "" || err == nil {
		t.Errorf("got %q, %v: want no output and an error", out, err)
	}
	if errors.Is(err, errInterrupted) {
		t.Error("a failure is not an interrupt")
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
