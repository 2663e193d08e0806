package vtab

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
)

// runs: one row per workflow run, as its latest attempt left it (or as
// attempt N left it, with id = R AND attempt = N).
var _ = declare(&Table{
	Name:  "runs",
	Scope: EachRepoScope,
	Keys: []Key{
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
}, columnMap[run]{
	"duration_seconds": func(r *run) Value { return r.duration() },
	"attempt":          func(r *run) Value { return integerOrNull(r.RunAttempt) },
}, generateRuns).warmsWith(func(s *Session, q *Query) {
	if !q.ownerWide { // an owner's repositories are not known before the scan lists them
		warmAll(runParts(context.Background(), q, q.Repos))
	}
})

// run is a workflow run as the API returns it: the fields the columns
// read, and nothing of the two repository objects each run carries.
type run struct {
	repoRow
	ID              *int64      `json:"id"`
	Name            *string     `json:"name"`
	DisplayTitle    *string     `json:"display_title"`
	WorkflowID      *int64      `json:"workflow_id"`
	Path            *string     `json:"path"`
	RunNumber       *int64      `json:"run_number"`
	RunAttempt      *int64      `json:"run_attempt"`
	Event           *string     `json:"event"`
	Status          *string     `json:"status"`
	Conclusion      *string     `json:"conclusion"`
	HeadBranch      *string     `json:"head_branch"`
	HeadSHA         *string     `json:"head_sha"`
	Actor           *account    `json:"actor"`
	TriggeringActor *account    `json:"triggering_actor"`
	CreatedAt       *apiTime    `json:"created_at"`
	UpdatedAt       *apiTime    `json:"updated_at"`
	RunStartedAt    *apiTime    `json:"run_started_at"`
	CheckSuiteID    *int64      `json:"check_suite_id"`
	PullRequests    pullNumbers `json:"pull_requests"`
	NodeID          *string     `json:"node_id"`
	HTMLURL         *string     `json:"html_url"`
}

func (r *run) id() int64 { return deref(r.ID) }

// duration is how long the latest attempt took: from its start to the
// run's last update, once it has completed.
func (r *run) duration() Value {
	if r.Status == nil || *r.Status != "completed" {
		return nil
	}
	return seconds(r.RunStartedAt, r.UpdatedAt)
}

func integerOrNull(p *int64) Value {
	if p == nil {
		return nil
	}
	return *p
}

// pullNumbers are a run's pull requests; its value is the JSON array of
// their numbers.
type pullNumbers []struct {
	Number int64 `json:"number"`
}

func (p *pullNumbers) value() Value {
	numbers := make([]int64, 0, len(*p))
	for _, pr := range *p {
		numbers = append(numbers, pr.Number)
	}
	b, err := json.Marshal(numbers)
	if err != nil {
		return nil
	}
	return string(b)
}

func generateRuns(ctx context.Context, s *Session, q *Query) (func() (*run, error), error) {
	if q.NoRows() {
		return fromSlice[*run](nil), nil
	}
	repos, err := q.fanOut(ctx)
	if err != nil {
		return nil, err
	}
	return ahead(runParts(ctx, q, repos), s.readAhead()), nil
}

// runParts is one part per run, attempt or listing the query names in
// each of repos.
func runParts(ctx context.Context, q *Query, repos []Repo) []part[*run] {
	st := q.st
	created := createdWindow(q.Bounds("created_at"))
	ids, byID := q.Ints("id")
	attempts, byAttempt := q.Ints("attempt")
	var parts []part[*run]
	for _, r := range repos {
		switch {
		case byID && byAttempt:
			for _, id := range ids {
				for _, n := range attempts {
					parts = append(parts, runAttemptPart(ctx, st, r, id, n))
				}
			}
		case byID:
			for _, id := range ids {
				parts = append(parts, runPart(ctx, st, r, id))
			}
		default:
			for _, l := range q.runListings(r) {
				parts = append(parts, part[*run]{
					warm: func() { runListing(st, r, l, created).warm(st, q.want) },
					rows: func() pull[*run] {
						return each(listRuns(ctx, st, q.want, r, l, created), copyIn[run](r))
					},
				})
			}
		}
		parts = doneWith(q, parts)
	}
	return parts
}

// oneRun is the request for run id (at attempt n when n > 0).
func oneRun(r Repo, id, n int64) one[run] {
	req := Request{Path: r.path("/actions/runs/%d", id), Repo: r, Subject: fmt.Sprintf("run %d", id), Check: checkRunID}
	if n > 0 {
		req.Path += fmt.Sprintf("/attempts/%d", n)
		req.Subject = fmt.Sprintf("attempt %d of run %d", n, id)
	}
	return one[run]{req}
}

// runPart reads one run by id.
func runPart(ctx context.Context, st *statement, r Repo, id int64) part[*run] {
	o := oneRun(r, id, 0)
	return part[*run]{
		warm: func() { o.start(st) },
		rows: func() pull[*run] { return each(o.rows(ctx, st), producedRun(st, r)) },
	}
}

// runAttemptPart reads run id as attempt n left it.
func runAttemptPart(ctx context.Context, st *statement, r Repo, id, n int64) part[*run] {
	o := oneRun(r, id, n)
	return part[*run]{
		warm: func() {
			if n >= 1 {
				o.start(st)
			}
		},
		rows: func() pull[*run] {
			if n < 1 {
				return fromSlice[*run](nil) // attempts count from 1: no request can find attempt 0
			}
			return each(o.rows(ctx, st), producedRun(st, r))
		},
	}
}

// producedRun records a run read by id for inner scans to read ahead of,
// and makes its row.
func producedRun(st *statement, r Repo) func(*run) *run {
	row := copyIn[run](r)
	return func(v *run) *run {
		st.runs.add(r, v.id())
		return row(v)
	}
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

// runFilter is one listing's filters: the list-runs endpoint's path (one
// workflow's runs when workflow is set) and query parameters.
type runFilter struct {
	workflow int64
	query    url.Values
}

// runListings are the listings a query of repository r reads: one per
// combination of the values its filters were given.
func (q *Query) runListings(r Repo) []runFilter {
	listings := []runFilter{{query: url.Values{}}}
	if ids, ok := q.Ints("workflow_id"); ok {
		listings = expand(listings, ids, func(f *runFilter, id int64) { f.workflow = id })
	}
	if ids, ok := q.Ints("check_suite_id"); ok {
		listings = expand(listings, ids, func(f *runFilter, id int64) { f.query.Set("check_suite_id", strconv.FormatInt(id, 10)) })
	}
	listings = expand(listings, q.statusFilters(), setParam("status"))
	for _, f := range [][2]string{{"head_branch", "branch"}, {"event", "event"}, {"actor", "actor"}, {"head_sha", "head_sha"}} {
		if values, ok := q.Texts(f[0]); ok {
			listings = expand(listings, values, setParam(f[1]))
		}
	}
	return listings
}

func setParam(name string) func(*runFilter, string) {
	return func(f *runFilter, v string) {
		if v != "" {
			f.query.Set(name, v)
		}
	}
}

// expand is every listing once for each of values, set in it.
func expand[V any](listings []runFilter, values []V, set func(*runFilter, V)) []runFilter {
	var out []runFilter
	for _, l := range listings {
		for _, v := range values {
			c := runFilter{workflow: l.workflow, query: url.Values{}}
			for k, vs := range l.query {
				c.query[k] = vs
			}
			set(&c, v)
			out = append(out, c)
		}
	}
	return out
}
