package chart

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/go-analyze/charts"
)

// orientation is which way the bars of an image go.
type orientation int

const (
	upright orientation = iota // bars stand on the categories, labelled along the bottom
	across                     // bars lie along the categories, labelled down the side
	turned                     // upright, the labels turned to read upwards
)

// barLayout is how a bar chart is laid out in an image: worked out here
// from the sizes of its labels in the library's font, then drawn by the
// library's painter. Tests read it, as a PNG's pixels are hard to read.
type barLayout struct {
	orient orientation
	// labels are the categories' labels as drawn, in the order of the
	// rows; the painter draws every one of them, unless intervals is set:
	// numbers or times, labelled at intervals (their order tells the bars
	// between), as on a line chart.
	labels    []string
	intervals bool
	// lo, hi and ticks are the value axis, from 0.
	lo, hi float64
	ticks  []tick
}

// The room the painter takes around the plot, in pixels, as estimated
// for laying the bars out: the padding, the title and the legend above
// the plot, an axis's labels and its title.
const (
	imagePadding  = 20
	imageHeader   = 40
	axisLabelGap  = 10
	minBarPixels  = 4 // per series in a row of bars across
	labelFontSize = 12.0
)

// labelFont is the painter's font of axis labels, to measure them.
var labelFont = charts.FontStyle{FontSize: labelFontSize, FontColor: theme.GetXAxisTextColor()}

// layoutBars lays out a bar chart of width×height pixels, with noteLines
// lines of note under it. Text categories are labelled whole along the
// bottom when they fit there, else down the side of bars drawn across
// (cut short with "…" past a third of the width), else turned upright
// under narrow bars (cut short past three fifths of the plot's height);
// more than that cannot be labelled, and the error says how many can.
func layoutBars(painter *charts.Painter, p *plot, width, height, noteLines int) (barLayout, error) {
	l := barLayout{labels: p.labels}
	lo, hi := p.yRange()
	textHeight, widest := 0, 0
	for _, s := range p.labels {
		box := painter.MeasureText(s, 0, labelFont)
		textHeight, widest = max(textHeight, box.Height()), max(widest, box.Width())
	}
	n, s := len(p.labels), len(p.series)
	plotHeight := height - 2*imagePadding - imageHeader - noteLines*noteLineHeight - 2*(textHeight+axisLabelGap)
	l.lo, l.hi, l.ticks = niceRangeStep(lo, hi, max(2, height/50), p.yStep())
	valueWidth := 0
	for _, t := range l.ticks {
		valueWidth = max(valueWidth, painter.MeasureText(t.label, 0, labelFont).Width())
	}
	slot := (width - 2*imagePadding - valueWidth - axisLabelGap) / n
	switch {
	case widest+axisLabelGap <= slot:
		return l, nil // upright, every label whole
	case p.axis != textAxis:
		l.intervals = true
		return l, nil
	}
	row := (plotHeight + textHeight + axisLabelGap) / n // no category axis title under bars across
	within := func(pixels int) func(string) bool {
		return func(s string) bool { return painter.MeasureText(s, 0, labelFont).Width() <= pixels }
	}
	if row >= max(textHeight, minBarPixels*s) {
		if labels, ok := shorten(p.labels, within(width/3)); ok {
			l.orient, l.labels = across, labels
			l.lo, l.hi, l.ticks = niceRangeStep(lo, hi, max(2, width/100), p.yStep())
			return l, nil
		}
	}
	if slot >= textHeight+4 {
		if labels, ok := shorten(p.labels, within(plotHeight*3/5)); ok {
			l.orient, l.labels = turned, labels
			return l, nil
		}
	}
	fit := max(1, (plotHeight+textHeight+axisLabelGap)/max(textHeight, minBarPixels*s))
	return l, fmt.Errorf("%d categories are too many to label in an image of %d×%d pixels: keep the largest with ORDER BY ... DESC LIMIT %d", n, width, height, fit)
}

// barImage draws a bar chart as its layout says.
func barImage(p *plot, format string, width, height int) ([]byte, error) {
	painter := charts.NewPainter(charts.PainterOptions{OutputFormat: format, Width: width, Height: height, Theme: theme})
	note := noteLines(painter, p.note, width)
	l, err := layoutBars(painter, p, width, height, len(note))
	if err != nil {
		return nil, err
	}
	values, labels := seriesValues(p), l.labels
	if l.orient == across {
		// The painter puts the first category at the bottom: the first row
		// goes on top, to read down as the result does.
		labels = slices.Clone(labels)
		slices.Reverse(labels)
		for _, v := range values {
			slices.Reverse(v)
		}
	}
	opt := charts.NewBarChartOptionWithData(values)
	opt.Horizontal = l.orient == across
	opt.Title = charts.TitleOption{Text: p.title}
	opt.Legend = charts.LegendOption{SeriesNames: p.seriesNames(), Offset: charts.OffsetRight}
	opt.Theme = theme
	opt.Padding = chartPadding(len(note))
	// Each label is centred under its bar (the painter puts the labels of
	// more than 40 categories between them, unless told).
	opt.CategoryAxis = charts.CategoryAxisOption{Labels: labels, Title: p.xName, BoundaryGap: charts.Ptr(true)}
	if !l.intervals {
		opt.CategoryAxis.LabelCount = len(labels) // every one, which the layout has room for
	}
	if l.orient == turned {
		opt.CategoryAxis.LabelRotation = math.Pi / 2
	}
	opt.ValueAxis = []charts.ValueAxisOption{{
		Min: &l.lo, Max: &l.hi, LabelCount: len(l.ticks),
		ValueFormatter: tickFormatter(l.ticks),
	}}
	if err := painter.BarChart(opt); err != nil {
		return nil, err
	}
	drawNote(painter, note, height)
	return painter.Bytes()
}

// tickFormatter writes the painter's value labels as the ticks have them:
// the painter spaces as many labels evenly from the axis's least to its
// most, which are where the ticks are.
func tickFormatter(ticks []tick) charts.ValueFormatter {
	return func(v float64) string {
		nearest := ticks[0]
		for _, t := range ticks {
			if math.Abs(t.at-v) < math.Abs(nearest.at-v) {
				nearest = t
			}
		}
		return nearest.label
	}
}

// seriesValues are the series as the painter takes them, a NULL as its
// null value.
func seriesValues(p *plot) [][]float64 {
	values := make([][]float64, len(p.series))
	for i, s := range p.series {
		values[i] = make([]float64, len(s.values))
		for j, v := range s.values {
			if math.IsNaN(v) {
				v = nullValue
			}
			values[i][j] = v
		}
	}
	return values
}

// A note under an image says what was left out of it and why, in lines
// of this height.
const noteLineHeight = 16

// chartPadding is the painter's padding, with room at the bottom for the
// note's lines.
func chartPadding(noteLines int) charts.Box {
	return charts.Box{Top: imagePadding, Left: imagePadding, Right: imagePadding, Bottom: imagePadding + noteLines*noteLineHeight, IsSet: true}
}

// noteLines breaks a note into lines that fit the width, at spaces.
func noteLines(painter *charts.Painter, note string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(note) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && painter.MeasureText(try, 0, labelFont).Width() > width-2*imagePadding {
			lines = append(lines, line)
			try = word
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// drawNote writes the note's lines at the bottom left of the image.
func drawNote(painter *charts.Painter, lines []string, height int) {
	style := labelFont
	style.FontColor = theme.GetLegendTextColor()
	for i, l := range lines {
		painter.Text(l, imagePadding, height-imagePadding/2-(len(lines)-1-i)*noteLineHeight, 0, style)
	}
}
