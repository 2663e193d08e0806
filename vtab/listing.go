package vtab

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"slices"
	"strconv"
)

// perPage is the most items the list endpoints return per page.
const perPage = 100

// listing is a Request for a paginated list of T.
type listing[T any] struct {
	Request
	// id names an item, so that one a later page repeats is yielded once:
	// GitHub's pages are no snapshot, and a listing that grows while it is
	// read shifts its items onto the next page. nil: no such check.
	id func(*T) int64
	// taken, if set, sees each page's items when the scan reaches them, in
	// the listing's order.
	taken func(items []*T)
	// fetched, if set, sees each page's items when they arrive, for the
	// statement to keep what later lookups by id can use.
	fetched func(items []*T)
}

// page is one page of a listing.
type page[T any] struct {
	items []*T
	total int // items in the whole listing, as page 1 says; 0 when unknown
	next  int // the next page's number, 0 on the last page
}

// rows yields the listing's items in the API's order (nothing, and a note,
// when the API says the listing is not there), each page fetched
// once per statement. Page 1 comes alone: only it tells how many pages
// there are. The pages after it are requested ahead of the one being read,
// as many as the statement may still need: no more than its LIMIT asks for
// (want rows, 0 when unknown), and never more than --concurrency ahead, so
// that the requests stay in proportion to the rows used. Pages are followed
// by their next links, so a listing that grew or shrank since page 1 is
// still read whole; a listing whose page 1 gives no total is read one link
// at a time.
func (l listing[T]) rows(ctx context.Context, st *statement, want int64) pull[*T] {
	var (
		buf     []*T
		next    = 1
		last    = 0 // the last page, as page 1's total says; 0 when unknown
		started = 1 // the highest page started
		seen    = map[int64]bool{}
	)
	return func() (*T, error) {
		for len(buf) == 0 || l.id != nil && seen[l.id(buf[0])] {
			if len(buf) > 0 {
				buf = buf[1:] // a repeat
				continue
			}
			if next == 0 {
				return nil, io.EOF
			}
			if next > 1 && last > 0 {
				end := aheadEnd(next, last, st.conn.session.concurrency, want)
				for ; started < end; started++ {
					l.start(st, started+1)
				}
			}
			pg, err := l.get(ctx, st, next)
			if err != nil && next == 1 && st.missing(ctx, l.Request, err) {
				next = 0
				continue
			}
			if err != nil {
				return nil, err
			}
			if next == 1 {
				last = lastPage(pg.total)
			}
			buf, next = pg.items, pg.next
			if l.taken != nil {
				l.taken(buf)
			}
		}
		item := buf[0]
		buf = buf[1:]
		if l.id != nil {
			seen[l.id(item)] = true
		}
		return item, nil
	}
}

// aheadEnd is the last page to have in flight when the scan needs page
// from: up to window pages on, but, while the statement's LIMIT (want
// rows) reaches at least page from, only as far as it reaches.
func aheadEnd(from, last, window int, want int64) int {
	end := min(last, from-1+window)
	if want > 0 {
		if need := int((want + perPage - 1) / perPage); need >= from {
			end = min(end, need)
		}
	}
	return max(end, from)
}

// lastPage is the number of the last page of total items.
func lastPage(total int) int {
	if total <= 0 {
		return 0
	}
	return (total + perPage - 1) / perPage
}

// first returns page 1, for a caller that must see it before the rows
// (its total, or whether the listing exists).
func (l listing[T]) first(ctx context.Context, st *statement) (page[T], error) {
	return l.get(ctx, st, 1)
}

// get returns page n, fetched at most once per statement.
func (l listing[T]) get(ctx context.Context, st *statement, n int) (page[T], error) {
	return fetchOnce(ctx, st.fetches, l.pageKey(n), l.fetch(st, n))
}

// eagerItems is the longest listing a read-ahead fetches whole at once.
const eagerItems = 1000

// warm starts page 1 ahead of need, and once it says how many pages
// there are, the pages a scan would start on reaching them (see rows): a
// listing read ahead is one the scan will most likely read whole, and an
// owner-wide scan's busy repositories then take their second round trip
// together rather than one after another. A longer listing is read at the
// scan's pace: the runs table splits one past the 1,000-run cap instead.
func (l listing[T]) warm(st *statement, want int64) {
	startFetch(st.fetches, l.pageKey(1), func(ctx context.Context) (page[T], error) {
		pg, err := l.fetch(st, 1)(ctx)
		if err == nil && pg.total > perPage && pg.total <= eagerItems {
			end := aheadEnd(2, lastPage(pg.total), st.conn.session.concurrency, want)
			for n := 2; n <= end; n++ {
				l.start(st, n)
			}
		}
		return pg, err
	})
}

// start begins fetching page n ahead of need.
func (l listing[T]) start(st *statement, n int) {
	startFetch(st.fetches, l.pageKey(n), l.fetch(st, n))
}

func (l listing[T]) pageKey(n int) string { return fmt.Sprintf("%s#page=%d", l.key(), n) }

func (l listing[T]) fetch(st *statement, n int) func(context.Context) (page[T], error) {
	client := st.client()
	return func(ctx context.Context) (page[T], error) {
		query := url.Values{}
		for k, v := range l.Query {
			query[k] = v
		}
		query.Set("per_page", strconv.Itoa(perPage))
		query.Set("page", strconv.Itoa(n))
		var pg page[T]
		var err error
		if l.Items == "" {
			pg.next, err = client.Get(ctx, l.Path, query, &pg.items)
		} else {
			envelope := reflect.New(envelopeOf[T](l.Items))
			pg.next, err = client.Get(ctx, l.Path, query, envelope.Interface())
			pg.total = int(envelope.Elem().Field(0).Int())
			pg.items = envelope.Elem().Field(1).Interface().([]*T)
		}
		if err != nil {
			return page[T]{}, err
		}
		if slices.Contains(pg.items, nil) {
			return page[T]{}, fmt.Errorf("GET %s: page %d lists an item as null, which the API documents as an object", l.Path, n)
		}
		if l.fetched != nil {
			l.fetched(pg.items)
		}
		return pg, nil
	}
}

// envelopeOf is the type of a listing's answer whose items are in field:
// {"total_count": N, field: [...]}. Everything else in it is skipped
// unread. (reflect.StructOf returns the same type for the same fields.)
func envelopeOf[T any](field string) reflect.Type {
	return reflect.StructOf([]reflect.StructField{
		{Name: "Total", Type: reflect.TypeFor[int](), Tag: `json:"total_count"`},
		{Name: "Items", Type: reflect.TypeFor[[]*T](), Tag: reflect.StructTag(`json:"` + field + `"`)},
	})
}
