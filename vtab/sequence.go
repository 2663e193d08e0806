package vtab

import "sync"

// sequence remembers the runs or jobs a statement's scans produced, in
// order, so that an inner scan of a join can read ahead of the outer one.
// SQLite hands the inner table one outer row at a time (job_logs WHERE
// job_id = 1, then = 2, ...; jobs WHERE run_id = R1, then R2), which alone
// would cost a round trip per row; when the value asked for is one an
// outer scan of this statement listed, the ones listed after it are what
// SQLite will most likely ask for next.
type sequence[T any] struct {
	mu    sync.Mutex
	items []T
	index map[string]int // key → position in items
	key   func(T) string
}

func newSequence[T any](key func(T) string) *sequence[T] {
	return &sequence[T]{index: map[string]int{}, key: key}
}

// add records an item a scan produced; an item seen before keeps its place.
func (q *sequence[T]) add(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	key := q.key(item)
	if _, ok := q.index[key]; ok {
		return
	}
	q.index[key] = len(q.items)
	q.items = append(q.items, item)
}

// after returns up to n items produced after the one key names, or nothing
// when no scan of this statement produced that one.
func (q *sequence[T]) after(key string, n int) []T {
	q.mu.Lock()
	defer q.mu.Unlock()
	i, ok := q.index[key]
	if !ok {
		return nil
	}
	end := min(i+1+n, len(q.items))
	return append([]T(nil), q.items[i+1:end]...)
}

// readAheadOfOuter is the join's read-ahead by run: a cursor filtered on
// one run_id of a run an outer runs scan of this statement listed starts
// fetching what the same scan of the next runs (of the same repository)
// reads first, as SQLite will ask for them next.
func (c *Cursor) readAheadOfOuter(p *plan, q *Query) {
	if c.table.warm == nil || p.need < 0 || len(q.Repos) != 1 || !c.table.needs(p.need, "run_id") {
		return
	}
	runs, _ := q.Ints("run_id")
	if len(runs) != 1 {
		return
	}
	r := q.Repos[0]
	for _, next := range c.stmt.runs.after(runKey(r, runs[0]), c.session.readAhead()) {
		if runKey(next.repo, 0) == runKey(r, 0) {
			c.table.warm(c.session, q.with("run_id", next.run.GetID()))
		}
	}
}

// needs reports whether Needs[n] is the column col alone.
func (t *Table) needs(n int, col string) bool {
	return len(t.Needs[n].Columns) == 1 && t.Needs[n].Columns[0] == col
}
