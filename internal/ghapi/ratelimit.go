package ghapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
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
	resp, err := g.next.RoundTrip(req)
	g.release(resp)
	return resp, err
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
	limit, err1 := strconv.ParseInt(resp.Header.Get("X-RateLimit-Limit"), 10, 64)
	remaining, err2 := strconv.ParseInt(resp.Header.Get("X-RateLimit-Remaining"), 10, 64)
	reset, ok := unixHeader(resp.Header.Get("X-RateLimit-Reset"))
	if err1 != nil || err2 != nil || !ok || !reset.After(time.Now()) {
		return
	}
	switch {
	case !g.known || reset.After(g.reset):
		g.limit, g.remaining, g.reset, g.known = limit, remaining, reset, true
	case reset.Equal(g.reset):
		// Answers come back out of order: the lowest count is the latest.
		g.remaining = min(g.remaining, remaining)
	}
}
