package joblog

import (
	"fmt"
	"slices"
	"testing"
)

// With step debug logging on, the runner opens each step with lines naming
// it. Post steps take no time, so they share a second with the next one:
// time cannot tell them apart, the lines naming them must.
func TestAttributionWithStepDebugLogging(t *testing.T) {
	c := syntheticCase{
		steps: []Step{
			ranStep(1, "Set up job", "10:00:00", "10:00:00"),
			ranStep(2, "Build", "10:00:00", "10:00:04"),
			ranStep(3, "Post Set up Python 3.12", "10:00:05", "10:00:05"),
			ranStep(4, "Post Run actions/checkout@v4", "10:00:05", "10:00:05"),
			ranStep(5, "Complete job", "10:00:05", "10:00:05"),
		},
		lines: []syntheticLine{
			{"10:00:00.1000000", "Current runner version: '2.321.0'", 1},
			{"10:00:00.2000000", "##[debug]Evaluating condition for step: 'Build'", 2},
			{"10:00:00.2100000", "##[debug]Evaluating: success()", 2},
			{"10:00:00.2200000", "##[debug]Starting: Build", 2},
			{"10:00:00.3000000", "##[group]Run make", 2},
			{"10:00:04.9000000", "make: ok", 2},
			{"10:00:04.9500000", "##[debug]Finishing: Build", 2},
			{"10:00:05.0200000", "##[debug]Evaluating condition for step: 'Post Set up Python 3.12'", 3},
			{"10:00:05.0210000", "##[debug]Evaluating: always()", 3},
			{"10:00:05.0220000", "##[debug]Result: true", 3},
			{"10:00:05.0230000", "##[debug]Starting: Post Set up Python 3.12", 3},
			{"10:00:05.0300000", "Post job cleanup.", 3},
			{"10:00:05.0400000", "Cache hit occurred on the primary key, not saving cache.", 3},
			{"10:00:05.0500000", "##[debug]Finishing: Post Set up Python 3.12", 3},
			{"10:00:05.0600000", "##[debug]Evaluating condition for step: 'Post Run actions/checkout@v4'", 4},
			{"10:00:05.0610000", "##[debug]Evaluating: always()", 4},
			{"10:00:05.0620000", "##[debug]Starting: Post Run actions/checkout@v4", 4},
			{"10:00:05.0700000", "Post job cleanup.", 4},
			{"10:00:05.0800000", "[command]/usr/bin/git version", 4},
			{"10:00:05.0900000", "##[debug]Finishing: Post Run actions/checkout@v4", 4},
			{"10:00:05.1000000", "Cleaning up orphan processes", 5},
		},
	}
	got := stepNumbers(readAll(t, c.log(), c.steps))
	if want := c.want(); !slices.Equal(got, want) {
		for i, l := range c.lines {
			if got[i] != want[i] {
				t.Errorf("line %d %q: step %d, want %d", i+1, l.text, got[i], want[i])
			}
		}
	}
}

// A line naming a step that is not among the job's steps (renamed, or a
// composite action's inner step) changes nothing.
func TestAttributionIgnoresDebugLinesNamingNoStep(t *testing.T) {
	steps := []Step{ranStep(1, "Build", "10:00:00", "10:00:09"), ranStep(2, "Test", "10:00:10", "10:00:12")}
	log := at("10:00:01.0000000", "##[debug]Evaluating condition for step: 'inner step of a composite'") +
		at("10:00:02.0000000", "output") +
		at("10:00:10.5000000", "##[debug]Evaluating condition for step: 'Test'") +
		at("10:00:11.0000000", "ok")
	if got := fmt.Sprint(stepNumbers(readAll(t, log, steps))); got != "[1 1 2 2]" {
		t.Errorf("steps %s, want [1 1 2 2]", got)
	}
}
