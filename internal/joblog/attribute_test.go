package joblog

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// repeatSteps lists step for count lines.
func repeatSteps(step int64, count int) []int64 {
	return slices.Repeat([]int64{step}, count)
}

func TestAttributionPyTablesLog(t *testing.T) {
	log := string(readReal(t, "joblog_real_pytables_test-3.9-ubuntu.txt"))
	const d = "2023-09-21T17:"
	steps := []Step{
		ranStep(1, "Set up job", d+"21:40Z", d+"21:41Z"),
		ranStep(2, "Run actions/download-artifact@v3", d+"21:41Z", d+"21:44Z"),
		ranStep(3, "Set up Python", d+"21:44Z", d+"21:45Z"),
		ranStep(4, "Run python -m pip install --pre --find-links wheelhouse/artifact/ tables", d+"21:45Z", d+"21:50Z"),
		ranStep(5, "Run python -m tables.tests.test_all", d+"21:50Z", d+"25:26Z"),
		ranStep(8, "Post Set up Python", d+"25:26Z", d+"25:26Z"),
		ranStep(9, "Complete job", d+"25:26Z", d+"25:26Z"),
	}
	// Line numbers of each step's first line, taken from the log by hand.
	want := slices.Concat(
		repeatSteps(0, 5),  // 1-5: waiting for a runner
		repeatSteps(1, 26), // 6: Current runner version
		repeatSteps(2, 14), // 32: ##[group]Run actions/download-artifact@v3
		repeatSteps(3, 12), // 46: ##[group]Run actions/setup-python@v4
		repeatSteps(4, 34), // 58: ##[group]Run python -m pip install ...
		repeatSteps(5, 45), // 92: ##[group]Run python -m tables.tests.test_all
		repeatSteps(8, 1),  // 137: Post job cleanup.
		repeatSteps(9, 1),  // 138: Cleaning up orphan processes
	)
	if got := stepNumbers(readAll(t, log, steps)); !slices.Equal(got, want) {
		t.Errorf("steps\n got %v\nwant %v", got, want)
	}
}

// TestAttributionFailedSetUp checks a real job whose "Set up job" failed:
// its errors belong to that step, even though the next step that ran shares
// the error's second.
func TestAttributionFailedSetUp(t *testing.T) {
	log := string(readReal(t, "joblog_real_agent-data_failed_setup_error.txt"))
	const d = "2025-06-24T04:15:"
	failed := ranStep(1, "Set up job", d+"00Z", d+"01Z")
	failed.Conclusion = "failure"
	skipped := ranStep(2, "Run actions/checkout@v4", d+"01Z", d+"01Z")
	skipped.Conclusion = "skipped"
	steps := []Step{failed, skipped, ranStep(3, "Complete job", d+"01Z", d+"01Z")}

	lines := readAll(t, log, steps)
	if len(lines) != 24 {
		t.Fatalf("%d lines, want 24", len(lines))
	}
	errorLines := 0
	for _, line := range lines {
		if line.Step != failed.Number {
			t.Errorf("line %d %q: step %d, want %d", line.Number, line.Raw, line.Step, failed.Number)
		}
		if line.Level == LevelError {
			errorLines++
		}
	}
	if errorLines != 1 {
		t.Errorf("%d error lines, want 1", errorLines)
	}
}

// syntheticCase is a hand-written log with the step each line must land in.
type syntheticCase struct {
	name  string
	steps []Step
	lines []syntheticLine
}

type syntheticLine struct {
	clock string // "15:04:05.0000000", or "" for a line without timestamp
	text  string
	step  int64
}

func (c syntheticCase) log() string {
	var b strings.Builder
	for _, l := range c.lines {
		if l.clock == "" {
			b.WriteString(l.text + "\n")
			continue
		}
		b.WriteString(at(l.clock, l.text))
	}
	return b.String()
}

func (c syntheticCase) want() []int64 {
	steps := make([]int64, len(c.lines))
	for i, l := range c.lines {
		steps[i] = l.step
	}
	return steps
}

func TestAttributionSynthetic(t *testing.T) {
	skipped := ranStep(3, "Run b", "10:00:03", "10:00:03")
	skipped.Conclusion = "skipped"
	queued := Step{Number: 6, Name: "Run d", Status: "queued"}
	running := Step{Number: 2, Name: "Run long", Status: "in_progress", StartedAt: clock("10:00:02")}
	completeQueued := Step{Number: 3, Name: "Complete job", Status: "queued"}

	tests := []syntheticCase{
		{
			name: "all steps in one second: markers decide",
			steps: []Step{
				ranStep(1, "Set up job", "10:00:00", "10:00:00"),
				ranStep(2, "Run actions/checkout@v4", "10:00:00", "10:00:00"),
				ranStep(3, "Build", "10:00:00", "10:00:00"),
				ranStep(4, "Post Run actions/checkout@v4", "10:00:00", "10:00:00"),
				ranStep(5, "Complete job", "10:00:00", "10:00:00"),
			},
			lines: []syntheticLine{
				{"10:00:00.0100000", "Job is about to start running on the runner: r (hosted)", 0},
				{"10:00:00.1000000", "Current runner version: '2.312.0'", 1},
				{"10:00:00.1100000", "Complete job name: build", 1},
				{"10:00:00.2000000", "##[group]Run actions/checkout@v4", 2},
				{"10:00:00.2100000", "with:", 2},
				{"10:00:00.2200000", "##[endgroup]", 2},
				{"10:00:00.3000000", "##[group]Run make", 3},
				{"10:00:00.3100000", "make: ok", 3},
				{"10:00:00.4000000", "Post job cleanup.", 4},
				{"10:00:00.4100000", "[command]/usr/bin/git version", 4},
				{"10:00:00.5000000", "Cleaning up orphan processes", 5},
			},
		},
		{
			name: "skipped and queued steps write nothing",
			steps: []Step{
				ranStep(1, "Set up job", "10:00:00", "10:00:01"),
				ranStep(2, "Run a", "10:00:01", "10:00:03"),
				skipped,
				ranStep(4, "Run c", "10:00:03", "10:00:05"),
				ranStep(5, "Complete job", "10:00:05", "10:00:05"),
				queued,
			},
			lines: []syntheticLine{
				{"09:59:58.0000000", "Requested labels: ubuntu-latest", 0},
				{"10:00:00.1000000", "Current runner version: '2.312.0'", 1},
				{"10:00:01.1000000", "##[group]Run a", 2},
				{"10:00:02.0000000", "a done", 2},
				{"10:00:03.5000000", "##[group]Run c", 4},
				{"10:00:04.0000000", "c done", 4},
				{"10:00:05.1000000", "Cleaning up orphan processes", 5},
			},
		},
		{
			name: "a composite action's inner step in the next step's second",
			steps: []Step{
				ranStep(1, "Set up job", "10:00:00", "10:00:00"),
				ranStep(2, "Set up toolchain", "10:00:01", "10:00:05"),
				ranStep(3, "Run make test", "10:00:05", "10:00:09"),
				ranStep(4, "Complete job", "10:00:09", "10:00:09"),
			},
			lines: []syntheticLine{
				{"10:00:00.1000000", "Current runner version: '2.312.0'", 1},
				{"10:00:01.0000000", "##[group]Run ./.github/actions/toolchain", 2},
				{"10:00:03.0000000", "##[group]Run echo one", 2},
				{"10:00:03.1000000", "one", 2},
				{"10:00:05.1000000", "##[group]Run echo two", 2},
				{"10:00:05.2000000", "two", 2},
				{"", "  a continuation line without timestamp", 2},
				{"10:00:05.6000000", "##[group]Run make test", 3},
				{"10:00:08.0000000", "ok", 3},
				{"10:00:09.1000000", "Cleaning up orphan processes", 4},
			},
		},
		{
			// Known limit: with nothing naming the next step, the first
			// start line of the shared second opens it.
			name: "an unnamed composite inner step in the next step's second",
			steps: []Step{
				ranStep(1, "Set up toolchain", "10:00:01", "10:00:05"),
				ranStep(2, "Test", "10:00:05", "10:00:09"),
			},
			lines: []syntheticLine{
				{"10:00:01.0000000", "##[group]Run ./.github/actions/toolchain", 1},
				{"10:00:05.1000000", "##[group]Run echo two", 2},
				{"10:00:05.6000000", "##[group]Run make test", 2},
			},
		},
		{
			name: "timestamps alone settle a step without a known first line",
			steps: []Step{
				ranStep(1, "Set up job", "10:00:00", "10:00:01"),
				ranStep(2, "Initialize containers", "10:00:02", "10:00:04"),
				ranStep(3, "Run x", "10:00:04", "10:00:06"),
			},
			lines: []syntheticLine{
				{"10:00:00.1000000", "Current runner version: '2.312.0'", 1},
				{"10:00:01.1000000", "Complete job name: build", 1},
				{"10:00:02.1000000", "##[group]Checking docker version", 2},
				{"10:00:03.0000000", "##[endgroup]", 2},
				{"10:00:04.5000000", "##[group]Run x", 3},
			},
		},
		{
			name: "start lines inside a step's own time stay in it",
			steps: []Step{
				ranStep(1, "Run script", "10:00:00", "10:00:10"),
				ranStep(2, "Complete job", "10:00:10", "10:00:10"),
			},
			lines: []syntheticLine{
				{"10:00:00.1000000", "##[group]Run ./script.sh", 1},
				{"10:00:02.0000000", "Cleaning up orphan processes", 1},
				{"10:00:03.0000000", "##[group]Run nested", 1},
				{"10:00:10.1000000", "Cleaning up orphan processes", 2},
			},
		},
		{
			name:  "a step still running keeps every later line",
			steps: []Step{ranStep(1, "Set up job", "10:00:00", "10:00:01"), running, completeQueued},
			lines: []syntheticLine{
				{"10:00:00.1000000", "Current runner version: '2.312.0'", 1},
				{"10:00:02.1000000", "##[group]Run long", 2},
				{"10:05:00.0000000", "Post job cleanup.", 2},
				{"10:05:00.1000000", "Cleaning up orphan processes", 2},
			},
		},
		{
			name:  "steps nil",
			steps: nil,
			lines: []syntheticLine{
				{"10:00:00.1000000", "Current runner version: '2.312.0'", 0},
				{"10:00:01.1000000", "##[group]Run a", 0},
			},
		},
		{
			name:  "no step ran",
			steps: []Step{queued},
			lines: []syntheticLine{
				{"10:00:00.1000000", "Current runner version: '2.312.0'", 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := stepNumbers(readAll(t, tt.log(), tt.steps))
			if want := tt.want(); !slices.Equal(got, want) {
				t.Errorf("steps\n got %v\nwant %v", got, want)
			}
		})
	}
}

// TestAttributionLookaheadIsBounded feeds more lines in a shared second
// than lookahead may hold: the queue stays bounded and the weak start line
// opens the step.
func TestAttributionLookaheadIsBounded(t *testing.T) {
	steps := []Step{
		ranStep(1, "Build", "10:00:00", "10:00:05"),
		ranStep(2, "Run make test", "10:00:05", "10:00:09"),
	}
	var b strings.Builder
	b.WriteString(at("10:00:00.1000000", "##[group]Run make"))
	b.WriteString(at("10:00:05.0000000", "##[group]Run echo inner"))
	const filler = 3 * maxLookaheadLines
	for i := range filler {
		b.WriteString(at("10:00:05.1000000", fmt.Sprint("output ", i)))
	}
	b.WriteString(at("10:00:05.9000000", "##[group]Run make test"))

	r := NewReader(strings.NewReader(b.String()), steps)
	var got []int64
	for {
		line, err := r.Next()
		if err != nil {
			break
		}
		if r.ahead.len() > maxLookaheadLines+1 {
			t.Fatalf("%d lines queued, limit %d", r.ahead.len(), maxLookaheadLines)
		}
		got = append(got, line.Step)
	}
	want := slices.Concat([]int64{1}, repeatSteps(2, filler+2))
	if !slices.Equal(got, want) {
		t.Errorf("got %d lines, first steps %v", len(got), got[:3])
	}
}

// TestAttributionRoundedStartBeforeFirstLine covers an API start time
// rounded up past the step's first line.
func TestAttributionRoundedStartBeforeFirstLine(t *testing.T) {
	steps := []Step{
		ranStep(1, "Set up job", "10:00:00", "10:00:02"),
		{Number: 2, Name: "Run a", Status: "completed", Conclusion: "success",
			StartedAt: clock("10:00:03"), CompletedAt: clock("10:00:04")},
	}
	log := at("10:00:00.1000000", "Current runner version: '2.312.0'") +
		at("10:00:02.1000000", "set up done") +
		at("10:00:02.7000000", "##[group]Run a") +
		at("10:00:03.5000000", "a output")
	if got, want := stepNumbers(readAll(t, log, steps)), []int64{1, 1, 2, 2}; !slices.Equal(got, want) {
		t.Errorf("steps %v, want %v", got, want)
	}
}
