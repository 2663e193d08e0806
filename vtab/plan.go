package vtab

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Op is a constraint operator, numbered as SQLite's SQLITE_INDEX_CONSTRAINT_*.
type Op int

// The operators planning looks at; SQLite checks every other one itself.
const (
	OpEQ   Op = 2
	OpGT   Op = 4
	OpLE   Op = 8
	OpLT   Op = 16
	OpGE   Op = 32
	OpLike Op = 65
	OpGlob Op = 66
	OpIS   Op = 72
	// OpLimit and OpOffset are the statement's LIMIT and OFFSET, which
	// SQLite (3.38 and later) offers when the table is the only one in
	// the statement and every other constraint is handed to it; they
	// have no column.
	OpLimit  Op = 73
	OpOffset Op = 74
)

// IndexConstraint is one WHERE term SQLite offers to xBestIndex.
type IndexConstraint struct {
	Column   int
	Op       Op
	Usable   bool
	CanInAll bool // an IN whose values SQLite can hand over all at once (sqlite3_vtab_in)
}

// OrderTerm is one term of the ORDER BY SQLite would like the rows in.
type OrderTerm struct {
	Column int
	Desc   bool
}

// IndexInfo is what xBestIndex is asked about.
type IndexInfo struct {
	Constraints []IndexConstraint
	OrderBy     []OrderTerm
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
	// Str is the plan written out (xBestIndex's idxStr), handed back to
	// Filter: the plan travels with the statement, so no registry of plans
	// outlives it.
	Str  string
	Cost float64
	Rows int64
	// OrderByConsumed: the scan yields the rows in IndexInfo.OrderBy's
	// order, so SQLite need not sort them.
	OrderByConsumed bool
}

// ErrConstraint means the offered constraints allow no plan now, though
// another join order may (xBestIndex returns SQLITE_CONSTRAINT).
var ErrConstraint = errors.New("vtab: no usable plan with these constraints")

// plan is what a Filter call needs to know of the chosen IndexPlan.
type plan struct {
	Columns []int  `json:"c"` // the column of each xFilter argument (-1: LIMIT or OFFSET)
	Ops     []Op   `json:"o"` // the operator of each argument: OpEQ (= or IN), a range, OpLimit, OpOffset
	Lists   []bool `json:"l"` // whether each argument is an all-at-once IN list
	Need    int    `json:"n"` // index into Table.Needs of the requirement met; -1: none (fails in Filter)
	// OtherOps are the required columns constrained only by operators the
	// API cannot apply, for the message of a plan that fails.
	OtherOps []string `json:"x,omitempty"`
	ColUsed  uint64   `json:"u"`
}

func (p *plan) encode() string {
	b, err := json.Marshal(p)
	if err != nil {
		panic(err) // a struct of numbers and strings always encodes
	}
	return string(b)
}

// decodePlan reads a plan BestIndex wrote.
func decodePlan(str string) (*plan, error) {
	var p plan
	if err := json.Unmarshal([]byte(str), &p); err != nil || len(p.Columns) != len(p.Ops) || len(p.Lists) != len(p.Ops) {
		return nil, fmt.Errorf("vtab: %q is no plan this version of actionsql wrote", str)
	}
	return &p, nil
}

// BestIndex chooses how to scan t under the constraints SQLite offers:
// the first usable = (or IN) on each key that takes it, every usable range
// on each key that takes ranges. Its cost is the cheapest need met, scaled
// by how much each other key used keeps.
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
		p := &plan{Need: -1, ColUsed: info.ColUsed, OtherOps: t.otherOpsOnNeeds(info)}
		return t.answer(info, p, nil, math.MaxFloat64/8, math.MaxInt32), nil
	}
	p := &plan{Need: need, ColUsed: info.ColUsed}
	uses := make([]IndexUse, len(info.Constraints))
	keeps := 1.0
	use := func(i int, c IndexConstraint, k *Key) {
		p.Columns = append(p.Columns, c.Column)
		p.Ops = append(p.Ops, c.Op)
		p.Lists = append(p.Lists, c.CanInAll)
		uses[i] = IndexUse{ArgvIndex: len(p.Columns), InAll: c.CanInAll,
			Omit: c.Op == OpEQ && slices.Contains(t.exact, c.Column)}
		if c.Op == OpEQ && k.Keeps > 0 && !slices.Contains(t.Needs[need].columns, c.Column) {
			keeps *= k.Keeps
		}
	}
	for _, k := range t.Keys {
		if i, ok := first[k.index]; ok {
			use(i, info.Constraints[i], &k)
		}
	}
	ranged := map[int]bool{}
	for i, c := range info.Constraints {
		if k := t.key(c.Column); c.Usable && k != nil && opsOf(c.Op)&^Equal != 0 && k.Ops&opsOf(c.Op) != 0 {
			if !ranged[c.Column] {
				ranged[c.Column] = true
				keeps *= rangeKeeps(k)
			}
			use(i, c, k)
		}
	}
	for i, c := range info.Constraints {
		if c.Usable && (c.Op == OpLimit || c.Op == OpOffset) {
			p.Columns = append(p.Columns, -1)
			p.Ops = append(p.Ops, c.Op)
			p.Lists = append(p.Lists, false)
			uses[i] = IndexUse{ArgvIndex: len(p.Columns)} // no Omit: SQLite still applies them
		}
	}
	n := t.Needs[need]
	cost := n.Cost * keeps
	if t.scopeLeftOut(info, first) {
		cost *= scopeLeftOutCost
	}
	plan := t.answer(info, p, uses, cost, max(1, int64(float64(n.Rows)*keeps)))
	plan.OrderByConsumed = t.ordered(info, p)
	return plan, nil
}

// scopeLeftOutCost scales the cost of a plan that leaves out an owner or
// repo constraint another join order could use.
const scopeLeftOutCost = 1e6

// scopeLeftOut reports whether owner or repo has an = constraint, but none
// usable in this plan: a join that hands the repository over from another
// table (j.repo = r.repo) only can once that table is the outer one. The
// plan would read the default repository, or every repository of the
// owner, instead: SQLite must choose it only when no other is possible.
func (t *Table) scopeLeftOut(info *IndexInfo, first map[int]int) bool {
	for _, k := range t.Keys {
		if k.Column != "owner" && k.Column != "repo" {
			continue
		}
		if _, used := first[k.index]; used {
			continue
		}
		for _, c := range info.Constraints {
			if c.Column == k.index && c.Op == OpEQ {
				return true
			}
		}
	}
	return false
}

// rangeKeeps is the share of rows a range (or pattern) on k keeps: its
// Keeps, else a quarter.
func rangeKeeps(k *Key) float64 {
	if k.Keeps > 0 {
		return k.Keeps
	}
	return 0.25
}

// ordered reports whether a scan under p yields its rows in the order
// SQLite asks for: the API lists them newest first, so every term must be
// one of the table's Descending columns, descending, and the scan must be
// one listing. An IN handed over whole makes several listings, one after
// another; an IN SQLite steps through itself makes SQLite ignore the claim.
func (t *Table) ordered(info *IndexInfo, p *plan) bool {
	if len(info.OrderBy) == 0 || len(t.descending) == 0 || slices.Contains(p.Lists, true) {
		return false
	}
	for _, o := range info.OrderBy {
		if !o.Desc || !slices.Contains(t.descending, o.Column) {
			return false
		}
	}
	return true
}

func (t *Table) answer(info *IndexInfo, p *plan, uses []IndexUse, cost float64, rows int64) *IndexPlan {
	if uses == nil {
		uses = make([]IndexUse, len(info.Constraints))
	}
	return &IndexPlan{Uses: uses, Str: p.encode(), Cost: cost, Rows: rows}
}

// firstUsableEQ maps each pushed-down column to its first usable = (or IN)
// constraint.
func (t *Table) firstUsableEQ(info *IndexInfo) map[int]int {
	first := map[int]int{}
	for i, c := range info.Constraints {
		if k := t.key(c.Column); !c.Usable || c.Op != OpEQ || k == nil || k.Ops&Equal == 0 {
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

// otherOpsOnNeeds names the required columns that only operators other
// than = and IN constrain, for the error to say why those do not count.
func (t *Table) otherOpsOnNeeds(info *IndexInfo) []string {
	var cols []string
	for _, c := range info.Constraints {
		if c.Column < 0 || c.Op == OpLimit || c.Op == OpOffset {
			continue // the rowid (WHERE rowid > 5), a LIMIT: no required column
		}
		name := t.schema.Columns[c.Column].Name
		if c.Op == OpEQ || slices.Contains(cols, name) {
			continue
		}
		for _, need := range t.Needs {
			if slices.Contains(need.columns, c.Column) {
				cols = append(cols, name)
				break
			}
		}
	}
	return cols
}

// needsMessage is the error for a scan that lacks every required
// constraint; otherOps are required columns constrained another way.
func (t *Table) needsMessage(otherOps []string) string {
	msg := t.requirement()
	if len(otherOps) > 0 {
		msg += fmt.Sprintf("; only = and IN on %s reach the API (a range or other comparison is checked on the rows read, so it cannot choose what to fetch)", strings.Join(otherOps, ", "))
	}
	return msg
}

// requirement says what a scan of t needs, with an example.
func (t *Table) requirement() string {
	alternatives := make([]string, len(t.Needs))
	for i, n := range t.Needs {
		alternatives[i] = strings.Join(n.Columns, " and ")
	}
	return fmt.Sprintf("%s: needs %s, e.g. %s", t.Name, strings.Join(alternatives, " or "), t.Example)
}
