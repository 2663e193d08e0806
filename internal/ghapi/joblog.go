package ghapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/actionsql/actionsql/internal/diskcache"
	"github.com/actionsql/actionsql/internal/tee"
	"github.com/google/go-github/v92/github"
)

// OpenJobLog starts downloading a job's log. The API answers with a redirect
// to a short-lived signed URL; the log is read from there without the token
// (logdownload.go: both are retried together, and a download cut short is
// resumed where it stopped). 404 (no log yet, or no such job) and 410
// (expired) come back as *Error. With a disk cache, a log read before comes
// from there with no request, and a downloaded one is kept as it is read:
// the API has a log only for a finished job, so it never changes.
func (c *Client) OpenJobLog(ctx context.Context, owner, repo string, jobID int64) (io.ReadCloser, error) {
	path := fmt.Sprintf("%s/actions/jobs/%d/logs", RepoPath(owner, repo), jobID)
	return c.openImmutable(ctx, path, fmt.Sprintf("the log of job %d", jobID), func(ctx context.Context) (*url.URL, *github.Response, error) {
		return c.gh.Actions.GetWorkflowJobLogs(ctx, PathSegment(owner), PathSegment(repo), jobID, 2)
	})
}

// openImmutable opens what the API at path redirects to (locate asks for
// the redirect), which never changes once there (a finished job's log, an
// artifact): from the disk cache when it holds it, else downloaded and
// kept there as it is read. what names it in messages.
func (c *Client) openImmutable(ctx context.Context, path, what string, locate func(context.Context) (*url.URL, *github.Response, error)) (io.ReadCloser, error) {
	key := c.logKey(path)
	download := func() (io.ReadCloser, error) {
		body, err := c.openDownload(ctx, path, what, locate)
		if err != nil {
			return nil, err
		}
		return c.kept(key, body), nil
	}
	if body, ok := c.logFromCache(ctx, key); ok {
		return &cachedLog{body: body, what: what, download: download}, nil
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

// kept keeps a download of what never changes in the disk cache as it is
// read, when there is one.
func (c *Client) kept(key string, body io.ReadCloser) io.ReadCloser {
	if c.cache == nil {
		return body
	}
	w, err := c.cache.Create(key, diskcache.Meta{Status: http.StatusOK, StoredAt: time.Now(), Immutable: true})
	if err != nil {
		return body // the cache only saves a download next time
	}
	return tee.Reader(body, w)
}

// cachedLog reads a log from the disk cache. An entry found damaged before
// any of it was handed out is downloaded instead; after that, the bytes
// handed out cannot be trusted, so reading fails (the entry is deleted, and
// the next query downloads the log).
type cachedLog struct {
	body     io.ReadCloser
	what     string // "the log of job 5", for messages
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
		return 0, fmt.Errorf("the disk cache's copy of %s turned out corrupt after %d bytes were read (%w); run the query again to download it", l.what, l.read, err)
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
