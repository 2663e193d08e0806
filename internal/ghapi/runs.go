package ghapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/google/go-github/v92/github"
)

// Run is a workflow run as the API returns it.
type Run = github.WorkflowRun

// Workflow is a workflow file of a repository as the API returns it.
type Workflow = github.Workflow

// Annotation is one check-run annotation.
type Annotation = github.CheckRunAnnotation

// RunCap is the most runs a filtered run listing returns, whatever its
// total_count says: GitHub stops at 1,000 results when actor, branch,
// check_suite_id, created, event, head_sha or status is given.
const RunCap = 1000

// RunListing names one paginated list of workflow runs: a repository's, or
// one workflow's when WorkflowID is set, narrowed by the API's filters
// ("" or 0 leaves a filter out).
type RunListing struct {
	Owner, Repo  string
	WorkflowID   int64
	Status       string // a status or a conclusion: the API's status parameter takes both
	Branch       string
	Event        string
	Actor        string
	HeadSHA      string
	CheckSuiteID int64
	Created      string // GitHub's search syntax: 2026-09-01..2026-09-30, >=2026-09-01T00:00:00+00:00, ...
}

// Filtered reports whether the listing uses a filter that caps it at RunCap.
func (l RunListing) Filtered() bool {
	return l.Status != "" || l.Branch != "" || l.Event != "" || l.Actor != "" ||
		l.HeadSHA != "" || l.CheckSuiteID != 0 || l.Created != ""
}

// Path is the request's path and query without the page, for messages and keys.
func (l RunListing) Path() string {
	p := fmt.Sprintf("/repos/%s/%s/actions/runs", l.Owner, l.Repo)
	if l.WorkflowID != 0 {
		p = fmt.Sprintf("/repos/%s/%s/actions/workflows/%d/runs", l.Owner, l.Repo, l.WorkflowID)
	}
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("status", l.Status)
	set("branch", l.Branch)
	set("event", l.Event)
	set("actor", l.Actor)
	set("head_sha", l.HeadSHA)
	set("created", l.Created)
	if l.CheckSuiteID != 0 {
		q.Set("check_suite_id", strconv.FormatInt(l.CheckSuiteID, 10))
	}
	if len(q) == 0 {
		return p
	}
	return p + "?" + q.Encode()
}

// RunPage is one page of a run listing.
type RunPage struct {
	Runs     []*Run
	Total    int // runs matching, as total_count says: may exceed RunCap
	NextPage int // 0 on the last page
}

// ListRunsPage reads page (1-based) of listing, 100 runs a page.
func (c *Client) ListRunsPage(ctx context.Context, l RunListing, page int) (*RunPage, error) {
	opts := &github.ListWorkflowRunsOptions{
		Actor: l.Actor, Branch: l.Branch, Event: l.Event, Status: l.Status, Created: l.Created,
		HeadSHA: l.HeadSHA, CheckSuiteID: l.CheckSuiteID,
		ListOptions: github.ListOptions{Page: page, PerPage: pageSize},
	}
	var (
		runs *github.WorkflowRuns
		resp *github.Response
		err  error
	)
	if l.WorkflowID != 0 {
		runs, resp, err = c.gh.Actions.ListWorkflowRunsByID(ctx, l.Owner, l.Repo, l.WorkflowID, opts)
	} else {
		runs, resp, err = c.gh.Actions.ListRepositoryWorkflowRuns(ctx, l.Owner, l.Repo, opts)
	}
	if err != nil {
		return nil, c.requestError(ctx, l.Path(), resp, err)
	}
	result := &RunPage{NextPage: resp.NextPage}
	if runs != nil {
		result.Runs = runs.WorkflowRuns
		result.Total = runs.GetTotalCount()
	}
	return result, nil
}

// GetRun reads one run as its latest attempt left it.
func (c *Client) GetRun(ctx context.Context, owner, repo string, id int64) (*Run, error) {
	run, resp, err := c.gh.Actions.GetWorkflowRunByID(ctx, owner, repo, id)
	if err != nil {
		return nil, c.requestError(ctx, fmt.Sprintf("/repos/%s/%s/actions/runs/%d", owner, repo, id), resp, err)
	}
	return run, nil
}

// GetRunAttempt reads run id as it was at attempt n.
func (c *Client) GetRunAttempt(ctx context.Context, owner, repo string, id int64, n int) (*Run, error) {
	run, resp, err := c.gh.Actions.GetWorkflowRunAttempt(ctx, owner, repo, id, n, nil)
	if err != nil {
		return nil, c.requestError(ctx, fmt.Sprintf("/repos/%s/%s/actions/runs/%d/attempts/%d", owner, repo, id, n), resp, err)
	}
	return run, nil
}

// WorkflowPage is one page of a repository's workflows.
type WorkflowPage struct {
	Workflows []*Workflow
	Total     int
	NextPage  int // 0 on the last page
}

// ListWorkflowsPage reads page (1-based) of a repository's workflows, 100 a page.
func (c *Client) ListWorkflowsPage(ctx context.Context, owner, repo string, page int) (*WorkflowPage, error) {
	wfs, resp, err := c.gh.Actions.ListWorkflows(ctx, owner, repo, &github.ListOptions{Page: page, PerPage: pageSize})
	if err != nil {
		return nil, c.requestError(ctx, fmt.Sprintf("/repos/%s/%s/actions/workflows", owner, repo), resp, err)
	}
	result := &WorkflowPage{NextPage: resp.NextPage}
	if wfs != nil {
		result.Workflows = wfs.Workflows
		result.Total = wfs.GetTotalCount()
	}
	return result, nil
}

// GetWorkflow reads one workflow by id.
func (c *Client) GetWorkflow(ctx context.Context, owner, repo string, id int64) (*Workflow, error) {
	wf, resp, err := c.gh.Actions.GetWorkflowByID(ctx, owner, repo, id)
	if err != nil {
		return nil, c.requestError(ctx, fmt.Sprintf("/repos/%s/%s/actions/workflows/%d", owner, repo, id), resp, err)
	}
	return wf, nil
}

// AnnotationPage is one page of a check run's annotations. The endpoint
// gives no total: the next page is known only from the Link header.
type AnnotationPage struct {
	Annotations []*Annotation
	NextPage    int // 0 on the last page
}

// ListAnnotationsPage reads page (1-based) of the annotations of a check
// run, 100 a page. A workflow job's check run has the job's id.
func (c *Client) ListAnnotationsPage(ctx context.Context, owner, repo string, checkRunID int64, page int) (*AnnotationPage, error) {
	anns, resp, err := c.gh.Checks.ListCheckRunAnnotations(ctx, owner, repo, checkRunID, &github.ListOptions{Page: page, PerPage: pageSize})
	if err != nil {
		return nil, c.requestError(ctx, fmt.Sprintf("/repos/%s/%s/check-runs/%d/annotations", owner, repo, checkRunID), resp, err)
	}
	return &AnnotationPage{Annotations: anns, NextPage: resp.NextPage}, nil
}

// RepoHasActions reports whether the repository exists for this token: it
// asks for one run, the cheapest request of the Actions API that a
// repository answers even when it has no runs. A 404 (no such repository,
// or a private one the token may not read) is false with no error.
func (c *Client) RepoHasActions(ctx context.Context, owner, repo string) (bool, error) {
	_, resp, err := c.gh.Actions.ListRepositoryWorkflowRuns(ctx, owner, repo, &github.ListWorkflowRunsOptions{ListOptions: github.ListOptions{PerPage: 1}})
	switch {
	case err == nil:
		return true, nil
	case resp != nil && resp.StatusCode == http.StatusNotFound:
		return false, nil
	}
	return false, c.requestError(ctx, fmt.Sprintf("/repos/%s/%s/actions/runs", owner, repo), resp, err)
}
