package chart

import (
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// axisKind is what the X values are.
type axisKind int

const (
	textAxis   axisKind = iota // categories, in row order
	numberAxis                 // numbers at their values
	timeAxis                   // timestamps at their values (Unix seconds)
)

// series is one column drawn against X; NaN stands for NULL.
type series struct {
	name   string
	values []float64
}

// plot is a table read as a chart: X and the series, row by row.
type plot struct {
	kind   Kind
	title  string
	xName  string
	axis   axisKind
	labels []string  // X as text, for categories and bar labels
	xs     []float64 // X as a number: the value, Unix seconds, or the row's index
	series []series
	note   string // what was left out and why, shown under the title
}

// newPlot reads t for a chart of the given kind, or says what is wrong
// with it and what to write instead.
func newPlot(kind Kind, t Table, o Options) (*plot, error) {
	if _, err := ParseKind(string(kind)); err != nil {
		return nil, err
	}
	if len(t.Columns) < 2 {
		return nil, fmt.Errorf("a chart needs 2 columns or more, X first and then the numbers to draw, and the result has %d (%s); e.g. SELECT date(created_at) AS day, count(*) AS runs FROM runs GROUP BY day", len(t.Columns), strings.Join(t.Columns, ", "))
	}
	if len(t.Rows) == 0 {
		return nil, ErrNoRows
	}
	if err := checkSize(kind, len(t.Rows)); err != nil {
		return nil, err
	}
	p := &plot{kind: kind, xName: t.Columns[0]}
	for c := 1; c < len(t.Columns); c++ {
		if s, ok := numericColumn(t, c); ok {
			p.series = append(p.series, s)
		}
	}
	if len(p.series) == 0 {
		return nil, noSeriesError(t)
	}
	p.series = withoutIdentifiers(p.series)
	p.keepOneUnit()
	p.readX(t)
	if p.axis != textAxis {
		// Numbers and times read from left to right, whatever the order of
		// the rows (ORDER BY day DESC LIMIT 30 is the last 30 days).
		p.dropNullX(t)
		if len(p.xs) == 0 {
			return nil, fmt.Errorf("nothing to draw: %s is NULL in every row", p.xName)
		}
		p.sortByX()
	}
	p.title = o.Title
	if p.title == "" {
		p.title = p.defaultTitle()
	}
	return p, nil
}

func checkSize(kind Kind, rows int) error {
	switch {
	case kind == Bar && rows > MaxBars:
		return fmt.Errorf("too many bars: %d rows, and a bar chart shows at most %d; aggregate with GROUP BY, or keep the largest with ORDER BY ... DESC LIMIT 50", rows, MaxBars)
	case rows > MaxPoints:
		return fmt.Errorf("too many points: %d rows, and a chart draws at most %d; aggregate with GROUP BY (e.g. per day: GROUP BY date(created_at))", rows, MaxPoints)
	}
	return nil
}

// numericColumn reads column c as a series if every value in it that is not
// NULL is a number, and at least one is.
func numericColumn(t Table, c int) (series, bool) {
	s := series{name: t.Columns[c], values: make([]float64, len(t.Rows))}
	seen := false
	for i, row := range t.Rows {
		if c >= len(row) || row[c] == nil {
			s.values[i] = math.NaN()
			continue
		}
		v, ok := number(row[c])
		if !ok {
			return series{}, false
		}
		if math.IsInf(v, 0) {
			v = math.NaN() // SQLite's 1e999: nowhere to draw it
		}
		s.values[i], seen = v, true
	}
	return s, seen
}

// withoutIdentifiers leaves out the columns named id or ..._id (run_id,
// job_id): numbers that name things rather than measure them, drawn they
// would squash every measure to the bottom. Only identifiers left: they
// are drawn, as they are all there is.
func withoutIdentifiers(all []series) []series {
	var measures []series
	for _, s := range all {
		name := strings.ToLower(s.name)
		if name != "id" && !strings.HasSuffix(name, "_id") {
			measures = append(measures, s)
		}
	}
	if len(measures) == 0 {
		return all
	}
	return measures
}

// number reads a value as a number if it is one.
func number(v any) (float64, bool) {
	switch v := v.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	case int:
		return float64(v), true
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// noSeriesError says which columns there are and what they hold.
func noSeriesError(t Table) error {
	described := make([]string, 0, len(t.Columns)-1)
	for c := 1; c < len(t.Columns); c++ {
		described = append(described, fmt.Sprintf("%s (%s)", t.Columns[c], columnTypes(t, c)))
	}
	return fmt.Errorf("no numbers to draw: a chart draws each column after the first (%s, which is X) that holds only numbers, and %s do not; select a count or a duration, e.g. SELECT conclusion, count(*) AS jobs FROM jobs WHERE run_id = 123 GROUP BY conclusion",
		t.Columns[0], strings.Join(described, ", "))
}

// columnTypes names the SQLite types of a column's values: "TEXT",
// "INTEGER and NULL", ...
func columnTypes(t Table, c int) string {
	var names []string
	for _, row := range t.Rows {
		var name string
		switch v := row[c].(type) {
		case nil:
			name = "NULL"
		case int64, int, bool:
			name = "INTEGER"
		case float64:
			name = "REAL"
		case []byte:
			name = "BLOB"
		case string:
			name = "TEXT"
		default:
			name = fmt.Sprintf("%T", v)
		}
		if !contains(names, name) {
			names = append(names, name)
		}
	}
	return strings.Join(names, " and ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// readX sets the axis kind from the first column's values and reads them.
func (p *plot) readX(t Table) {
	p.axis = xKind(t)
	p.labels = make([]string, len(t.Rows))
	p.xs = make([]float64, len(t.Rows))
	for i, row := range t.Rows {
		v := row[0]
		p.labels[i] = label(v)
		switch {
		case v == nil:
			p.xs[i] = math.NaN()
		case p.axis == numberAxis:
			p.xs[i], _ = number(v)
		case p.axis == timeAxis:
			tm, _ := timestamp(v)
			p.xs[i] = float64(tm.UnixNano()) / 1e9
		default:
			p.xs[i] = float64(i)
		}
	}
}

// xKind tells from its values what the first column is: numbers if all of
// them are, timestamps if all of them are, else text.
func xKind(t Table) axisKind {
	numbers, times, values := 0, 0, 0
	for _, row := range t.Rows {
		if row[0] == nil {
			continue
		}
		values++
		if _, ok := number(row[0]); ok {
			numbers++
		} else if _, ok := timestamp(row[0]); ok {
			times++
		}
	}
	switch {
	case values == 0:
		return textAxis
	case numbers == values:
		return numberAxis
	case times == values:
		return timeAxis
	}
	return textAxis
}

// timeLayouts are the timestamps X may hold: what SQLite's date functions
// and the tables write, with or without seconds, a fraction or a zone.
var timeLayouts = []string{
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006-01",
}

// timestamp reads a value as a timestamp, taken as UTC when it names no
// zone (SQLite's own functions work in UTC).
func timestamp(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return v.UTC(), true
	case string:
		if len(v) < 7 || len(v) > 40 || v[4] != '-' || v[0] < '0' || v[0] > '9' {
			return time.Time{}, false
		}
		for _, layout := range timeLayouts {
			if tm, err := time.Parse(layout, v); err == nil {
				return tm.UTC(), true
			}
		}
	}
	return time.Time{}, false
}

// label is a value as the axis or the legend shows it.
func label(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []byte:
		if utf8.Valid(v) {
			return string(v)
		}
		return "X'" + hex.EncodeToString(v) + "'"
	case time.Time:
		return v.UTC().Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

// dropNullX leaves out the rows whose X is NULL: a numeric or time axis
// has no place for them.
func (p *plot) dropNullX(t Table) {
	keep := 0
	for i := range p.xs {
		if math.IsNaN(p.xs[i]) || math.IsInf(p.xs[i], 0) {
			continue
		}
		p.xs[keep], p.labels[keep] = p.xs[i], p.labels[i]
		for _, s := range p.series {
			s.values[keep] = s.values[i]
		}
		keep++
	}
	p.xs, p.labels = p.xs[:keep], p.labels[:keep]
	for i := range p.series {
		p.series[i].values = p.series[i].values[:keep]
	}
}

// sortByX puts the rows in the order of X, so that a line runs from left
// to right; rows with the same X keep their order.
func (p *plot) sortByX() {
	order := make([]int, len(p.xs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return p.xs[order[a]] < p.xs[order[b]] })
	xs, labels := make([]float64, len(order)), make([]string, len(order))
	for to, from := range order {
		xs[to], labels[to] = p.xs[from], p.labels[from]
	}
	p.xs, p.labels = xs, labels
	for i := range p.series {
		values := make([]float64, len(order))
		for to, from := range order {
			values[to] = p.series[i].values[from]
		}
		p.series[i].values = values
	}
}

// defaultTitle names what is drawn against what: "runs, failures by day".
func (p *plot) defaultTitle() string {
	names := make([]string, len(p.series))
	for i, s := range p.series {
		names[i] = s.name
	}
	return strings.Join(names, ", ") + " by " + p.xName
}

// seriesNames lists the legend.
func (p *plot) seriesNames() []string {
	names := make([]string, len(p.series))
	for i, s := range p.series {
		names[i] = s.name
	}
	return names
}

// yRange is the smallest and largest value of every series, with 0 in it
// (bars stand on 0, and a duration or a count reads truly only from 0).
func (p *plot) yRange() (lo, hi float64) {
	lo, hi = 0, 0
	for _, s := range p.series {
		for _, v := range s.values {
			if !math.IsNaN(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return lo, hi
}

// yStep is the smallest Y step worth a tick: 1 when every value is a
// whole number (counts, seconds), else any.
func (p *plot) yStep() float64 {
	for _, s := range p.series {
		if wholeStep(s.values) == 0 {
			return 0
		}
	}
	return 1
}

// xStep is yStep for a numeric X.
func (p *plot) xStep() float64 { return wholeStep(p.xs) }

// wholeStep is 1 when every value is a whole number, else 0.
func wholeStep(values []float64) float64 {
	for _, v := range values {
		if !math.IsNaN(v) && v != math.Trunc(v) {
			return 0
		}
	}
	return 1
}

// xRange is the smallest and largest X of a numeric or time axis.
func (p *plot) xRange() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range p.xs {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}
