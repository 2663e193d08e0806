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
	Scope:   OwnerOrRepoScope,
	Needs:   []Need{{Cost: 50, Rows: 10}},
	Example: "WHERE repo = 'webapp'",
}, columnMap[runner]{}, runnerRequests)

// runner is a self-hosted runner as the API returns it.
type runner struct {
	repoRow
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
	if r.Name == "" {
		return []fetch[runner]{list(Request{Path: fmt.Sprintf("/orgs/%s/actions/runners", ghapi.PathSegment(r.Owner)),
			Items: "runners", Subject: "the runners of organization " + r.Owner, Repo: r,
			Permission: `admin rights to the organization (classic token: the admin:org scope; fine-grained: "Self-hosted runners: read")`}, id)}
	}
	return []fetch[runner]{list(Request{Path: r.path("/actions/runners"), Items: "runners", Subject: "the runners", Repo: r,
		Permission: `admin rights to the repository (classic token: the repo scope; fine-grained: "Administration: read")`}, id)}
}
