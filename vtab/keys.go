package vtab

import (
	"fmt"
	"strings"
)

// Ops is the set of operators the API can apply to a key column.
type Ops int

const (
	// Equal is = and IN (handed over whole when SQLite can).
	Equal Ops = 1 << iota
	// Range is >, >=, < and <= (BETWEEN is a pair of them).
	Range
	// Like is LIKE and Glob is GLOB (two arguments: SQLite offers no
	// LIKE ... ESCAPE to a virtual table). The API can only narrow by what
	// a pattern fixes (a prefix), so SQLite checks them on every row.
	Like
	Glob
)

// Key declares one column a table hands to the API: the operators the API
// applies to it, and how selective a constraint on it is.
type Key struct {
	Column string
	Ops    Ops
	// Keeps is the share of the scan's rows a constraint on the column
	// keeps (0.1: one in ten); 0 means 1. It only steers SQLite's choice
	// of plan and join order.
	Keeps float64
	index int
}

// equalKeys declares columns whose = and IN the API applies, keeping every row.
func equalKeys(columns ...string) []Key {
	keys := make([]Key, len(columns))
	for i, c := range columns {
		keys[i] = Key{Column: c, Ops: Equal}
	}
	return keys
}

// opsOf maps an SQLite operator to the Ops that cover it, 0 for none.
func opsOf(op Op) Ops {
	switch op {
	case OpEQ:
		return Equal
	case OpGT, OpGE, OpLT, OpLE:
		return Range
	case OpLike:
		return Like
	case OpGlob:
		return Glob
	}
	return 0
}

// Bound is one range constraint on a column: Op and the value it compares with.
type Bound struct {
	Op    Op
	Value Value
}

// Prefix is the text every value matching a LIKE or GLOB bound starts
// with, as written: up to the pattern's first wildcard. ok is false for
// another operator or a pattern that is not text.
func (b Bound) Prefix() (prefix string, ok bool) {
	pattern, isText := b.Value.(string)
	wildcards := map[Op]string{OpLike: "%_", OpGlob: "*?["}[b.Op]
	if !isText || wildcards == "" {
		return "", false
	}
	if i := strings.IndexAny(pattern, wildcards); i >= 0 {
		pattern = pattern[:i]
	}
	return pattern, true
}

// Lower reports whether the bound limits the column from below (> or >=).
func (b Bound) Lower() bool { return b.Op == OpGT || b.Op == OpGE }

// addBound records a range constraint, its value converted to the
// column's type as SQLite's affinity would before comparing.
func (q *Query) addBound(column Column, op Op, v Value) {
	converted, ok := convert(v, column.Type)
	if !ok {
		// Nothing compares true with NULL; any other value the column
		// cannot hold (a blob) is left for SQLite to compare.
		q.noRows = q.noRows || v == nil
		return
	}
	q.ranges[column.Name] = append(q.ranges[column.Name], Bound{Op: op, Value: converted})
}

// NoRows reports whether the constraints handed over rule out every row.
func (q *Query) NoRows() bool { return q.noRows }

// Bounds returns the range constraints the query hands over for col.
func (q *Query) Bounds(col string) []Bound { return q.ranges[col] }

// opText is how the documentation writes each operator.
var opText = map[Ops]string{Equal: "= or IN", Range: ">, >=, <, <=, BETWEEN", Like: "LIKE 'prefix%'", Glob: "GLOB 'prefix*'"}

// pushdownDoc renders the table's keys as schema.sql's "Pushed down:" line
// says them: consecutive keys taking the same operators share a list.
func (t *Table) pushdownDoc() string {
	var groups []string
	var names []string
	for i, k := range t.Keys {
		names = append(names, k.Column)
		if i == len(t.Keys)-1 || t.Keys[i+1].Ops != k.Ops {
			groups = append(groups, fmt.Sprintf("%s (%s)", strings.Join(names, ", "), opsDoc(k.Ops)))
			names = nil
		}
	}
	return "Pushed down: " + strings.Join(groups, "; ") + "."
}

func opsDoc(ops Ops) string {
	var parts []string
	for _, o := range []Ops{Equal, Range, Like, Glob} {
		if ops&o != 0 {
			parts = append(parts, opText[o])
		}
	}
	return strings.Join(parts, "; ")
}

// key returns the declaration of the key on column index col, or nil.
func (t *Table) key(col int) *Key {
	for i := range t.Keys {
		if t.Keys[i].index == col {
			return &t.Keys[i]
		}
	}
	return nil
}
