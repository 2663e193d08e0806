package ghapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// Retries. A GET that fails in a way that may pass (a 5xx, a reset or timed
// out connection, a body cut short, a secondary rate limit, a spent primary
// budget that resets soon) is sent again after a wait: exponential backoff
// with jitter (cenkalti/backoff), or what the server told (Retry-After,
// X-RateLimit-Reset). All the waits of one request, including the nested
// ones of a log download (the API's redirect, then the download), fit in one
// budget, Options.MaxRetryWait; once it is spent the last failure is the
// answer, which names the request and the status.

// DefaultMaxRetryWait is Options.MaxRetryWait's default.
const DefaultMaxRetryWait = 60 * time.Second

// firstRetryWait is the backoff's first interval (before jitter); it grows
// twofold per try up to maxRetryInterval.
const (
	firstRetryWait   = 250 * time.Millisecond
	maxRetryInterval = 15 * time.Second
)

// secondaryLimitWait is how long GitHub asks a client to wait after a
// secondary rate limit that names no time: "at least one minute".
const secondaryLimitWait = time.Minute

// retrier runs operations again within the retry budget.
type retrier struct {
	maxWait time.Duration // < 0: no retries
	stats   *Stats
}

// budgetKey marks a context whose operation is retried by an outer loop: its
// value is the time by which every retry must be over.
type budgetKey struct{}

// retryDeadline returns the deadline an outer retry loop set, if any.
func retryDeadline(ctx context.Context) (time.Time, bool) {
	d, ok := ctx.Value(budgetKey{}).(time.Time)
	return d, ok
}

// retryable marks a failure worth another try; wait, when positive, is what
// the server asked for instead of the backoff's interval.
type retryable struct {
	err  error
	wait time.Duration
}

func (e *retryable) Error() string { return e.err.Error() }

// Unwrap exposes the failure and, for backoff, the wait the server asked for.
func (e *retryable) Unwrap() []error {
	if e.wait > 0 {
		return []error{e.err, &backoff.RetryAfterError{Duration: e.wait}}
	}
	return []error{e.err}
}

// do runs op until it succeeds, returns an error not marked *retryable, or
// the budget left cannot pay for the next wait; then it returns op's last
// answer. Nested calls (op itself calling do through ctx) share the outer
// call's budget.
func do[T any](ctx context.Context, r *retrier, op func(context.Context) (T, error)) (T, error) {
	left := r.maxWait
	if deadline, nested := retryDeadline(ctx); nested {
		left = time.Until(deadline)
	} else if left > 0 {
		ctx = context.WithValue(ctx, budgetKey{}, time.Now().Add(left))
	}
	opts := []backoff.RetryOption{
		backoff.WithBackOff(newBackOff()),
		backoff.WithNotify(func(error, time.Duration) { r.stats.count(ctx, addRetry) }),
	}
	if left > 0 {
		opts = append(opts, backoff.WithMaxElapsedTime(left))
	} else {
		opts = append(opts, backoff.WithMaxTries(1))
	}
	return backoff.Retry(ctx, func() (T, error) {
		v, err := op(ctx)
		var again *retryable
		if err != nil && !errors.As(err, &again) {
			return v, backoff.Permanent(err)
		}
		return v, err
	}, opts...)
}

func newBackOff() *backoff.ExponentialBackOff {
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = firstRetryWait
	b.Multiplier = 2
	b.RandomizationFactor = 0.5
	b.MaxInterval = maxRetryInterval
	return b
}

// retryTransport retries API GETs; see the comment at the top of the file.
type retryTransport struct {
	next    http.RoundTripper
	retrier *retrier
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return t.next.RoundTrip(req)
	}
	resp, err := do(req.Context(), t.retrier, func(ctx context.Context) (*http.Response, error) {
		return t.try(req.Clone(ctx))
	})
	var failed *retryable
	if errors.As(err, &failed) {
		var status *statusFailure
		if errors.As(failed.err, &status) {
			// The budget is spent: the last answer is the one the caller
			// sees, and reports naming the request and its status.
			return status.resp, nil
		}
		return nil, failed.err
	}
	return resp, err
}

// try sends req once and sorts the outcome: an answer to keep, or a failure
// worth another try.
func (t *retryTransport) try(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, transportFailure(req.Context(), err)
	}
	if f := statusRetry(resp); f != nil {
		return nil, f
	}
	// API answers are small: read them whole here, so that one cut short
	// (fewer bytes than its Content-Length, or a chunk missing) is tried
	// again rather than decoded as what arrived.
	if _, ok := resp.Body.(memoryBody); ok {
		return resp, nil // read whole already (the disk cache's)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswerBytes+1))
	resp.Body.Close()
	if err != nil {
		return nil, transportFailure(req.Context(), fmt.Errorf("answer cut short after %d bytes: %w", len(body), err))
	}
	if len(body) > MaxAnswerBytes {
		return nil, ErrAnswerTooLarge
	}
	resp.Body = newMemoryBody(body)
	return resp, nil
}

// statusFailure is an answer whose status says to try again; it keeps the
// answer for the caller should the budget run out.
type statusFailure struct {
	resp *http.Response
}

func (e *statusFailure) Error() string { return e.resp.Status }

// statusRetry returns a *retryable for an answer worth another try, with its
// body read (up to a bound) so that it can be read again; nil otherwise.
func statusRetry(resp *http.Response) *retryable {
	switch resp.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable,
		http.StatusGatewayTimeout, http.StatusForbidden, http.StatusTooManyRequests:
	default:
		return nil
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = newMemoryBody(body)
	wait, limited := rateLimitWait(resp, body)
	if resp.StatusCode == http.StatusForbidden && !limited {
		return nil // a permission the token lacks: no wait changes it
	}
	return &retryable{err: &statusFailure{resp: resp}, wait: wait}
}

// rateLimitWait reads how long a rate-limited answer asks to wait, in
// GitHub's order of precedence: Retry-After, then a spent primary budget's
// reset, then a minute for a secondary limit that names no time. limited is
// false for an answer that is no rate limit.
func rateLimitWait(resp *http.Response, body []byte) (wait time.Duration, limited bool) {
	rh := parseRateHeaders(resp.Header)
	switch {
	case rh.retryAfter >= 0:
		return max(rh.retryAfter, time.Millisecond), true
	case resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests:
		return 0, false
	case rh.spent():
		// A second more: the reset is given in whole seconds.
		return max(time.Until(rh.reset)+time.Second, time.Millisecond), true
	case rh.secondary(resp.StatusCode, string(body)):
		return secondaryLimitWait, true
	}
	return 0, false
}

// errClosed replaces io.EOF in the errors the client returns: an error
// that wraps io.EOF reads as a clean end to a reader's caller, which would
// take a failed request for a complete, shorter answer.
var errClosed = errors.New("the connection closed before the answer was complete")

// closedIfEOF returns err, or for one that wraps io.EOF, an error saying so
// that does not.
func closedIfEOF(err error) error {
	if err == nil || !errors.Is(err, io.EOF) {
		return err
	}
	if err == io.EOF {
		return errClosed
	}
	return fmt.Errorf("%w (%s)", errClosed, err)
}

// transportFailure marks a failure to get an answer as worth another try,
// unless the caller gave up or the failure can only repeat (a bad URL, a
// refused certificate, a rate limit spent for longer than the budget).
func transportFailure(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	if permanentTransportError(err) {
		return err
	}
	return &retryable{err: err}
}

func permanentTransportError(err error) bool {
	var (
		exhausted *ExhaustedError
		budget    *BudgetError
		dnsErr    *net.DNSError
	)
	switch {
	case errors.As(err, &exhausted), errors.As(err, &budget):
		return true
	case errors.As(err, &dnsErr):
		return dnsErr.IsNotFound
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return false
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return false // timeouts and other network failures pass
	}
	// TLS and URL errors say the request itself is wrong; anything else
	// (a closed connection's message) is worth another try.
	msg := err.Error()
	return strings.Contains(msg, "certificate") || strings.Contains(msg, "unsupported protocol scheme")
}
