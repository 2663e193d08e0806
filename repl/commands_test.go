package repl

import (
	"slices"
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		line     string
		wantName string
		wantArgs []string
		wantErr  string
	}{
		{".tables", ".tables", nil, ""},
		{"  .mode   csv  ", ".mode", []string{"csv"}, ""},
		{".MODE json", ".mode", []string{"json"}, ""},
		{`.nullvalue ""`, ".nullvalue", []string{""}, ""},
		{`.read 'my queries.sql'`, ".read", []string{"my queries.sql"}, ""},
		{`.output "out file.txt"`, ".output", []string{"out file.txt"}, ""},
		{".repo octo-org/webapp", ".repo", []string{"octo-org/webapp"}, ""},
		{`.read "unclosed`, "", nil, `the quote at "\"unclosed" is not closed`},
		{".", "", nil, "a dot-command needs a name"},
	}
	for _, tt := range tests {
		name, args, err := parseCommand(tt.line)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseCommand(%q) error = %v, want %q", tt.line, err, tt.wantErr)
			}
			continue
		}
		if err != nil || name != tt.wantName || !slices.Equal(args, tt.wantArgs) {
			t.Errorf("parseCommand(%q) = %q %q %v, want %q %q", tt.line, name, args, err, tt.wantName, tt.wantArgs)
		}
	}
}

func TestLookupCommandTakesUniquePrefixes(t *testing.T) {
	tests := []struct {
		name    string
		want    string
		wantErr string
	}{
		{".headers", ".headers", ""},
		{".hea", ".headers", ""},
		{".q", ".quit", ""},
		{".sch", ".schema", ""},
		{".e", "", ".e could be .examples or .exit: type more of the name"},
		{".he", "", ".he could be .help or .headers: type more of the name"},
		{".frobnicate", "", "unknown command .frobnicate: enter .help for the list of commands"},
	}
	for _, tt := range tests {
		cmd, err := lookupCommand(tt.name)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("lookupCommand(%q) error = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || cmd.name != tt.want {
			t.Errorf("lookupCommand(%q) = %v, %v, want %s", tt.name, cmd, err, tt.want)
		}
	}
}

func TestEveryCommandIsDocumented(t *testing.T) {
	var help strings.Builder
	writeHelp(&help)
	for _, c := range commands {
		if c.help == "" || !strings.Contains(help.String(), c.usage()) {
			t.Errorf("%s is missing from .help", c.name)
		}
	}
	for _, name := range []string{".help", ".tables", ".schema", ".mode", ".headers", ".nullvalue", ".timer",
		".output", ".once", ".read", ".open", ".quit", ".exit", ".repo", ".rate", ".cache", ".examples", ".pager"} {
		if _, err := lookupCommand(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestSchemaBlockKeepsTheTablesComments(t *testing.T) {
	schema := "-- header\n\n-- One row per job.\n-- Needs: run_id.\nCREATE TABLE jobs (\n  id INTEGER, -- job id\n  name TEXT\n);\n\n-- Steps.\nCREATE TABLE steps (\n  number INTEGER\n);\n"
	got, ok := schemaBlock(schema, "JOBS")
	want := "-- One row per job.\n-- Needs: run_id.\nCREATE TABLE jobs (\n  id INTEGER, -- job id\n  name TEXT\n);"
	if !ok || got != want {
		t.Errorf("schemaBlock(jobs) = %q, %v\nwant %q", got, ok, want)
	}
	if _, ok := schemaBlock(schema, "job"); ok {
		t.Error("schemaBlock matched a prefix of a table name")
	}
}

func TestByteSize(t *testing.T) {
	tests := map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 kB", 12_400_000: "12.4 MB", 3_200_000_000: "3.2 GB"}
	for n, want := range tests {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestHistoryPath(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_STATE_HOME": "/state", "HOME": "/home/u"}, "/state/actionsql/history"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.local/state/actionsql/history"},
		// The XDG spec says to ignore a relative path.
		{map[string]string{"XDG_STATE_HOME": "state", "HOME": "/home/u"}, "/home/u/.local/state/actionsql/history"},
		{map[string]string{}, ""},
	}
	for _, tt := range tests {
		if got := historyPath(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("historyPath(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestScreenRowsCountsWrappedLines(t *testing.T) {
	tests := []struct {
		line  string
		width int
		want  int
	}{
		{"", 80, 1},
		{strings.Repeat("x", 80), 80, 1},
		{strings.Repeat("x", 81), 80, 2},
		{strings.Repeat("表", 41), 80, 2}, // wide characters take two columns
	}
	for _, tt := range tests {
		if got := screenRows(tt.line, tt.width); got != tt.want {
			t.Errorf("screenRows(%d chars, %d) = %d, want %d", len([]rune(tt.line)), tt.width, got, tt.want)
		}
	}
}
