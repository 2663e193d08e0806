package chart

import (
	"bytes"
	"fmt"
	"io"
	"math"

	"github.com/go-analyze/charts"
	"github.com/go-analyze/charts/chartdraw"
)

// SVG writes the chart as an SVG document of width×height pixels. The
// document is self-contained and the same for the same input.
func SVG(w io.Writer, kind Kind, t Table, width, height int) error {
	return SVGWith(w, kind, t, width, height, Options{})
}

// SVGWith is SVG with options (the title).
func SVGWith(w io.Writer, kind Kind, t Table, width, height int, o Options) error {
	return drawImage(w, "svg", kind, t, width, height, o)
}

// PNG writes the chart as a PNG image of width×height pixels.
func PNG(w io.Writer, kind Kind, t Table, width, height int) error {
	return PNGWith(w, kind, t, width, height, Options{})
}

// PNGWith is PNG with options (the title).
func PNGWith(w io.Writer, kind Kind, t Table, width, height int, o Options) error {
	return drawImage(w, "png", kind, t, width, height, o)
}

// Image sizes: the smallest that leaves room for the axes, and a bound
// that keeps a PNG's memory in reason.
const (
	minImageWidth, minImageHeight = 200, 150
	maxImageSide                  = 10_000
)

func drawImage(w io.Writer, format string, kind Kind, t Table, width, height int, o Options) error {
	if width < minImageWidth || height < minImageHeight || width > maxImageSide || height > maxImageSide {
		return fmt.Errorf("an image of %d×%d pixels cannot be drawn: give %d to %d wide and %d to %d high",
			width, height, minImageWidth, maxImageSide, minImageHeight, maxImageSide)
	}
	p, err := newPlot(kind, t, o)
	if err != nil {
		return err
	}
	var out []byte
	switch {
	case kind == Bar:
		out, err = barImage(p, format, width, height)
	case p.axis == textAxis:
		out, err = categoryImage(p, format, width, height)
	default:
		out, err = continuousImage(p, format, width, height)
	}
	if err != nil {
		return fmt.Errorf("draw the %s chart: %w", kind, err)
	}
	_, err = w.Write(out)
	return err
}

// theme is the palette of every image: the library's light theme.
var theme = charts.GetTheme(charts.ThemeLight)

// nullValue is how the chart painter is told that a point has no value.
var nullValue = charts.GetNullValue()

// categoryImage draws a line or scatter chart of text X with the chart
// painter: a point or a vertex for each row.
func categoryImage(p *plot, format string, width, height int) ([]byte, error) {
	values := seriesValues(p)
	painter := charts.NewPainter(charts.PainterOptions{OutputFormat: format, Width: width, Height: height, Theme: theme})
	note := noteLines(painter, p.note, width)
	title := charts.TitleOption{Text: p.title}
	legend := charts.LegendOption{SeriesNames: p.seriesNames(), Offset: charts.OffsetRight}
	xAxis := charts.XAxisOption{Labels: p.labels, Title: p.xName}
	var err error
	if p.kind == Line {
		opt := charts.NewLineChartOptionWithData(values)
		opt.Title, opt.Legend, opt.XAxis, opt.Theme, opt.Padding = title, legend, xAxis, theme, chartPadding(len(note))
		err = painter.LineChart(opt)
	} else {
		opt := charts.NewScatterChartOptionWithData(values)
		opt.Title, opt.Legend, opt.XAxis, opt.Theme, opt.Padding = title, legend, xAxis, theme, chartPadding(len(note))
		opt.Symbol = charts.Symbol{Shape: charts.SymbolDot, Size: 3}
		err = painter.ScatterChart(opt)
	}
	if err != nil {
		return nil, err
	}
	drawNote(painter, note, height)
	return painter.Bytes()
}

// continuousImage draws numeric or time X at its values, which the chart
// painter cannot, with the library's continuous-axis drawing package in the
// same theme.
func continuousImage(p *plot, format string, width, height int) ([]byte, error) {
	xlo, xhi := p.xRange()
	var xticks []tick
	if p.axis == timeAxis {
		xlo, xhi = timeSpan(xlo, xhi)
		xticks = timeTicks(xlo, xhi, max(2, width/120), grainOf(p.xs), nil)
	} else {
		xlo, xhi, xticks = niceRangeStep(xlo, xhi, max(2, width/100), p.xStep())
	}
	ylo, yhi := p.yRange()
	ylo, yhi, yticks := niceRangeStep(ylo, yhi, max(2, height/50), p.yStep())

	measurer := charts.NewPainter(charts.PainterOptions{OutputFormat: "svg", Width: width, Height: height, Theme: theme})
	note := noteLines(measurer, p.note, width)
	textColor := theme.GetXAxisTextColor()
	axisStyle := chartdraw.Style{StrokeColor: theme.GetXAxisStrokeColor(), StrokeWidth: 1, FontStyle: chartdraw.FontStyle{FontSize: fontSize, FontColor: textColor}}
	c := chartdraw.Chart{
		Width:      width,
		Height:     height,
		TitleStyle: chartdraw.Style{Hidden: true}, // drawn by header, where the painter puts it
		Background: chartdraw.Style{FillColor: theme.GetBackgroundColor(), Padding: chartdraw.Box{Top: headerHeight, Left: 20, Right: 30, Bottom: 20 + len(note)*noteLineHeight, IsSet: true}},
		XAxis: chartdraw.XAxis{
			Name:      p.xName,
			NameStyle: chartdraw.Style{FontStyle: chartdraw.FontStyle{FontSize: fontSize, FontColor: textColor}},
			Style:     axisStyle,
			Range:     &chartdraw.ContinuousRange{Min: xlo, Max: xhi},
			Ticks:     chartTicks(withEnds(xticks, xlo, xhi)),
		},
		// The series are on the secondary axis, which is the left one, as
		// in the painter's charts; the primary (right) one is not shown.
		YAxis: chartdraw.YAxis{Style: chartdraw.Style{Hidden: true}, Range: &chartdraw.ContinuousRange{Min: ylo, Max: yhi}},
		YAxisSecondary: chartdraw.YAxis{
			Style:          axisStyle,
			Range:          &chartdraw.ContinuousRange{Min: ylo, Max: yhi},
			Ticks:          chartTicks(yticks),
			GridMajorStyle: chartdraw.Style{StrokeColor: theme.GetAxisSplitLineColor(), StrokeWidth: 1},
			GridLines:      gridLines(yticks),
		},
	}
	for i, s := range p.series {
		color := theme.GetSeriesColor(i)
		style := chartdraw.Style{StrokeColor: color, StrokeWidth: 2, DotColor: color, DotWidth: 2.5}
		if p.kind == Scatter {
			style = chartdraw.Style{StrokeWidth: chartdraw.Disabled, DotColor: color, DotWidth: 3}
		} else if len(p.xs) > 100 {
			style.DotWidth = 0 // a dense line needs no dots, as the painter does it
		}
		for _, run := range presentRuns(p.xs, s.values) {
			c.Series = append(c.Series, chartdraw.ContinuousSeries{Name: s.name, XValues: run[0], YValues: run[1], Style: style, YAxis: chartdraw.YAxisSecondary})
		}
	}
	c.Elements = []chartdraw.Renderable{header(p, note, height)}
	provider := chartdraw.SVG
	if format == "png" {
		provider = chartdraw.PNG
	}
	var buf bytes.Buffer
	if err := c.Render(provider, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// The header's layout, close to the painter's: the title at the top left,
// the legend at the top right.
const (
	fontSize     = 10.0
	titleSize    = 12.0
	headerHeight = 50
)

// header draws the title and the legend above the plot, and the note's
// lines under it, as the painter's charts have them.
func header(p *plot, note []string, height int) chartdraw.Renderable {
	return func(r chartdraw.Renderer, canvas chartdraw.Box, _ chartdraw.Style) {
		r.SetFont(chartdraw.GetDefaultFont())
		r.SetFontColor(theme.GetLegendTextColor())
		r.SetFontSize(labelFontSize)
		for i, l := range note {
			r.Text(l, imagePadding, height-imagePadding/2-(len(note)-1-i)*noteLineHeight)
		}

		r.SetFont(chartdraw.GetDefaultFont())
		r.SetFontColor(theme.GetTitleTextColor())
		r.SetFontSize(titleSize)
		r.Text(p.title, 20, 26)

		r.SetFontSize(fontSize)
		r.SetFontColor(theme.GetLegendTextColor())
		const marker, gap = 20, 6
		widths := make([]int, len(p.series))
		total := 0
		for i, s := range p.series {
			widths[i] = r.MeasureText(s.name).Width()
			total += marker + gap + widths[i] + 2*gap
		}
		x := max(canvas.Right-total, 20)
		for i, s := range p.series {
			color := theme.GetSeriesColor(i)
			r.SetStrokeColor(color)
			r.SetFillColor(color)
			r.SetStrokeWidth(2)
			if p.kind == Scatter {
				r.Circle(4, x+marker/2, 22)
				r.FillStroke()
			} else {
				r.MoveTo(x, 22)
				r.LineTo(x+marker, 22)
				r.Stroke()
			}
			r.SetFontColor(theme.GetLegendTextColor())
			r.Text(s.name, x+marker+gap, 26)
			x += marker + gap + widths[i] + 2*gap
		}
	}
}

// withEnds adds unlabelled ticks at the ends of the range where the ticks
// do not reach them: chartdraw spans an axis from its first tick to its
// last, and the points before the first whole day must not fall off it.
func withEnds(ticks []tick, lo, hi float64) []tick {
	if len(ticks) == 0 || ticks[0].at > lo {
		ticks = append([]tick{{at: lo}}, ticks...)
	}
	if ticks[len(ticks)-1].at < hi {
		ticks = append(ticks, tick{at: hi})
	}
	return ticks
}

func chartTicks(ticks []tick) []chartdraw.Tick {
	out := make([]chartdraw.Tick, len(ticks))
	for i, t := range ticks {
		out[i] = chartdraw.Tick{Value: t.at, Label: t.label}
	}
	return out
}

func gridLines(ticks []tick) []chartdraw.GridLine {
	out := make([]chartdraw.GridLine, len(ticks))
	for i, t := range ticks {
		out[i] = chartdraw.GridLine{Value: t.at}
	}
	return out
}

// presentRuns cuts a series at its NULLs into runs of X and Y values: a
// NULL leaves a gap in a line, as in the painter's charts.
func presentRuns(xs, values []float64) [][2][]float64 {
	var runs [][2][]float64
	var x, y []float64
	for i, v := range values {
		if math.IsNaN(v) {
			if len(x) > 0 {
				runs = append(runs, [2][]float64{x, y})
			}
			x, y = nil, nil
			continue
		}
		x, y = append(x, xs[i]), append(y, v)
	}
	if len(x) > 0 {
		runs = append(runs, [2][]float64{x, y})
	}
	return runs
}
