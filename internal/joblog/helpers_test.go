package joblog

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sharedTestdata holds real logs; shared/ sits beside the checkout.
const sharedTestdata = "../../../shared/testdata/github/"

// readShared returns a file of the shared test data, skipping the test when
// the folder is not there.
func readShared(tb testing.TB, name string) []byte {
	tb.Helper()
	path := filepath.Join(sharedTestdata, name)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("shared test data %s not found (expected shared/ beside the checkout): %v", path, err)
	}
	if err != nil {
		tb.Fatalf("reading shared test data: %v", err)
	}
	return data
}

// readAll runs a whole log through a Reader.
func readAll(tb testing.TB, log string, steps []Step) []Line {
	tb.Helper()
	r := NewReader(strings.NewReader(log), steps)
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
