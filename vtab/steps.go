package vtab

import (
	"context"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// steps: one row per step of a job. Steps come inside the job objects, so
// they cost no request of their own.
var stepsTable = declare(&Table{
	Name: "steps",
	Keys: append(equalKeys("owner", "repo", "job_id", "run_id"),
		Key{Column: "run_attempt", Ops: Equal, Keeps: 0.5}),
	Needs: []Need{
		{Columns: []string{"job_id"}, Cost: 10, Rows: 10},
		{Columns: []string{"run_id"}, Cost: 1000, Rows: 1000},
	},
	Example: "WHERE run_id = 123",
}, stepColumns, generateSteps).warmsWith(func(s *Session, q *Query) {
	warmAll(s.jobParts(context.Background(), q, "job_id", []string{"all"}))
})

type stepRow struct {
	repoJob
	step *ghapi.JobStep
}

var stepColumns = columnMap[stepRow]{
	"owner":            func(r *stepRow) Value { return r.repo.Owner },
	"repo":             func(r *stepRow) Value { return r.repo.Name },
	"run_id":           func(r *stepRow) Value { return integer(r.job.RunID) },
	"run_attempt":      func(r *stepRow) Value { return integer(r.job.RunAttempt) },
	"job_id":           func(r *stepRow) Value { return integer(r.job.ID) },
	"job_name":         func(r *stepRow) Value { return text(r.job.Name) },
	"number":           func(r *stepRow) Value { return integer(r.step.Number) },
	"name":             func(r *stepRow) Value { return text(r.step.Name) },
	"status":           func(r *stepRow) Value { return text(r.step.Status) },
	"conclusion":       func(r *stepRow) Value { return text(r.step.Conclusion) },
	"started_at":       func(r *stepRow) Value { return timestamp(r.step.StartedAt) },
	"completed_at":     func(r *stepRow) Value { return timestamp(r.step.CompletedAt) },
	"duration_seconds": func(r *stepRow) Value { return seconds(r.step.StartedAt, r.step.CompletedAt) },
}

func generateSteps(ctx context.Context, s *Session, q *Query) (func() (*stepRow, error), error) {
	jobs := s.jobsOf(ctx, q, "job_id", []string{"all"})
	return flatMap(jobs, func(rj repoJob) pull[*stepRow] {
		return each(fromSlice(rj.job.Steps), func(st *ghapi.JobStep) *stepRow { return &stepRow{rj, st} })
	}), nil
}
