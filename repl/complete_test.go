package repl

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func testVocabulary() vocabulary {
	return vocabulary{
		tables: map[string][]string{
			"jobs":           {"owner", "repo", "id", "run_id", "name", "conclusion", "filter"},
			"steps":          {"job_id", "number", "name", "conclusion"},
			"job_logs":       {"job_id", "line", "content", "raw"},
			"saved.failures": {"job_id", "reason"},
		},
		commandArg: func(cmd *command, word string) []string {
			if cmd.name == ".read" {
				return []string{"a.sql", "b.sql", "notes.txt"}
			}
			if cmd.argCompletions == nil {
				return nil
			}
			return cmd.argCompletions(nil, word)
		},
	}
}

func TestCompletionCandidates(t *testing.T) {
	tests := []struct {
		name          string
		pending       string
		before, after string
		wantStart     int
		want          []string
	}{
		{name: "keyword, upper case", before: "SEL", want: []string{"SELECT"}},
		{name: "keyword, lower case", before: "sel", want: []string{"select"}},
		{name: "table after FROM", before: "SELECT * FROM jo", wantStart: 14, want: []string{"job_logs", "jobs"}},
		{name: "every table after FROM", before: "SELECT * FROM ", wantStart: 14, want: []string{"job_logs", "jobs", "saved.failures", "steps"}},
		{name: "column of the table named", before: "SELECT conc", after: " FROM steps", wantStart: 7, want: []string{"conclusion"}},
		{name: "only columns of tables named", before: "SELECT * FROM job_logs WHERE con", wantStart: 29, want: []string{"conflict", "constraint", "content"}},
		{name: "columns of every table when none named", before: "SELECT run", wantStart: 7, want: []string{"run_id"}},
		{name: "hidden columns too", before: "SELECT * FROM jobs WHERE fil", wantStart: 25, want: []string{"filter"}},
		{name: "table named on an earlier line", pending: "SELECT *\nFROM steps", before: "WHERE num", wantStart: 6, want: []string{"number"}},
		{name: "qualified column", before: "SELECT jobs.na", wantStart: 7, want: []string{"jobs.name"}},
		{name: "alias", before: "SELECT j.con", after: " FROM jobs j", wantStart: 7, want: []string{"j.conclusion"}},
		{name: "alias with AS", before: "SELECT s.num", after: " FROM jobs AS j JOIN steps AS s", wantStart: 7, want: []string{"s.number"}},
		{name: "schema", before: "SELECT * FROM saved.f", wantStart: 14, want: []string{"saved.failures"}},
		{name: "table in a string is not a table", before: "SELECT 'steps' , num", wantStart: 17, want: []string{"number"}},
		{name: "nothing for an empty word", before: "SELECT ", wantStart: 7, want: nil},
		{name: "dot-command", before: ".he", want: []string{".headers", ".help"}},
		{name: "dot-command after blanks", before: "  .ti", wantStart: 2, want: []string{".timer"}},
		{name: "mode names", before: ".mode j", wantStart: 6, want: []string{"json", "jsonl"}},
		{name: "on and off", before: ".headers o", wantStart: 9, want: []string{"off", "on"}},
		{name: "help topic", before: ".help ti", wantStart: 6, want: []string{"timer"}},
		{name: "help topic with its dot", before: ".help .ti", wantStart: 6, want: []string{".timer"}},
		{name: "file argument", before: ".read a", wantStart: 6, want: []string{"a.sql"}},
		{name: "no dot-command inside a statement", pending: "SELECT", before: ".he", wantStart: 0, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, got := candidates(testVocabulary(), tt.pending, tt.before, tt.after)
			if start != tt.wantStart || !slices.Equal(got, tt.want) {
				t.Errorf("candidates(%q|%q) = %d %q, want %d %q", tt.before, tt.after, start, got, tt.wantStart, tt.want)
			}
		})
	}
}

func TestFileNameCompletion(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"report.sql", "results.csv", ".hidden.sql", "sub/inner.sql"} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	tests := []struct {
		word string
		want []string
	}{
		{"re", []string{"report.sql", "results.csv"}},
		{"", []string{"report.sql", "results.csv", "sub/"}},
		{".h", []string{".hidden.sql"}},
		{"sub/", []string{"sub/inner.sql"}},
		{dir + "/rep", []string{dir + "/report.sql"}},
		{"missing/", nil},
	}
	for _, tt := range tests {
		got := fileNames(nil, tt.word)
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("fileNames(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
