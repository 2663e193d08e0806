package repl

import (
	"context"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/fakegh"
)

// byConclusion counts the jobs of the flaky run by conclusion: 3 rows.
var byConclusion = fmt.Sprintf("SELECT conclusion, count(*) AS jobs FROM jobs WHERE run_id = %d GROUP BY conclusion ORDER BY conclusion;\n", fakegh.FlakyRunID)

// seriesMarks counts the SVG elements filled with the colour of the legend
// swatch beside the series' name, the swatch left out.
func seriesMarks(t *testing.T, svg, series string) int {
	t.Helper()
	m := regexp.MustCompile(`fill:(rgb\(\d+,\d+,\d+\))"/><text[^>]*>` + regexp.QuoteMeta(series) + `</text>`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no legend entry for %s in the SVG", series)
	}
	return strings.Count(svg, "fill:"+m[1]+`"`) - 1
}

func TestChartWritesAnSVGOfThePreviousResult(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "jobs.svg")
	// A statement that returns no rows (CREATE) leaves the result to draw
	// as it was.
	out, errOut, err := newSession(t).run(byConclusion + "CREATE TABLE t(x);\n.chart bar " + file + "\n")
	if err != nil {
		t.Fatalf("%v (stderr %q)", err, errOut)
	}
	rows := strings.Count(out, "\n") - 1 // the header
	svg := string(read(t, file))
	if !strings.HasPrefix(svg, "<svg") {
		t.Fatalf("%s is no SVG: %.80q", file, svg)
	}
	if got := seriesMarks(t, svg, "jobs"); got != rows || rows != 3 {
		t.Errorf("%d bars for %d rows, want one each (3)", got, rows)
	}
	for _, label := range []string{">failure<", ">skipped<", ">success<", ">jobs by conclusion<"} {
		if !strings.Contains(svg, label) {
			t.Errorf("the SVG lacks the text %s", label)
		}
	}
	if want := fmt.Sprintf("wrote a bar chart of 3 rows to %s (1000×500 SVG)\n", file); errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
}

func TestChartWritesAPNG(t *testing.T) {
	file := filepath.Join(t.TempDir(), "jobs.PNG")
	if _, errOut, err := newSession(t).run(byConclusion + ".chart line " + file + "\n"); err != nil {
		t.Fatalf("%v (stderr %q)", err, errOut)
	}
	if png := read(t, file); !strings.HasPrefix(string(png), "\x89PNG\r\n") {
		t.Errorf("%s is no PNG: %.16q", file, png)
	}
}

func TestChartInTheTerminalFitsItsSize(t *testing.T) {
	t.Setenv("COLUMNS", "70")
	t.Setenv("LINES", "15")
	t.Setenv("NO_COLOR", "")
	out, errOut, err := newSession(t).run(".headers off\n" + byConclusion + ".chart bar\n")
	if err != nil {
		t.Fatalf("%v (stderr %q)", err, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")[3:] // after the 3 result rows
	if len(lines) != 15 {
		t.Fatalf("%d lines, want 15 ($LINES):\n%s", len(lines), out)
	}
	for i, l := range lines {
		if n := utf8.RuneCountInString(l); n != 70 || strings.Contains(l, "\x1b") {
			t.Errorf("line %d: %d wide (want 70, $COLUMNS), colours %v: %q", i+1, n, strings.Contains(l, "\x1b"), l)
		}
	}
	if !strings.HasPrefix(lines[0], "jobs by conclusion ") || !strings.HasPrefix(lines[1], "█ jobs ") || !strings.Contains(out, "█") {
		t.Errorf("want the title, the legend and bars:\n%s", strings.Join(lines, "\n"))
	}
}

func TestChartMistakes(t *testing.T) {
	tests := []struct {
		name, script string
		want         string
	}{
		{"no result yet", ".chart bar\n", "line 1: no result to draw yet: run a query first"},
		{"a kind it does not draw", byConclusion + ".chart pie\n", `line 2: unknown chart kind "pie": use bar, line, scatter`},
		{"a file it cannot write", byConclusion + ".chart bar jobs.txt\n", "line 2: cannot tell what to write to jobs.txt: a chart file's name ends in .svg or .png"},
		{"no kind", byConclusion + ".chart\n", "line 2: usage: .chart KIND [FILE]"},
		{"no numbers", "SELECT 'a' AS x, 'b' AS y;\n.chart bar\n", "line 2: no numbers to draw: "},
		{"no rows", "SELECT 1 AS x, 2 AS y WHERE 0;\n.chart line\n", "line 2: nothing to draw: the statement returned no rows"},
		{"too many rows to keep", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x <= 100000) SELECT x, x FROM c;\n.chart line\n",
			"line 2: the last result has 100001 rows, more than .chart keeps (100000 rows, 64 MB): aggregate with GROUP BY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := newSession(t).run(tt.script)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to start with %q", err, tt.want)
			}
		})
	}
}

func TestAFailedStatementLeavesTheResultToDraw(t *testing.T) {
	s := newSession(t)
	var out, errOut strings.Builder
	sh := newShell(context.Background(), Options{App: s.app, Format: "list", Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errOut}})
	defer sh.close()
	if _, err := sh.feed("SELECT nope;"); err == nil {
		t.Fatal("SELECT nope did not fail")
	}
	if _, err := sh.feed(".chart bar"); err == nil || !strings.HasPrefix(err.Error(), "no result to draw yet") {
		t.Errorf("after a failed statement alone: %v", err)
	}
	for _, line := range []string{"SELECT 'a' AS x, 1 AS y UNION ALL SELECT 'b', 2;", "SELECT nope;"} {
		sh.feed(line)
	}
	if _, err := sh.feed(".chart bar"); err != nil || !strings.Contains(out.String(), "y by x") {
		t.Errorf("after a result and a failed statement: %v\n%s", err, out.String())
	}
}

func TestChartIsInHelpAndCompletesKinds(t *testing.T) {
	out, errOut, err := newSession(t).run(".help chart\n")
	if err != nil || !strings.Contains(errOut+out, ".chart KIND [FILE]") {
		t.Errorf(".help chart: %v %q %q", err, out, errOut)
	}
	cmd, err := lookupCommand(".chart")
	if err != nil {
		t.Fatal(err)
	}
	if got := withPrefix(cmd.argCompletions(nil, "l"), "l"); len(got) == 0 || got[0] != "line" {
		t.Errorf("completions of .chart l: %q, want line first", got)
	}
}

// TestCookbookBarChartInTheTerminal draws the cookbook's bar chart (median,
// p90 and worst per job) at 80 and 160 columns: bars from 0, every job
// named, and the count of jobs left out with a note, not drawn on the
// axis of seconds.
func TestCookbookBarChartInTheTerminal(t *testing.T) {
	var ex examples.Example
	for _, e := range examples.All() {
		if e.File == "p90_per_job.sql" {
			ex = e
		}
	}
	sess := newSession(t)
	rows, _, err := sess.run(".mode csv\n.headers off\n" + ex.SQL)
	if err != nil || rows == "" {
		t.Fatalf("%s: %v", ex.File, err)
	}
	records, err := csv.NewReader(strings.NewReader(rows)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v in %q", ex.File, err, rows)
	}
	var jobs []string
	for _, r := range records {
		jobs = append(jobs, r[0])
	}
	if len(jobs) < 6 {
		t.Fatalf("%d jobs, want the demo's 6 or more: %q", len(jobs), rows)
	}
	for _, cols := range []string{"80", "160"} {
		t.Run(cols, func(t *testing.T) {
			t.Setenv("COLUMNS", cols)
			t.Setenv("LINES", "24")
			t.Setenv("NO_COLOR", "1")
			out, errOut, err := sess.run(".mode csv\n.headers off\n" + ex.SQL + ".chart bar\n")
			if err != nil {
				t.Fatalf("%v (stderr %q)", err, errOut)
			}
			chart := strings.TrimPrefix(out, rows)
			lines := strings.Split(strings.TrimSuffix(chart, "\n"), "\n")
			if len(lines) != 24 || !strings.HasPrefix(lines[0], "median_s, p90_s, max_s by job") || strings.Contains(lines[1], "jobs") {
				t.Fatalf("want 24 lines titled median_s, p90_s, max_s by job, without jobs in the legend:\n%s", chart)
			}
			if !strings.HasPrefix(lines[2], "left out jobs (a count): the axis is seconds") {
				t.Errorf("line 3 %q: want the note on the count left out", lines[2])
			}
			for _, job := range jobs {
				if !strings.Contains(chart, job) {
					t.Errorf("the chart does not name the job %q:\n%s", job, chart)
				}
			}
			if !regexp.MustCompile(`(?m)^ *0┤`).MatchString(chart) && !regexp.MustCompile(`(?m)^ *0 `).MatchString(chart) {
				t.Errorf("the value axis does not start at 0:\n%s", chart)
			}
		})
	}
}
