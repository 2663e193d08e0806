package vtab

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Value is a column or constraint value: nil, int64, float64, string or []byte.
type Value = any

// Need is one way to satisfy a table's required constraints: = or IN on
// every column listed. Cost and Rows are the plan's estimates per scan.
type Need struct {
	Columns []string
	Cost    float64
	Rows    int64
	columns []int
}

// Table declares one virtual table: its name (its columns come from
// schema.sql), its keys (the columns whose constraints become API
// requests, with the operators the API applies), what a scan needs, and
// the generator that makes its rows.
type Table struct {
	Name string
	// Scope says whose data the table holds: RepoScope tables take owner
	// and repo (keys and columns both) from the query or the default
	// repository, with no declaration of their own.
	Scope   Scope
	Keys    []Key
	Needs   []Need
	Example string // a WHERE clause that meets the first Need
	// Descending lists the columns whose descending order a scan of one
	// listing yields its rows in (the API lists runs newest first), so
	// that ORDER BY created_at DESC LIMIT 20 reads one page.
	Descending []string
	// Exact lists pushed-down INTEGER columns whose every row holds the
	// constrained value itself (convert gives it as SQLite's affinity
	// would), so SQLite need not compare it again on each row: for a log
	// of millions of lines, that comparison is a call into Go per line.
	Exact []string

	open       func(ctx context.Context, s *Session, q *Query) (rowSource, error)
	warm       func(s *Session, q *Query) // starts what a scan of q fetches first; nil: nothing
	schema     *Schema
	descending []int
	exact      []int
}

// Schema returns the table's columns as schema.sql declares them.
func (t *Table) Schema() *Schema { return t.schema }

// Scope is whose data a table holds, and so what owner and repo mean in
// its queries.
type Scope int

const (
	// NoScope: the table's requests name no repository.
	NoScope Scope = iota
	// RepoScope: one repository's data (or, with IN, several
	// repositories'): owner and repo from the query, either one falling
	// back to the default repository's; owner alone names no repository.
	RepoScope
	// EachRepoScope: a repository's data, as RepoScope; owner alone
	// covers every repository of that owner (runs, workflows).
	EachRepoScope
	// OwnerOrRepoScope: a repository's data, as RepoScope; owner alone
	// reads the owner's own endpoint (an organization's runners), handed
	// to the requests as a Repo with no Name, and the repo column is NULL.
	OwnerOrRepoScope
	// OwnerScope: an owner's data (repos): owner from the query, else the
	// default repository's owner; the rows say their repository.
	OwnerScope
)

// byRepo reports whether the table's requests name a repository: owner
// and repo are its keys and columns.
func (s Scope) byRepo() bool { return s == RepoScope || s == EachRepoScope || s == OwnerOrRepoScope }

// rowSource produces a scan's rows: next advances (io.EOF at the end) and
// column reads the current row.
type rowSource interface {
	next() error
	column(i int) Value
}

// columnMap says how each column of a table is computed from a row of type T.
type columnMap[T any] map[string]func(*T) Value

// generator starts a scan; the returned function yields rows, io.EOF at the end.
type generator[T any] func(ctx context.Context, s *Session, q *Query) (func() (*T, error), error)

var tables []*Table

// Tables returns every table, in schema.sql's order.
func Tables() []*Table { return tables }

// TableNames lists the tables' names, in schema.sql's order, for help texts.
func TableNames() string {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// declare binds a table declaration to its schema.sql entry, its columns
// and its generator. A column's value comes from cols when cols names it;
// owner and repo, for a table of one repository's data, from the row's
// repository; any other from the field of the row (or of a struct it
// embeds) whose json tag is the column's name: the field the API's answer
// was decoded into, so a column the API gives as it is is written down
// once. It panics on a column it cannot compute: the declarations are
// static, and a test loads them all.
func declare[T any](t *Table, cols columnMap[T], gen generator[T]) *Table {
	t.schema = schemaNamed(t.Name)
	ordered := make([]func(*T) Value, len(t.schema.Columns))
	used := 0
	for i, c := range t.schema.Columns {
		if f, ok := cols[c.Name]; ok {
			ordered[i] = f
			used++
			continue
		}
		ordered[i] = derivedColumn[T](t, c.Name)
	}
	if used != len(cols) {
		panic(fmt.Sprintf("vtab: %s has value functions for columns schema.sql does not declare", t.Name))
	}
	switch {
	case t.Scope.byRepo():
		t.Keys = append(equalKeys("owner", "repo"), t.Keys...)
	case t.Scope == OwnerScope:
		t.Keys = append(equalKeys("owner"), t.Keys...)
	}
	for i := range t.Keys {
		t.Keys[i].index = columnIndexes(t.schema, []string{t.Keys[i].Column})[0]
	}
	t.descending = columnIndexes(t.schema, t.Descending)
	t.exact = columnIndexes(t.schema, t.Exact)
	for i := range t.Needs {
		t.Needs[i].columns = columnIndexes(t.schema, t.Needs[i].Columns)
	}
	t.open = func(ctx context.Context, s *Session, q *Query) (rowSource, error) {
		next, err := gen(ctx, s, q)
		if err != nil {
			return nil, err
		}
		return &records[T]{pull: next, cols: ordered}, nil
	}
	tables = append(tables, t)
	slices.SortStableFunc(tables, func(a, b *Table) int { return schemaOrder(a.Name) - schemaOrder(b.Name) })
	return t
}

// warmsWith declares how to start a scan's first fetches ahead of the
// scan, for the read-ahead of joins (sequence.go).
func (t *Table) warmsWith(warm func(s *Session, q *Query)) *Table {
	t.warm = warm
	return t
}

// records is the rowSource of a generator: it keeps the current row and
// computes a column only when SQLite asks for it.
type records[T any] struct {
	pull func() (*T, error)
	cols []func(*T) Value
	cur  *T
}

func (r *records[T]) next() error {
	row, err := r.pull()
	if err != nil {
		return err
	}
	r.cur = row
	return nil
}

func (r *records[T]) column(i int) Value { return r.cols[i](r.cur) }

func schemaNamed(name string) *Schema {
	for _, s := range Schemas() {
		if s.Name == name {
			return s
		}
	}
	panic(fmt.Sprintf("vtab: table %s is not declared in schema.sql", name))
}

func schemaOrder(name string) int {
	for i, s := range Schemas() {
		if s.Name == name {
			return i
		}
	}
	return len(Schemas())
}

func columnIndexes(s *Schema, names []string) []int {
	idx := make([]int, len(names))
	for i, n := range names {
		if idx[i] = s.Index(n); idx[i] < 0 {
			panic(fmt.Sprintf("vtab: %s has no column %s", s.Name, n))
		}
	}
	return idx
}

// Repo is one repository a scan reads, spelled as the query (or the
// default) wrote it.
type Repo struct {
	Owner, Name string
	// listed says an owner-wide scan reads it as one of the owner's
	// repositories: a 404 for an id there is no news, as the id is most
	// likely another repository's of the same owner.
	listed bool
}

func (r Repo) String() string { return r.Owner + "/" + r.Name }

// Query is what a scan was asked for: the values of its pushed-down
// constraints, converted to the columns' types, and the columns it reads.
type Query struct {
	// Repos are the repositories the scan reads, as the query (or the
	// default) names them; for an owner-wide scan (EachRepoScope with
	// owner alone), the owners, with no Name, whose repositories the
	// scan lists first (see scopes).
	Repos []Repo
	// ownerWide says Repos are owners to list the repositories of.
	ownerWide bool
	table     *Table
	st        *statement // the statement the scan is part of
	values    map[string][]Value
	ranges    map[string][]Bound
	noRows    bool // a range compares with NULL: no row can match
	colUsed   uint64
	// want is how many rows the statement reads at most, as its LIMIT
	// and OFFSET say when SQLite hands them over; 0 when unknown. It only
	// bounds how far ahead a listing is fetched: SQLite stops the scan.
	want int64
}

// Ints returns the integer values constrained for col, and whether col was
// constrained at all (constrained with no usable value means no row matches).
func (q *Query) Ints(col string) ([]int64, bool) {
	vs, ok := q.values[col]
	ints := make([]int64, 0, len(vs))
	for _, v := range vs {
		ints = append(ints, v.(int64))
	}
	return ints, ok
}

// Texts is Ints for TEXT columns.
func (q *Query) Texts(col string) ([]string, bool) {
	vs, ok := q.values[col]
	texts := make([]string, 0, len(vs))
	for _, v := range vs {
		texts = append(texts, v.(string))
	}
	return texts, ok
}

// with returns a copy of q with col constrained to v alone.
func (q *Query) with(col string, v int64) *Query {
	c := *q
	c.values = maps.Clone(q.values)
	c.values[col] = []Value{v}
	return &c
}

// in returns a copy of q that reads repository r alone.
func (q *Query) in(r Repo) *Query {
	c := *q
	c.Repos = []Repo{r}
	return &c
}

// Reads reports whether the statement reads column col.
func (q *Query) Reads(col string) bool {
	i := q.table.schema.Index(col)
	if i >= 63 {
		return q.colUsed&(1<<63) != 0
	}
	return q.colUsed&(1<<uint(i)) != 0
}

// resolveRepos pairs the owner and repo constraints, each falling back to
// the default repository's part, as the table's Scope says. Spellings that
// differ only in case name the same repository (GitHub ignores case): the
// first one is kept.
func (q *Query) resolveRepos(def Repo) error {
	owners, byOwner := q.Texts("owner")
	names, byName := q.Texts("repo")
	scope := q.table.Scope
	switch {
	case scope == OwnerScope || byOwner && !byName && scope == OwnerOrRepoScope:
		names = []string{""}
	case byOwner && !byName && scope == EachRepoScope:
		q.ownerWide = true
		names = []string{""}
	case byOwner && !byName:
		return &OwnerAloneError{Table: q.table.Name, Owner: owners}
	case !byName:
		names = []string{def.Name}
	}
	if !byOwner {
		owners = []string{def.Owner}
	}
	if slices.Contains(owners, "") || names[0] != "" && slices.Contains(names, "") {
		return &NeedsRepoError{Table: q.table.Name, OwnerOnly: scope == OwnerScope}
	}
	seen := map[string]bool{}
	for _, o := range owners {
		for _, n := range names {
			key := strings.ToLower(o + "/" + n)
			if !seen[key] {
				seen[key] = true
				q.Repos = append(q.Repos, Repo{Owner: o, Name: n})
			}
		}
	}
	return nil
}
