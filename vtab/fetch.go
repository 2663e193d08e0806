package vtab

import (
	"context"
	"errors"
	"sync"
)

// flights fetches each resource of a statement at most once. A fetch runs
// in its own goroutine under the statement's context, not the cursor's
// that asked first: a second cursor asking for the same key while the
// first request is in flight waits for its answer, and a cursor closed
// early (a LIMIT, an interrupt) does not fail the others that wait.
type flights struct {
	ctx   context.Context // the statement's: ends when the statement does
	mu    sync.Mutex
	calls map[string]*flight
}

// flight is one fetch: done closes when val and err are set.
type flight struct {
	done chan struct{}
	val  any
	err  error
}

func newFlights(ctx context.Context) *flights {
	return &flights{ctx: ctx, calls: map[string]*flight{}}
}

// start begins fetching key unless it was started before, and returns the
// fetch without waiting for it.
func (f *flights) start(key string, fetch func(context.Context) (any, error)) *flight {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl, ok := f.calls[key]; ok {
		return fl
	}
	fl := &flight{done: make(chan struct{})}
	f.calls[key] = fl
	go func() {
		fl.val, fl.err = fetch(f.ctx)
		close(fl.done)
	}()
	return fl
}

// put records a value fetched some other way (a job read in a listing), so
// that a later fetch of key costs nothing.
func (f *flights) put(key string, val any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.calls[key]; ok {
		return
	}
	fl := &flight{done: make(chan struct{}), val: val}
	close(fl.done)
	f.calls[key] = fl
}

// wait returns the fetch's answer, or ctx's cause if ctx ends first.
func (fl *flight) wait(ctx context.Context) (any, error) {
	select {
	case <-fl.done:
		return fl.val, fl.err
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

// fetchOnce returns the resource named key, fetching it only if this
// statement has not already (or is not already doing so).
func fetchOnce[T any](ctx context.Context, f *flights, key string, fetch func(context.Context) (T, error)) (T, error) {
	val, err := startFetch(f, key, fetch).wait(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return val.(T), nil
}

// startFetch is fetchOnce without the wait: it starts a fetch ahead of need.
func startFetch[T any](f *flights, key string, fetch func(context.Context) (T, error)) *flight {
	return f.start(key, func(ctx context.Context) (any, error) { return fetch(ctx) })
}

// errStatementOver is the cause a statement's fetches are cancelled with
// once its last cursor closes.
var errStatementOver = errors.New("vtab: the statement ended")

// lookup returns the fetch of key if one was started, else nil.
func (f *flights) lookup(key string) *flight {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[key]
}

// finished reports whether the fetch has its answer.
func (fl *flight) finished() bool {
	select {
	case <-fl.done:
		return true
	default:
		return false
	}
}
