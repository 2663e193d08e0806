package testresults

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validResult checks what every result promises whatever its input.
func validResult(t *testing.T, r Result) {
	t.Helper()
	switch r.Status {
	case StatusPassed, StatusFailed, StatusSkipped, StatusError:
	default:
		t.Fatalf("result with status %q: %+v", r.Status, r)
	}
	if r.Status == StatusPassed && r.Message != "" {
		t.Fatalf("a passed result with a message: %+v", r)
	}
	if strings.Contains(r.Message, "\n") {
		t.Fatalf("a message of more than one line: %+v", r)
	}
}

// FuzzLogParser feeds arbitrary logs to every log parser: none may panic,
// and each result must be one a user can read.
func FuzzLogParser(f *testing.F) {
	for _, name := range []string{"go-test-v.txt", "go-test.txt", "pytest-v.txt", "pytest-xdist.txt", "jest-verbose.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("FAIL a.test.ts\n  d\n    ✕ t\n  ● d › t\n\n    boom\n")
	f.Fuzz(func(t *testing.T, log string) {
		p, err := NewLogParser()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, line := range strings.Split(log, "\n") {
			p.Line(line)
			for r, ok := p.Next(); ok; r, ok = p.Next() {
				validResult(t, r)
				n++
			}
		}
		p.End()
		for r, ok := p.Next(); ok; r, ok = p.Next() {
			validResult(t, r)
			n++
		}
		if lines := strings.Count(log, "\n") + 1; n > 2*lines {
			t.Fatalf("%d results from %d lines", n, lines)
		}
	})
}

// FuzzJUnit reads arbitrary documents: an error or results, never a panic.
func FuzzJUnit(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "pytest-junit.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("\xef\xbb\xbf<testsuite name=\"s\"><testcase name=\"a\"><failure>\n x\n</failure></testcase></testsuite>"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		got, _ := readJUnit(bytes.NewReader(doc))
		for _, r := range got {
			validResult(t, r)
		}
	})
}
