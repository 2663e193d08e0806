package ghapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/actionsql/actionsql/internal/diskcache"
	"github.com/actionsql/actionsql/internal/tee"
	"github.com/google/go-github/v92/github"
)

// Job is a workflow job as the API returns it.
type Job = github.WorkflowJob

// JobStep is one step of a Job.
type JobStep = github.TaskStep

// pageSize is the most the jobs endpoints return per page.
const pageSize = 100

// Error is a request the API answered with a failure status.
type Error struct {
	Method     string
	Path       string // relative to the API root, e.g. /repos/o/r/actions/jobs/5
	StatusCode int
	Status     string // e.g. "502 Bad Gateway"
	Message    string // the API's own message, if it gave one
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s %s: %s", e.Method, e.Path, e.Status)
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		msg += " (the token is missing, expired or wrong: check GH_TOKEN/GITHUB_TOKEN or run `gh auth login`)"
	case e.Message != "" && !strings.EqualFold(e.Message, http.StatusText(e.StatusCode)):
		msg += ": " + e.Message
	}
	return msg
}

// IsStatus reports whether err is an API answer with status code.
func IsStatus(err error, code int) bool {
	var apiErr *Error
	return errors.As(err, &apiErr) && apiErr.StatusCode == code
}

// JobPage is one page of a job listing.
type JobPage struct {
	Jobs     []*Job
	Total    int
	NextPage int // 0 on the last page
}

// JobListing names one paginated list of jobs.
type JobListing struct {
	Owner, Repo string
	RunID       int64
	Attempt     int64  // > 0: the jobs of that attempt only
	Filter      string // "all" or "latest" when Attempt is 0
}

// Subject names what the listing lists, for messages: "run 5", "attempt 2 of run 5".
func (l JobListing) Subject() string {
	if l.Attempt > 0 {
		return fmt.Sprintf("attempt %d of run %d", l.Attempt, l.RunID)
	}
	return fmt.Sprintf("run %d", l.RunID)
}

func (l JobListing) path() string {
	if l.Attempt > 0 {
		return fmt.Sprintf("/repos/%s/%s/actions/runs/%d/attempts/%d/jobs", l.Owner, l.Repo, l.RunID, l.Attempt)
	}
	return fmt.Sprintf("/repos/%s/%s/actions/runs/%d/jobs", l.Owner, l.Repo, l.RunID)
}

// ListJobsPage reads page (1-based) of listing, 100 jobs a page.
func (c *Client) ListJobsPage(ctx context.Context, l JobListing, page int) (*JobPage, error) {
	jobs, resp, err := c.listJobs(ctx, l, page)
	if err != nil {
		return nil, c.requestError(ctx, l.path(), resp, err)
	}
	if resp.NextPage != 0 && resp.NextPage <= page {
		// A Link header that leads back would page forever.
		return nil, fmt.Errorf("GET %s: page %d's Link header names page %d as the next one: the listing cannot be read whole", l.path(), page, resp.NextPage)
	}
	if jobs != nil && slices.Contains(jobs.Jobs, nil) {
		return nil, fmt.Errorf("GET %s: page %d lists a job as null, which the API documents as an object", l.path(), page)
	}
	result := &JobPage{NextPage: resp.NextPage}
	if jobs != nil {
		result.Jobs = jobs.Jobs
		result.Total = jobs.GetTotalCount()
	}
	return result, nil
}

// GetJob reads one job.
func (c *Client) GetJob(ctx context.Context, owner, repo string, id int64) (*Job, error) {
	job, resp, err := c.gh.Actions.GetWorkflowJobByID(ctx, owner, repo, id)
	if err != nil {
		return nil, c.requestError(ctx, fmt.Sprintf("/repos/%s/%s/actions/jobs/%d", owner, repo, id), resp, err)
	}
	return job, nil
}

// OpenJobLog starts downloading a job's log. The API answers with a redirect
// to a short-lived signed URL; the log is read from there without the token
// (logdownload.go: both are retried together, and a download cut short is
// resumed where it stopped). 404 (no log yet, or no such job) and 410
// (expired) come back as *Error. With a disk cache, a log read before comes
// from there with no request, and a downloaded one is kept as it is read:
// the API has a log only for a finished job, so it never changes.
func (c *Client) OpenJobLog(ctx context.Context, owner, repo string, jobID int64) (io.ReadCloser, error) {
	path := fmt.Sprintf("/repos/%s/%s/actions/jobs/%d/logs", owner, repo, jobID)
	key := c.logKey(path)
	download := func() (io.ReadCloser, error) { return c.downloadLog(ctx, key, path, owner, repo, jobID) }
	if body, ok := c.logFromCache(ctx, key); ok {
		return &cachedLog{body: body, jobID: jobID, download: download}, nil
	}
	return download()
}

func (c *Client) logKey(path string) string {
	return strings.Join([]string{"log", c.BaseURL() + path, c.identity}, "\n")
}

func (c *Client) logFromCache(ctx context.Context, key string) (io.ReadCloser, bool) {
	if c.cache == nil {
		return nil, false
	}
	_, body, err := c.cache.Get(key)
	if err != nil {
		return nil, false
	}
	c.stats.count(ctx, addCacheHit)
	return body, true
}

// downloadLog downloads a log, keeping it in the disk cache as it is read.
func (c *Client) downloadLog(ctx context.Context, key, path, owner, repo string, jobID int64) (io.ReadCloser, error) {
	body, err := c.openLogDownload(ctx, path, owner, repo, jobID)
	if err != nil {
		return nil, err
	}
	if c.cache == nil {
		return body, nil
	}
	w, err := c.cache.Create(key, diskcache.Meta{Status: http.StatusOK, StoredAt: time.Now(), Immutable: true})
	if err != nil {
		return body, nil // the cache only saves a download next time
	}
	return tee.Reader(body, w), nil
}

// cachedLog reads a log from the disk cache. An entry found damaged before
// any of it was handed out is downloaded instead; after that, the bytes
// handed out cannot be trusted, so reading fails (the entry is deleted, and
// the next query downloads the log).
type cachedLog struct {
	body     io.ReadCloser
	jobID    int64
	download func() (io.ReadCloser, error)
	read     int64 // bytes handed out
	fromNet  bool
}

func (l *cachedLog) Read(p []byte) (int, error) {
	n, err := l.body.Read(p)
	if l.fromNet || !errors.Is(err, diskcache.ErrCorrupt) {
		l.read += int64(n)
		return n, err
	}
	if l.read > 0 {
		return 0, fmt.Errorf("the disk cache's copy of the log of job %d turned out corrupt after %d bytes were read (%w); run the query again to download it", l.jobID, l.read, err)
	}
	l.body.Close()
	body, derr := l.download()
	if derr != nil {
		l.body = io.NopCloser(strings.NewReader(""))
		return 0, derr
	}
	l.body, l.fromNet = body, true
	return l.body.Read(p)
}

func (l *cachedLog) Close() error { return l.body.Close() }

// requestError turns go-github's error for a request into an *Error naming
// the request, or the transport failure with the path for context.
func (c *Client) requestError(ctx context.Context, path string, resp *github.Response, err error) error {
	if resp != nil && resp.Response != nil && resp.StatusCode >= 300 {
		e := &Error{Method: http.MethodGet, Path: path, StatusCode: resp.StatusCode, Status: resp.Status}
		var ghErr *github.ErrorResponse
		if errors.As(err, &ghErr) {
			e.Message = ghErr.Message
		} else {
			e.Message = bodyMessage(resp.Response)
		}
		if msg := rateLimitMessage(resp.Response, e.Message); msg != "" {
			e.Message = msg
		}
		return e
	}
	var (
		syntaxErr *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
	)
	if errors.As(err, &syntaxErr) || errors.As(err, &typeErr) || errors.Is(err, io.ErrUnexpectedEOF) && resp != nil {
		return fmt.Errorf("GET %s: the answer is not the JSON the API documents: %w", path, err)
	}
	// A transport failure comes wrapped in a *url.Error that repeats the
	// method and the whole URL; the path already says which request it was.
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return fmt.Errorf("GET %s: %w", path, closedIfEOF(contextCause(ctx, err)))
}

// bodyMessage reads the "message" of a GitHub JSON error, when the body is
// still there to read (retryTransport leaves every answer's body in memory).
func bodyMessage(resp *http.Response) string {
	if resp.Body == nil {
		return ""
	}
	var apiErr struct {
		Message string `json:"message"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(body, &apiErr) != nil {
		return ""
	}
	return apiErr.Message
}

// rateLimitMessage says which rate limit a 403 or 429 is, once waiting for
// it has failed or would take longer than the retry budget: "" when the
// answer is no rate limit.
func rateLimitMessage(resp *http.Response, apiMessage string) string {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return ""
	}
	switch rh := parseRateHeaders(resp.Header); {
	case rh.spent():
		return (&ExhaustedError{Limit: max(rh.limit, 0), Reset: rh.reset}).Error()
	case rh.secondary(resp.StatusCode, apiMessage):
		return "secondary rate limit (GitHub asks for a longer wait than --max-retry-wait leaves): " + apiMessage
	}
	return ""
}

// contextCause prefers the context's reason (e.g. an interrupt) over the
// transport's wrapping of it.
func contextCause(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}
