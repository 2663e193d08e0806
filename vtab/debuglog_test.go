package vtab_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// TestStepDebugLogsAttributeEveryLineToItsStep reads the logs of the
// emulated re-run with step debug logging on, where the runner frames every
// step with lines naming it ("Evaluating condition for step: 'NAME'",
// "Starting: NAME", "Finishing: NAME") and post steps that take no time
// share a second: each such line, and each post step's own "Post job
// cleanup.", must be attributed to the step it belongs to.
func TestStepDebugLogsAttributeEveryLineToItsStep(t *testing.T) {
	db, _, _ := emulated(t, fakegh.Options{})
	rows := queryRows(t, db, fmt.Sprintf(`
		SELECT l.job_id, l.line, coalesce(s.name, ''), l.content
		FROM jobs j JOIN job_logs l ON l.job_id = j.id
		LEFT JOIN steps s ON s.job_id = l.job_id AND s.number = l.step_number
		WHERE j.run_id = %d AND j.run_attempt = 3
		  AND (l.content LIKE 'Evaluating condition for step: %%' OR l.content LIKE 'Starting: %%'
		       OR l.content LIKE 'Finishing: %%' OR l.content = 'Post job cleanup.')
		ORDER BY 1, 2`, fakegh.ThreeAttemptRunID))
	named := regexp.MustCompile(`^(?:Evaluating condition for step: '(.*)'|Starting: (.*)|Finishing: (.*))$`)
	checked, posts := 0, 0
	for _, r := range rows {
		var job, line int64
		var step, content string
		if _, err := fmt.Sscanf(r, "[]interface {}{%d, %d, ", &job, &line); err != nil {
			t.Fatalf("row %s: %v", r, err)
		}
		parts := strings.SplitN(r, `, "`, 3)
		step, content = strings.TrimSuffix(parts[1], `"`), strings.TrimSuffix(parts[2], `"}`)
		if m := named.FindStringSubmatch(content); m != nil {
			want := m[1] + m[2] + m[3]
			if step != want {
				t.Errorf("job %d line %d %q is in step %q", job, line, content, step)
			}
			checked++
			continue
		}
		if !strings.HasPrefix(step, "Post ") {
			t.Errorf("job %d line %d %q is in step %q, not a post step", job, line, content, step)
		}
		posts++
	}
	if checked < 50 || posts < 10 {
		t.Fatalf("%d named lines and %d post steps: the data set lacks debug logs to test", checked, posts)
	}
}
