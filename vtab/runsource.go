package vtab

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/actionsql/actionsql/internal/ghapi"
)

func runKey(r Repo, id int64) string {
	return strings.ToLower(r.String()) + "#" + fmt.Sprint(id)
}

// runPager reads the pages of one run listing (created set); the runs on
// them are kept for the statement, so that reading one by id later costs
// no request.
func (s *Session) runPager(st *statement, l ghapi.RunListing) pager[*ghapi.Run] {
	r := Repo{l.Owner, l.Repo}
	key := strings.ToLower("runs:" + l.Path())
	return pager[*ghapi.Run]{
		id:      (*ghapi.Run).GetID,
		key:     func(n int) string { return fmt.Sprintf("%s&page=%d", key, n) },
		perPage: jobsPerPage,
		fetch: func(ctx context.Context, n int) (page[*ghapi.Run], error) {
			p, err := s.Client().ListRunsPage(ctx, l, n)
			if err != nil {
				return page[*ghapi.Run]{}, err
			}
			for _, run := range p.Runs {
				st.fetches.put("run:"+runKey(r, run.GetID()), run)
			}
			// total stays the true count: a listing past the cap is never
			// paged through (listRuns splits it first).
			return page[*ghapi.Run]{items: p.Runs, total: p.Total, next: p.NextPage}, nil
		},
		taken: func(runs []*ghapi.Run) {
			for _, run := range runs {
				st.runs.add(repoRun{r, run})
			}
		},
	}
}

// inWindow is the listing narrowed to w.
func inWindow(l ghapi.RunListing, w window) ghapi.RunListing {
	l.Created = w.created()
	return l
}

// warmRunListing starts fetching a listing's first page in the background.
func (s *Session) warmRunListing(st *statement, l ghapi.RunListing, w window) {
	p := s.runPager(st, inWindow(l, w))
	startFetch(st.fetches, p.key(1), func(ctx context.Context) (page[*ghapi.Run], error) { return p.fetch(ctx, 1) })
}

// listRuns yields the runs of a listing created within w, newest first.
// A filtered listing stops at 1,000 runs while its total_count says how
// many match: then the rest are read in windows of creation time, each
// under the cap, going back in time from the oldest run page 1 showed, so
// the query still gets every run, still newest first. A repository that
// does not exist yields nothing and leaves a note.
func (s *Session) listRuns(ctx context.Context, st *statement, l ghapi.RunListing, w window) pull[*ghapi.Run] {
	if w.empty() {
		return fromSlice[*ghapi.Run](nil)
	}
	p := s.runPager(st, inWindow(l, w))
	var runs pull[*ghapi.Run]
	return func() (*ghapi.Run, error) {
		if runs == nil {
			first, err := p.get(ctx, st.fetches, 1)
			if ghapi.IsStatus(err, http.StatusNotFound) {
				st.note("%s not found%s", runListingSubject(l), s.hintIf(true))
				return nil, io.EOF
			}
			if err != nil {
				return nil, err
			}
			runs = listing(ctx, st.fetches, p)
			if l.Filtered() && first.total > ghapi.RunCap && len(first.items) > 0 {
				runs = s.pastTheCap(ctx, st, l, w, first)
			}
		}
		return runs()
	}
}

func runListingSubject(l ghapi.RunListing) string {
	if l.WorkflowID != 0 {
		return fmt.Sprintf("workflow %d in %s/%s", l.WorkflowID, l.Owner, l.Repo)
	}
	return fmt.Sprintf("repository %s/%s", l.Owner, l.Repo)
}

// actionsBegan bounds a window open into the past: no workflow run is older.
var actionsBegan = time.Date(2018, 10, 1, 0, 0, 0, 0, time.UTC)

// windowTarget is how many runs a window is sized to hold: well under the
// cap, so that an uneven rate seldom needs a second try.
const windowTarget = 700

// pastTheCap yields a capped listing: page 1's runs, then windows of
// creation time reaching back from the oldest of them until every run the
// listing's total counted was read (or the window reaches w's start).
func (s *Session) pastTheCap(ctx context.Context, st *statement, l ghapi.RunListing, w window, first page[*ghapi.Run]) pull[*ghapi.Run] {
	newest, oldest := first.items[0].GetCreatedAt().Time, first.items[len(first.items)-1].GetCreatedAt().Time
	seen := map[int64]bool{}
	for _, run := range first.items {
		if run.GetCreatedAt().Time.Equal(oldest) {
			seen[run.GetID()] = true // the next window starts at their second, and lists them again
		}
	}
	sp := &splitter{s: s, st: st, l: l, floor: w.lo, hi: oldest.Add(time.Second), seen: seen,
		remaining: first.total - len(first.items) + len(seen),
		rate:      float64(len(first.items)) / max(newest.Sub(oldest).Seconds(), 1)}
	if sp.floor.IsZero() {
		sp.floor = actionsBegan
	}
	parts := []func() pull[*ghapi.Run]{func() pull[*ghapi.Run] { return fromSlice(first.items) }}
	return chain(append(parts, sp.windows(ctx)))
}

// splitter walks a capped listing back in time, one window at a time.
type splitter struct {
	s         *Session
	st        *statement
	l         ghapi.RunListing
	floor, hi time.Time
	seen      map[int64]bool // runs already yielded that the next window lists again
	remaining int            // runs the listing's total says are still to come
	rate      float64        // runs per second, as the last window found them
}

// windows yields the runs of every window in turn, newest first.
func (sp *splitter) windows(ctx context.Context) func() pull[*ghapi.Run] {
	return func() pull[*ghapi.Run] {
		var current pull[*ghapi.Run]
		return func() (*ghapi.Run, error) {
			for {
				if current == nil {
					next, err := sp.next(ctx)
					if err != nil {
						return nil, err
					}
					current = next
				}
				run, err := current()
				if err != io.EOF {
					if err == nil && sp.seen[run.GetID()] {
						continue
					}
					return run, err
				}
				current = nil
			}
		}
	}
}

// next sizes the next window to hold about windowTarget runs at the last
// rate seen, halving it while it holds more than the cap, and returns its
// runs; io.EOF once every run is read.
func (sp *splitter) next(ctx context.Context) (pull[*ghapi.Run], error) {
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
		p := sp.s.runPager(sp.st, inWindow(sp.l, w))
		first, err := p.get(ctx, sp.st.fetches, 1)
		if err != nil {
			return nil, err
		}
		count := first.total
		if count > ghapi.RunCap && size > time.Second {
			size = time.Duration(float64(size) * windowTarget / float64(count))
			continue
		}
		span := w.hi.Sub(w.lo).Seconds()
		sp.rate = max(float64(count), 1) / span
		sp.remaining -= count
		sp.hi = w.lo
		return listing(ctx, sp.st.fetches, p), nil
	}
}

// runPart reads one run by id.
func (s *Session) runPart(ctx context.Context, st *statement, r Repo, id int64) part[*repoRun] {
	fetch := func(ctx context.Context) (*ghapi.Run, error) { return s.Client().GetRun(ctx, r.Owner, r.Name, id) }
	key := "run:" + runKey(r, id)
	return part[*repoRun]{
		warm: func() { startFetch(st.fetches, key, fetch) },
		rows: func() pull[*repoRun] {
			return s.oneRun(ctx, st, r, key, fetch, fmt.Sprintf("run %d not found in %s", id, r))
		},
	}
}

// runAttemptPart reads run id as attempt n left it.
func (s *Session) runAttemptPart(ctx context.Context, st *statement, r Repo, id, n int64) part[*repoRun] {
	fetch := func(ctx context.Context) (*ghapi.Run, error) {
		return s.Client().GetRunAttempt(ctx, r.Owner, r.Name, id, int(n))
	}
	key := fmt.Sprintf("run:%s@%d", runKey(r, id), n)
	return part[*repoRun]{
		warm: func() { startFetch(st.fetches, key, fetch) },
		rows: func() pull[*repoRun] {
			if n < 1 {
				return fromSlice[*repoRun](nil) // attempts count from 1: no request can find attempt 0
			}
			return s.oneRun(ctx, st, r, key, fetch, fmt.Sprintf("attempt %d of run %d not found in %s", n, id, r))
		},
	}
}

// oneRun yields the run fetched under key, or nothing (and a note) on 404.
func (s *Session) oneRun(ctx context.Context, st *statement, r Repo, key string, fetch func(context.Context) (*ghapi.Run, error), missing string) pull[*repoRun] {
	return fetchedOne(ctx, s, st, key, fetch, missing, func(run *ghapi.Run) *repoRun {
		st.runs.add(repoRun{r, run})
		return &repoRun{r, run}
	})
}

// fetchedOne yields the one row made of the resource fetched under key,
// or nothing (and the note missing) when the API answers 404.
func fetchedOne[T, R any](ctx context.Context, s *Session, st *statement, key string, fetch func(context.Context) (T, error), missing string, row func(T) R) pull[R] {
	done := false
	return func() (R, error) {
		var zero R
		if done {
			return zero, io.EOF
		}
		done = true
		v, err := fetchOnce(ctx, st.fetches, key, fetch)
		if ghapi.IsStatus(err, http.StatusNotFound) {
			st.note("%s%s", missing, s.hintIf(true))
			return zero, io.EOF
		}
		if err != nil {
			return zero, err
		}
		return row(v), nil
	}
}
