package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/repl"
)

const perConclusion = "SELECT conclusion, count(*) AS jobs FROM jobs WHERE run_id = 9398595218 GROUP BY conclusion"

func TestChartFlagDrawsTheLastResult(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	file := filepath.Join(t.TempDir(), "jobs.svg")

	// To a file: the rows print as ever, the chart goes to the file.
	r := run(t, e, "", "--chart", "bar:"+file, "SELECT 1 AS first; "+perConclusion)
	if r.code != 0 || !strings.HasSuffix(r.out, "conclusion|jobs\nfailure|1\nskipped|2\nsuccess|15\n") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.out, r.errOut)
	}
	if want := "wrote a bar chart of 3 rows to " + file + " (1000×500 SVG)\n"; r.errOut != want {
		t.Errorf("stderr %q, want %q", r.errOut, want)
	}
	svg, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(svg), "<svg") || !strings.Contains(string(svg), ">jobs by conclusion<") {
		t.Errorf("%s: %v %.80q", file, err, svg)
	}

	// To the terminal, from ACTIONSQL_CHART and piped SQL: $COLUMNS×$LINES
	// of Unicode after the rows.
	e["ACTIONSQL_CHART"] = "line"
	t.Setenv("COLUMNS", "60")
	t.Setenv("LINES", "12")
	r = run(t, e, perConclusion+";\n")
	lines := strings.Split(strings.TrimSuffix(r.out, "\n"), "\n")
	if r.code != 0 || len(lines) != 4+12 || lines[4] != "jobs by conclusion"+strings.Repeat(" ", 60-18) {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", r.code, r.errOut, r.out)
	}

	// The flag wins over the variable.
	r = run(t, e, "", "--chart", "scatter:"+filepath.Join(t.TempDir(), "s.png"), perConclusion)
	if r.code != 0 || !strings.Contains(r.errOut, "wrote a scatter chart of 3 rows") {
		t.Errorf("exit %d, stderr %q", r.code, r.errOut)
	}
}

func TestChartFlagMistakes(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	tests := []struct {
		name string
		e    env
		args []string
		code int
		want string
	}{
		{"a kind it does not draw", e, []string{"--chart", "pie", perConclusion}, 2, `actionsql: --chart: unknown chart kind "pie": use bar, line, scatter`},
		{"a file it cannot write", e, []string{"--chart=line:out.txt", perConclusion}, 2, "actionsql: --chart: cannot tell what to write to out.txt: a chart file's name ends in .svg or .png"},
		{"no file after the colon", e, []string{"--chart", "line:", perConclusion}, 2, `actionsql: --chart: no file after "line:"`},
		{"in the variable", env{"ACTIONSQL_CHART": "pie", "ACTIONSQL_DEMO": "1"}, []string{perConclusion}, 2, `actionsql: --chart: unknown chart kind "pie"`},
		{"no numbers", e, []string{"--chart", "bar", "SELECT 'a' AS x, 'b' AS y"}, 1, "actionsql: no numbers to draw"},
		{"no result", e, []string{"--chart", "bar", "CREATE TABLE t(x)"}, 1, "actionsql: no result to draw yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.e, "", tt.args...)
			if r.code != tt.code || !strings.HasPrefix(r.errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.errOut, tt.code, tt.want)
			}
		})
	}
}

func TestChartFlagIsNotForTheShell(t *testing.T) {
	var out, errOut bytes.Buffer
	code := cli.Main([]string{"--demo", "--chart", "bar"}, env{}, repl.Streams{In: strings.NewReader(""), Out: &out, Err: &errOut, InTerminal: true, OutTerminal: true})
	if want := "actionsql: --chart draws the result of SQL given as an argument or piped in; in the interactive shell, run a query and then .chart bar"; code != 2 || !strings.HasPrefix(errOut.String(), want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut.String(), want)
	}
}

func TestChartFlagIsInTheHelp(t *testing.T) {
	r := run(t, env{}, "", "--help")
	if !strings.Contains(r.out, "--chart KIND[:FILE]") {
		t.Errorf("--help lacks --chart:\n%s", r.out)
	}
}
