package joblog

import (
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestEveryDetailFindsTheSameLines reads logs at each Detail: the lines,
// their numbers and (where kept) their raw text must not depend on how much
// of each line the caller asked for.
func TestEveryDetailFindsTheSameLines(t *testing.T) {
	long := strings.Repeat("x", 3*readBufferSize)
	logs := map[string]string{
		"empty":            "",
		"one line":         "2023-09-21T17:21:33.7513949Z hello\n",
		"no final newline": "a\nb",
		"blank lines":      "\n\n\n",
		"crlf":             "a\r\nb\r\n",
		"long line":        "2023-09-21T17:21:33.7513949Z " + long + "\nshort\n" + long,
	}
	for name, log := range logs {
		parsed := readAtDetail(t, log, Parsed)
		for _, d := range []Detail{RawText, NumberOnly} {
			got := readAtDetail(t, log, d)
			if len(got) != len(parsed) {
				t.Errorf("%s at detail %d: %d lines, want %d", name, d, len(got), len(parsed))
				continue
			}
			for i := range got {
				want := Line{Number: parsed[i].Number}
				if d == RawText {
					want.Raw = parsed[i].Raw
				}
				if !reflect.DeepEqual(got[i], want) {
					t.Errorf("%s at detail %d, line %d: %+.60v, want %+.60v", name, d, i+1, got[i], want)
				}
			}
		}
	}
}

func readAtDetail(t *testing.T, log string, d Detail) []Line {
	t.Helper()
	r := NewReaderOptions(strings.NewReader(log), Options{Detail: d})
	var lines []Line
	for {
		l, err := r.Next()
		if err == io.EOF {
			return lines
		}
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, l)
	}
}
