package vtab

import (
	"context"
)

// An endpoint table is one whose rows are the objects its requests
// return, as they are: a declaration, an item type whose json tags name
// the columns, and a function from a scan's constraints to its requests.
// Everything else (fetching each once, reading ahead, paging, notes) is
// the same for all of them.

// fetch is one request of a scan: a single object or a listing.
type fetch[T any] struct {
	one  *one[T]
	list *listing[T]
}

// single is a fetch of one object.
func single[T any](r Request) fetch[T] { return fetch[T]{one: &one[T]{r}} }

// list is a fetch of a listing whose items are T.
func list[T any](r Request, id func(*T) int64) fetch[T] {
	return fetch[T]{list: &listing[T]{Request: r, id: id}}
}

// repoRow gives an item the repository the query named it by, which the
// API's answer does not say in the query's spelling.
type repoRow struct{ repo Repo }

func (r *repoRow) repository() Repo  { return r.repo }
func (r *repoRow) setRepo(repo Repo) { r.repo = repo }

// item is a decoded object that a row is made of.
type item[T any] interface {
	*T
	setRepo(Repo)
}

// requestsFunc says what a scan of one repository (the zero Repo for a
// table of no repository) fetches.
type requestsFunc[T any] func(q *Query, r Repo) []fetch[T]

// declareEndpoint declares an endpoint table: its rows are the objects the
// requests name; a join's read-ahead starts the same requests.
func declareEndpoint[T any, P item[T]](t *Table, cols columnMap[T], requests requestsFunc[T]) *Table {
	return declare(t, cols, endpoint[T, P](requests)).warmsWith(func(s *Session, q *Query) {
		if q.ownerWide {
			return // its repositories are not known before the scan lists them
		}
		for _, r := range q.scopes() {
			for _, f := range requests(q, r) {
				f.part(context.Background(), q, r, nil).warm()
			}
		}
	})
}

// endpoint is the generator of an endpoint table: the rows of every fetch
// its requests name, for each repository of the query, fetched ahead of
// the row being read (Session.readAhead) and yielded in order. A fetched
// object is shared by the statement's scans, so each row is a copy that
// carries the repository as its own query spelled it.
func endpoint[T any, P item[T]](requests requestsFunc[T]) generator[T] {
	return func(ctx context.Context, s *Session, q *Query) (func() (*T, error), error) {
		if q.NoRows() {
			return fromSlice[*T](nil), nil
		}
		repos, err := q.fanOut(ctx)
		if err != nil {
			return nil, err
		}
		var parts []part[*T]
		for _, r := range repos {
			for _, f := range requests(q, r) {
				parts = append(parts, f.part(ctx, q, r, copyIn[T, P](r)))
			}
			parts = doneWith(q, parts)
		}
		return ahead(parts, s.readAhead()), nil
	}
}

// copyIn makes a row of an object fetched for the statement: a copy that
// carries the repository r as its query spelled it (the object is shared
// by the statement's scans, whose queries may spell it otherwise).
func copyIn[T any, P item[T]](r Repo) func(*T) *T {
	return func(v *T) *T {
		row := *v
		P(&row).setRepo(r)
		return &row
	}
}

// part is the fetch as one part of a scan.
func (f fetch[T]) part(ctx context.Context, q *Query, r Repo, row func(*T) *T) part[*T] {
	st := q.st
	if f.one != nil {
		return part[*T]{
			warm: func() { f.one.start(st) },
			rows: func() pull[*T] { return each(f.one.rows(ctx, st), row) },
		}
	}
	return part[*T]{
		warm: func() { f.list.warm(st, q.want) },
		rows: func() pull[*T] { return each(f.list.rows(ctx, st, q.want), row) },
	}
}

// scopes are the repositories a query's scans read, as far as the query
// says them: its own, or, for a table of no repository, one zero Repo.
// An owner-wide scan's are known once it has listed them (fanOut).
func (q *Query) scopes() []Repo {
	if q.table.Scope == NoScope {
		return []Repo{{}}
	}
	return q.Repos
}

// fanOut is scopes, with an owner-wide scan's owners replaced by their
// repositories, listed once per statement; the statement's progress
// counts them (see fanOutProgress).
func (q *Query) fanOut(ctx context.Context) ([]Repo, error) {
	if !q.ownerWide {
		return q.scopes(), nil
	}
	var repos []Repo
	for _, o := range q.Repos {
		rs, err := q.st.ownerRepos(ctx, o.Owner)
		if err != nil {
			return nil, err
		}
		repos = append(repos, rs...)
	}
	q.st.client().Stats().FanOut(q.st.ctx, len(repos))
	return repos, nil
}
