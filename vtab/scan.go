package vtab

import (
	"io"
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
// and still yields its rows in order. Only parts that fetch count towards
// n: an owner-wide scan follows each repository's listing with a part that
// only marks the repository done, and counting those would halve its
// read-ahead across repositories.
func ahead[T any](parts []part[T], n int) pull[T] {
	warmed := 0 // parts[:warmed] are warmed, or read
	starts := make([]func() pull[T], len(parts))
	for i := range parts {
		starts[i] = func() pull[T] {
			// The part itself is read now; only those after it need warming.
			warmed = max(warmed, i+1)
			inFlight := 0
			for _, p := range parts[i+1 : warmed] {
				if p.warm != nil {
					inFlight++
				}
			}
			for ; warmed < len(parts) && inFlight < n; warmed++ {
				if parts[warmed].warm != nil {
					parts[warmed].warm()
					inFlight++
				}
			}
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
