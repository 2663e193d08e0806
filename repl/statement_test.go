package repl

import (
	"slices"
	"testing"

	"github.com/actionsql/actionsql/internal/stmt"
)

func TestStatementBufferRunsWhenALineCompletesTheStatement(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		// want holds, per line, the statements that line completes (nil:
		// the shell keeps waiting at the continuation prompt).
		want [][]string
	}{
		{"one line", []string{"SELECT 1;"}, [][]string{{"SELECT 1;"}}},
		{"over two lines", []string{"SELECT 1", "FROM t;"}, [][]string{nil, {"SELECT 1\nFROM t;"}}},
		{"semicolon in a string", []string{"SELECT 'a;", "b';"}, [][]string{nil, {"SELECT 'a;\nb';"}}},
		{"semicolon in a comment", []string{"SELECT 1 -- no;", ";"}, [][]string{nil, {"SELECT 1 -- no;\n;"}}},
		{"semicolon in a block comment", []string{"SELECT /* ; */ 1", ";"}, [][]string{nil, {"SELECT /* ; */ 1\n;"}}},
		{"two statements on a line", []string{"SELECT 1; SELECT 2;"}, [][]string{{"SELECT 1;", "SELECT 2;"}}},
		{"a finished and an unfinished one", []string{"SELECT 1; SELECT", "2;"}, [][]string{nil, {"SELECT 1;", "SELECT\n2;"}}},
		{"comment line alone is dropped", []string{"-- just a note", "SELECT 1;"}, [][]string{nil, {"SELECT 1;"}}},
		{"blank line is dropped", []string{"", "SELECT 1;"}, [][]string{nil, {"SELECT 1;"}}},
		{"trigger body semicolons", []string{
			"CREATE TRIGGER x AFTER INSERT ON t BEGIN",
			"  SELECT 1;",
			"END;",
		}, [][]string{nil, nil, {"CREATE TRIGGER x AFTER INSERT ON t BEGIN\n  SELECT 1;\nEND;"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b statementBuffer
			for i, line := range tt.lines {
				stmts, _, done := b.add(line)
				if got := texts(stmts); done != (tt.want[i] != nil) || !slices.Equal(got, tt.want[i]) {
					t.Fatalf("after line %d %q: got %q (done %v), want %q", i+1, line, texts(stmts), done, tt.want[i])
				}
			}
			if !b.empty() {
				t.Errorf("buffer still holds %q", b.text())
			}
		})
	}
}

func TestStatementBufferFinishRunsTheLastStatementWithoutSemicolon(t *testing.T) {
	var b statementBuffer
	b.add("SELECT 1")
	if got := texts(b.finish()); !slices.Equal(got, []string{"SELECT 1"}) {
		t.Errorf("finish = %q, want the unterminated statement", got)
	}
	if !b.empty() {
		t.Error("finish left text behind")
	}
}

func texts(stmts []stmt.Statement) []string {
	var texts []string
	for _, s := range stmts {
		texts = append(texts, s.Text)
	}
	return texts
}

func TestHistoryKeepsAMultiLineStatementAsOneEntryWhenSafe(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"SELECT 1;", []string{"SELECT 1;"}},
		{"SELECT name\nFROM jobs\nWHERE run_id = 1;", []string{"SELECT name FROM jobs WHERE run_id = 1;"}},
		{"SELECT name\n    FROM jobs;", []string{"SELECT name FROM jobs;"}},
		{"SELECT /* a\nb */ 1;", []string{"SELECT /* a b */ 1;"}},
		{"SELECT 'it''s'\n, 2;", []string{"SELECT 'it''s' , 2;"}},
		// A line break that ends a comment or sits in a string would change
		// the statement if it became a space: keep the lines as typed.
		{"SELECT 1 -- one\n, 2;", []string{"SELECT 1 -- one", ", 2;"}},
		{"SELECT 'a\nb';", []string{"SELECT 'a", "b';"}},
		{"SELECT \"odd\ncolumn\" FROM t;", []string{"SELECT \"odd", "column\" FROM t;"}},
	}
	for _, tt := range tests {
		if got := historyEntries(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("historyEntries(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
