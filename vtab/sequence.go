package vtab

import (
	"strings"
	"sync"
)

// sequence remembers the runs or jobs a statement's scans produced, in
// order, so that an inner scan of a join can read ahead of the outer one.
// SQLite hands the inner table one outer row at a time (job_logs WHERE
// job_id = 1, then = 2, ...; jobs WHERE run_id = R1, then R2), which alone
// would cost a round trip per row; when the value asked for is one an
// outer scan of this statement listed, the ones listed after it are what
// SQLite will most likely ask for next. Only the latest ones are kept: an
// inner scan asks for what the outer one produced last, and a listing of
// any length must not grow the statement's memory.
type sequence struct {
	mu    sync.Mutex
	items []produced
	index map[string]int // key → position in items
}

// produced is one run or job an outer scan produced.
type produced struct {
	repo Repo
	id   int64
}

// sequenceKeep is how many of the latest items a sequence keeps.
const sequenceKeep = 4096

func newSequence() *sequence { return &sequence{index: map[string]int{}} }

// add records an item a scan produced; an item seen before keeps its place.
func (q *sequence) add(r Repo, id int64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	key := idKey(r, id)
	if _, ok := q.index[key]; ok {
		return
	}
	if len(q.items) == 2*sequenceKeep {
		q.items = append([]produced(nil), q.items[sequenceKeep:]...)
		clear(q.index)
		for i, p := range q.items {
			q.index[idKey(p.repo, p.id)] = i
		}
	}
	q.index[key] = len(q.items)
	q.items = append(q.items, produced{r, id})
}

// after returns up to n items produced after the one r and id name, and
// whether a scan of this statement produced that one lately.
func (q *sequence) after(r Repo, id int64, n int) ([]produced, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	i, ok := q.index[idKey(r, id)]
	if !ok {
		return nil, false
	}
	end := min(i+1+n, len(q.items))
	return append([]produced(nil), q.items[i+1:end]...), true
}

// readAheadOfOuter is the join's read-ahead: a cursor filtered on one
// value of the one column its plan needs, a run or job an outer scan of
// this statement produced, starts fetching what the same scan of the
// next ones reads first, as SQLite will ask for them next. They may be in
// other repositories (an owner-wide scan of runs): when the join hands
// the repository over too (owner and repo constrained), each is read
// ahead in its own; else only those of the scan's repository are. A
// cursor asked for one value at a time from anywhere else (a VALUES list,
// a plain table) cannot know the next value: after a few such rounds the
// statement says how to hand them over at once.
func (c *Cursor) readAheadOfOuter(p *plan, q *Query) {
	need := c.table.Needs[p.Need].Columns
	if len(need) != 1 || len(q.Repos) != 1 || q.ownerWide {
		return
	}
	col := need[0]
	ids, _ := q.Ints(col)
	if len(ids) != 1 {
		return
	}
	var next []produced
	outer := false
	if seq := c.stmt.producedBy(col); seq != nil {
		next, outer = seq.after(q.Repos[0], ids[0], c.session.readAhead())
	}
	if !outer {
		c.oneAtATime++
	}
	if !outer && c.oneAtATime == oneAtATimeNote {
		c.stmt.note(AdvicePrefix+"%s: SQLite asked for %s one value at a time (%d times so far), a round trip each; "+
			"write %s IN (SELECT ...) so that the values arrive together and are fetched at once", c.table.Name, col, oneAtATimeNote, col)
	}
	if c.table.warm == nil {
		return
	}
	_, byOwner := q.values["owner"]
	_, byName := q.values["repo"]
	for _, n := range next {
		switch {
		case byOwner && byName:
			c.table.warm(c.session, q.in(n.repo).with(col, n.id))
		case idKey(n.repo, 0) == idKey(q.Repos[0], 0):
			c.table.warm(c.session, q.with(col, n.id))
		}
	}
}

// AdvicePrefix starts a note that says how a statement could fetch less
// or sooner, as opposed to one about data that is missing: --strict turns
// only the latter into errors.
const AdvicePrefix = "performance: "

// IsAdvice reports whether a note is advice (see AdvicePrefix).
func IsAdvice(note string) bool { return strings.HasPrefix(note, AdvicePrefix) }

// oneAtATimeNote is how many single values a cursor is filtered on,
// with no outer scan to read ahead of, before the statement says so.
const oneAtATimeNote = 10
