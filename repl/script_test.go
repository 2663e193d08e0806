package repl

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/format"
)

func TestScriptErrorsNameTheLineTheStatementStartsOn(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"after comments and blank lines", "SELECT 1;\n\n-- the next one is wrong\nSELECT\n  nope;\n", "line 4: no such column: nope"},
		{"second statement on a line", "SELECT 1; SELECT\n  nope;\n", "line 1: no such column: nope"},
		{"statement starting after another ends", "SELECT\n1; SELECT\nnope;\n", "line 2: no such column: nope"},
		{"last statement without ;", "SELECT 1;\nSELECT nope", "line 2: no such column: nope"},
		{"a dot-command", "SELECT 1;\n.mode fancy\n", `line 2: unknown output format "fancy"`},
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

func TestAnUnknownColumnListsTheTablesColumnsClosestFirst(t *testing.T) {
	_, _, err := newSession(t).run(fmt.Sprintf("SELECT nmae FROM jobs WHERE run_id = %d;\n", fakegh.FlakyRunID))
	want := "line 1: no such column: nmae; columns of jobs, closest first: name, "
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "check_run_url") {
		t.Errorf("error = %v\nwant it to start with %q and list every column", err, want)
	}
	// With an alias, only that table's columns; without, every table's.
	script := "CREATE TABLE t AS SELECT 1 AS conclusion, 2 AS other;\n"
	_, _, err = newSession(t).run(script + "SELECT x.conclsion FROM t AS x JOIN steps s ON s.run_id = 1;\n")
	if want := "line 2: no such column: x.conclsion; columns of t, closest first: conclusion, other"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	_, _, err = newSession(t).run(script + "SELECT conclsion FROM t JOIN steps s ON s.run_id = 1 WHERE 'jobs' = '';\n")
	for _, want := range []string{"; columns of t, closest first: conclusion, other; ", "; columns of steps, closest first: conclusion, "} {
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "columns of jobs") {
			t.Errorf("error = %v, want %q and nothing about the string 'jobs'", err, want)
		}
	}
}

func TestParameterSetListAndClear(t *testing.T) {
	script := fmt.Sprintf(`.parameter set run %d
.param set :who 'test (macos-14, 3.12)'
.parameter set ratio 1.5
.parameter list
SELECT count(*) AS n, typeof(@ratio) AS t FROM jobs WHERE run_id = $run AND name = :who;
.parameter clear who
SELECT :who;
`, fakegh.FlakyRunID)
	out, _, err := newSession(t).run(script)
	want := fmt.Sprintf("ratio 1.5\nrun %d\nwho 'test (macos-14, 3.12)'\nn|t\n2|real\n", fakegh.FlakyRunID)
	if out != want {
		t.Errorf("output %q, want %q", out, want)
	}
	if err == nil || err.Error() != "line 7: :who has no value: pass --param who=VALUE (in the shell: .parameter set who VALUE)" {
		t.Errorf("a cleared parameter: error = %v", err)
	}
	_, _, err = newSession(t).run(".parameter frobnicate\n")
	if err == nil || !strings.Contains(err.Error(), "usage: .parameter set NAME VALUE | list | clear [NAME]") {
		t.Errorf("error = %v, want the usage", err)
	}
}

func TestStrictMakesANoteTheStatementsError(t *testing.T) {
	s := newSession(t)
	s.app.Config.Strict = true
	out, errOut, err := s.run("SELECT 1 AS before;\nSELECT name FROM jobs WHERE run_id = 1;\nSELECT 2 AS after;\n")
	if err == nil || !strings.HasPrefix(err.Error(), "line 2: run 1 not found in octo-org/webapp: check the run id") {
		t.Errorf("error = %v, want the note as the error", err)
	}
	if out != "before\n1\n" || errOut != "" {
		t.Errorf("stdout %q, stderr %q: want only the first result and no note", out, errOut)
	}
}

func TestRunArgumentNamesALineOnlyWhenThereAreSeveral(t *testing.T) {
	s := newSession(t)
	run := func(text string) error {
		var out, errOut bytes.Buffer
		return RunArgument(context.Background(), Options{
			App: s.app, Format: "list", Output: format.Options{Header: true},
			Streams: Streams{In: strings.NewReader(""), Out: &out, Err: &errOut},
		}, text)
	}
	if err := run("SELECT nope"); err == nil || err.Error() != "no such column: nope" {
		t.Errorf("one line: %v", err)
	}
	if err := run("SELECT 1;\nSELECT nope;\n"); err == nil || err.Error() != "line 2: no such column: nope" {
		t.Errorf("two lines: %v", err)
	}
}
