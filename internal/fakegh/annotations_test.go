package fakegh

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAnnotationsFollowTheLog(t *testing.T) {
	s := startServer(t, Options{})
	get := func(jobID int64) []annotation {
		t.Helper()
		resp, body := fetch(t, s.URL()+"/repos/"+DemoRepo+"/check-runs/"+itoa64(jobID)+"/annotations")
		wantStatus(t, resp, body, http.StatusOK)
		var anns []annotation
		decode(t, body, &anns)
		return anns
	}
	anns := get(FlakyJobID)
	var levels, messages []string
	for _, a := range anns {
		levels = append(levels, a.AnnotationLevel)
		messages = append(messages, a.Path+":"+itoa64(int64(a.StartLine))+" "+a.Title+" "+a.Message)
	}
	joined := strings.Join(messages, "\n")
	for _, want := range []string{
		"tests/test_api.py:88 test_upstream_timeout TimeoutError: GET http://127.0.0.1:8081/upstream/health timed out after 5.0s",
		".github:1  Process completed with exit code 1.",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("annotations of the flaky job lack %q:\n%s", want, joined)
		}
	}
	if !strings.Contains(strings.Join(levels, ","), "failure") {
		t.Errorf("levels %v: a failed job has a failure annotation", levels)
	}
	_, flaky := findRun(t, FlakyRunID)
	for _, j := range flaky.Latest().Jobs {
		for _, a := range get(j.ID) {
			if a.AnnotationLevel == "failure" {
				t.Errorf("job %d of the passing attempt has a failure annotation: %+v", j.ID, a)
			}
		}
	}
	if got := get(InProgressJobID); len(got) != 0 {
		t.Errorf("a running job has no annotations yet, got %v", got)
	}
	resp, body := fetch(t, s.URL()+"/repos/"+DemoRepo+"/check-runs/1/annotations")
	wantStatus(t, resp, body, http.StatusNotFound)
}

// TestFilteredRunListingsStopAtAThousand builds a repository of 2,500 runs
// and lists them the ways GitHub caps and does not.
func TestFilteredRunListingsStopAtAThousand(t *testing.T) {
	d := ManyRuns(2500, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Hour)
	s := startServer(t, Options{Data: d})
	tests := []struct {
		query         string
		total, listed int
	}{
		{"?per_page=100&page=10", 2500, 100},
		{"?per_page=100&page=11", 2500, 100},
		{"?branch=main&per_page=100&page=10", 2500, 100},
		{"?branch=main&per_page=100&page=11", 2500, 0},
		{"?created=2026-01-01..2026-01-10&per_page=100&page=3", 240, 40},
	}
	for _, tt := range tests {
		resp, body := fetch(t, s.URL()+"/repos/me/many/actions/runs"+tt.query)
		wantStatus(t, resp, body, http.StatusOK)
		var list struct {
			TotalCount   int        `json:"total_count"`
			WorkflowRuns []struct{} `json:"workflow_runs"`
		}
		decode(t, body, &list)
		if list.TotalCount != tt.total || len(list.WorkflowRuns) != tt.listed {
			t.Errorf("%s: total_count %d, %d listed; want %d, %d", tt.query, list.TotalCount, len(list.WorkflowRuns), tt.total, tt.listed)
		}
	}
}
