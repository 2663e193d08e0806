package vtab

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// jobs: one row per job of every attempt of a run.
var _ = declare(&Table{
	Name:  "jobs",
	Scope: RepoScope,
	Keys: append(equalKeys("id", "run_id"),
		Key{Column: "run_attempt", Ops: Equal, Keeps: 0.5}, Key{Column: "filter", Ops: Equal}),
	Needs: []Need{
		{Columns: []string{"run_id"}, Cost: 1000, Rows: 100},
		{Columns: []string{"id"}, Cost: 10, Rows: 1},
	},
	Example: "WHERE run_id = 123",
}, columnMap[job]{
	"queued_seconds":   func(j *job) Value { return seconds(j.CreatedAt, j.StartedAt) },
	"duration_seconds": func(j *job) Value { return seconds(j.StartedAt, j.CompletedAt) },
	"filter":           func(j *job) Value { return j.filter },
}, generateJobs).warmsWith(warmJobs)

// job is a workflow job as the API returns it, with its steps.
type job struct {
	repoRow
	filter          string   // the listing's filter, for the hidden column
	ID              *int64   `json:"id"`
	RunID           *int64   `json:"run_id"`
	RunAttempt      *int64   `json:"run_attempt"`
	Name            *string  `json:"name"`
	WorkflowName    *string  `json:"workflow_name"`
	HeadBranch      *string  `json:"head_branch"`
	HeadSHA         *string  `json:"head_sha"`
	Status          *string  `json:"status"`
	Conclusion      *string  `json:"conclusion"`
	CreatedAt       *apiTime `json:"created_at"`
	StartedAt       *apiTime `json:"started_at"`
	CompletedAt     *apiTime `json:"completed_at"`
	RunnerID        *int64   `json:"runner_id"`
	RunnerName      *string  `json:"runner_name"`
	RunnerGroupID   *int64   `json:"runner_group_id"`
	RunnerGroupName *string  `json:"runner_group_name"`
	Labels          []string `json:"labels"`
	NodeID          *string  `json:"node_id"`
	URL             *string  `json:"url"`
	HTMLURL         *string  `json:"html_url"`
	RunURL          *string  `json:"run_url"`
	CheckRunURL     *string  `json:"check_run_url"`
	Steps           []*step  `json:"steps"`
}

// step is one step of a job.
type step struct {
	Number      *int64   `json:"number"`
	Name        *string  `json:"name"`
	Status      *string  `json:"status"`
	Conclusion  *string  `json:"conclusion"`
	StartedAt   *apiTime `json:"started_at"`
	CompletedAt *apiTime `json:"completed_at"`
}

func (j *job) id() int64 { return deref(j.ID) }

func text(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// jobFilters are the values the list-jobs endpoint takes for filter.
var jobFilters = []string{"all", "latest"}

func generateJobs(ctx context.Context, s *Session, q *Query) (func() (*job, error), error) {
	filters, err := q.jobFilters()
	if err != nil {
		return nil, err
	}
	// The filter column shows the filter asked for, so SQLite's own check of
	// the constraint keeps the row; one listing per filter asked.
	var parts []func() pull[*job]
	for _, f := range filters {
		parts = append(parts, func() pull[*job] {
			return each(jobsOf(ctx, q, "id", f), func(j *job) *job { j.filter = f; return j })
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
		warmAll(jobParts(context.Background(), q, "id", f))
	}
}

// oneJob is the request for job id.
func oneJob(r Repo, id int64) one[job] {
	return one[job]{Request{Path: r.path("/actions/jobs/%d", id), Repo: r,
		Subject: fmt.Sprintf("job %d", id), Check: checkJobID}}
}

// jobListing is the listing of a run's jobs: of attempt n when n > 0,
// else of every attempt (filter all) or the latest. The jobs on its pages
// are kept for the statement, so that reading one by id later costs no
// request, and recorded in order as the scan reaches them, for inner
// scans of a join to read ahead of.
func jobListing(st *statement, r Repo, runID, attempt int64, filter string) listing[job] {
	req := Request{Path: r.path("/actions/runs/%d/jobs", runID), Query: url.Values{"filter": {filter}},
		Items: "jobs", Repo: r, Subject: fmt.Sprintf("run %d", runID), Check: checkRunID}
	if attempt > 0 {
		req.Path, req.Query = r.path("/actions/runs/%d/attempts/%d/jobs", runID, attempt), nil
		req.Subject = fmt.Sprintf("attempt %d of run %d", attempt, runID)
	}
	return listing[job]{
		Request: req,
		id:      (*job).id,
		fetched: func(jobs []*job) {
			for _, j := range jobs {
				st.fetches.put(oneJob(r, j.id()).key(), j)
			}
		},
		taken: func(jobs []*job) {
			for _, j := range jobs {
				st.jobs.add(r, j.id())
			}
		},
	}
}

// listJobs yields a listing's jobs. An attempt after a run's last one is no
// mistake (a join asking each run for attempt N + 1 meets it all the time):
// it yields nothing, with no note.
func listJobs(ctx context.Context, st *statement, want int64, r Repo, runID, attempt int64, filter string) pull[*job] {
	l := jobListing(st, r, runID, attempt, filter)
	if attempt == 0 {
		return l.rows(ctx, st, want)
	}
	var jobs pull[*job]
	return func() (*job, error) {
		if jobs == nil {
			_, err := l.first(ctx, st)
			if ghapi.IsStatus(err, http.StatusNotFound) && attemptAfterLast(ctx, st, r, runID, attempt) {
				jobs = fromSlice[*job](nil)
			} else {
				jobs = l.rows(ctx, st, want)
			}
		}
		return jobs()
	}
}

// attemptAfterLast reports whether the run exists and has fewer than n attempts.
func attemptAfterLast(ctx context.Context, st *statement, r Repo, runID, n int64) bool {
	v, err := oneRun(r, runID, 0).get(ctx, st)
	return err == nil && n > deref(v.RunAttempt)
}

// jobsOf yields the jobs a query names: by id when it constrains idColumn,
// else the jobs of its runs (one attempt's when run_attempt is
// constrained). The requests for the runs or jobs named are fetched ahead
// of the rows (Session.readAhead), the client bounding how many are in
// flight. Each row is the statement's job copied with the repository as
// the query spelled it.
func jobsOf(ctx context.Context, q *Query, idColumn, filter string) pull[*job] {
	return ahead(jobParts(ctx, q, idColumn, filter), q.st.conn.session.readAhead())
}

// jobParts is jobsOf as parts: one per job or listing the query names.
func jobParts(ctx context.Context, q *Query, idColumn, filter string) []part[*job] {
	st := q.st
	var parts []part[*job]
	ids, byID := q.Ints(idColumn)
	runs, _ := q.Ints("run_id")
	attempts, byAttempt := q.Ints("run_attempt")
	if !byAttempt {
		attempts = []int64{0}
	}
	for _, r := range q.Repos {
		row := copyIn[job](r)
		if byID {
			for _, id := range ids {
				o := oneJob(r, id)
				parts = append(parts, part[*job]{warm: func() { o.start(st) },
					rows: func() pull[*job] { return each(o.rows(ctx, st), row) }})
			}
			continue
		}
		for _, run := range runs {
			for _, a := range attempts {
				parts = append(parts, part[*job]{
					warm: func() { jobListing(st, r, run, a, filter).start(st, 1) },
					rows: func() pull[*job] { return each(listJobs(ctx, st, q.want, r, run, a, filter), row) },
				})
			}
		}
	}
	return parts
}
