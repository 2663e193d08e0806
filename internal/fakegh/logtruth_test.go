package fakegh

import (
	"testing"
	"time"
)

// TestLogStepsNameTheStepOfEveryLine holds LogSteps to the log it
// describes: one number per line, the preamble first and before the first
// step's second, then the steps in the order they ran, each line inside
// the second-precision window of the step it is given to.
func TestLogStepsNameTheStepOfEveryLine(t *testing.T) {
	d := Default()
	logs := 0
	for id, ref := range d.index() {
		body, ok := d.Log(id)
		if !ok {
			if _, ok := d.LogSteps(id); ok {
				t.Errorf("job %d: LogSteps answers for a log Log does not serve", id)
			}
			continue
		}
		steps, ok := d.LogSteps(id)
		if !ok {
			t.Fatalf("job %d: no LogSteps for a generated log", id)
		}
		logs++
		lines := parseLog(t, id, body)
		if len(steps) != len(lines) {
			t.Fatalf("job %d: LogSteps has %d entries for %d lines", id, len(steps), len(lines))
		}
		checkLineSteps(t, ref.job, lines, steps)
	}
	if logs < 500 {
		t.Fatalf("only %d logs checked", logs)
	}
}

func checkLineSteps(t *testing.T, j *Job, lines []parsedLine, steps []int) {
	t.Helper()
	byNumber := map[int]Step{}
	order := map[int]int{} // step number → its place in the job's list
	for i, st := range j.Steps {
		byNumber[st.Number], order[st.Number] = st, i
	}
	first := ranSteps(j)[0].StartedAt.Time
	prev := 0
	for i, n := range steps {
		if n == 0 {
			if prev != 0 || lines[i].at.Truncate(time.Second).After(first) {
				t.Fatalf("job %d line %d: a preamble line after the first step started", j.ID, i+1)
			}
			continue
		}
		st, ok := byNumber[n]
		switch {
		case !ok:
			t.Fatalf("job %d line %d: step %d is not a step of the job", j.ID, i+1, n)
		case prev != 0 && order[n] < order[prev]:
			t.Fatalf("job %d line %d: step %d after step %d", j.ID, i+1, n, prev)
		case !within(lines[i].at, st):
			t.Fatalf("job %d line %d at %v: outside step %d [%v, %v]", j.ID, i+1, lines[i].at, n, st.StartedAt, st.CompletedAt)
		}
		prev = n
	}
}

func TestLogStepsOfAHandSetLogAreUnknown(t *testing.T) {
	at := Time{Time: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)}
	replayed := &Job{ID: 102, Name: "replay", Status: "completed", Conclusion: str("success"),
		CreatedAt: at, StartedAt: &at, CompletedAt: &at, LogBody: []byte("2026-01-02T03:04:00.0000000Z hello\n")}
	d := &Dataset{Repos: []*Repo{{Owner: "me", Name: "tiny", Runs: []*Run{{
		ID: 7, Workflow: &Workflow{ID: 1, Name: "CI"}, Attempts: []*Attempt{{Number: 1, Status: "completed", Jobs: []*Job{replayed}}},
	}}}}}
	if _, ok := d.Log(102); !ok {
		t.Fatal("the hand-set log is not served")
	}
	if steps, ok := d.LogSteps(102); ok {
		t.Errorf("LogSteps of a hand-set log = %v, want none: the generator did not write it", steps)
	}
}
