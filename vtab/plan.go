package vtab

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
)

// Op is a constraint operator, numbered as SQLite's SQLITE_INDEX_CONSTRAINT_*.
type Op int

// The operators planning looks at; SQLite checks every other one itself.
const (
	OpEQ Op = 2
	OpIS Op = 72
)

// IndexConstraint is one WHERE term SQLite offers to xBestIndex.
type IndexConstraint struct {
	Column   int
	Op       Op
	Usable   bool
	CanInAll bool // an IN whose values SQLite can hand over all at once (sqlite3_vtab_in)
}

// IndexInfo is what xBestIndex is asked about.
type IndexInfo struct {
	Constraints []IndexConstraint
	ColUsed     uint64 // bit i: column i is read; bit 63: column 63 or later
}

// IndexUse says how a plan uses one constraint. SQLite re-checks every
// constraint on the rows, so that a value the API treats differently (case,
// type) can never let a wrong row through, except on a table's Exact
// columns, where Omit spares it a call per row.
type IndexUse struct {
	ArgvIndex int  // 1-based position in xFilter's arguments; 0 = not used
	InAll     bool // take all of the IN's values in one xFilter call
	Omit      bool // SQLite need not check the constraint on the rows
}

// IndexPlan is xBestIndex's answer.
type IndexPlan struct {
	Uses []IndexUse // one per IndexInfo.Constraints
	Num  int        // idxNum, handed back to Filter
	Cost float64
	Rows int64
}

// ErrConstraint means the offered constraints allow no plan now, though
// another join order may (xBestIndex returns SQLITE_CONSTRAINT).
var ErrConstraint = errors.New("vtab: no usable plan with these constraints")

// plan is what a Filter call needs to know of the chosen IndexPlan.
type plan struct {
	columns []int  // the column of each xFilter argument
	lists   []bool // whether each argument is an all-at-once IN list
	need    int    // index into Table.Needs of the requirement met; -1: none (fails in Filter)
	colUsed uint64
}

func (p *plan) key() string {
	return fmt.Sprint(p.columns, p.lists, p.need, p.colUsed)
}

// plans remembers every plan handed to SQLite, so that idxNum alone names it.
type plans struct {
	mu    sync.Mutex
	byNum []*plan
	byKey map[string]int
}

func (ps *plans) add(p *plan) int {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	k := p.key()
	if n, ok := ps.byKey[k]; ok {
		return n
	}
	if ps.byKey == nil {
		ps.byKey = map[string]int{}
	}
	ps.byNum = append(ps.byNum, p)
	ps.byKey[k] = len(ps.byNum) - 1
	return len(ps.byNum) - 1
}

func (ps *plans) get(n int) (*plan, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if n < 0 || n >= len(ps.byNum) {
		return nil, fmt.Errorf("vtab: unknown plan %d", n)
	}
	return ps.byNum[n], nil
}

// BestIndex chooses how to scan t under the constraints SQLite offers.
func (t *Table) BestIndex(info *IndexInfo) (*IndexPlan, error) {
	first := t.firstUsableEQ(info)
	need := t.needMet(first)
	if need < 0 {
		if t.mentionsNeededColumn(info) {
			return nil, ErrConstraint
		}
		// No join order can supply the required column: the plan fails in
		// Filter with a message that says what to add. Its cost keeps SQLite
		// from choosing it while any other plan (an OR split) exists.
		return t.answer(info, &plan{need: -1, colUsed: info.ColUsed}, nil, math.MaxFloat64/8, math.MaxInt32), nil
	}
	p := &plan{need: need, colUsed: info.ColUsed}
	uses := make([]IndexUse, len(info.Constraints))
	for _, col := range t.pushdown {
		i, ok := first[col]
		if !ok {
			continue
		}
		c := info.Constraints[i]
		p.columns = append(p.columns, col)
		p.lists = append(p.lists, c.CanInAll)
		uses[i] = IndexUse{ArgvIndex: len(p.columns), InAll: c.CanInAll, Omit: slices.Contains(t.exact, col)}
	}
	cost, rows := t.Needs[need].Cost, t.Needs[need].Rows
	if _, ok := first[t.schema.Index("run_attempt")]; ok && t.Needs[need].Rows > 1 {
		cost, rows = cost/2, rows/2
	}
	return t.answer(info, p, uses, cost, rows), nil
}

func (t *Table) answer(info *IndexInfo, p *plan, uses []IndexUse, cost float64, rows int64) *IndexPlan {
	if uses == nil {
		uses = make([]IndexUse, len(info.Constraints))
	}
	return &IndexPlan{Uses: uses, Num: t.plans.add(p), Cost: cost, Rows: rows}
}

// firstUsableEQ maps each pushed-down column to its first usable = (or IN)
// constraint.
func (t *Table) firstUsableEQ(info *IndexInfo) map[int]int {
	first := map[int]int{}
	for i, c := range info.Constraints {
		if !c.Usable || c.Op != OpEQ || !slices.Contains(t.pushdown, c.Column) {
			continue
		}
		if _, seen := first[c.Column]; !seen {
			first[c.Column] = i
		}
	}
	return first
}

// needMet returns the cheapest of t.Needs whose columns all have a
// constraint, or -1.
func (t *Table) needMet(first map[int]int) int {
	best := -1
	for n, need := range t.Needs {
		ok := true
		for _, col := range need.columns {
			_, has := first[col]
			ok = ok && has
		}
		if ok && (best < 0 || need.Cost < t.Needs[best].Cost) {
			best = n
		}
	}
	return best
}

// mentionsNeededColumn reports whether some = constraint names a required
// column, usable or not: then another join order can make it usable.
func (t *Table) mentionsNeededColumn(info *IndexInfo) bool {
	for _, c := range info.Constraints {
		if c.Op != OpEQ {
			continue
		}
		for _, need := range t.Needs {
			if slices.Contains(need.columns, c.Column) {
				return true
			}
		}
	}
	return false
}

// needsMessage is the error for a scan that lacks every required constraint.
func (t *Table) needsMessage() string {
	alternatives := make([]string, len(t.Needs))
	for i, n := range t.Needs {
		alternatives[i] = strings.Join(n.Columns, " and ")
	}
	return fmt.Sprintf("%s: needs %s, e.g. %s", t.Name, strings.Join(alternatives, " or "), t.Example)
}
