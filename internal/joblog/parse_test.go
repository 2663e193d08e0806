package joblog

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestParseLine(t *testing.T) {
	const ts = "2023-09-21T17:21:33.7513949Z"
	tests := []struct {
		name      string
		raw       string
		timestamp string
		level     string
		content   string
	}{
		{"ordinary", ts + " Requested labels: ubuntu-latest", ts, "", "Requested labels: ubuntu-latest"},
		{"group", ts + " ##[group]Run actions/checkout@v4", ts, "group", "Run actions/checkout@v4"},
		{"endgroup is empty", ts + " ##[endgroup]", ts, "endgroup", ""},
		{"error", ts + " ##[error]Process completed with exit code 1.", ts, "error", "Process completed with exit code 1."},
		{"warning", ts + " ##[warning]Node 16 is deprecated", ts, "warning", "Node 16 is deprecated"},
		{"notice", ts + " ##[notice]heads up", ts, "notice", "heads up"},
		{"debug", ts + " ##[debug]..Evaluating String:", ts, "debug", "..Evaluating String:"},
		{"command mark", ts + " ##[command]/usr/bin/git version", ts, "command", "/usr/bin/git version"},
		{"section", ts + " ##[section]Starting: Prepare job build", ts, "section", "Starting: Prepare job build"},
		{"bare command", ts + " [command]/usr/bin/git version", ts, "command", "/usr/bin/git version"},
		{"mark with parameters", ts + " ##[error file=a.go,line=3]msg", ts, "error", "msg"},
		{"warning with parameters", ts + " ##[warning title=t]careful", ts, "warning", "careful"},
		{"unknown mark is output", ts + " ##[foo]bar", ts, "", "##[foo]bar"},
		{"unclosed mark is output", ts + " ##[error no end", ts, "", "##[error no end"},
		{"pip notice is output", ts + " [notice] A new release of pip is available: 23.0.1 -> 23.2.1", ts, "", "[notice] A new release of pip is available: 23.0.1 -> 23.2.1"},
		{"mark not right after timestamp", ts + "  ##[error]x", ts, "", " ##[error]x"},
		{"ansi colour", ts + " \x1b[36;1mecho hi\x1b[0m", ts, "", "echo hi"},
		{"ansi erase line", ts + " done\x1b[K", ts, "", "done"},
		{"ansi inside group", ts + " ##[group]\x1b[1mRun x\x1b[0m", ts, "group", "Run x"},
		{"osc hyperlink with BEL", ts + " see \x1b]8;;https://x.y\x07link\x1b]8;;\x07.", ts, "", "see link."},
		{"osc with string terminator", ts + " \x1b]0;title\x1b\\text", ts, "", "text"},
		{"charset designation", ts + " \x1b(Bplain", ts, "", "plain"},
		{"lone trailing escape", ts + " text\x1b", ts, "", "text"},
		{"trailing spaces kept", ts + " python 3.9 (main) ", ts, "", "python 3.9 (main) "},
		{"empty content", ts + " ", ts, "", ""},
		{"timestamp only", ts, ts, "", ""},
		{"bom before timestamp", "\ufeff" + ts + " ##[group]Run x", ts, "group", "Run x"},
		{"bom in content", ts + " a\ufeffb", ts, "", "ab"},
		{"bom before mark", ts + " \ufeff##[error]boom", ts, "error", "boom"},
		{"short fraction", "2023-09-21T17:21:33.5Z hi", "2023-09-21T17:21:33.5Z", "", "hi"},
		{"no fraction", "2023-09-21T17:21:33Z hi", "2023-09-21T17:21:33Z", "", "hi"},
		{"no timestamp", "plain text ##[error]x", "", "", "plain text ##[error]x"},
		{"no timestamp keeps command text", "[command]/usr/bin/git", "", "", "[command]/usr/bin/git"},
		{"no timestamp loses ansi and bom", "\ufeff\x1b[32mok\x1b[0m", "", "", "ok"},
		{"timestamp glued to text", ts + "x", "", "", ts + "x"},
		{"invalid month", "2023-13-21T17:21:33.7513949Z x", "", "", "2023-13-21T17:21:33.7513949Z x"},
		{"fraction too long", "2023-09-21T17:21:33.7513949123Z x", "", "", "2023-09-21T17:21:33.7513949123Z x"},
		{"offset instead of Z", "2023-09-21T17:21:33.75+01:00 x", "", "", "2023-09-21T17:21:33.75+01:00 x"},
		{"empty line", "", "", "", ""},
		{"carriage return inside kept", ts + " 10%\r20%", ts, "", "10%\r20%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			timestamp, level, content := ParseLine(tt.raw)
			if timestamp != tt.timestamp || level != tt.level || content != tt.content {
				t.Errorf("ParseLine(%q) = (%q, %q, %q), want (%q, %q, %q)",
					tt.raw, timestamp, level, content, tt.timestamp, tt.level, tt.content)
			}
		})
	}
}

func TestParseLineTimestampSeconds(t *testing.T) {
	p := parse("2024-01-28T19:27:24.9408212Z Current runner version: '2.312.0'")
	if !p.timed || p.unixSec != 1706470044 {
		t.Errorf("parse: timed=%v unixSec=%d, want true 1706470044", p.timed, p.unixSec)
	}
}

// TestParseLineRealLogs checks levels over whole real logs against counts
// taken with grep.
func TestParseLineRealLogs(t *testing.T) {
	tests := []struct {
		file   string
		levels map[string]int
	}{
		{"joblog_real_pytables_prepare-job_test_wheels_debug.txt", map[string]int{"debug": 336, "section": 2}},
		{groundTruthLog, map[string]int{"group": 12, "endgroup": 12, "command": 20}},
		{"joblog_real_agent-data_failed_setup_error.txt", map[string]int{"group": 4, "endgroup": 4, "error": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := map[string]int{}
			sc := bufio.NewScanner(bytes.NewReader(readRealLog(t, tt.file)))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				timestamp, level, content := ParseLine(sc.Text())
				if len(timestamp) != 28 {
					t.Fatalf("line %q: timestamp %q", sc.Text(), timestamp)
				}
				if strings.IndexByte(content, escape) >= 0 {
					t.Fatalf("line %q: content %q keeps an escape", sc.Text(), content)
				}
				if level != "" {
					got[level]++
				}
			}
			if err := sc.Err(); err != nil {
				t.Fatal(err)
			}
			for level, want := range tt.levels {
				if got[level] != want {
					t.Errorf("%d %q lines, want %d (all: %v)", got[level], level, want, got)
				}
			}
			if len(got) != len(tt.levels) {
				t.Errorf("levels %v, want only %v", got, tt.levels)
			}
		})
	}
}

func FuzzParseLine(f *testing.F) {
	for _, seed := range []string{
		"2023-09-21T17:21:33.7513949Z ##[group]Run x",
		"2023-09-21T17:21:33.7513949Z ##[endgroup]",
		"2023-09-21T17:21:33.7513949Z [command]/usr/bin/git version",
		"2023-09-21T17:21:33.7513949Z ##[error file=a.go,line=3]msg",
		"2023-09-21T17:21:33.7513949Z \x1b[36;1mecho hi\x1b[0m",
		"\ufeff2023-09-21T17:21:33.7513949Z \x1b]8;;u\x1b\\l\x1b",
		"2023-09-21T17:21:33Z",
		"no timestamp \x1b[",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		timestamp, level, content := ParseLine(raw)
		if strings.IndexByte(content, escape) >= 0 {
			t.Errorf("content %q keeps an escape", content)
		}
		if len(content) > len(raw) {
			t.Errorf("content %q longer than raw %q", content, raw)
		}
		if !strings.HasPrefix(strings.TrimPrefix(raw, byteOrderMark), timestamp) {
			t.Errorf("timestamp %q is not where raw %q starts", timestamp, raw)
		}
		if timestamp == "" && level != "" {
			t.Errorf("level %q on a line without timestamp", level)
		}
		if strings.ContainsRune(raw, '\n') {
			return // not a single line, so no Raw round trip
		}
		line, err := NewReaderOptions(strings.NewReader(raw), Options{BufferSize: fuzzBufferSize}).Next()
		if raw == "" {
			if err != io.EOF {
				t.Errorf("empty input: err %v, want io.EOF", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if line.Raw != raw || line.Timestamp != timestamp || line.Level != level || line.Content != content {
			t.Errorf("Next() = %+v, want Raw %q and ParseLine's (%q, %q, %q)", line, raw, timestamp, level, content)
		}
	})
}
