package vtab

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// workflows: one row per workflow of a repository.
var _ = declare(&Table{
	Name: "workflows",
	Keys: equalKeys("owner", "repo", "id"),
	Needs: []Need{
		{Cost: 100, Rows: 10},
		{Columns: []string{"id"}, Cost: 10, Rows: 1},
	},
	Example: "WHERE repo = 'webapp'",
}, workflowColumns, generateWorkflows)

type repoWorkflow struct {
	repo Repo
	wf   *ghapi.Workflow
}

var workflowColumns = columnMap[repoWorkflow]{
	"owner":      func(r *repoWorkflow) Value { return r.repo.Owner },
	"repo":       func(r *repoWorkflow) Value { return r.repo.Name },
	"id":         func(r *repoWorkflow) Value { return integer(r.wf.ID) },
	"name":       func(r *repoWorkflow) Value { return text(r.wf.Name) },
	"path":       func(r *repoWorkflow) Value { return text(r.wf.Path) },
	"state":      func(r *repoWorkflow) Value { return text(r.wf.State) },
	"created_at": func(r *repoWorkflow) Value { return timestamp(r.wf.CreatedAt) },
	"updated_at": func(r *repoWorkflow) Value { return timestamp(r.wf.UpdatedAt) },
	"html_url":   func(r *repoWorkflow) Value { return text(r.wf.HTMLURL) },
	"badge_url":  func(r *repoWorkflow) Value { return text(r.wf.BadgeURL) },
}

func generateWorkflows(ctx context.Context, s *Session, q *Query) (func() (*repoWorkflow, error), error) {
	st := q.st
	ids, byID := q.Ints("id")
	var parts []part[*repoWorkflow]
	for _, r := range q.Repos {
		if !byID {
			parts = append(parts, part[*repoWorkflow]{rows: func() pull[*repoWorkflow] { return s.listWorkflows(ctx, st, r) }})
			continue
		}
		for _, id := range ids {
			key := "workflow:" + runKey(r, id)
			fetch := func(ctx context.Context) (*ghapi.Workflow, error) {
				return s.Client().GetWorkflow(ctx, r.Owner, r.Name, id)
			}
			parts = append(parts, part[*repoWorkflow]{
				warm: func() { startFetch(st.fetches, key, fetch) },
				rows: func() pull[*repoWorkflow] {
					return s.oneWorkflow(ctx, st, r, key, fetch, fmt.Sprintf("workflow %d not found in %s", id, r))
				},
			})
		}
	}
	return ahead(parts, s.readAhead()), nil
}

// listWorkflows yields a repository's workflows, nothing (and a note) for
// a repository that does not exist.
func (s *Session) listWorkflows(ctx context.Context, st *statement, r Repo) pull[*repoWorkflow] {
	key := strings.ToLower("workflows:" + r.String())
	wfs := listing(ctx, st.fetches, pager[*ghapi.Workflow]{
		key:     func(n int) string { return fmt.Sprintf("%s?page=%d", key, n) },
		perPage: jobsPerPage,
		fetch: func(ctx context.Context, n int) (page[*ghapi.Workflow], error) {
			p, err := s.Client().ListWorkflowsPage(ctx, r.Owner, r.Name, n)
			if err != nil {
				return page[*ghapi.Workflow]{}, err
			}
			return page[*ghapi.Workflow]{items: p.Workflows, total: p.Total, next: p.NextPage}, nil
		},
	})
	first := true
	return func() (*repoWorkflow, error) {
		wf, err := wfs()
		if first && ghapi.IsStatus(err, http.StatusNotFound) {
			st.note("repository %s not found%s", r, s.hintIf(true))
			return nil, io.EOF
		}
		first = false
		if err != nil {
			return nil, err
		}
		return &repoWorkflow{r, wf}, nil
	}
}

func (s *Session) oneWorkflow(ctx context.Context, st *statement, r Repo, key string, fetch func(context.Context) (*ghapi.Workflow, error), missing string) pull[*repoWorkflow] {
	return fetchedOne(ctx, s, st, key, fetch, missing, func(wf *ghapi.Workflow) *repoWorkflow { return &repoWorkflow{r, wf} })
}
