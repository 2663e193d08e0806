package chart

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
)

// Terminal draws the chart in Unicode characters to exactly cols columns
// and rows lines: the title, the legend, the plot with its Y axis on the
// left, the X axis and its labels. Bars are block elements, lines and
// points braille. It uses no colours: see TerminalWith.
func Terminal(w io.Writer, kind Kind, t Table, cols, rows int) error {
	return TerminalWith(w, kind, t, cols, rows, Options{})
}

// The smallest terminal chart: the title, the legend, two lines of plot
// and the X axis with its labels; ten columns of plot beside the Y labels.
const (
	MinTerminalCols = 20
	MinTerminalRows = 6
	minPlotCols     = 10
)

// TerminalWith is Terminal with options: a title, and ANSI colours for a
// terminal that takes them.
func TerminalWith(w io.Writer, kind Kind, t Table, cols, rows int, o Options) error {
	if cols < MinTerminalCols || rows < MinTerminalRows {
		return fmt.Errorf("a terminal chart needs at least %d columns and %d lines, and has %d×%d", MinTerminalCols, MinTerminalRows, cols, rows)
	}
	p, err := newPlot(kind, t, o)
	if err != nil {
		return err
	}
	g := &grid{cols: cols, rows: rows, color: o.Color}
	// Lines under the legend say what was left out, leaving a line of plot
	// at the least.
	g.note = wrap(p.note, cols)
	if room := rows - 5; len(g.note) > room {
		g.note = g.note[:room]
		g.note[room-1] = truncate(g.note[room-1]+" …", cols)
	}
	g.plotRows = rows - 4 - len(g.note)
	switch {
	case kind == Bar:
		err = g.bars(p)
	default:
		err = g.points(p)
	}
	if err != nil {
		return err
	}
	return g.write(w, p)
}

// seriesColors are ANSI colours in the order of the images' palette:
// blue, green, yellow, red, cyan, magenta.
var seriesColors = []int{34, 32, 33, 31, 36, 35}

// Marks tell series apart without colours: shades for bars, and ASCII
// marks at the points of lines and scatter plots.
var (
	barShades  = []rune{'█', '▓', '▒', '░'}
	pointMarks = []rune{'*', 'o', '+', 'x', '#', '@'}
)

// cell is one character of the plot and the series that drew it (-1:
// none, the axis or the background).
type cell struct {
	r      rune
	series int
}

// grid is the plot being drawn and the axes around it.
type grid struct {
	cols, rows  int
	plotRows    int
	color       bool
	note        []string // lines under the legend
	key         []string // lines under the X labels: the numbered categories
	yw          int      // width of the Y labels
	plotCols    int
	plot        [][]cell
	yLabels     map[int]string // by plot row
	xTicks      []placedLabel  // tick labels under the plot, by column
	tickCols    []int          // columns of the plot with a tick on the X axis
	legendMarks []rune
}

// placedLabel is a label whose text starts at a column of the plot.
type placedLabel struct {
	col  int
	text string
}

// yAxis lays out the Y axis for [lo, hi], sets the plot's width and
// returns the range after widening to round ticks.
func (g *grid) yAxis(lo, hi, minStep float64) (float64, float64, error) {
	lo, hi, ticks := niceRangeStep(lo, hi, max(2, g.plotRows/2+1), minStep)
	g.yw = labelWidth(ticks)
	g.plotCols = g.cols - g.yw - 1
	if g.plotCols < minPlotCols {
		return 0, 0, fmt.Errorf("a terminal chart of %d columns leaves no room beside Y labels %d wide: make the terminal wider", g.cols, g.yw)
	}
	g.yLabels = map[int]string{}
	for _, t := range ticks {
		g.yLabels[g.valueRow(t.at, lo, hi)] = t.label
	}
	g.plot = make([][]cell, g.plotRows)
	for r := range g.plot {
		g.plot[r] = make([]cell, g.plotCols)
		for c := range g.plot[r] {
			g.plot[r][c] = cell{' ', -1}
		}
	}
	return lo, hi, nil
}

// valueRow is the plot row a Y tick stands on.
func (g *grid) valueRow(v, lo, hi float64) int {
	row := int(math.Round((hi - v) / (hi - lo) * float64(g.plotRows-1)))
	return min(max(row, 0), g.plotRows-1)
}

// bars draws each series as a column of blocks in each category's slot,
// eighths of a cell high, with the value axis from 0. Every text
// category is labelled: under its slot when the labels fit there whole,
// else down the side of bars drawn across, else by a number under its slot
// and a key below. Numbers and times are labelled at intervals, as on a
// line chart: their order tells the bars between.
func (g *grid) bars(p *plot) error {
	lo, hi := p.yRange()
	vlo, vhi, err := g.yAxis(lo, hi, p.yStep())
	if err != nil {
		return err
	}
	n, s := len(p.labels), len(p.series)
	labels := p.labels
	if p.axis == textAxis && !labelsFitUnder(labels, g.plotCols/n, s) {
		if n*s <= g.plotRows && g.barsAcross(p) {
			return nil
		}
		if labels, err = g.keyed(p); err != nil {
			return err
		}
		if vlo, vhi, err = g.yAxis(lo, hi, p.yStep()); err != nil { // fewer lines for the plot
			return err
		}
		if !labelsFitUnder(labels, g.plotCols/n, s) { // Y labels of another width
			return g.tooManyToLabel(n, s)
		}
	}
	slot := g.plotCols / n
	if slot < s {
		return fmt.Errorf("too many bars for %d columns: %d categories of %d series need %d columns of plot; aggregate with GROUP BY, keep the largest with ORDER BY ... LIMIT, or draw it to a .svg file", g.cols, n, s, n*s)
	}
	width := barWidth(slot, s)
	eighths := float64(g.plotRows * 8)
	zero := (0 - vlo) / (vhi - vlo) * eighths
	for i := range n {
		for j, sr := range p.series {
			v := sr.values[i]
			if math.IsNaN(v) {
				continue
			}
			top := (v - vlo) / (vhi - vlo) * eighths
			left := i*slot + j*width
			for c := left; c < left+width && c < g.plotCols; c++ {
				g.barColumn(c, j, zero, top)
			}
		}
	}
	g.legendMarks = make([]rune, s)
	for j := range s {
		g.legendMarks[j] = g.barFill(j)
	}
	g.categoryLabels(labels, slot, width*s)
	return nil
}

// keyed numbers the categories for labels under the bars, and sets the
// key below the chart that names each number's category, as many to a
// line as fit: the lines of the key are taken from the plot.
func (g *grid) keyed(p *plot) ([]string, error) {
	n, s := len(p.labels), len(p.series)
	numbers := make([]string, n)
	for i := range numbers {
		numbers[i] = fmt.Sprint(i + 1)
	}
	numberWidth := cellWidth(numbers[n-1])
	widest := 0
	for _, l := range p.labels {
		widest = max(widest, cellWidth(l))
	}
	nameWidth := min(widest, g.cols-numberWidth-1)
	entry := numberWidth + 1 + nameWidth
	perLine := max(1, (g.cols+2)/(entry+2))
	lines := (n + perLine - 1) / perLine
	if g.plotRows-lines < 2 || !labelsFitUnder(numbers, g.plotCols/n, s) {
		return nil, g.tooManyToLabel(n, s)
	}
	names, _ := shorten(p.labels, func(s string) bool { return cellWidth(s) <= nameWidth })
	g.key = make([]string, lines)
	for i, l := range names {
		item := fmt.Sprintf("%*d %s", numberWidth, i+1, padRight(l, nameWidth))
		if i%perLine > 0 {
			item = "  " + item
		}
		g.key[i/perLine] += item
	}
	g.plotRows -= lines
	return numbers, nil
}

// tooManyToLabel says that n categories of s series cannot all be
// labelled in the terminal, and what to do.
func (g *grid) tooManyToLabel(n, s int) error {
	fit := max(1, g.plotRows/s)
	return fmt.Errorf("%d categories are too many to label in %d×%d: keep the largest with ORDER BY ... DESC LIMIT %d, make the terminal larger, or draw it to a .svg file",
		n, g.cols, g.rows, fit)
}

// barWidth is how many columns each series' bar takes in a category's
// slot: a blank column between categories, when there is room.
func barWidth(slot, series int) int {
	if slot == series {
		return 1
	}
	return max(1, (slot-1)/series)
}

// labelsFitUnder tells whether every label fits whole under its slot of
// the given width, holding the bars of the given number of series.
func labelsFitUnder(labels []string, slot, series int) bool {
	if slot < series {
		return false
	}
	room := max(slot-1, barWidth(slot, series)*series)
	for _, l := range labels {
		if cellWidth(l) > room {
			return false
		}
	}
	return true
}

// lowerBlocks are the block elements one to eight eighths high, and
// leftBlocks one to eight eighths wide.
var (
	lowerBlocks = []rune(" ▁▂▃▄▅▆▇█")
	leftBlocks  = []rune(" ▏▎▍▌▋▊▉█")
)

// barFill is the character of a whole cell of series j's bars.
func (g *grid) barFill(j int) rune {
	if g.color || j == 0 {
		return '█'
	}
	return barShades[j%len(barShades)]
}

// barColumn fills one column of a bar between two heights in eighths
// from the bottom of the plot (from zero up, or down for a negative value).
func (g *grid) barColumn(col, series int, from, to float64) {
	low, high := math.Min(from, to), math.Max(from, to)
	for r := range g.plotRows {
		bottom := float64((g.plotRows - 1 - r) * 8)
		covered := math.Min(high, bottom+8) - math.Max(low, bottom)
		e := int(math.Round(covered))
		if e <= 0 {
			continue
		}
		var ch rune
		switch {
		case e >= 8:
			ch = g.barFill(series)
		case to >= from: // the top of an upward bar: lower blocks
			ch = lowerBlocks[e]
		case e >= 4: // the end of a downward bar: upper blocks
			ch = '▀'
		default:
			ch = '▔'
		}
		g.plot[r][col] = cell{ch, series}
	}
}

// Category labels down the side of bars drawn across take up to two
// fifths of the width, and at least maxLabelCells when there is room: a
// longer one is cut short with "…".
const maxLabelCells = 12

// barsAcross draws each category as a row of blocks for each series,
// eighths of a cell long, labelled down the left side, with the value
// axis from 0 along the bottom; or draws nothing and returns false when
// the labels, cut to fit, cannot tell the categories apart.
func (g *grid) barsAcross(p *plot) bool {
	n, s := len(p.labels), len(p.series)
	step := s // lines per category, with a blank one between when there is room
	if n*(s+1)-1 <= g.plotRows {
		step = s + 1
	}
	widest := 0
	for _, l := range p.labels {
		widest = max(widest, cellWidth(l))
	}
	yw := min(widest, max(maxLabelCells, g.cols*2/5), g.cols-1-minPlotCols)
	labels, ok := shorten(p.labels, func(s string) bool { return cellWidth(s) <= yw })
	if !ok {
		return false
	}
	g.yw = yw
	g.plotCols = g.cols - g.yw - 1
	g.plot = make([][]cell, g.plotRows)
	for r := range g.plot {
		g.plot[r] = make([]cell, g.plotCols)
		for c := range g.plot[r] {
			g.plot[r][c] = cell{' ', -1}
		}
	}
	lo, hi := p.yRange()
	lo, hi, ticks := fitNumberTicks(lo, hi, p.yStep(), g.plotCols)
	eighths := float64(g.plotCols * 8)
	at := func(v float64) float64 { return (v - lo) / (hi - lo) * eighths }
	g.yLabels = map[int]string{}
	for i, label := range labels {
		g.yLabels[i*step] = label
		for j, sr := range p.series {
			if v := sr.values[i]; !math.IsNaN(v) {
				g.barRow(i*step+j, j, at(0), at(v))
			}
		}
	}
	for _, t := range ticks {
		col := min(int(at(t.at)/8), g.plotCols-1)
		g.tickCols = append(g.tickCols, col)
		g.xTicks = append(g.xTicks, placedLabel{col: col - cellWidth(t.label)/2, text: t.label})
	}
	g.legendMarks = make([]rune, s)
	for j := range s {
		g.legendMarks[j] = g.barFill(j)
	}
	return true
}

// barRow fills one row of a bar between two places in eighths from the
// left of the plot (from zero to the right, or to the left for a negative
// value).
func (g *grid) barRow(row, series int, from, to float64) {
	low, high := math.Min(from, to), math.Max(from, to)
	for c := range g.plotCols {
		left := float64(c * 8)
		e := int(math.Round(math.Min(high, left+8) - math.Max(low, left)))
		if e <= 0 {
			continue
		}
		var ch rune
		switch {
		case e >= 8:
			ch = g.barFill(series)
		case low <= left: // the bar covers the cell from its left edge
			ch = leftBlocks[e]
		case e >= 4:
			ch = '▐'
		default:
			ch = '▕'
		}
		g.plot[row][c] = cell{ch, series}
	}
}

// fitNumberTicks widens [lo, hi] to round ticks, as many as leave room
// between their labels on an axis of cols columns.
func fitNumberTicks(lo, hi, minStep float64, cols int) (float64, float64, []tick) {
	for n := max(2, cols/4); ; n-- {
		lo2, hi2, ticks := niceRangeStep(lo, hi, n, minStep)
		if len(ticks)*(labelWidth(ticks)+4) <= cols || n == 2 {
			return lo2, hi2, ticks
		}
	}
}

// categoryLabels writes each category's label under its slot, or, when
// the labels are wider than the slots, every k-th label: as many as fit
// whole (up to 20 cells; longer ones are shortened).
func (g *grid) categoryLabels(labels []string, slot, used int) {
	widest := 0
	for _, l := range labels {
		widest = min(max(widest, cellWidth(l)), 20)
	}
	room, every := max(slot-1, used), 1
	if room < widest {
		every = int(math.Ceil(float64(widest+1) / float64(slot)))
		room = every*slot - 1
	}
	for i := 0; i < len(labels); i += every {
		text := truncate(labels[i], room)
		col := i*slot + (used-cellWidth(text))/2
		g.xTicks = append(g.xTicks, placedLabel{col: max(col, i*slot-(slot-used)/2), text: text})
		g.tickCols = append(g.tickCols, i*slot+max(0, used-1)/2)
	}
}

// points draws lines or scatter plots on a braille canvas: 2×4 dots a cell.
func (g *grid) points(p *plot) error {
	lo, hi := p.yRange()
	lo, hi, err := g.yAxis(lo, hi, p.yStep())
	if err != nil {
		return err
	}
	xs, xlo, xhi := g.xAxis(p)
	dotsW, dotsH := g.plotCols*2, g.plotRows*4
	canvas := make([][]uint8, g.plotRows)
	owner := make([][]int, g.plotRows)
	for r := range canvas {
		canvas[r] = make([]uint8, g.plotCols)
		owner[r] = make([]int, g.plotCols)
	}
	toDot := func(x, y float64) (int, int) {
		dx := int(math.Round((x - xlo) / (xhi - xlo) * float64(dotsW-1)))
		dy := int(math.Round((hi - y) / (hi - lo) * float64(dotsH-1)))
		return min(max(dx, 0), dotsW-1), min(max(dy, 0), dotsH-1)
	}
	set := func(dx, dy, series int) {
		r, c := dy/4, dx/2
		canvas[r][c] |= brailleBit(dx%2, dy%4)
		owner[r][c] = series
	}
	marked := !g.color && len(p.series) > 1
	type mark struct{ r, c, series int }
	var marks []mark
	for j, s := range p.series {
		px, py := -1, -1
		for i, v := range s.values {
			if math.IsNaN(v) {
				px, py = -1, -1 // a NULL leaves a gap in the line
				continue
			}
			dx, dy := toDot(xs[i], v)
			switch {
			case p.kind == Scatter:
				// A point is a square of 2×2 dots, to be seen: the top or
				// the bottom half of a cell.
				dx, dy = dx&^1, min(dy&^1, dotsH-2)
				for _, d := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
					set(dx+d[0], dy+d[1], j)
				}
			case px >= 0:
				line(px, py, dx, dy, func(x, y int) { set(x, y, j) })
			default:
				set(dx, dy, j)
			}
			if marked {
				marks = append(marks, mark{dy / 4, dx / 2, j})
			}
			px, py = dx, dy
		}
	}
	for r := range canvas {
		for c, bits := range canvas[r] {
			if bits != 0 {
				g.plot[r][c] = cell{rune(0x2800 + int(bits)), owner[r][c]}
			}
		}
	}
	// Without colours, several series are told apart by a mark at each
	// point, unless the points are so dense that marks would hide the lines.
	if marked && (p.kind == Scatter || len(marks) <= g.plotCols) {
		for _, m := range marks {
			g.plot[m.r][m.c] = cell{pointMarks[m.series%len(pointMarks)], m.series}
		}
	}
	g.legendMarks = make([]rune, len(p.series))
	for j := range p.series {
		switch {
		case marked:
			g.legendMarks[j] = pointMarks[j%len(pointMarks)]
		case p.kind == Line:
			g.legendMarks[j] = '━'
		default:
			g.legendMarks[j] = '⣿'
		}
	}
	return nil
}

// xAxis lays out the X axis of a line or scatter plot and returns each
// row's X and the axis range.
func (g *grid) xAxis(p *plot) (xs []float64, lo, hi float64) {
	if p.axis == textAxis {
		// Categories: each in the middle of its slot.
		n := len(p.labels)
		xs = make([]float64, n)
		for i := range xs {
			xs[i] = float64(i) + 0.5
		}
		slot := max(1, g.plotCols/n)
		if g.plotCols/n >= 1 {
			g.categoryLabels(p.labels, slot, slot)
			// The slots fill plotCols only when n divides it: stretch the
			// range so that the points stay under their labels.
			return xs, 0, float64(g.plotCols) / float64(slot)
		}
		return xs, 0, float64(n)
	}
	lo, hi = p.xRange()
	var ticks []tick
	if p.axis == timeAxis {
		lo, hi = timeSpan(lo, hi)
		fits := func(ticks []tick) bool { return len(ticks)*(labelWidth(ticks)+4) <= g.plotCols }
		ticks = timeTicks(lo, hi, max(2, g.plotCols/6), grainOf(p.xs), fits)
	} else {
		lo, hi, ticks = fitNumberTicks(lo, hi, p.xStep(), g.plotCols)
	}
	for _, t := range ticks {
		col := int(math.Round((t.at - lo) / (hi - lo) * float64(g.plotCols*2-1) / 2))
		g.tickCols = append(g.tickCols, col)
		g.xTicks = append(g.xTicks, placedLabel{col: col - cellWidth(t.label)/2, text: t.label})
	}
	return p.xs, lo, hi
}

// brailleBit is the bit of the dot at (x, y) of a braille cell (2×4 dots).
func brailleBit(x, y int) uint8 {
	if y == 3 {
		return []uint8{0x40, 0x80}[x]
	}
	return uint8(1) << (y + 3*x)
}

// line calls set for each dot on the straight line from (x0, y0) to
// (x1, y1), by Bresenham's algorithm.
func line(x0, y0, x1, y1 int, set func(x, y int)) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		set(x0, y0)
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// write prints the title, the legend, the plot and the X axis, each line
// exactly cols wide.
func (g *grid) write(w io.Writer, p *plot) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(padRight(truncate(p.title, g.cols), g.cols) + "\n")
	bw.WriteString(g.legend(p) + "\n")
	for _, l := range g.note {
		bw.WriteString(padRight(l, g.cols) + "\n")
	}
	for r, row := range g.plot {
		bw.WriteString(fmt.Sprintf("%*s", g.yw, g.yLabels[r]))
		if _, ok := g.yLabels[r]; ok {
			bw.WriteRune('┤')
		} else {
			bw.WriteRune('│')
		}
		series := -1
		for _, c := range row {
			if g.color && c.series != series {
				bw.WriteString(g.colorCode(c.series))
				series = c.series
			}
			bw.WriteRune(c.r)
		}
		if g.color && series != -1 {
			bw.WriteString(g.colorCode(-1))
		}
		bw.WriteString("\n")
	}
	bw.WriteString(g.axisLine() + "\n")
	bw.WriteString(g.labelLine() + "\n")
	for _, l := range g.key {
		bw.WriteString(padRight(l, g.cols) + "\n")
	}
	return bw.Flush()
}

// colorCode switches to series j's colour, or back to the default for -1.
func (g *grid) colorCode(j int) string {
	if j < 0 {
		return "\x1b[0m"
	}
	return fmt.Sprintf("\x1b[%dm", seriesColors[j%len(seriesColors)])
}

// legend is one line: each series' mark and name, shortened to fit.
func (g *grid) legend(p *plot) string {
	names := p.seriesNames()
	// Shorten the longest names until the line fits.
	for width := 40; ; width-- {
		var plain, shown strings.Builder
		for j, name := range names {
			if j > 0 {
				plain.WriteString("  ")
				shown.WriteString("  ")
			}
			item := " " + truncate(name, width)
			plain.WriteRune(g.legendMarks[j])
			plain.WriteString(item)
			if g.color {
				shown.WriteString(g.colorCode(j) + string(g.legendMarks[j]) + g.colorCode(-1))
			} else {
				shown.WriteRune(g.legendMarks[j])
			}
			shown.WriteString(item)
		}
		if n := cellWidth(plain.String()); n <= g.cols || width <= 1 {
			if n > g.cols {
				return padRight(truncate(plain.String(), g.cols), g.cols) // too many series: no colours
			}
			return shown.String() + strings.Repeat(" ", g.cols-n)
		}
	}
}

// axisLine is the X axis: a corner under the Y axis and a tick under each
// labelled X.
func (g *grid) axisLine() string {
	line := []rune(strings.Repeat("─", g.plotCols))
	for _, c := range g.tickCols {
		if c >= 0 && c < g.plotCols {
			line[c] = '┬'
		}
	}
	return strings.Repeat(" ", g.yw) + "└" + string(line)
}

// labelLine writes the X labels under their ticks, leaving out any that
// would run into the one before or past the edge.
func (g *grid) labelLine() string {
	line := []rune(strings.Repeat(" ", g.cols))
	next := 0 // the first free column of the line
	for _, l := range g.xTicks {
		text := []rune(l.text)
		start := g.yw + 1 + l.col
		start = min(max(start, g.yw+1), g.cols-len(text)) // keep it inside the line
		if start < next || start < 0 {
			continue
		}
		copy(line[start:], text)
		next = start + len(text) + 1
	}
	return string(line)
}

// wrap breaks text into lines of at most width cells at spaces, cutting a
// word longer than a line.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case cellWidth(line)+1+cellWidth(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
		for cellWidth(line) > width {
			r := []rune(line)
			lines = append(lines, string(r[:width]))
			line = string(r[width:])
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
