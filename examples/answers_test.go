package examples_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/repl"
)

// These tests hold the cookbook's answers to saying what their titles
// say, beyond returning rows: a question about runs gets one row per run,
// a time averages only what ran, and an error query says what failed.

// query is a query a user is shown: a bundled example or a README block.
type query struct{ name, sql string }

// shownQueries returns the bundled examples and the README's SQL blocks.
func shownQueries(t *testing.T, root string) []query {
	t.Helper()
	var all []query
	for _, e := range examples.All() {
		all = append(all, query{e.File, e.SQL})
	}
	readme := readFile(t, filepath.Join(root, "README.md"))
	for i, b := range regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		all = append(all, query{fmt.Sprintf("README sql block %d", i+1), b[1]})
	}
	return all
}

// rows is a result as -f json prints it: one object per row.
type rows []map[string]any

// onDemo runs a script on --demo and returns the result of each of its
// statements that returns rows, in order.
func onDemo(t *testing.T, script string) []rows {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := cli.Main([]string{"--demo", "-f", "json"}, noEnv{}, repl.Streams{In: strings.NewReader(script), Out: &out, Err: &errOut}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var results []rows
	dec := json.NewDecoder(&out)
	dec.UseNumber() // run ids print as they are, not as 9.398595218e+09
	for dec.More() {
		var r rows
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("output is not JSON arrays: %v\n%.2000s", err, out.String())
		}
		results = append(results, r)
	}
	return results
}

// isScript reports whether sql holds dot-commands (.mode csv, .once FILE),
// which would change the output of what follows it in a script.
func isScript(sql string) bool {
	return regexp.MustCompile(`(?m)^[ \t]*\.[a-z]`).MatchString(sql)
}

// statement makes a query end with a semicolon, to stand in a script.
func statement(sql string) string {
	sql = strings.TrimSpace(sql)
	if !strings.HasSuffix(sql, ";") {
		sql += ";"
	}
	return sql + "\n"
}

func TestWhichStepsGotSlowerHasOneRowPerRun(t *testing.T) {
	inTempDir(t)
	for _, e := range examples.All() {
		if e.File != "step_slower_on_main.sql" {
			continue
		}
		r := onDemo(t, e.SQL)[0]
		seen := map[any]bool{}
		for _, row := range r {
			if seen[row["run_id"]] {
				t.Errorf("run %v has more than one row: each attempt of a re-run counted as a run", row["run_id"])
			}
			seen[row["run_id"]] = true
		}
		if len(r) == 0 || len(r) > 40 {
			t.Errorf("%d rows: want one for each of the last 40 runs that ran the step", len(r))
		}
		return
	}
	t.Fatal("step_slower_on_main.sql is not bundled")
}

// copies replaces jobs and steps with ordinary tables of the same name
// (which shadow the virtual tables for unqualified names) holding every
// job and step of the demo repository's runs, and counts the jobs no
// runner took and the steps that were skipped; leaveOut then deletes those.
// (The tables give the answers the virtual tables give: the contract pins
// that, and TestEveryBundledExampleReturnsRowsWithoutANote runs them there.)
const (
	copies = `
CREATE TEMP TABLE jobs AS SELECT * FROM main.jobs WHERE run_id IN (SELECT id FROM main.runs);
CREATE TEMP TABLE steps AS SELECT * FROM main.steps WHERE run_id IN (SELECT id FROM main.runs);
SELECT (SELECT count(*) FROM jobs WHERE runner_name IS NULL) AS jobs,
       (SELECT count(*) FROM steps WHERE conclusion IS 'skipped') AS steps;
`
	leaveOut = `
DELETE FROM jobs WHERE runner_name IS NULL;
DELETE FROM steps WHERE conclusion IS 'skipped';
`
)

// TestTimesLeaveOutWhatNeverRan: a skipped job, one cancelled before a
// runner took it and a skipped step have a duration or queue time of 0 s
// (or one that is really queue time); an average, median or minimum that
// counted them would understate what runs take. So every time the queries
// show (a column ending in _s or _seconds) must stay the same when those
// jobs and steps are deleted from the tables.
func TestTimesLeaveOutWhatNeverRan(t *testing.T) {
	var timed []query
	for _, q := range shownQueries(t, inTempDir(t)) {
		if isScript(q.sql) {
			continue
		}
		if regexp.MustCompile(`(?i)\bAS \w+_s\b|duration_seconds|queued_seconds`).MatchString(q.sql) &&
			regexp.MustCompile(`\b(jobs|steps)\b`).MatchString(q.sql) {
			timed = append(timed, q)
		}
	}
	if len(timed) < 8 {
		t.Fatalf("found %d queries with times, want at least 8", len(timed))
	}
	var script strings.Builder
	script.WriteString(copies)
	for _, q := range timed {
		script.WriteString(statement(q.sql))
	}
	script.WriteString(leaveOut)
	for _, q := range timed {
		script.WriteString(statement(q.sql))
	}
	results := onDemo(t, script.String())
	if len(results) != 1+2*len(timed) {
		t.Fatalf("%d results, want %d", len(results), 1+2*len(timed))
	}
	if never := results[0][0]; never["jobs"] == json.Number("0") || never["steps"] == json.Number("0") {
		t.Fatalf("%v never ran: the demo needs jobs and steps that never ran, or this test guards nothing", never)
	}
	for i, q := range timed {
		all, hasTime := times(results[1+i])
		ran, _ := times(results[1+len(timed)+i])
		if !hasTime {
			continue // no time column in the result (big_run_waves: minutes)
		}
		if !reflect.DeepEqual(all, ran) {
			t.Errorf("%s: its times change when the jobs and steps that never ran are left out:\nwith them:    %v\nwithout them: %v", q.name, all, ran)
		}
	}
}

// times keeps of each row its text (the names rows are about) and its
// times (columns ending in _s or _seconds), leaving out counts and
// percentages, which may count a skipped job on purpose. timed is false
// when the result has no time column.
func times(r rows) (kept [][]string, timed bool) {
	for _, row := range r {
		var cols []string
		for name, v := range row {
			_, text := v.(string)
			isTime := strings.HasSuffix(name, "_s") || strings.HasSuffix(name, "_seconds")
			if text || isTime {
				cols = append(cols, fmt.Sprintf("%s=%v", name, v))
			}
			timed = timed || isTime
		}
		slices.Sort(cols)
		kept = append(kept, cols)
	}
	return kept, timed
}

// exitCodeLine is what the runner prints when a step's command fails: it
// says that something failed, not what.
var exitCodeLine = regexp.MustCompile(`^Process completed with exit code \d+\.$`)

// TestErrorQueriesSayWhatFailed: every query that reads the failed jobs'
// logs shows, for each job, a line other than the runner's exit-code line.
func TestErrorQueriesSayWhatFailed(t *testing.T) {
	n := 0
	for _, q := range shownQueries(t, inTempDir(t)) {
		if isScript(q.sql) || !strings.Contains(q.sql, "job_logs") || !strings.Contains(q.sql, "'failure'") {
			continue
		}
		n++
		said := map[any]bool{} // by job: a line says what failed
		for _, row := range onDemo(t, q.sql)[0] {
			line, ok := row["content"].(string)
			if !ok {
				line, _ = row["message"].(string)
			}
			said[row["job"]] = said[row["job"]] || !exitCodeLine.MatchString(line)
		}
		if len(said) == 0 {
			t.Errorf("%s: no rows", q.name)
		}
		for job, ok := range said {
			if !ok {
				t.Errorf("%s: job %v shows only the exit-code line, not what failed", q.name, job)
			}
		}
	}
	if n < 3 {
		t.Errorf("found %d queries about failed jobs' logs, want at least 3 (the README's and two examples)", n)
	}
}

// exampleOnDemo runs the bundled example file on --demo.
func exampleOnDemo(t *testing.T, file string) rows {
	t.Helper()
	for _, e := range examples.All() {
		if e.File == file {
			return onDemo(t, e.SQL)[0]
		}
	}
	t.Fatalf("%s is not bundled", file)
	return nil
}

// TestLogExamplesTakeTheirAnswersOutOfTheLines: the regexp functions pull
// a tool and a bare version out of each setup line, and blank out every
// number of an error line so that alike lines count together.
func TestLogExamplesTakeTheirAnswersOutOfTheLines(t *testing.T) {
	inTempDir(t)
	version := regexp.MustCompile(`^\d+(\.\d+)+$`)
	tools := map[string]bool{}
	for _, row := range exampleOnDemo(t, "tool_versions_from_logs.sql") {
		tool, v := fmt.Sprint(row["tool"]), fmt.Sprint(row["version"])
		tools[tool] = true
		if !version.MatchString(v) {
			t.Errorf("%s: version %q, want only the version number", tool, v)
		}
	}
	for _, want := range []string{"CPython", "git", "runner"} {
		if !tools[want] {
			t.Errorf("no row for %s; tools found: %v", want, tools)
		}
	}

	errs := exampleOnDemo(t, "recurring_errors_in_logs.sql")
	seen := map[string]bool{}
	for i, row := range errs {
		line := fmt.Sprint(row["error"])
		seen[line] = true
		if strings.ContainsAny(line, "0123456789") {
			t.Errorf("error line %q still has a number: alike lines would count apart", line)
		}
		if i > 0 && count(t, row["times"]) > count(t, errs[i-1]["times"]) {
			t.Errorf("row %d (%s times) after one of %s: want the most frequent first", i+1, row["times"], errs[i-1]["times"])
		}
	}
	if !seen["Process completed with exit code N."] {
		t.Errorf("no row for the runner's \"Process completed with exit code N.\" lines: %v", errs)
	}
}

// count is an integer column of a -f json row.
func count(t *testing.T, v any) int64 {
	t.Helper()
	n, err := v.(json.Number).Int64()
	if err != nil {
		t.Fatalf("%v is not a count: %v", v, err)
	}
	return n
}
