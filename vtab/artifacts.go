package vtab

import (
	"fmt"
	"net/url"
)

// artifacts: one row per artifact a repository's runs uploaded.
var _ = declareEndpoint(&Table{
	Name:  "artifacts",
	Scope: EachRepoScope,
	Keys: []Key{
		{Column: "id", Ops: Equal}, {Column: "run_id", Ops: Equal},
		{Column: "name", Ops: Equal, Keeps: 0.1},
	},
	Needs: []Need{
		{Cost: 1000, Rows: 500}, // the repository's listing
		{Columns: []string{"run_id"}, Cost: 10, Rows: 5},
		{Columns: []string{"id"}, Cost: 5, Rows: 1},
	},
	Example: "WHERE run_id = 123",
}, columnMap[artifact]{
	"run_id":      func(a *artifact) Value { return a.run().id() },
	"head_branch": func(a *artifact) Value { return textOrNull(a.run().HeadBranch) },
	"head_sha":    func(a *artifact) Value { return textOrNull(a.run().HeadSHA) },
}, artifactRequests)

// artifact is an artifact as the API returns it.
type artifact struct {
	repoRow
	ID          *int64          `json:"id"`
	Name        *string         `json:"name"`
	SizeInBytes *int64          `json:"size_in_bytes"`
	Expired     *bool           `json:"expired"`
	Digest      *string         `json:"digest"`
	CreatedAt   *apiTime        `json:"created_at"`
	UpdatedAt   *apiTime        `json:"updated_at"`
	ExpiresAt   *apiTime        `json:"expires_at"`
	Run         *workflowRunRef `json:"workflow_run"`
}

// workflowRunRef is the run an artifact names: its id, branch and commit.
type workflowRunRef struct {
	ID         *int64  `json:"id"`
	HeadBranch *string `json:"head_branch"`
	HeadSHA    *string `json:"head_sha"`
}

// run is the run the artifact names; its fields are nil when it names none.
func (a *artifact) run() *workflowRunRef {
	if a.Run == nil {
		return &workflowRunRef{}
	}
	return a.Run
}

func (w *workflowRunRef) id() Value { return integerOrNull(w.ID) }

func textOrNull(p *string) Value {
	if p == nil {
		return nil
	}
	return *p
}

// artifactRequests: an artifact by id, a run's artifacts, the artifacts of
// a name, or the repository's listing.
func artifactRequests(q *Query, r Repo) []fetch[artifact] {
	id := func(a *artifact) int64 { return deref(a.ID) }
	if ids, ok := q.Ints("id"); ok {
		fetches := make([]fetch[artifact], len(ids))
		for i, n := range ids {
			fetches[i] = single[artifact](Request{Path: r.path("/actions/artifacts/%d", n), Repo: r,
				Subject: fmt.Sprintf("artifact %d", n), Check: "check the artifact id (artifacts.id, or the number after /artifacts/ in its URL)"})
		}
		return fetches
	}
	names, byName := q.Texts("name")
	if !byName {
		names = []string{""}
	}
	var fetches []fetch[artifact]
	for _, name := range names {
		query := url.Values{}
		subject := "the artifacts"
		if byName {
			query.Set("name", name)
			subject = fmt.Sprintf("the artifacts named %q", name)
		}
		runs, byRun := q.Ints("run_id")
		if !byRun {
			fetches = append(fetches, list(Request{Path: r.path("/actions/artifacts"), Query: query, Items: "artifacts",
				Subject: subject, Repo: r}, id))
			continue
		}
		for _, run := range runs {
			fetches = append(fetches, list(Request{Path: r.path("/actions/runs/%d/artifacts", run), Query: query, Items: "artifacts",
				Subject: fmt.Sprintf("run %d", run), Check: checkRunID, Repo: r}, id))
		}
	}
	return fetches
}
