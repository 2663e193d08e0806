package vtab

import (
	"time"
)

// window is a span of creation times, [lo, hi): a zero lo or hi leaves
// that side open.
type window struct{ lo, hi time.Time }

// createdWindow turns the range constraints on created_at into the span
// of times the API is asked for. SQLite compares created_at as text, and
// re-checks every row, so the span must hold every row the text comparison
// could keep and may hold more: a bound is used at the precision its text
// allows (a whole timestamp to the second, else the day its first ten
// characters name), and one that names no day is left to SQLite.
func createdWindow(bounds []Bound) window {
	var w window
	for _, b := range bounds {
		s, ok := b.Value.(string)
		if !ok {
			continue
		}
		if b.Lower() {
			if lo, ok := lowerInstant(s); ok && lo.After(w.lo) {
				w.lo = lo
			}
			continue
		}
		if hi, ok := upperInstant(s); ok && (w.hi.IsZero() || hi.Before(w.hi)) {
			w.hi = hi
		}
	}
	return w
}

// lowerInstant is the earliest time whose timestamp text can compare
// greater than (or equal to) s.
func lowerInstant(s string) (time.Time, bool) {
	if t, err := time.Parse(timestampLayout, s); err == nil {
		return t, true
	}
	if len(s) < 10 {
		return time.Time{}, false
	}
	day, err := time.Parse("2006-01-02", s[:10])
	return day, err == nil
}

// upperInstant is the instant just after the latest time whose timestamp
// text can compare less than (or equal to) s.
func upperInstant(s string) (time.Time, bool) {
	if t, err := time.Parse(timestampLayout, s); err == nil {
		return t.Add(time.Second), true
	}
	if len(s) < 10 {
		return time.Time{}, false
	}
	day, err := time.Parse("2006-01-02", s[:10])
	return day.AddDate(0, 0, 1), err == nil
}

// empty reports whether no time lies in the window.
func (w window) empty() bool { return !w.lo.IsZero() && !w.hi.IsZero() && !w.lo.Before(w.hi) }

// created is the window in the syntax of the API's created parameter
// (GitHub's search syntax, whose ranges include both ends), "" when open
// on both sides.
func (w window) created() string {
	const layout = "2006-01-02T15:04:05+00:00"
	switch {
	case w.lo.IsZero() && w.hi.IsZero():
		return ""
	case w.hi.IsZero():
		return ">=" + w.lo.UTC().Format(layout)
	case w.lo.IsZero():
		return "<" + w.hi.UTC().Format(layout)
	}
	return w.lo.UTC().Format(layout) + ".." + w.hi.Add(-time.Second).UTC().Format(layout)
}
