package vtab

import (
	"context"
	"fmt"
	"slices"
)

// jobs: one row per job of every attempt of a run.
var jobsTable = declare(&Table{
	Name: "jobs",
	Keys: append(equalKeys("owner", "repo", "id", "run_id"),
		Key{Column: "run_attempt", Ops: Equal, Keeps: 0.5}, Key{Column: "filter", Ops: Equal}),
	Needs: []Need{
		{Columns: []string{"run_id"}, Cost: 1000, Rows: 100},
		{Columns: []string{"id"}, Cost: 10, Rows: 1},
	},
	Example: "WHERE run_id = 123",
}, jobColumns, generateJobs).warmsWith(warmJobs)

type jobRow struct {
	repoJob
	filter string
}

var jobColumns = columnMap[jobRow]{
	"owner":             func(r *jobRow) Value { return r.repo.Owner },
	"repo":              func(r *jobRow) Value { return r.repo.Name },
	"id":                func(r *jobRow) Value { return integer(r.job.ID) },
	"run_id":            func(r *jobRow) Value { return integer(r.job.RunID) },
	"run_attempt":       func(r *jobRow) Value { return integer(r.job.RunAttempt) },
	"name":              func(r *jobRow) Value { return text(r.job.Name) },
	"workflow_name":     func(r *jobRow) Value { return text(r.job.WorkflowName) },
	"head_branch":       func(r *jobRow) Value { return text(r.job.HeadBranch) },
	"head_sha":          func(r *jobRow) Value { return text(r.job.HeadSHA) },
	"status":            func(r *jobRow) Value { return text(r.job.Status) },
	"conclusion":        func(r *jobRow) Value { return text(r.job.Conclusion) },
	"created_at":        func(r *jobRow) Value { return timestamp(r.job.CreatedAt) },
	"started_at":        func(r *jobRow) Value { return timestamp(r.job.StartedAt) },
	"completed_at":      func(r *jobRow) Value { return timestamp(r.job.CompletedAt) },
	"queued_seconds":    func(r *jobRow) Value { return seconds(r.job.CreatedAt, r.job.StartedAt) },
	"duration_seconds":  func(r *jobRow) Value { return seconds(r.job.StartedAt, r.job.CompletedAt) },
	"runner_id":         func(r *jobRow) Value { return integer(r.job.RunnerID) },
	"runner_name":       func(r *jobRow) Value { return text(r.job.RunnerName) },
	"runner_group_id":   func(r *jobRow) Value { return integer(r.job.RunnerGroupID) },
	"runner_group_name": func(r *jobRow) Value { return text(r.job.RunnerGroupName) },
	"labels":            func(r *jobRow) Value { return jsonList(r.job.Labels) },
	"node_id":           func(r *jobRow) Value { return text(r.job.NodeID) },
	"url":               func(r *jobRow) Value { return text(r.job.URL) },
	"html_url":          func(r *jobRow) Value { return text(r.job.HTMLURL) },
	"run_url":           func(r *jobRow) Value { return text(r.job.RunURL) },
	"check_run_url":     func(r *jobRow) Value { return text(r.job.CheckRunURL) },
	"filter":            func(r *jobRow) Value { return r.filter },
}

// jobFilters are the values the list-jobs endpoint takes for filter.
var jobFilters = []string{"all", "latest"}

func generateJobs(ctx context.Context, s *Session, q *Query) (func() (*jobRow, error), error) {
	filters, err := q.jobFilters()
	if err != nil {
		return nil, err
	}
	// The filter column shows the filter asked for, so SQLite's own check of
	// the constraint keeps the row; one listing per filter asked.
	var parts []func() pull[*jobRow]
	for _, f := range filters {
		parts = append(parts, func() pull[*jobRow] {
			return each(s.jobsOf(ctx, q, "id", []string{f}), func(rj repoJob) *jobRow { return &jobRow{rj, f} })
		})
	}
	return chain(parts), nil
}

// jobFilters returns the filter values of the query, "all" when it has none.
func (q *Query) jobFilters() ([]string, error) {
	filters, ok := q.Texts("filter")
	if !ok {
		return []string{"all"}, nil
	}
	for _, f := range filters {
		if !slices.Contains(jobFilters, f) {
			return nil, fmt.Errorf("jobs: filter must be 'all' or 'latest', not %q", f)
		}
	}
	return filters, nil
}

// warmJobs starts fetching what a scan of q would read first.
func warmJobs(s *Session, q *Query) {
	filters, err := q.jobFilters()
	if err != nil {
		return
	}
	for _, f := range filters {
		warmAll(s.jobParts(context.Background(), q, "id", []string{f}))
	}
}
