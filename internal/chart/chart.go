// Package chart draws a query result as a bar, line or scatter chart: in the
// terminal (Unicode), as SVG, or as PNG.
//
// The result is read the way a person reads it: the first column is X and
// every other column that holds only numbers is a series, drawn in its own
// colour and named in the legend by its column name; but columns named id
// or ending in _id (run_id) are identifiers, not measures, and are left out
// when any other number is there to draw. X decides the axis:
//
//   - text gives categories, in the order of the rows (a bar, a point, or a
//     vertex of the line for each row);
//   - numbers give a numeric axis with round ticks (1, 2, 5 times a power of
//     ten);
//   - timestamps (TEXT such as '2024-05-01', '2024-05', '2024-05-01T12:00:00Z'
//     or '2024-05-01 12:00:00', as SQLite's date functions and the tables
//     write them) give a time axis whose ticks fall on whole years, months,
//     weeks, days, hours or minutes, whichever suits the span.
//
// Bars always stand on categories: numeric or time X values become their
// labels. Lines and scatter plots place numeric and time X at their values,
// and a line joins its points in the order of X.
//
// The value axis of bars starts at 0, so that a bar twice as long is twice
// the value (lines and scatter plots fit theirs to the data). Every text
// category is labelled: under its bar when the labels fit there whole,
// else down the side of bars drawn across, else (images) turned upright
// under narrow bars, or (terminal) by a number under its bar and a key
// below; a label is cut short with "…" only when very long, and never so
// that two read alike. More categories than that cannot be labelled, and
// the error says how many can. Numbers and times are labelled at
// intervals, as on a line chart: their order tells the bars between.
//
// One axis has one unit: a series whose name says it measures something
// else than most series do (jobs, a count, beside median_s and p90_s,
// seconds) is left out, and a note under the chart names it and says why.
// See keepOneUnit for the rule.
//
// SVG and PNG are drawn by github.com/go-analyze/charts: its chart painter
// for categories, and its continuous-axis drawing package (chartdraw) for
// numeric and time axes, which the painter does not have. The SVG is one
// self-contained document (no fonts, scripts or links to fetch) and is the
// same for the same input. The terminal drawing is this package's own: bars
// of block elements (▁▂▃▄▅▆▇█, eight steps a character cell), lines and
// points in braille (2×4 dots a cell), filling exactly the cells it is given.
package chart

import (
	"errors"
	"fmt"
	"strings"
)

// Kind is a kind of chart.
type Kind string

// The kinds of chart.
const (
	Bar     Kind = "bar"
	Line    Kind = "line"
	Scatter Kind = "scatter"
)

// Kinds lists every kind, for help texts and completion.
func Kinds() []Kind { return []Kind{Bar, Line, Scatter} }

// KindNames lists the names of the kinds.
func KindNames() []string {
	names := make([]string, 0, 3)
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return names
}

// ParseKind reads a kind's name, without regard to case.
func ParseKind(s string) (Kind, error) {
	wanted := Kind(strings.ToLower(strings.TrimSpace(s)))
	for _, k := range Kinds() {
		if k == wanted {
			return k, nil
		}
	}
	if s == "" {
		return "", fmt.Errorf("a chart needs a kind: %s", strings.Join(KindNames(), ", "))
	}
	return "", fmt.Errorf("unknown chart kind %q: use %s", s, strings.Join(KindNames(), ", "))
}

// Table is a query result: column names and rows of nil, int64, float64,
// string or []byte (as database/sql scans SQLite values into an any).
// bool counts as a number (0 or 1), and time.Time as a timestamp.
type Table struct {
	Columns []string
	Rows    [][]any
}

// Options are the settings a drawing may change.
type Options struct {
	// Title is shown above the chart. Empty means the default, which names
	// the series and X: "runs, failures by day".
	Title string
	// Color draws the series of a terminal chart in ANSI colours. Only a
	// terminal known to take them should get them; without colours the
	// series are told apart by their marks (●, ○, ◆, ...) where they are
	// points and by the legend's order where they are bars.
	Color bool
}

// Limits on what is drawn, so that a forgotten GROUP BY gives a message
// rather than an unreadable picture or a file of many megabytes.
const (
	// MaxPoints bounds the rows of a line or scatter chart.
	MaxPoints = 100_000
	// MaxBars bounds the categories of a bar chart (per series).
	MaxBars = 1_000
)

// ErrNoRows is returned for a result with no rows.
var ErrNoRows = errors.New("nothing to draw: the statement returned no rows")
