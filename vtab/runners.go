package vtab

import (
	"encoding/json"
	"fmt"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// runners: one row per self-hosted runner of a repository, or of an
// organization (a Repo with no Name: the repo column is NULL).
var _ = declareEndpoint(&Table{
	Name:    "runners",
	Scope:   RepoScope,
	Needs:   []Need{{Cost: 50, Rows: 10}},
	Example: "WHERE repo = 'webapp'",
}, columnMap[runner]{
	"repo": func(r *runner) Value {
		if r.org || r.repo.Name == "" {
			return nil
		}
		return r.repo.Name
	},
}, runnerRequests)

// runner is a self-hosted runner as the API returns it.
type runner struct {
	repoRow
	org           bool          // listed as the organization's
	ID            *int64        `json:"id"`
	Name          *string       `json:"name"`
	OS            *string       `json:"os"`
	Status        *string       `json:"status"`
	Busy          *bool         `json:"busy"`
	Ephemeral     *bool         `json:"ephemeral"`
	Labels        *runnerLabels `json:"labels"`
	RunnerGroupID *int64        `json:"runner_group_id"`
}

// runnerLabels are a runner's labels; its value is the JSON array of
// their names.
type runnerLabels []struct {
	Name string `json:"name"`
}

func (l *runnerLabels) value() Value {
	names := make([]string, 0, len(*l))
	for _, label := range *l {
		names = append(names, label.Name)
	}
	b, err := json.Marshal(names)
	if err != nil {
		return nil
	}
	return string(b)
}

// runnerRequests lists a repository's runners, or an organization's
// when the Repo names no repository.
func runnerRequests(q *Query, r Repo) []fetch[runner] {
	id := func(x *runner) int64 { return deref(x.ID) }
	if r.Name == "" || ownerAlone(q) {
		f := list(Request{Path: fmt.Sprintf("/orgs/%s/actions/runners", ghapi.PathSegment(r.Owner)),
			Items: "runners", Subject: "the organization's runners", Repo: r,
			Permission: `admin rights to the organization (classic token: the admin:org scope; fine-grained: "Self-hosted runners: read")`}, id)
		f.list.fetched = func(items []*runner) {
			for _, x := range items {
				x.org = true
			}
		}
		return []fetch[runner]{f}
	}
	return []fetch[runner]{list(Request{Path: r.path("/actions/runners"), Items: "runners", Subject: "the runners", Repo: r,
		Permission: `admin rights to the repository (classic token: the repo scope; fine-grained: "Administration: read")`}, id)}
}

// ownerAlone reports whether the query constrains owner but not repo:
// then it asks for the organization's runners, though the repository
// falls back to the default one's name. (The owner-wide scope, which
// hands such a query over as a Repo with no Name, makes this redundant.)
func ownerAlone(q *Query) bool {
	_, owner := q.Texts("owner")
	_, repo := q.Texts("repo")
	return owner && !repo
}
