package vtab

import (
	"context"
	"io"
)

// page is one page of a paginated listing.
type page[T any] struct {
	items []T
	total int // items in the whole listing, as page 1 says; 0 when unknown
	next  int // the next page's number, 0 on the last page
}

// pager reads the pages of one listing; pages are numbered from 1.
type pager[T any] struct {
	key     func(n int) string // names page n among the statement's fetches
	fetch   func(ctx context.Context, n int) (page[T], error)
	perPage int
	// taken, if set, sees each page's items when the scan reaches them, in
	// the listing's order.
	taken func(items []T)
	// id, if set, names an item, so that one a later page repeats is
	// yielded once: GitHub's pages are no snapshot, and a listing that
	// grows while it is read shifts its items onto the next page.
	id func(T) int64
}

// listing yields the items of a listing in the API's order, each page
// fetched once per statement. Page 1 comes alone: only it tells how many
// pages there are. Once its items are used up, every other page is
// requested at once, so a listing of any length costs two round trips,
// while a LIMIT that page 1 satisfies costs one request. The pages are
// followed by their next links, so a listing that grew or shrank since
// page 1 is still read whole.
func listing[T any](ctx context.Context, f *flights, p pager[T]) pull[T] {
	var (
		buf  []T
		next = 1
		last = 0 // the last page, as page 1's total says; 0 once the others are started
		seen = map[int64]bool{}
	)
	return func() (T, error) {
		for len(buf) == 0 || p.id != nil && seen[p.id(buf[0])] {
			if len(buf) > 0 {
				buf = buf[1:] // a repeat
				continue
			}
			if next == 0 {
				var zero T
				return zero, io.EOF
			}
			if next > 1 && last > 0 {
				p.startPages(f, next, last)
				last = 0
			}
			pg, err := p.get(ctx, f, next)
			if err != nil {
				var zero T
				return zero, err
			}
			if next == 1 {
				last = lastPage(pg.total, p.perPage)
			}
			buf, next = pg.items, pg.next
			if p.taken != nil {
				p.taken(buf)
			}
		}
		item := buf[0]
		buf = buf[1:]
		if p.id != nil {
			seen[p.id(item)] = true
		}
		return item, nil
	}
}

// get returns page n, fetched once per statement.
func (p pager[T]) get(ctx context.Context, f *flights, n int) (page[T], error) {
	return fetchOnce(ctx, f, p.key(n), func(ctx context.Context) (page[T], error) { return p.fetch(ctx, n) })
}

// startPages starts fetching pages from to last in the background.
func (p pager[T]) startPages(f *flights, from, last int) {
	for n := from; n <= last; n++ {
		startFetch(f, p.key(n), func(ctx context.Context) (page[T], error) { return p.fetch(ctx, n) })
	}
}

// lastPage is the number of the last page of total items.
func lastPage(total, perPage int) int {
	if total <= 0 || perPage <= 0 {
		return 0
	}
	return (total + perPage - 1) / perPage
}
