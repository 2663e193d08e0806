package vtab

import "fmt"

// workflows: one row per workflow of a repository.
var _ = declareEndpoint(&Table{
	Name:  "workflows",
	Scope: EachRepoScope,
	Keys:  equalKeys("id"),
	Needs: []Need{
		{Cost: 100, Rows: 10},
		{Columns: []string{"id"}, Cost: 10, Rows: 1},
	},
	Example: "WHERE repo = 'webapp'",
}, columnMap[workflow]{}, workflowRequests)

// workflow is a workflow as the API returns it, the fields the columns read.
type workflow struct {
	repoRow
	ID        *int64   `json:"id"`
	Name      *string  `json:"name"`
	Path      *string  `json:"path"`
	State     *string  `json:"state"`
	CreatedAt *apiTime `json:"created_at"`
	UpdatedAt *apiTime `json:"updated_at"`
	HTMLURL   *string  `json:"html_url"`
	BadgeURL  *string  `json:"badge_url"`
}

func workflowRequests(q *Query, r Repo) []fetch[workflow] {
	ids, byID := q.Ints("id")
	if !byID {
		return []fetch[workflow]{list(Request{Path: r.path("/actions/workflows"), Items: "workflows",
			Subject: "the workflows", Repo: r}, func(w *workflow) int64 { return deref(w.ID) })}
	}
	fetches := make([]fetch[workflow], len(ids))
	for i, id := range ids {
		fetches[i] = single[workflow](Request{Path: r.path("/actions/workflows/%d", id), Repo: r,
			Subject: fmt.Sprintf("workflow %d", id), Check: "check the workflow id (workflows.id, or runs.workflow_id)"})
	}
	return fetches
}

// deref is *p, 0 when p is nil.
func deref[N ~int64 | ~int](p *N) N {
	if p == nil {
		return 0
	}
	return *p
}
