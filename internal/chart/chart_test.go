package chart

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-analyze/charts"
)

// Tables as queries return them.
var (
	perJob = Table{
		Columns: []string{"job", "median_s", "p90_s"},
		Rows: [][]any{
			{"build", int64(120), 180.5},
			{"test", int64(300), 420.0},
			{"lint", int64(45), nil},
			{"deploy", int64(60), 90.0},
		},
	}
	perDay = Table{
		Columns: []string{"day", "runs", "failures"},
		Rows: [][]any{
			{"2024-05-01", int64(12), int64(2)},
			{"2024-05-02", int64(15), int64(1)},
			{"2024-05-04", int64(9), int64(4)},
			{"2024-05-07", int64(20), int64(0)},
			{"2024-05-09", int64(14), int64(3)},
		},
	}
	queuedVsDuration = Table{
		Columns: []string{"queued_seconds", "duration_seconds", "name"},
		Rows: [][]any{
			{int64(3), int64(120), "build"},
			{int64(45), int64(300), "test"},
			{int64(7), int64(60), "lint"},
			{nil, int64(80), "deploy"}, // no X: left out
		},
	}
)

func seriesColor(i int) string { return theme.GetSeriesColor(i).String() }

// marks counts the SVG elements of an element type filled with a colour.
func marks(svg, element, color string) int {
	re := regexp.MustCompile(`<` + element + `\b[^>]*style="[^"]*fill:` + regexp.QuoteMeta(color) + `[;"]`)
	return len(re.FindAllString(svg, -1))
}

// texts lists the text elements' contents.
func texts(svg string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<text[^>]*>([^<]*)</text>`).FindAllStringSubmatch(svg, -1) {
		out = append(out, m[1])
	}
	return out
}

func svgOf(t *testing.T, kind Kind, table Table) string {
	t.Helper()
	var buf bytes.Buffer
	if err := SVG(&buf, kind, table, 1000, 500); err != nil {
		t.Fatalf("SVG(%s): %v", kind, err)
	}
	return buf.String()
}

func TestSVGShowsEachRowAsAMarkAndEachSeriesInTheLegend(t *testing.T) {
	tests := []struct {
		name    string
		kind    Kind
		table   Table
		element string
		want    []int // marks of each series, the legend's included
	}{
		// A bar per row and series (lint has no p90), and a legend swatch each.
		{"bars of categories", Bar, perJob, "path", []int{4 + 1, 3 + 1}},
		{"bars of days", Bar, perDay, "path", []int{5 + 1, 5 + 1}},
		// A dot per point (NULL has none), and a legend symbol each.
		{"scatter of categories", Scatter, perJob, "circle", []int{4 + 1, 3 + 1}},
		{"scatter in time", Scatter, perDay, "circle", []int{5 + 1, 5 + 1}},
		{"scatter of numbers", Scatter, queuedVsDuration, "circle", []int{3 + 1}},
		{"line in time", Line, perDay, "circle", []int{5, 5}}, // dots on the line, a stroke in the legend
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg := svgOf(t, tt.kind, tt.table)
			for i, want := range tt.want {
				if got := marks(svg, tt.element, seriesColor(i)); got != want {
					t.Errorf("series %d: %d <%s> marks, want %d", i, got, tt.element, want)
				}
			}
			shown := "|" + strings.Join(texts(svg), "|") + "|"
			for _, name := range tt.table.Columns[1 : 1+len(tt.want)] {
				if !strings.Contains(shown, "|"+name+"|") {
					t.Errorf("legend lacks %q: texts %s", name, shown)
				}
			}
		})
	}
}

func TestSVGTimeAxisTicksFallOnWholeUnits(t *testing.T) {
	months := Table{Columns: []string{"month", "minutes"}}
	for m := 1; m <= 24; m++ {
		months.Rows = append(months.Rows, []any{fmt.Sprintf("%d-%02d", 2023+(m-1)/12, (m-1)%12+1), int64(m * 10)})
	}
	hours := Table{Columns: []string{"created_at", "duration_seconds"}}
	for h := 0; h < 30; h += 3 {
		hours.Rows = append(hours.Rows, []any{fmt.Sprintf("2024-05-01T%02d:17:00Z", h%24), int64(h)})
	}
	tests := []struct {
		name  string
		table Table
		want  *regexp.Regexp // every X tick
		some  []string
	}{
		{"days", perDay, regexp.MustCompile(`^2024-05-\d\d$`), []string{"2024-05-01", "2024-05-09"}},
		{"months", months, regexp.MustCompile(`^\d{4}-\d\d$`), []string{"2024-01"}},
		{"hours of one day", hours, regexp.MustCompile(`^\d\d:00$`), []string{"03:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg := svgOf(t, Line, tt.table)
			var ticks []string
			for _, s := range texts(svg) {
				if tt.want.MatchString(s) {
					ticks = append(ticks, s)
				}
			}
			if len(ticks) < 3 {
				t.Fatalf("X ticks %q: want 3 or more matching %s; texts %q", ticks, tt.want, texts(svg))
			}
			for _, s := range tt.some {
				if !contains(ticks, s) {
					t.Errorf("X ticks %q lack %q", ticks, s)
				}
			}
		})
	}
}

func TestSVGPointsStayInsideTheAxes(t *testing.T) {
	// Days that start and end between ticks: the axis must still span them.
	table := Table{Columns: []string{"created_at", "duration_seconds"}}
	for i := range 40 {
		table.Rows = append(table.Rows, []any{fmt.Sprintf("2026-06-%02dT%02d:00:00Z", 17+i/3, 7*i%24), int64(50 + i)})
	}
	svg := svgOf(t, Line, table)
	lo, hi := 1000, 0
	for _, m := range regexp.MustCompile(`<circle cx="(\d+)" cy="(\d+)"`).FindAllStringSubmatch(svg, -1) {
		var x, y int
		fmt.Sscan(m[1], &x)
		fmt.Sscan(m[2], &y)
		if y > headerHeight { // not the legend
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	if lo < 40 || hi > 1000-20 || hi-lo < 800 {
		t.Errorf("points from x=%d to x=%d: want them within the plot, which is about 50 to 970", lo, hi)
	}
}

func TestSVGIsSelfContainedAndDeterministic(t *testing.T) {
	for _, kind := range Kinds() {
		for _, table := range []Table{perJob, perDay} {
			first, second := svgOf(t, kind, table), svgOf(t, kind, table)
			if first != second {
				t.Errorf("%s: two drawings of the same table differ", kind)
			}
			if !strings.HasPrefix(first, "<svg") || !strings.HasSuffix(strings.TrimSpace(first), "</svg>") {
				t.Errorf("%s: not one SVG document: %.60q", kind, first)
			}
			outside := regexp.MustCompile(`href|url\(|@import|<image|<script|<foreignObject`)
			if m := outside.FindString(first); m != "" {
				t.Errorf("%s: the SVG refers outside itself (%s)", kind, m)
			}
			if n := strings.Count(first, "http"); n != 2 { // the two xmlns
				t.Errorf("%s: %d mentions of http, want only the 2 XML namespaces", kind, n)
			}
		}
	}
}

func TestPNGDecodesAtTheSizeAsked(t *testing.T) {
	for _, kind := range Kinds() {
		for _, size := range [][2]int{{1000, 500}, {640, 480}} {
			var buf bytes.Buffer
			if err := PNG(&buf, kind, perDay, size[0], size[1]); err != nil {
				t.Fatalf("PNG(%s): %v", kind, err)
			}
			img, err := png.Decode(&buf)
			if err != nil {
				t.Fatalf("%s: the PNG does not decode: %v", kind, err)
			}
			if b := img.Bounds(); b.Dx() != size[0] || b.Dy() != size[1] {
				t.Errorf("%s: %d×%d, want %d×%d", kind, b.Dx(), b.Dy(), size[0], size[1])
			}
		}
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// screen draws a terminal chart and returns its lines without colours.
func screen(t *testing.T, kind Kind, table Table, cols, rows int, o Options) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := TerminalWith(&buf, kind, table, cols, rows, o); err != nil {
		t.Fatalf("Terminal(%s, %d×%d): %v", kind, cols, rows, err)
	}
	out := buf.String()
	if o.Color != strings.Contains(out, "\x1b[") {
		t.Errorf("colours %v, but escape sequences in the output: %v", o.Color, !o.Color)
	}
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("the last line does not end: %q", out)
	}
	return strings.Split(strings.TrimSuffix(ansi.ReplaceAllString(out, ""), "\n"), "\n")
}

func TestTerminalFillsExactlyTheCellsGiven(t *testing.T) {
	hourly := Table{Columns: []string{"created_at", "duration_seconds"}}
	for i := range 200 {
		hourly.Rows = append(hourly.Rows, []any{fmt.Sprintf("2024-05-%02dT%02d:00:00Z", 1+i/24, i%24), float64(i%17) * 1.5})
	}
	for _, kind := range Kinds() {
		for _, table := range []Table{perJob, perDay, queuedVsDuration, hourly} {
			if kind == Bar && len(table.Rows) > 40 {
				continue
			}
			for _, size := range [][2]int{{80, 24}, {132, 40}, {40, 10}, {MinTerminalCols + 5, MinTerminalRows}} {
				for _, color := range []bool{false, true} {
					name := fmt.Sprintf("%s/%s/%dx%d/color=%v", kind, table.Columns[0], size[0], size[1], color)
					t.Run(name, func(t *testing.T) {
						if kind == Bar && table.Columns[0] == "job" && size[1] == MinTerminalRows {
							// 4 job names of 2 series: neither under bars 5
							// columns wide nor down the side of 2 lines.
							err := Terminal(io.Discard, kind, table, size[0], size[1])
							if err == nil || !strings.Contains(err.Error(), "too many to label in 25×6") || !strings.Contains(err.Error(), "LIMIT 1") {
								t.Errorf("want an error that says what to do: %v", err)
							}
							return
						}
						lines := screen(t, kind, table, size[0], size[1], Options{Color: color})
						if len(lines) != size[1] {
							t.Errorf("%d lines, want %d", len(lines), size[1])
						}
						for i, l := range lines {
							if n := utf8.RuneCountInString(l); n != size[0] {
								t.Errorf("line %d is %d wide, want %d: %q", i+1, n, size[0], l)
							}
						}
					})
				}
			}
		}
	}
}

func TestTerminalShowsTitleLegendAndMarks(t *testing.T) {
	tests := []struct {
		kind   Kind
		table  Table
		title  string
		legend []string
		mark   string // characters the plot must hold some of
	}{
		{Bar, perJob, "median_s, p90_s by job", []string{"█ median_s", "▓ p90_s"}, "█▇▆▅▄▃▂▁"},
		{Line, perDay, "runs, failures by day", []string{"* runs", "o failures"}, "⠁⠂⠄⡀⠈⠐⠠⢀⣀⠉"},
		{Scatter, queuedVsDuration, "duration_seconds by queued_seconds", []string{"⣿ duration_seconds"}, "⠛⣤"},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			lines := screen(t, tt.kind, tt.table, 80, 24, Options{})
			if got := strings.TrimSpace(lines[0]); got != tt.title {
				t.Errorf("title %q, want %q", got, tt.title)
			}
			for _, item := range tt.legend {
				if !strings.Contains(lines[1], item) {
					t.Errorf("legend %q lacks %q", lines[1], item)
				}
			}
			plot := strings.Join(lines[2:len(lines)-2], "\n")
			if !strings.ContainsAny(plot, tt.mark) {
				t.Errorf("the plot has none of %q:\n%s", tt.mark, plot)
			}
			if labels := lines[len(lines)-1]; tt.kind == Bar && !strings.Contains(labels, "deploy") {
				t.Errorf("X labels %q lack the category deploy", labels)
			}
		})
	}
}

func TestTerminalBarsAreAsTallAsTheirValues(t *testing.T) {
	table := Table{Columns: []string{"conclusion", "jobs"}, Rows: [][]any{{"success", int64(40)}, {"failure", int64(20)}, {"skipped", int64(0)}}}
	lines := screen(t, Bar, table, 60, 24, Options{})
	plot := lines[2 : len(lines)-2]
	height := func(col int) int {
		h := 0
		for _, l := range plot {
			if r := []rune(l); col < len(r) && strings.ContainsRune("█▇▆▅▄▃▂▁", r[col]) {
				h++
			}
		}
		return h
	}
	labels := []rune(lines[len(lines)-1])
	col := func(word string) int {
		i := strings.Index(string(labels), word)
		return utf8.RuneCountInString(string(labels)[:i]) + 1
	}
	success, failure, skipped := height(col("success")), height(col("failure")), height(col("skipped"))
	if success < 2*failure-1 || success > 2*failure+1 || skipped != 0 || success < 15 {
		t.Errorf("bar heights success %d, failure %d, skipped %d; want 40:20:0\n%s", success, failure, skipped, strings.Join(lines, "\n"))
	}
}

func TestBadInputSaysWhatToWrite(t *testing.T) {
	many := Table{Columns: []string{"id", "n"}}
	for i := range MaxBars + 1 {
		many.Rows = append(many.Rows, []any{int64(i), int64(i)})
	}
	tests := []struct {
		name  string
		kind  Kind
		table Table
		want  []string
	}{
		{"no rows", Line, Table{Columns: []string{"day", "runs"}}, []string{"no rows"}},
		{"one column", Bar, Table{Columns: []string{"runs"}, Rows: [][]any{{int64(1)}}}, []string{"2 columns", "has 1 (runs)", "GROUP BY"}},
		{"no numbers", Bar, Table{Columns: []string{"name", "conclusion", "url"}, Rows: [][]any{{"a", "success", nil}, {"b", int64(1), nil}}},
			[]string{"no numbers to draw", "conclusion (TEXT and INTEGER)", "url (NULL)", "count(*)"}},
		{"bad kind", Kind("pie"), perJob, []string{`"pie"`, "bar, line, scatter"}},
		{"too many bars", Bar, many, []string{"too many bars", "GROUP BY", "LIMIT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			errs := []error{
				SVG(&buf, tt.kind, tt.table, 1000, 500),
				PNG(&buf, tt.kind, tt.table, 1000, 500),
				Terminal(&buf, tt.kind, tt.table, 80, 24),
			}
			for i, err := range errs {
				if err == nil {
					t.Fatalf("drawing %d: no error", i)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("drawing %d: error %q lacks %q", i, err, w)
					}
				}
			}
			if buf.Len() != 0 {
				t.Errorf("a failed drawing wrote %d bytes", buf.Len())
			}
		})
	}
}

func TestSizesOutOfReach(t *testing.T) {
	var buf bytes.Buffer
	if err := SVG(&buf, Bar, perJob, 10, 10); err == nil || !strings.Contains(err.Error(), "200 to 10000 wide") {
		t.Errorf("tiny SVG: %v", err)
	}
	if err := Terminal(&buf, Bar, perJob, 10, 3); err == nil || !strings.Contains(err.Error(), "at least 20 columns and 6 lines") {
		t.Errorf("tiny terminal: %v", err)
	}
	narrow := Table{Columns: []string{"day", "n"}}
	for i := range 100 {
		narrow.Rows = append(narrow.Rows, []any{int64(i), int64(i)})
	}
	if err := Terminal(&buf, Bar, narrow, 40, 10); err == nil || !strings.Contains(err.Error(), ".svg") {
		t.Errorf("100 bars in 40 columns: %v", err)
	}
}

func TestIdentifiersAreNoSeries(t *testing.T) {
	table := Table{Columns: []string{"day", "run_id", "duration_seconds", "id"}, Rows: [][]any{
		{"2024-05-01", int64(9392540670), int64(130), int64(17922132371)},
		{"2024-05-02", int64(9398595218), int64(142), int64(17922132372)},
	}}
	lines := screen(t, Line, table, 60, 12, Options{})
	if strings.TrimSpace(lines[0]) != "duration_seconds by day" || strings.Contains(lines[1], "run_id") {
		t.Errorf("want only duration_seconds drawn:\n%s", strings.Join(lines, "\n"))
	}
	onlyIDs := Table{Columns: []string{"name", "run_id"}, Rows: [][]any{{"a", int64(1)}, {"b", int64(2)}}}
	if lines := screen(t, Bar, onlyIDs, 60, 12, Options{}); !strings.Contains(lines[1], "run_id") {
		t.Errorf("with nothing else, the identifier is drawn:\n%s", strings.Join(lines, "\n"))
	}
}

func TestParseKind(t *testing.T) {
	for _, s := range []string{"bar", "LINE", " scatter "} {
		if _, err := ParseKind(s); err != nil {
			t.Errorf("ParseKind(%q): %v", s, err)
		}
	}
	if _, err := ParseKind("pie"); err == nil || !strings.Contains(err.Error(), "bar, line, scatter") {
		t.Errorf("ParseKind(pie): %v", err)
	}
}

func TestXIsReadAsNumbersTimesOrText(t *testing.T) {
	tests := []struct {
		values []any
		want   axisKind
	}{
		{[]any{int64(1), 2.5, nil}, numberAxis},
		{[]any{"2024-05-01", "2024-05-02T10:00:00Z", "2024-05-03 10:00:00", "2024-06"}, timeAxis},
		{[]any{"2024-05-01T17:21:33.7513949Z", nil}, timeAxis},
		{[]any{"2024-05-01", "build"}, textAxis},
		{[]any{"1", "2"}, textAxis},
		{[]any{int64(1), "2024-05-01"}, textAxis},
	}
	for _, tt := range tests {
		table := Table{Columns: []string{"x", "y"}}
		for _, v := range tt.values {
			table.Rows = append(table.Rows, []any{v, int64(1)})
		}
		if got := xKind(table); got != tt.want {
			t.Errorf("X %q read as %d, want %d", tt.values, got, tt.want)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	at := func(s string) float64 { tm, _ := timestamp(s); return float64(tm.Unix()) }
	tests := []struct {
		from, to string
		max      int
		grain    timeUnit
		want     []string
	}{
		{"2024-05-01", "2024-05-05", 10, day, []string{"2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05"}},
		{"2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", 5, second, []string{"05-01 00:00", "05-01 06:00", "05-01 12:00", "05-01 18:00", "05-02 00:00"}},
		{"2024-04-30", "2024-05-30", 6, day, []string{"2024-05-06", "2024-05-13", "2024-05-20", "2024-05-27"}}, // Mondays
		{"2023-11-15", "2024-04-15", 6, day, []string{"2023-12", "2024-01", "2024-02", "2024-03", "2024-04"}},
		{"2024-05-01T10:10:00Z", "2024-05-01T14:00:00Z", 5, second, []string{"11:00", "12:00", "13:00", "14:00"}},
		{"2019-03-01", "2024-03-01", 8, month, []string{"2020", "2021", "2022", "2023", "2024"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range timeTicks(at(tt.from), at(tt.to), tt.max, tt.grain, nil) {
			got = append(got, tk.label)
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s to %s: ticks %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestNiceRange(t *testing.T) {
	tests := []struct {
		lo, hi float64
		max    int
		want   string
	}{
		{0, 420, 6, "0 100 200 300 400 500"},
		{0, 20, 6, "0 5 10 15 20"},
		{0, 0.37, 5, "0 0.1 0.2 0.3 0.4"},
		{0, 45000, 6, "0 10k 20k 30k 40k 50k"},
		{-3, 7, 6, "-5 0 5 10"},
		{-3, 7, 8, "-4 -2 0 2 4 6 8"},
		{0, 0, 5, "0 0.5 1.0"},
		{1e6, 3.5e6, 5, "1M 2M 3M 4M"},
	}
	for _, tt := range tests {
		_, _, ticks := niceRange(tt.lo, tt.hi, tt.max)
		var got []string
		for _, tk := range ticks {
			got = append(got, tk.label)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("niceRange(%v, %v, %d): %q, want %q", tt.lo, tt.hi, tt.max, strings.Join(got, " "), tt.want)
		}
	}
}

// Bar charts as the issue found them: job names wider than their bars,
// durations far from 0, a count beside seconds.
var (
	// Six jobs of 118 to 196 s: a data-fitted axis started at 110.
	sixJobs = jobsTable([]string{"build (ubuntu-latest, 1.22)", "test (ubuntu-latest, 1.22)", "lint", "integration-tests (postgres)", "docs", "release-dry-run (goreleaser)"},
		func(i int) []any { return []any{int64(118 + 15*i + i%2)} }, "duration_seconds")
	// A run's four jobs of 1,345 to 4,219 s: a data-fitted axis started at 1k.
	fourJobs = jobsTable([]string{"build", "test", "lint", "deploy"},
		func(i int) []any { return []any{[]int64{1345, 4219, 2107, 3050}[i]} }, "duration_seconds")
	// The cookbook's p90_per_job.sql: nine matrix jobs, the count of runs
	// beside three durations.
	nineJobs = jobsTable([]string{"test (windows-latest, 3.12)", "test (windows-latest, 3.13)", "test (macos-14, 3.12)", "test (macos-14, 3.13)",
		"test (ubuntu-latest, 3.12)", "test (ubuntu-latest, 3.13)", "deploy", "build", "lint"},
		func(i int) []any {
			return []any{int64(49 + i%3), int64(171 - 15*i), 258.2 - 20*float64(i), int64(280 - 20*i)}
		},
		"jobs", "median_s", "p90_s", "max_s")
)

func jobsTable(names []string, values func(int) []any, series ...string) Table {
	t := Table{Columns: append([]string{"job"}, series...)}
	for i, n := range names {
		t.Rows = append(t.Rows, append([]any{n}, values(i)...))
	}
	return t
}

func labelsOf(t Table) []string {
	var out []string
	for _, row := range t.Rows {
		out = append(out, row[0].(string))
	}
	return out
}

// tickValue reads an axis label as a number: 0, 250, 1.5k, 2M.
func tickValue(s string) (float64, bool) {
	scale := map[string]float64{"k": 1e3, "M": 1e6, "G": 1e9}
	f := 1.0
	if m, ok := scale[s[max(0, len(s)-1):]]; ok {
		s, f = s[:len(s)-1], m
	}
	v, err := strconv.ParseFloat(s, 64)
	return v * f, err == nil
}

// svgValueTicks are the numbers an SVG writes: the value axis's labels
// (the categories of these tables are names, not numbers).
func svgValueTicks(svg string) []float64 {
	var out []float64
	for _, s := range texts(svg) {
		if v, ok := tickValue(s); ok {
			out = append(out, v)
		}
	}
	return out
}

// terminalValueTicks are the value axis's labels of a terminal bar chart:
// at the left of upright bars, or under bars across (whose labels at the
// left are the categories).
func terminalValueTicks(t *testing.T, lines []string) []float64 {
	t.Helper()
	var left, bottom []float64
	for i, l := range lines {
		if before, _, ok := strings.Cut(l, "┤"); ok {
			if v, ok := tickValue(strings.TrimSpace(before)); ok {
				left = append(left, v)
			}
		}
		if strings.Contains(l, "└") && i+1 < len(lines) {
			for _, f := range strings.Fields(lines[i+1]) {
				if v, ok := tickValue(f); ok {
					bottom = append(bottom, v)
				}
			}
		}
	}
	if len(left) > 0 {
		return left
	}
	return bottom
}

func TestBarValueAxisStartsAtZero(t *testing.T) {
	tables := []struct {
		name  string
		table Table
	}{{"six jobs of 118-196 s", sixJobs}, {"a run's four jobs of 1345-4219 s", fourJobs}, {"nine jobs across", nineJobs}}
	lowest := func(ticks []float64) float64 {
		if len(ticks) < 2 {
			return math.NaN()
		}
		return slices.Min(ticks)
	}
	for _, tt := range tables {
		t.Run(tt.name, func(t *testing.T) {
			for _, size := range [][2]int{{1000, 500}, {800, 400}} {
				var buf bytes.Buffer
				if err := SVG(&buf, Bar, tt.table, size[0], size[1]); err != nil {
					t.Fatal(err)
				}
				if ticks := svgValueTicks(buf.String()); lowest(ticks) != 0 {
					t.Errorf("SVG %dx%d: value ticks %v, want the lowest 0", size[0], size[1], ticks)
				}
				// The PNG is drawn from the same layout.
				p, _ := newPlot(Bar, tt.table, Options{})
				l, err := layoutBars(charts.NewPainter(charts.PainterOptions{OutputFormat: "png", Width: size[0], Height: size[1]}), p, size[0], size[1], 0)
				if err != nil || l.lo != 0 || l.ticks[0].label != "0" {
					t.Errorf("PNG %dx%d: value axis from %v (first tick %q): %v; want 0", size[0], size[1], l.lo, l.ticks[0].label, err)
				}
			}
			for _, size := range [][2]int{{80, 24}, {160, 24}, {160, 50}} {
				lines := screen(t, Bar, tt.table, size[0], size[1], Options{})
				if ticks := terminalValueTicks(t, lines); lowest(ticks) != 0 {
					t.Errorf("terminal %dx%d: value ticks %v, want the lowest 0:\n%s", size[0], size[1], ticks, strings.Join(lines, "\n"))
				}
			}
		})
	}
}

func TestEveryCategoryIsLabelled(t *testing.T) {
	forty := Table{Columns: []string{"step", "failures"}}
	for i := range 40 {
		forty.Rows = append(forty.Rows, []any{fmt.Sprintf("integration tests, part %d", i+1), int64(80 - i)})
	}
	long := strings.Repeat("a very long job name ", 8) + "end"
	withLong := jobsTable([]string{"build", long, "lint"}, func(i int) []any { return []any{int64(100 * (i + 1))} }, "duration_seconds")

	// Images: whole labels under the bars, down the side of bars across, or
	// turned upright under narrow bars; only a very long one is cut short.
	images := []struct {
		name   string
		table  Table
		width  int
		height int
		orient orientation
	}{
		{"four jobs", fourJobs, 800, 400, upright},
		{"six jobs", sixJobs, 1000, 500, across},
		{"six jobs on the page", sixJobs, 800, 400, across},
		{"nine jobs", nineJobs, 1000, 500, across},
		{"nine jobs on the page", nineJobs, 800, 400, across},
		{"forty steps", forty, 1000, 500, turned},
	}
	for _, tt := range images {
		t.Run("image/"+tt.name, func(t *testing.T) {
			want := labelsOf(tt.table)
			var buf bytes.Buffer
			if err := SVG(&buf, Bar, tt.table, tt.width, tt.height); err != nil {
				t.Fatal(err)
			}
			shown := texts(buf.String())
			for _, l := range want {
				if !contains(shown, l) {
					t.Errorf("the SVG lacks the label %q; texts %q", l, shown)
				}
			}
			// The PNG is drawn from this layout, every label with it.
			p, _ := newPlot(Bar, tt.table, Options{})
			l, err := layoutBars(charts.NewPainter(charts.PainterOptions{OutputFormat: "png", Width: tt.width, Height: tt.height}), p, tt.width, tt.height, 0)
			if err != nil || l.orient != tt.orient || l.intervals || !slices.Equal(l.labels, want) {
				t.Errorf("PNG layout: %v, orientation %d (want %d), at intervals %v, labels %q: %v", tt.name, l.orient, tt.orient, l.intervals, l.labels, err)
			}
		})
	}
	t.Run("image/a very long label", func(t *testing.T) {
		shown := texts(svgOf(t, Bar, withLong))
		if !contains(shown, "build") || !contains(shown, "lint") || contains(shown, long) {
			t.Fatalf("want build, lint and the long label cut short: %q", shown)
		}
		cut := slices.IndexFunc(shown, func(s string) bool {
			return strings.HasPrefix(s, "a very long job name") && strings.HasSuffix(s, "…")
		})
		if cut < 0 {
			t.Errorf("no label starts as the long one does and ends in …: %q", shown)
		}
	})
	t.Run("image/too many", func(t *testing.T) {
		sixty := Table{Columns: []string{"step", "failures"}}
		for i := range 60 {
			sixty.Rows = append(sixty.Rows, []any{fmt.Sprintf("step %d", i), int64(i)})
		}
		err := SVG(io.Discard, Bar, sixty, 1000, 500)
		if err == nil || !strings.Contains(err.Error(), "60 categories are too many to label") || !strings.Contains(err.Error(), "DESC LIMIT") {
			t.Errorf("60 steps in 1000×500: %v", err)
		}
	})

	// The terminal: under the bars, across, or numbered with a key.
	terminals := []struct {
		name  string
		table Table
		cols  int
		rows  int
		shape string // a line of the chart shows which way it is drawn
	}{
		{"four jobs", fourJobs, 80, 24, "┬"},
		{"six jobs", sixJobs, 80, 24, "integration-tests (postgres)┤"},
		{"six jobs", sixJobs, 160, 24, "integration-tests (postgres)┤"},
		{"nine jobs", nineJobs, 80, 24, "1 test (windows-latest, 3.12)  2 test (windows-latest, 3.13)"},
		{"nine jobs", nineJobs, 160, 24, "1 test (windows-latest, 3.12)  2 test (windows-latest, 3.13)  3 test (macos-14, 3.12)"},
		{"nine jobs", nineJobs, 160, 50, "test (windows-latest, 3.12)┤"},
		{"a very long label", withLong, 80, 24, "a very long job name a very lon…┤"},
	}
	for _, tt := range terminals {
		t.Run(fmt.Sprintf("terminal/%s/%dx%d", tt.name, tt.cols, tt.rows), func(t *testing.T) {
			lines := screen(t, Bar, tt.table, tt.cols, tt.rows, Options{})
			out := strings.Join(lines, "\n")
			for _, l := range labelsOf(tt.table) {
				if !strings.Contains(out, l) && l != long {
					t.Errorf("the chart lacks the label %q:\n%s", l, out)
				}
			}
			if !strings.Contains(out, tt.shape) {
				t.Errorf("the chart lacks %q:\n%s", tt.shape, out)
			}
		})
	}
	t.Run("terminal/too many", func(t *testing.T) {
		err := Terminal(io.Discard, Bar, forty, 80, 24)
		if err == nil || !strings.Contains(err.Error(), "40 categories are too many to label in 80×24") || !strings.Contains(err.Error(), "DESC LIMIT") {
			t.Errorf("40 steps in 80×24: %v", err)
		}
	})
}

func TestTerminalBarsAcrossAreAsLongAsTheirValues(t *testing.T) {
	table := Table{Columns: []string{"conclusion", "jobs"}, Rows: [][]any{
		{"success (all passed)", int64(40)}, {"failure (one failed)", int64(20)}, {"skipped (no changes)", int64(0)}}}
	lines := screen(t, Bar, table, 60, 12, Options{})
	length := func(label string) int {
		for _, l := range lines {
			if _, bar, ok := strings.Cut(l, label+"┤"); ok {
				return strings.Count(bar, "█")
			}
		}
		t.Fatalf("no bar labelled %q:\n%s", label, strings.Join(lines, "\n"))
		return 0
	}
	success, failure, skipped := length("success (all passed)"), length("failure (one failed)"), length("skipped (no changes)")
	if success < 2*failure-1 || success > 2*failure+1 || skipped != 0 || success < 20 {
		t.Errorf("bar lengths success %d, failure %d, skipped %d; want 40:20:0\n%s", success, failure, skipped, strings.Join(lines, "\n"))
	}
}

func TestUnitOfAColumnIsReadFromItsName(t *testing.T) {
	tests := []struct {
		column string
		want   unit
	}{
		{"median_s", seconds}, {"min_s", seconds}, {"avg(duration_seconds)", seconds}, {"max_queue_s", seconds},
		{"duration", seconds}, {"busy_min", minutes}, {"queued_minutes", minutes}, {"total_ms", milliseconds},
		{"hours", hours}, {"failure_pct", percentage}, {"success %", percentage},
		{"jobs", count}, {"count(*)", count}, {"flaky_runs", count}, {"n", count},
		{"min", unit{}}, {"p90", unit{}}, {"worst", unit{}},
	}
	for _, tt := range tests {
		if got := unitOf(tt.column); got != tt.want {
			t.Errorf("unitOf(%q) = %q, want %q", tt.column, got.name, tt.want.name)
		}
	}
}

func TestSeriesOfAnotherUnitAreLeftOutWithANote(t *testing.T) {
	attempts := Table{Columns: []string{"run_attempt", "jobs", "seconds"}, Rows: [][]any{{int64(1), int64(4), int64(3120)}, {int64(2), int64(1), int64(640)}}}
	daily := Table{Columns: []string{"day", "runs", "failures"}, Rows: [][]any{{"2024-05-01", int64(240), int64(2)}, {"2024-05-02", int64(180), int64(1)}}}
	named := Table{Columns: []string{"job", "jobs", "p90", "worst"}, Rows: [][]any{{"build", int64(50), int64(180), int64(400)}}}
	tests := []struct {
		name  string
		kind  Kind
		table Table
		drawn []string
		note  string // "" for none
	}{
		// Three durations outvote a count.
		{"a count beside durations", Bar, nineJobs, []string{"median_s", "p90_s", "max_s"}, "left out jobs (a count): the axis is seconds; chart it on its own"},
		// One each: a duration outranks a count.
		{"one count, one duration", Line, attempts, []string{"seconds"}, "left out jobs (a count): the axis is seconds; chart it on its own"},
		{"one unit however far apart", Line, daily, []string{"runs", "failures"}, ""},
		{"names that tell no unit", Bar, named, []string{"jobs", "p90", "worst"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// What the PNG and every drawing draw from.
			p, err := newPlot(tt.kind, tt.table, Options{})
			if err != nil || !slices.Equal(p.seriesNames(), tt.drawn) || p.note != tt.note {
				t.Fatalf("series %q, note %q (%v); want %q, %q", p.seriesNames(), p.note, err, tt.drawn, tt.note)
			}
			svg := svgOf(t, tt.kind, tt.table)
			shown := texts(svg)
			for _, name := range tt.table.Columns[1:] {
				if drawn := contains(tt.drawn, name); contains(shown, name) != drawn {
					t.Errorf("SVG: %s in the legend %v, want %v; texts %q", name, !drawn, drawn, shown)
				}
			}
			if n := marks(svg, "path", seriesColor(len(tt.drawn))); tt.kind == Bar && n > 0 {
				t.Errorf("SVG: %d bars in the colour of a series beyond the legend's", n)
			}
			if tt.note != "" && !contains(shown, tt.note) {
				t.Errorf("SVG: no note %q; texts %q", tt.note, shown)
			}
			for _, cols := range []int{80, 160} {
				lines := screen(t, tt.kind, tt.table, cols, 24, Options{})
				for _, name := range tt.table.Columns[1:] {
					if strings.Contains(lines[1], " "+name+" ") != contains(tt.drawn, name) {
						t.Errorf("terminal %d: legend %q, want only %q", cols, lines[1], tt.drawn)
					}
				}
				if tt.note != "" && strings.TrimSpace(lines[2]) != tt.note {
					t.Errorf("terminal %d: line 3 %q, want the note %q", cols, lines[2], tt.note)
				}
			}
		})
	}
}
