package vtab

import "context"

// steps: one row per step of a job. Steps come inside the job objects, so
// they cost no request of their own.
var _ = declare(&Table{
	Name:  "steps",
	Scope: RepoScope,
	Keys: append(equalKeys("job_id", "run_id"),
		Key{Column: "run_attempt", Ops: Equal, Keeps: 0.5}),
	Needs: []Need{
		{Columns: []string{"job_id"}, Cost: 10, Rows: 10},
		{Columns: []string{"run_id"}, Cost: 1000, Rows: 1000},
	},
	Example: "WHERE run_id = 123",
}, columnMap[jobStep]{
	"run_id":           func(r *jobStep) Value { return integerOrNull(r.job.RunID) },
	"run_attempt":      func(r *jobStep) Value { return integerOrNull(r.job.RunAttempt) },
	"job_id":           func(r *jobStep) Value { return integerOrNull(r.job.ID) },
	"job_name":         func(r *jobStep) Value { return nullable(r.job.Name) },
	"duration_seconds": func(r *jobStep) Value { return seconds(r.StartedAt, r.CompletedAt) },
}, generateSteps).warmsWith(func(s *Session, q *Query) {
	warmAll(jobParts(context.Background(), q, "job_id", "all"))
})

// jobStep is a step with the job it belongs to; its other columns are the
// step's own fields.
type jobStep struct {
	*step
	job *job
}

func (r *jobStep) repository() Repo { return r.job.repo }

func nullable(p *string) Value {
	if p == nil {
		return nil
	}
	return *p
}

func generateSteps(ctx context.Context, s *Session, q *Query) (func() (*jobStep, error), error) {
	jobs := jobsOf(ctx, q, "job_id", "all")
	return flatMap(jobs, func(j *job) pull[*jobStep] {
		return each(fromSlice(j.Steps), func(st *step) *jobStep { return &jobStep{st, j} })
	}), nil
}
