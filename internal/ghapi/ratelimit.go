package ghapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rateGate keeps API requests within the primary rate limit the server
// reports (X-RateLimit-Limit, -Remaining, -Reset). It slows down before the
// budget runs out rather than after: no more requests are in flight than the
// budget has left, so a burst of concurrent requests never spends past it;
// and once it is spent, a request waits for the reset when the retry budget
// allows, or fails at once saying when the reset comes, without being sent
// for a certain 403. A server that sends no rate-limit headers (an
// Enterprise Server with rate limiting off) is not held back.
type rateGate struct {
	next http.RoundTripper

	mu        sync.Mutex
	known     bool // the server has told a window that has not ended
	limit     int64
	remaining int64
	reset     time.Time
	inflight  int64
	changed   chan struct{} // closed when a request in flight comes back
	// pausedUntil is when a secondary rate limit's Retry-After ends: every
	// request waits for it, not only the one that met it, so that a
	// fan-out across many repositories slows down instead of sending the
	// rest of its burst into the same limit.
	pausedUntil time.Time
}

func newRateGate(next http.RoundTripper) *rateGate {
	return &rateGate{next: next, changed: make(chan struct{})}
}

// ExhaustedError is a primary rate limit spent until a reset that lies past
// the retry budget.
type ExhaustedError struct {
	Limit int64
	Reset time.Time
}

func (e *ExhaustedError) Error() string {
	return fmt.Sprintf("rate limit exhausted until %s (%d/h)", e.Reset.UTC().Format("15:04 UTC"), e.Limit)
}

func (g *rateGate) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := g.acquire(req.Context()); err != nil {
		return nil, err
	}
	resp, err := g.next.RoundTrip(req.WithContext(context.WithValue(req.Context(), gateKey{}, g)))
	g.release(resp)
	return resp, err
}

// gateKey carries the gate a request passed to pauseTransport.
type gateKey struct{}

// pauseTransport holds the requests that passed a rateGate while the
// gate's pause lasts, right before they reach the network: a request that
// passed the gate before the pause began may have waited for a free slot
// since. It starts the pause too, as an answer comes back and before its
// slot is free for the next request. A pause past the retry budget is not
// waited for: the request goes, and its own retries fail with the limit's
// message.
type pauseTransport struct{ next http.RoundTripper }

func (t *pauseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	g, ok := req.Context().Value(gateKey{}).(*rateGate)
	if !ok {
		return t.next.RoundTrip(req)
	}
	if paused := g.paused(); time.Now().Before(paused) && withinRetryBudget(req.Context(), paused) {
		if err := sleepUntil(req.Context(), nil, paused); err != nil {
			return nil, err
		}
	}
	resp, err := t.next.RoundTrip(req)
	if err == nil {
		g.pauseFor(resp)
	}
	return resp, err
}

// paused is when the gate's pause ends.
func (g *rateGate) paused() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pausedUntil
}

// pauseFor starts a pause for as long as a secondary rate limit's answer
// asks (its Retry-After).
func (g *rateGate) pauseFor(resp *http.Response) {
	limited := resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests
	wait := parseRateHeaders(resp.Header).retryAfter
	if !limited || wait <= 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if until := time.Now().Add(wait); until.After(g.pausedUntil) {
		g.pausedUntil = until
	}
}

// acquire waits until the budget can pay for one more request.
func (g *rateGate) acquire(ctx context.Context) error {
	for {
		g.mu.Lock()
		now := time.Now()
		if g.known && !now.Before(g.reset) {
			g.known = false // a new window: nothing known of it yet
		}
		if !g.known || g.remaining-g.inflight > 0 {
			g.inflight++
			g.mu.Unlock()
			return nil
		}
		changed, inflight := g.changed, g.inflight
		reset, limit := g.reset, g.limit
		g.mu.Unlock()
		if inflight > 0 {
			// The answers in flight will say what is left.
			if err := sleepUntil(ctx, changed, time.Time{}); err != nil {
				return err
			}
			continue
		}
		until := reset.Add(time.Second) // the reset is given in whole seconds
		if deadline, ok := retryDeadline(ctx); !ok || until.After(deadline) {
			return &ExhaustedError{Limit: limit, Reset: reset}
		}
		if err := sleepUntil(ctx, nil, until); err != nil {
			return err
		}
	}
}

// withinRetryBudget reports whether waiting until t leaves ctx's requests
// within their retry budget (--max-retry-wait).
func withinRetryBudget(ctx context.Context, t time.Time) bool {
	deadline, ok := retryDeadline(ctx)
	return ok && !t.After(deadline)
}

// sleepUntil waits for ch to close or the time t (when not zero), or ctx.
func sleepUntil(ctx context.Context, ch <-chan struct{}, t time.Time) error {
	var timer <-chan time.Time
	if !t.IsZero() {
		tm := time.NewTimer(time.Until(t))
		defer tm.Stop()
		timer = tm.C
	}
	select {
	case <-ch:
	case <-timer:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	return nil
}

// release records what an answer says of the budget and wakes the requests
// waiting for it.
func (g *rateGate) release(resp *http.Response) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.inflight--
	close(g.changed)
	g.changed = make(chan struct{})
	if resp == nil {
		return
	}
	rh := parseRateHeaders(resp.Header)
	if rh.limit < 0 || rh.remaining < 0 || !rh.reset.After(time.Now()) {
		return
	}
	switch {
	case !g.known || rh.reset.After(g.reset):
		g.limit, g.remaining, g.reset, g.known = rh.limit, rh.remaining, rh.reset, true
	case rh.reset.Equal(g.reset):
		// Answers come back out of order: the lowest count is the latest.
		g.remaining = min(g.remaining, rh.remaining)
	}
}

// rateHeaders is what an answer's headers say of GitHub's rate limits.
// Every reader of them (the gate above, the retries' waits, the errors'
// messages, the statistics) goes through parseRateHeaders.
type rateHeaders struct {
	limit, remaining int64         // X-RateLimit-Limit and -Remaining; -1 when not told
	reset            time.Time     // X-RateLimit-Reset (Unix seconds); zero when not told
	retryAfter       time.Duration // Retry-After (seconds or an HTTP date); -1 when not told
}

func parseRateHeaders(h http.Header) rateHeaders {
	rh := rateHeaders{limit: count(h.Get("X-RateLimit-Limit")), remaining: count(h.Get("X-RateLimit-Remaining")), retryAfter: -1}
	if n := count(h.Get("X-RateLimit-Reset")); n > 0 {
		rh.reset = time.Unix(n, 0)
	}
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if n := count(v); n >= 0 && n < 1<<31 {
			rh.retryAfter = time.Duration(n) * time.Second
		} else if t, err := http.ParseTime(v); err == nil {
			rh.retryAfter = max(time.Until(t), 0) // a date past is "now"
		}
	}
	return rh
}

// count reads a header holding a whole number; -1 when it holds none.
func count(v string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// spent reports whether the primary budget is spent, with a known reset.
func (rh rateHeaders) spent() bool { return rh.remaining == 0 && !rh.reset.IsZero() }

// secondary reports whether a 403 or 429 answer, with the API's message, is
// a secondary rate limit: it asks for a wait, is a 429, or says so.
func (rh rateHeaders) secondary(status int, message string) bool {
	return rh.retryAfter >= 0 || status == http.StatusTooManyRequests ||
		strings.Contains(strings.ToLower(message), "secondary rate limit")
}
