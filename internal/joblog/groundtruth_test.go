package joblog

import (
	"archive/zip"
	"bytes"
	"cmp"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	groundTruthZip = "runlogs_real_tensorflow_arm-ci.zip"
	groundTruthLog = "0_build (3.10).txt"
	groundTruthDir = "build (3.10)"
	preambleLines  = 4 // "Requested labels" .. "Job is about to start running"
)

// stepFile is one of GitHub's per-step copies of the job log.
type stepFile struct {
	number int64
	name   string
	lines  []string
}

// groundTruth is a job log together with GitHub's own split of it by step.
type groundTruth struct {
	log   string
	steps []stepFile // in number order
}

func loadGroundTruth(tb testing.TB) groundTruth {
	tb.Helper()
	data := readReal(tb, groundTruthZip)
	archive, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatalf("opening %s: %v", groundTruthZip, err)
	}
	var truth groundTruth
	for _, f := range archive.File {
		switch {
		case f.Name == groundTruthLog:
			truth.log = readZipFile(tb, f)
		case f.FileInfo().IsDir():
			continue
		case path.Dir(f.Name) == groundTruthDir:
			truth.steps = append(truth.steps, parseStepFile(tb, f))
		}
	}
	if truth.log == "" || len(truth.steps) == 0 {
		tb.Fatalf("%s lacks %q or per-step files", groundTruthZip, groundTruthLog)
	}
	slices.SortFunc(truth.steps, func(a, b stepFile) int { return cmp.Compare(a.number, b.number) })
	return truth
}

func readZipFile(tb testing.TB, f *zip.File) string {
	tb.Helper()
	rc, err := f.Open()
	if err != nil {
		tb.Fatalf("opening %s: %v", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		tb.Fatalf("reading %s: %v", f.Name, err)
	}
	return string(data)
}

// parseStepFile reads "build (3.10)/<number>_<name>.txt".
func parseStepFile(tb testing.TB, f *zip.File) stepFile {
	tb.Helper()
	numberText, name, ok := strings.Cut(strings.TrimSuffix(path.Base(f.Name), ".txt"), "_")
	number, err := strconv.ParseInt(numberText, 10, 64)
	if !ok || err != nil {
		tb.Fatalf("step file name %q is not <number>_<name>.txt", f.Name)
	}
	return stepFile{number: number, name: name, lines: splitLines(readZipFile(tb, f))}
}

func splitLines(text string) []string {
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

// jobSteps derives the job object's steps from the per-step files: first and
// last timestamps, cut to seconds by toSecond.
func (g groundTruth) jobSteps(toSecond func(time.Time) time.Time) []Step {
	steps := make([]Step, 0, len(g.steps))
	for _, sf := range g.steps {
		steps = append(steps, Step{
			Number:      sf.number,
			Name:        sf.name,
			Status:      "completed",
			Conclusion:  "success",
			StartedAt:   toSecond(lineTime(sf.lines[0])),
			CompletedAt: toSecond(lineTime(sf.lines[len(sf.lines)-1])),
		})
	}
	return steps
}

func lineTime(raw string) time.Time {
	timestamp, _, _ := ParseLine(raw)
	t, err := time.Parse(time.RFC3339Nano, timestamp)
	if err != nil {
		panic(err)
	}
	return t
}

// textAfterTimestamp compares lines of the whole log and of the step files,
// whose timestamps differ by a few hundred nanoseconds.
func textAfterTimestamp(raw string) string {
	_, text, _ := strings.Cut(raw, " ")
	return text
}

// expectedSteps lists the step of every line of the whole log, checking on
// the way that the step files are the whole log cut in pieces.
func (g groundTruth) expectedSteps(tb testing.TB) []int64 {
	tb.Helper()
	whole := splitLines(g.log)
	expected := make([]int64, preambleLines, len(whole))
	for _, sf := range g.steps {
		for _, line := range sf.lines {
			i := len(expected)
			if i >= len(whole) || textAfterTimestamp(whole[i]) != textAfterTimestamp(line) {
				tb.Fatalf("step %d line %q is not line %d of the whole log", sf.number, line, i+1)
			}
			expected = append(expected, sf.number)
		}
	}
	if len(expected) != len(whole) {
		tb.Fatalf("step files cover %d lines, the whole log has %d", len(expected), len(whole))
	}
	return expected
}

func secondTruncate(t time.Time) time.Time { return t.Truncate(time.Second) }
func secondRound(t time.Time) time.Time    { return t.Round(time.Second) }

// TestAttributionMatchesGitHubStepFiles checks every line of a real job log
// against the step GitHub put it in. The API's times are whole seconds;
// both truncation and rounding are tried, since either is plausible.
func TestAttributionMatchesGitHubStepFiles(t *testing.T) {
	truth := loadGroundTruth(t)
	want := truth.expectedSteps(t)
	for _, tc := range []struct {
		name     string
		toSecond func(time.Time) time.Time
	}{
		{"truncated times", secondTruncate},
		{"rounded times", secondRound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := readAll(t, truth.log, truth.jobSteps(tc.toSecond))
			if len(lines) != len(want) {
				t.Fatalf("%d lines, want %d", len(lines), len(want))
			}
			wrong := 0
			for i, line := range lines {
				if line.Step != want[i] {
					wrong++
					if wrong <= 10 {
						t.Errorf("line %d %q: step %d, want %d", line.Number, line.Raw, line.Step, want[i])
					}
				}
			}
			if wrong > 0 {
				t.Errorf("%d of %d lines in the wrong step", wrong, len(lines))
			}
		})
	}
}

// TestAttributionStepsShuffled checks that the order of the API's steps
// does not matter.
func TestAttributionStepsShuffled(t *testing.T) {
	truth := loadGroundTruth(t)
	steps := truth.jobSteps(secondTruncate)
	slices.Reverse(steps)
	got := stepNumbers(readAll(t, truth.log, steps))
	if want := truth.expectedSteps(t); !slices.Equal(got, want) {
		t.Errorf("attribution changed with reversed steps")
	}
}
