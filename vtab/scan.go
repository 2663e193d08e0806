package vtab

import (
	"encoding/json"
	"io"

	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/google/go-github/v92/github"
)

// pull yields a scan's items one at a time, io.EOF at the end.
type pull[T any] func() (T, error)

// chain yields the items of each part in turn, starting a part only when the
// one before it is exhausted, so a LIMIT never pays for parts it stops short of.
func chain[T any](parts []func() pull[T]) pull[T] {
	var current pull[T]
	return func() (T, error) {
		for {
			if current == nil {
				if len(parts) == 0 {
					var zero T
					return zero, io.EOF
				}
				current, parts = parts[0](), parts[1:]
			}
			item, err := current()
			if err != io.EOF {
				return item, err
			}
			current = nil
		}
	}
}

// fromSlice yields the items of a slice.
func fromSlice[T any](items []T) pull[T] {
	return func() (T, error) {
		if len(items) == 0 {
			var zero T
			return zero, io.EOF
		}
		item := items[0]
		items = items[1:]
		return item, nil
	}
}

// collect reads every item of p.
func collect[T any](p pull[T]) ([]T, error) {
	var items []T
	for {
		item, err := p()
		if err == io.EOF {
			return items, nil
		}
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
}

// each maps every item of p through f.
func each[T, U any](p pull[T], f func(T) U) pull[U] {
	return func() (U, error) {
		item, err := p()
		if err != nil {
			var zero U
			return zero, err
		}
		return f(item), nil
	}
}

// flatMap yields, for each item of p, the items of f(item).
func flatMap[T, U any](p pull[T], f func(T) pull[U]) pull[U] {
	var inner pull[U]
	return func() (U, error) {
		for {
			if inner == nil {
				item, err := p()
				if err != nil {
					var zero U
					return zero, err
				}
				inner = f(item)
			}
			u, err := inner()
			if err != io.EOF {
				return u, err
			}
			inner = nil
		}
	}
}

// part is one request's worth of a scan: warm starts its first fetch in
// the background (nil when there is nothing to start early) and rows
// yields its rows, fetching whatever warm did not.
type part[T any] struct {
	warm func()
	rows func() pull[T]
}

// ahead yields the rows of each part in turn, as chain does, and keeps the
// first fetches of the next n parts in flight meanwhile: a scan over many
// runs or logs then waits about one round trip per n of them, not per one,
// and still yields its rows in order.
func ahead[T any](parts []part[T], n int) pull[T] {
	warmed := 0
	warmUpTo := func(end int) {
		for ; warmed < min(end, len(parts)); warmed++ {
			if parts[warmed].warm != nil {
				parts[warmed].warm()
			}
		}
	}
	starts := make([]func() pull[T], len(parts))
	for i := range parts {
		starts[i] = func() pull[T] {
			// The part itself is read now; only those after it need warming.
			warmed = max(warmed, i+1)
			warmUpTo(i + 1 + n)
			return parts[i].rows()
		}
	}
	return chain(starts)
}

// warmAll starts the first fetch of every part.
func warmAll[T any](parts []part[T]) {
	for _, p := range parts {
		if p.warm != nil {
			p.warm()
		}
	}
}

// repoJob is a job with the repository the query named it by.
type repoJob struct {
	repo Repo
	job  *ghapi.Job
}

// Value helpers: the API's optional fields become SQL NULL when absent.

func text(p *string) Value {
	if p == nil {
		return nil
	}
	return *p
}

func integer(p *int64) Value {
	if p == nil {
		return nil
	}
	return *p
}

// timestamp formats t in UTC with second precision, as every table does.
// A time whose UTC year has no four digits (an offset pushing 9999-12-31
// past the year's end) has no such form, and SQLite's date functions could
// not read it: it is NULL, as a time the API does not know.
func timestamp(t *github.Timestamp) Value {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	if u.Year() < 0 || u.Year() > 9999 {
		return nil
	}
	return u.Format("2006-01-02T15:04:05Z")
}

// seconds is to - from in whole seconds, NULL when either is unknown.
func seconds(from, to *github.Timestamp) Value {
	if from == nil || to == nil || from.IsZero() || to.IsZero() {
		return nil
	}
	return to.Unix() - from.Unix()
}

func jsonList(items []string) Value {
	if items == nil {
		items = []string{}
	}
	b, err := json.Marshal(items)
	if err != nil {
		return nil
	}
	return string(b)
}
