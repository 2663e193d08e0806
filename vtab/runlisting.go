package vtab

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"time"
)

// runCap is the most runs a filtered run listing returns, whatever its
// total_count says: GitHub stops at 1,000 results when actor, branch,
// check_suite_id, created, event, head_sha or status is given.
const runCap = 1000

// runListing is the listing of f's runs created within w. The runs on its
// pages are kept for the statement (a later read of one by id costs no
// request), and recorded in order for inner scans to read ahead of.
func runListing(st *statement, r Repo, f runFilter, w window) listing[run] {
	query := url.Values{}
	for k, v := range f.query {
		query[k] = v
	}
	if c := w.created(); c != "" {
		query.Set("created", c)
	}
	req := Request{Path: r.path("/actions/runs"), Query: query, Items: "workflow_runs", Repo: r, Subject: "the runs"}
	if f.workflow != 0 {
		req.Path = r.path("/actions/workflows/%d/runs", f.workflow)
		req.Subject, req.Check = fmt.Sprintf("workflow %d", f.workflow), "check the workflow id (workflows.id, or runs.workflow_id)"
	}
	return listing[run]{
		Request: req,
		id:      (*run).id,
		fetched: func(runs []*run) {
			for _, v := range runs {
				st.fetches.put(oneRun(r, v.id(), 0).key(), v)
			}
		},
		taken: func(runs []*run) {
			for _, v := range runs {
				st.runs.add(r, v.id())
			}
		},
	}
}

// capped reports whether the listing stops at runCap: any filter does.
func (l listing[T]) capped() bool { return len(l.Query) > 0 }

// listRuns yields the runs of a listing created within w, newest first.
// A filtered listing stops at 1,000 runs while its total_count says how
// many match: then the rest are read in windows of creation time, each
// under the cap, going back in time from the oldest run page 1 showed, so
// the query still gets every run, still newest first. A repository that
// does not exist yields nothing and leaves a note.
func listRuns(ctx context.Context, st *statement, want int64, r Repo, f runFilter, w window) pull[*run] {
	if w.empty() {
		return fromSlice[*run](nil)
	}
	l := runListing(st, r, f, w)
	var runs pull[*run]
	return func() (*run, error) {
		if runs == nil {
			first, err := l.first(ctx, st)
			if err != nil && st.missing(ctx, l.Request, err) {
				return nil, io.EOF
			}
			if err != nil {
				return nil, err
			}
			runs = l.rows(ctx, st, want)
			if l.capped() && first.total > runCap && len(first.items) > 0 {
				runs = pastTheCap(ctx, st, r, f, w, first)
			}
		}
		return runs()
	}
}

// actionsBegan bounds a window open into the past: no workflow run is older.
var actionsBegan = time.Date(2018, 10, 1, 0, 0, 0, 0, time.UTC)

// windowTarget is how many runs a window is sized to hold: well under the
// cap, so that an uneven rate seldom needs a second try.
const windowTarget = 700

// pastTheCap yields a capped listing: page 1's runs, then windows of
// creation time reaching back from the oldest of them until every run the
// listing's total counted was read (or the window reaches w's start).
func pastTheCap(ctx context.Context, st *statement, r Repo, f runFilter, w window, first page[run]) pull[*run] {
	newestAt, _ := first.items[0].CreatedAt.parse()
	oldestAt, _ := first.items[len(first.items)-1].CreatedAt.parse()
	seen := map[int64]bool{}
	for _, v := range first.items {
		if at, _ := v.CreatedAt.parse(); at.Equal(oldestAt) {
			seen[v.id()] = true // the next window starts at their second, and lists them again
		}
	}
	sp := &splitter{st: st, r: r, f: f, floor: w.lo, hi: oldestAt.Add(time.Second), seen: seen,
		remaining: first.total - len(first.items) + len(seen),
		rate:      float64(len(first.items)) / max(newestAt.Sub(oldestAt).Seconds(), 1)}
	if sp.floor.IsZero() {
		sp.floor = actionsBegan
	}
	parts := []func() pull[*run]{func() pull[*run] { return fromSlice(first.items) }}
	return chain(append(parts, sp.windows(ctx)))
}

// splitter walks a capped listing back in time, one window at a time.
type splitter struct {
	st        *statement
	r         Repo
	f         runFilter
	floor, hi time.Time
	seen      map[int64]bool // runs already yielded that the next window lists again
	remaining int            // runs the listing's total says are still to come
	rate      float64        // runs per second, as the last window found them
}

// windows yields the runs of every window in turn, newest first.
func (sp *splitter) windows(ctx context.Context) func() pull[*run] {
	return func() pull[*run] {
		var current pull[*run]
		return func() (*run, error) {
			for {
				if current == nil {
					next, err := sp.next(ctx)
					if err != nil {
						return nil, err
					}
					current = next
				}
				v, err := current()
				if err != io.EOF {
					if err == nil && sp.seen[v.id()] {
						continue
					}
					return v, err
				}
				current = nil
			}
		}
	}
}

// next sizes the next window to hold about windowTarget runs at the last
// rate seen, halving it while it holds more than the cap, and returns its
// runs; io.EOF once every run is read.
func (sp *splitter) next(ctx context.Context) (pull[*run], error) {
	if sp.remaining <= 0 || !sp.hi.After(sp.floor) {
		return nil, io.EOF
	}
	size := time.Duration(float64(windowTarget) / max(sp.rate, 1e-9) * float64(time.Second))
	for {
		size = max(size.Truncate(time.Second), time.Second)
		w := window{lo: sp.hi.Add(-size), hi: sp.hi}
		if w.lo.Before(sp.floor) {
			w.lo = sp.floor
		}
		l := runListing(sp.st, sp.r, sp.f, w)
		first, err := l.first(ctx, sp.st)
		if err != nil {
			return nil, err
		}
		count := first.total
		if count > runCap && size > time.Second {
			size = time.Duration(float64(size) * windowTarget / float64(count))
			continue
		}
		span := w.hi.Sub(w.lo).Seconds()
		sp.rate = max(float64(count), 1) / span
		sp.remaining -= count
		sp.hi = w.lo
		return l.rows(ctx, sp.st, 0), nil
	}
}
