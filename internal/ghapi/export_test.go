package ghapi

import (
	"context"
	"fmt"
	"net/url"

	"github.com/google/go-github/v92/github"
)

// The tests of this package read jobs and job listings, the requests they
// are about, through these small conveniences over Get; the tables build
// their requests in vtab.

// Job is a workflow job as the API returns it.
type Job = github.WorkflowJob

// JobListing names one paginated list of the jobs of a run.
type JobListing struct {
	Owner, Repo string
	RunID       int64
	Filter      string
}

// JobPage is one page of a job listing.
type JobPage struct {
	Jobs     []*Job
	NextPage int
}

// GetJob reads one job.
func (c *Client) GetJob(ctx context.Context, owner, repo string, id int64) (*Job, error) {
	var job Job
	_, err := c.Get(ctx, fmt.Sprintf("%s/actions/jobs/%d", RepoPath(owner, repo), id), nil, &job)
	if err != nil {
		return nil, err
	}
	return &job, nil
}

// ListJobsPage reads page (1-based) of a job listing, 100 jobs a page.
func (c *Client) ListJobsPage(ctx context.Context, l JobListing, page int) (*JobPage, error) {
	query := url.Values{"filter": {l.Filter}, "per_page": {"100"}, "page": {fmt.Sprint(page)}}
	var jobs github.Jobs
	next, err := c.Get(ctx, fmt.Sprintf("%s/actions/runs/%d/jobs", RepoPath(l.Owner, l.Repo), l.RunID), query, &jobs)
	if err != nil {
		return nil, err
	}
	return &JobPage{Jobs: jobs.Jobs, NextPage: next}, nil
}
