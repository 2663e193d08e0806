package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/fakegh"
)

func TestFlagsMayFollowTheSQLAndDashDashEndsThem(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"flags after the SQL", []string{"SELECT 1 AS n", "-f", "csv", "--no-header"}, "1\n"},
		{"flags on both sides", []string{"-f", "csv", "SELECT 1 AS n", "--no-header"}, "1\n"},
		{"SQL opening with a comment", []string{"-- how many?\nSELECT 2 AS n", "--no-header"}, "2\n"},
		{"-- ends the flags", []string{"--no-header", "--", "--frobnicate\nSELECT 3 AS n"}, "3\n"},
		{"--flag=value", []string{"--format=json", "SELECT 4 AS n"}, "[{\"n\":4}]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, e, "", tt.args...)
			if r.code != 0 || r.out != tt.want {
				t.Errorf("exit %d, output %q, stderr %q; want %q", r.code, r.out, r.errOut, tt.want)
			}
		})
	}
}

func TestParamsBindEveryStatementWithSQLiteTypes(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	r := run(t, e, "", "--no-header", "--param", "run=9398595218", "--param", "who=test (macos-14, 3.12)",
		"SELECT count(*) FROM jobs WHERE run_id = :run AND name = @who; SELECT $run + 1")
	if r.code != 0 || r.out != "2\n9398595219\n" {
		t.Errorf("exit %d, output %q, stderr %q", r.code, r.out, r.errOut)
	}
	r = run(t, e, "", "-f", "csv", "--no-header", "--param", "i=-7", "--param", "r=1.5e3", "--param", "t=12abc", "--param", "s='x'", "--param", "empty=",
		"SELECT typeof(:i), :i, typeof(:r), :r, typeof(:t), :s, typeof(:empty)")
	if want := "integer,-7,real,1500.0,text,'x',text\n"; r.code != 0 || r.out != want {
		t.Errorf("exit %d, output %q, stderr %q; want %q", r.code, r.out, r.errOut, want)
	}
}

func TestParamMistakes(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no =", []string{"--param", "run", "SELECT :run"}, 2, `--param "run": want NAME=VALUE, e.g. --param run=9398595218`},
		{"bad name", []string{"--param", "1run=5", "SELECT 1"}, 2, `parameter name "1run"`},
		{"unbound", []string{"SELECT :run"}, 1, "actionsql: :run has no value: pass --param run=VALUE"},
		{"positional", []string{"SELECT ?"}, 1, "actionsql: ?: a script's parameters need names"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, e, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.errOut, tt.code, tt.stderr)
			}
		})
	}
}

func TestPipedScriptsTakeDotCommands(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	dir := t.TempDir()
	t.Chdir(dir)
	script := `.mode json
SELECT 1 AS n;
.headers off
.mode csv
.once saved.csv
SELECT name FROM jobs WHERE run_id = 9398595218 AND run_attempt = 1 AND conclusion = 'failure';
.parameter set run 9392540670
SELECT count(*) FROM jobs WHERE run_id = :run AND conclusion = 'failure';
`
	r := run(t, e, script)
	if r.code != 0 || r.out != "[{\"n\":1}]\n6\n" || r.errOut != "" {
		t.Errorf("exit %d, output %q, stderr %q", r.code, r.out, r.errOut)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "saved.csv"))
	if err != nil || string(saved) != "\"test (macos-14, 3.12)\"\n" {
		t.Errorf(".once wrote %q, %v", saved, err)
	}
}

func TestExamplesAreInTheBinary(t *testing.T) {
	t.Chdir(t.TempDir())
	r := run(t, env{}, ".examples\n", "--demo")
	if r.code != 0 || !strings.Contains(r.out, "(flaky_jobs.sql)") {
		t.Errorf("exit %d, output %q, stderr %q", r.code, r.out, r.errOut)
	}
	n := 0
	for i, e := range examples.All() {
		if e.File == "flaky_jobs.sql" {
			n = i + 1
		}
	}
	r = run(t, env{}, fmt.Sprintf(".examples %d\n", n), "--demo", "--no-header")
	if r.code != 0 || !strings.Contains(r.out, "9398595218|test (macos-14, 3.12)|1|2\n") || strings.Contains(r.errOut, "note:") {
		t.Errorf("exit %d, output %q, stderr %q", r.code, r.out, r.errOut)
	}
}

func TestAScriptErrorNamesItsLine(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	r := run(t, e, "SELECT 1 AS a;\n\nSELECT nmae\nFROM jobs WHERE run_id = 9398595218;\nSELECT 2 AS b;\n")
	want := "actionsql: line 3: no such column: nmae; columns of jobs, closest first: name, "
	if r.code != 1 || !strings.HasPrefix(r.errOut, want) {
		t.Errorf("exit %d, stderr %q; want exit 1 and %q", r.code, r.errOut, want)
	}
	if r.out != "a\n1\n" {
		t.Errorf("output %q: want the result before the error, none after", r.out)
	}
}

func TestContradictoryFlagsAreBadUsage(t *testing.T) {
	r := run(t, env{}, "", "--demo", "--api-url", "http://127.0.0.1:1", "SELECT 1")
	want := "actionsql: --demo and --api-url contradict each other: --demo serves the built-in sample GitHub"
	if r.code != 2 || !strings.HasPrefix(r.errOut, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", r.code, r.errOut, want)
	}
	// Set as ACTIONSQL_ variables, they are the same settings, so the same
	// bad usage; the runner's own GITHUB_API_URL contradicts nothing.
	r = run(t, env{"ACTIONSQL_DEMO": "1", "ACTIONSQL_API_URL": "http://127.0.0.1:1"}, "", "SELECT 1")
	if r.code != 2 || !strings.Contains(r.errOut, "ACTIONSQL_DEMO and ACTIONSQL_API_URL contradict each other") {
		t.Errorf("exit %d, stderr %q", r.code, r.errOut)
	}
	r = run(t, env{"GITHUB_API_URL": "http://127.0.0.1:1"}, "", "--demo", "SELECT 1 AS n")
	if r.code != 0 || r.out != "n\n1\n" {
		t.Errorf("--demo with GITHUB_API_URL set: exit %d, stderr %q", r.code, r.errOut)
	}
}

func TestStrictTurnsNotesIntoErrors(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	for _, tt := range []struct {
		name string
		e    env
		args []string
	}{
		{"--strict", e, []string{"--strict"}},
		{"ACTIONSQL_STRICT", env{"GITHUB_API_URL": e["GITHUB_API_URL"], "GH_REPO": e["GH_REPO"], "GH_TOKEN": e["GH_TOKEN"], "ACTIONSQL_STRICT": "1"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.e, "", append(tt.args, "SELECT name FROM jobs WHERE run_id = 12345")...)
			if r.code != 1 || r.out != "" || !strings.HasPrefix(r.errOut, "actionsql: run 12345 not found in octo-org/webapp") {
				t.Errorf("exit %d, output %q, stderr %q; want exit 1, no rows and the note as the error", r.code, r.out, r.errOut)
			}
			r = run(t, tt.e, "", append(tt.args, "SELECT count(*) AS n FROM jobs WHERE run_id = 9398595218")...)
			if r.code != 0 || r.out != "n\n18\n" {
				t.Errorf("a query with no note: exit %d, output %q, stderr %q", r.code, r.out, r.errOut)
			}
		})
	}
}
