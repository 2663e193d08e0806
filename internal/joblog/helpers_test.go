package joblog

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// realTestdata holds real GitHub Actions logs; its README says where each
// comes from.
const realTestdata = "../../testdata/github/"

// readReal returns a file of the real test data.
func readReal(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(realTestdata, name))
	if err != nil {
		tb.Fatalf("reading real test data: %v", err)
	}
	return data
}

// readRealLog returns a real job log: a file of the real test data, or
// groundTruthLog, the whole log that the run-logs zip holds (it is not kept
// twice).
func readRealLog(tb testing.TB, name string) []byte {
	tb.Helper()
	if name == groundTruthLog {
		return []byte(loadGroundTruth(tb).log)
	}
	return readReal(tb, name)
}

// readAll runs a whole log through a Reader.
func readAll(tb testing.TB, log string, steps []Step) []Line {
	tb.Helper()
	return readAllOptions(tb, log, Options{Steps: steps})
}

// readAllOptions runs a whole log through a Reader made with opts.
func readAllOptions(tb testing.TB, log string, opts Options) []Line {
	tb.Helper()
	r := NewReaderOptions(strings.NewReader(log), opts)
	var lines []Line
	for {
		line, err := r.Next()
		if err == io.EOF {
			return lines
		}
		if err != nil {
			tb.Fatalf("Next after %d lines: %v", len(lines), err)
		}
		lines = append(lines, line)
	}
}

// stepNumbers returns each line's step, for comparing attributions at once.
func stepNumbers(lines []Line) []int64 {
	numbers := make([]int64, len(lines))
	for i, l := range lines {
		numbers[i] = l.Step
	}
	return numbers
}

// day is the date of synthetic logs; clock values are appended to it.
const day = "2024-01-28T"

// at writes one synthetic log line at clock "15:04:05.0000000".
func at(clock, text string) string {
	return day + clock + "Z " + text + "\n"
}

// ranStep describes a completed step from "15:04:05" clock values.
func ranStep(number int64, name, started, completed string) Step {
	return Step{
		Number:      number,
		Name:        name,
		Status:      "completed",
		Conclusion:  "success",
		StartedAt:   clock(started),
		CompletedAt: clock(completed),
	}
}

// clock parses "15:04:05" on the synthetic day, or a full RFC 3339 time.
func clock(hms string) time.Time {
	if !strings.Contains(hms, "T") {
		hms = day + hms + "Z"
	}
	t, err := time.Parse(time.RFC3339, hms)
	if err != nil {
		panic(err)
	}
	return t
}
