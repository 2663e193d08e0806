package vtab

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// runs: one row per workflow run, as its latest attempt left it (or as
// attempt N left it, with id = R AND attempt = N).
var runsTable = declare(&Table{
	Name: "runs",
	Keys: []Key{
		{Column: "owner", Ops: Equal}, {Column: "repo", Ops: Equal},
		{Column: "id", Ops: Equal}, {Column: "attempt", Ops: Equal},
		{Column: "workflow_id", Ops: Equal, Keeps: 0.3},
		{Column: "status", Ops: Equal, Keeps: 0.5},
		{Column: "conclusion", Ops: Equal, Keeps: 0.2},
		{Column: "head_branch", Ops: Equal, Keeps: 0.3},
		{Column: "event", Ops: Equal, Keeps: 0.4},
		{Column: "actor", Ops: Equal, Keeps: 0.3},
		{Column: "head_sha", Ops: Equal, Keeps: 0.01},
		{Column: "check_suite_id", Ops: Equal, Keeps: 0.001},
		{Column: "created_at", Ops: Range, Keeps: 0.2},
	},
	Needs: []Need{
		{Cost: 1e5, Rows: 5000}, // a repository's whole history
		{Columns: []string{"id"}, Cost: 10, Rows: 1},
	},
	Descending: []string{"created_at", "id"},
	Example:    "WHERE head_branch = 'main'",
}, runColumns, generateRuns)

// repoRun is a run with the repository the query named it by.
type repoRun struct {
	repo Repo
	run  *ghapi.Run
}

var runColumns = columnMap[repoRun]{
	"owner":            func(r *repoRun) Value { return r.repo.Owner },
	"repo":             func(r *repoRun) Value { return r.repo.Name },
	"id":               func(r *repoRun) Value { return integer(r.run.ID) },
	"name":             func(r *repoRun) Value { return text(r.run.Name) },
	"display_title":    func(r *repoRun) Value { return text(r.run.DisplayTitle) },
	"workflow_id":      func(r *repoRun) Value { return integer(r.run.WorkflowID) },
	"path":             func(r *repoRun) Value { return text(r.run.Path) },
	"run_number":       func(r *repoRun) Value { return small(r.run.RunNumber) },
	"run_attempt":      func(r *repoRun) Value { return small(r.run.RunAttempt) },
	"event":            func(r *repoRun) Value { return text(r.run.Event) },
	"status":           func(r *repoRun) Value { return text(r.run.Status) },
	"conclusion":       func(r *repoRun) Value { return text(r.run.Conclusion) },
	"head_branch":      func(r *repoRun) Value { return text(r.run.HeadBranch) },
	"head_sha":         func(r *repoRun) Value { return text(r.run.HeadSHA) },
	"actor":            func(r *repoRun) Value { return login(r.run.Actor) },
	"triggering_actor": func(r *repoRun) Value { return login(r.run.TriggeringActor) },
	"created_at":       func(r *repoRun) Value { return timestamp(r.run.CreatedAt) },
	"updated_at":       func(r *repoRun) Value { return timestamp(r.run.UpdatedAt) },
	"run_started_at":   func(r *repoRun) Value { return timestamp(r.run.RunStartedAt) },
	"check_suite_id":   func(r *repoRun) Value { return integer(r.run.CheckSuiteID) },
	"pull_requests":    func(r *repoRun) Value { return pullNumbers(r.run) },
	"node_id":          func(r *repoRun) Value { return text(r.run.NodeID) },
	"html_url":         func(r *repoRun) Value { return text(r.run.HTMLURL) },
	"duration_seconds": func(r *repoRun) Value { return runDuration(r.run) },
	"attempt":          func(r *repoRun) Value { return small(r.run.RunAttempt) },
}

func small(p *int) Value {
	if p == nil {
		return nil
	}
	return int64(*p)
}

func login(u interface{ GetLogin() string }) Value {
	if l := u.GetLogin(); l != "" {
		return l
	}
	return nil
}

// pullNumbers is the JSON array of the run's pull request numbers.
func pullNumbers(run *ghapi.Run) Value {
	numbers := make([]int, 0, len(run.PullRequests))
	for _, pr := range run.PullRequests {
		numbers = append(numbers, pr.GetNumber())
	}
	b, err := json.Marshal(numbers)
	if err != nil {
		return nil
	}
	return string(b)
}

// runDuration is how long the latest attempt took: from its start to the
// run's last update, once it has completed.
func runDuration(run *ghapi.Run) Value {
	if run.GetStatus() != "completed" {
		return nil
	}
	return seconds(run.RunStartedAt, run.UpdatedAt)
}

func generateRuns(ctx context.Context, s *Session, q *Query) (func() (*repoRun, error), error) {
	if q.NoRows() {
		return fromSlice[*repoRun](nil), nil
	}
	created := createdWindow(q.Bounds("created_at"))
	st := q.st
	ids, byID := q.Ints("id")
	attempts, byAttempt := q.Ints("attempt")
	var parts []part[*repoRun]
	for _, r := range q.Repos {
		switch {
		case byID && byAttempt:
			for _, id := range ids {
				for _, n := range attempts {
					parts = append(parts, s.runAttemptPart(ctx, st, r, id, n))
				}
			}
		case byID:
			for _, id := range ids {
				parts = append(parts, s.runPart(ctx, st, r, id))
			}
		default:
			for _, l := range q.runListings(r) {
				parts = append(parts, part[*repoRun]{
					warm: func() { s.warmRunListing(st, l, created) },
					rows: func() pull[*repoRun] {
						return each(s.listRuns(ctx, st, l, created), func(run *ghapi.Run) *repoRun { return &repoRun{r, run} })
					},
				})
			}
		}
	}
	return ahead(parts, s.readAhead()), nil
}

// runStatuses are the values the list-runs endpoint's status parameter
// takes: a run's status or its conclusion.
var runStatuses = []string{"completed", "action_required", "cancelled", "failure", "neutral", "skipped", "stale",
	"success", "timed_out", "in_progress", "queued", "requested", "waiting", "pending"}

// statusFilters are the status parameters to list with: the conclusions
// asked for (the more selective), else the statuses, else none. A value
// the API does not know is not handed to it: SQLite filters the rows.
func (q *Query) statusFilters() []string {
	for _, col := range []string{"conclusion", "status"} {
		if values, ok := q.Texts(col); ok && allKnown(values, runStatuses) {
			return values
		}
	}
	return []string{""}
}

func allKnown(values, known []string) bool {
	for _, v := range values {
		if !slices.Contains(known, v) {
			return false
		}
	}
	return true
}

// runListings are the listings a query of repository r reads: one per
// combination of the values its filters were given.
func (q *Query) runListings(r Repo) []ghapi.RunListing {
	texts := func(col string) []string {
		if values, ok := q.Texts(col); ok {
			return values
		}
		return []string{""}
	}
	ints := func(col string) []int64 {
		if values, ok := q.Ints(col); ok {
			return values
		}
		return []int64{0}
	}
	l := []ghapi.RunListing{{Owner: r.Owner, Repo: r.Name}}
	l = expand(l, ints("workflow_id"), func(l *ghapi.RunListing, v int64) { l.WorkflowID = v })
	l = expand(l, ints("check_suite_id"), func(l *ghapi.RunListing, v int64) { l.CheckSuiteID = v })
	l = expand(l, q.statusFilters(), func(l *ghapi.RunListing, v string) { l.Status = v })
	l = expand(l, texts("head_branch"), func(l *ghapi.RunListing, v string) { l.Branch = v })
	l = expand(l, texts("event"), func(l *ghapi.RunListing, v string) { l.Event = v })
	l = expand(l, texts("actor"), func(l *ghapi.RunListing, v string) { l.Actor = v })
	return expand(l, texts("head_sha"), func(l *ghapi.RunListing, v string) { l.HeadSHA = v })
}

// expand is every listing of listings once for each of values, set in it.
func expand[V any](listings []ghapi.RunListing, values []V, set func(*ghapi.RunListing, V)) []ghapi.RunListing {
	var out []ghapi.RunListing
	for _, l := range listings {
		for _, v := range values {
			set(&l, v)
			out = append(out, l)
		}
	}
	return out
}
