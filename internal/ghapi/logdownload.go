package ghapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v92/github"
)

// A log is two requests: the API answers 302 with a signed URL on the log
// host, valid for a minute, and the log is downloaded from there. They are
// retried together, so every try of the download asks the API for a URL of
// its own and never meets one that has expired.
//
// A download cut short (fewer bytes than its Content-Length, a connection
// reset mid-body) is never taken for a short log: it is resumed with a Range
// request from the byte reached, under a fresh URL, so the reader sees one
// unbroken stream and no line is lost or read twice. When it cannot be
// resumed (the retry budget is spent, or the log host sends a different
// log), reading fails with an error that says so.

// logDownload is an open download of one job's log, or of anything else
// the API serves the same way (an artifact's zip).
type logDownload struct {
	c      *Client
	ctx    context.Context
	path   string // the API's name for the log, for messages
	what   string // what is downloaded, for messages: "the log of job 5"
	locate func(ctx context.Context) (*url.URL, *github.Response, error)
	body   io.ReadCloser // nil between a failure and its resumption
	host   string        // the log host, for messages
	offset int64         // bytes handed to the reader
	size   int64         // the whole log's length; -1 when not told
	etag   string        // the log's version on the log host, to resume only the same one
	err    error         // sticky: the download failed for good
}

// openDownload starts a download that locate redirects to.
func (c *Client) openDownload(ctx context.Context, path, what string, locate func(context.Context) (*url.URL, *github.Response, error)) (*logDownload, error) {
	d := &logDownload{c: c, ctx: ctx, path: path, what: what, locate: locate, size: -1}
	if err := d.open(); err != nil {
		return nil, err
	}
	return d, nil
}

// open asks for the log from d.offset on, with retries.
func (d *logDownload) open() error {
	resp, err := do(d.ctx, d.c.retrier, d.try)
	if err != nil {
		var failed *retryable
		if errors.As(err, &failed) {
			err = failed.err // the budget is spent: the last failure is the answer
		}
		return err
	}
	d.body = resp.Body
	return nil
}

// try asks the API for a signed URL, then the log host for the log from
// d.offset on. API failures come back as they are: the API chain retried
// them already, within this try's budget.
func (d *logDownload) try(ctx context.Context) (*http.Response, error) {
	location, resp, err := d.locate(ctx)
	if err != nil {
		return nil, d.c.requestError(ctx, d.path, resp, err)
	}
	location = d.c.base.ResolveReference(location) // the API may give a path on its own host
	d.host = location.Host
	tryCtx, cancelTry := context.WithCancelCause(ctx)
	req, err := http.NewRequestWithContext(tryCtx, http.MethodGet, location.String(), nil)
	if err != nil {
		cancelTry(nil)
		return nil, fmt.Errorf("GET %s: download URL %q: %w", d.path, location.Redacted(), err)
	}
	if d.offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(d.offset, 10)+"-")
		if d.etag != "" {
			req.Header.Set("If-Range", d.etag)
		}
	}
	logResp, err := d.c.logHTTP.Do(req)
	if err != nil {
		cancelTry(nil)
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err // its URL carries the signature: say only the host
		}
		return nil, transportFailure(ctx, d.failure(err))
	}
	if err := d.accept(logResp); err != nil {
		logResp.Body.Close()
		cancelTry(nil)
		return nil, err
	}
	logResp.Body = &stallGuard{body: logResp.Body, cancel: cancelTry, idle: d.c.stall}
	return logResp, nil
}

// accept checks that a log host's answer continues the log at d.offset.
func (d *logDownload) accept(resp *http.Response) error {
	switch {
	case resp.StatusCode == http.StatusOK && d.offset == 0:
		d.size, d.etag = resp.ContentLength, resp.Header.Get("ETag")
		return nil
	case resp.StatusCode == http.StatusPartialContent && d.offset > 0:
		if start, ok := rangeStart(resp.Header.Get("Content-Range")); !ok || start != d.offset {
			return d.failure(fmt.Errorf("asked for the log from byte %d, got %q", d.offset, resp.Header.Get("Content-Range")))
		}
		return nil
	case resp.StatusCode == http.StatusOK:
		// A whole log again: the host ignored Range, or the log changed.
		// Only the same log (same ETag) may be skipped to where it was.
		if d.etag == "" || resp.Header.Get("ETag") != d.etag {
			return d.failure(errors.New("the log changed while it was read (its ETag differs): run the query again"))
		}
		if _, err := io.CopyN(io.Discard, resp.Body, d.offset); err != nil {
			return transportFailure(d.ctx, d.failure(err)) // failure drops io.EOF
		}
		return nil
	}
	f := d.failure(errors.New(resp.Status))
	switch resp.StatusCode {
	case http.StatusForbidden, http.StatusRequestTimeout, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		// 403 is the signed URL expiring between the two requests.
		return &retryable{err: f, wait: max(parseRateHeaders(resp.Header).retryAfter, 0)}
	}
	return f
}

// failure names the download in an error.
func (d *logDownload) failure(err error) error {
	return fmt.Errorf("GET %s: download %s from %s: %w", d.path, d.what, d.host, closedIfEOF(err))
}

// rangeStart reads the first byte of "bytes 100-199/200".
func rangeStart(contentRange string) (int64, bool) {
	rest, ok := strings.CutPrefix(contentRange, "bytes ")
	if !ok {
		return 0, false
	}
	first, _, ok := strings.Cut(rest, "-")
	n, err := strconv.ParseInt(first, 10, 64)
	return n, ok && err == nil
}

func (d *logDownload) Read(p []byte) (int, error) {
	for {
		if d.err != nil {
			return 0, d.err
		}
		n, err := d.body.Read(p)
		d.offset += int64(n)
		if err == io.EOF && d.size >= 0 && d.offset < d.size {
			err = io.ErrUnexpectedEOF
		}
		if err == nil || err == io.EOF {
			return n, err
		}
		if rerr := d.resume(err); rerr != nil {
			d.err = rerr
			return n, rerr
		}
		if n > 0 {
			return n, nil
		}
	}
}

// resume reopens a download that failed with err at d.offset.
func (d *logDownload) resume(err error) error {
	d.body.Close()
	d.body = nil
	if d.ctx.Err() != nil {
		return context.Cause(d.ctx)
	}
	cut := fmt.Errorf("cut short at byte %d of %d (%v)", d.offset, d.size, err)
	if d.size < 0 {
		cut = fmt.Errorf("cut short at byte %d (%v)", d.offset, err)
	}
	d.c.stats.count(d.ctx, addRetry)
	if rerr := d.open(); rerr != nil {
		return fmt.Errorf("%s was %w, and could not be resumed: %w", d.what, cut, closedIfEOF(rerr))
	}
	return nil
}

// errStalled is why a download that sent nothing for too long was cut.
var errStalled = errors.New("the log host sent nothing for too long")

// stallGuard cuts a download whose next bytes do not come within idle, so
// that a stalled connection is resumed rather than waited on for ever. Only
// a read waiting on the network counts: a reader that is slow to ask (SQLite
// busy with the rows) is not a stall.
type stallGuard struct {
	body   io.ReadCloser
	cancel context.CancelCauseFunc // the request's
	idle   time.Duration
}

func (g *stallGuard) Read(p []byte) (int, error) {
	timer := time.AfterFunc(g.idle, func() { g.cancel(errStalled) })
	n, err := g.body.Read(p)
	if !timer.Stop() && err != nil {
		err = fmt.Errorf("%w (%s)", errStalled, g.idle)
	}
	return n, err
}

func (g *stallGuard) Close() error {
	err := g.body.Close()
	g.cancel(nil)
	return err
}

func (d *logDownload) Close() error {
	if d.body == nil {
		return nil
	}
	return d.body.Close()
}
