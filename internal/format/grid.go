package format

import (
	"bufio"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// gridCell is a value escaped for display, with its width in terminal
// columns measured once.
type gridCell struct {
	text    string
	width   int
	numeric bool
	null    bool
}

func newGridCell(text string, numeric bool) gridCell {
	// Display width, not bytes or runes, so that CJK and emoji line up.
	return gridCell{text: text, width: runewidth.StringWidth(text), numeric: numeric}
}

// alignment is where a cell's text sits in its column.
type alignment int

const (
	alignLeft alignment = iota
	alignRight
	alignCenter
)

// pad fills the cell with spaces to width columns.
func (c gridCell) pad(width int, align alignment) string {
	gap := max(width-c.width, 0)
	switch align {
	case alignRight:
		return strings.Repeat(" ", gap) + c.text
	case alignCenter:
		left := gap / 2
		return strings.Repeat(" ", left) + c.text + strings.Repeat(" ", gap-left)
	}
	return c.text + strings.Repeat(" ", gap)
}

// grid collects a whole result set, because no column's width is known
// before its last row has been seen.
type grid struct {
	resultSet
	out    *bufio.Writer
	opts   Options
	escape func(string) string
	header []gridCell
	rows   [][]gridCell
	// printedBefore says whether an earlier result set printed anything, so
	// that the next one starts after a blank line.
	printedBefore bool
}

func (g *grid) beginGrid(columns []string) error {
	if err := g.begin(columns); err != nil {
		return err
	}
	g.header = make([]gridCell, len(columns))
	for i, name := range columns {
		g.header[i] = newGridCell(g.escape(name), false)
	}
	return nil
}

func (g *grid) addRow(values []any) error {
	if err := g.row(values); err != nil {
		return err
	}
	cells := make([]gridCell, len(values))
	for i, v := range values {
		c := newCell(v)
		cells[i] = newGridCell(g.escape(plainText(c, g.opts.NullValue)), c.numeric())
		cells[i].null = c.kind == kindNull
	}
	g.rows = append(g.rows, cells)
	return nil
}

// isEmpty reports whether there is nothing to print: no rows and no header.
func (g *grid) isEmpty() bool {
	return len(g.rows) == 0 && !g.opts.Header
}

// widths returns each column's width: its widest cell, header included when
// it is printed.
func (g *grid) widths() []int {
	widths := make([]int, len(g.header))
	for i, h := range g.header {
		if g.opts.Header {
			widths[i] = h.width
		}
		for _, row := range g.rows {
			widths[i] = max(widths[i], row[i].width)
		}
	}
	return widths
}

// print writes the rendered lines, after a blank line when an earlier
// result set was printed, and flushes.
func (g *grid) print(lines []string) error {
	if len(lines) > 0 {
		if g.printedBefore {
			g.out.WriteByte('\n')
		}
		g.printedBefore = true
		g.out.WriteString(joinLines(lines))
	}
	g.rows = nil
	return wrapWriteError(g.out.Flush())
}

// borders are the characters a table is drawn with.
type borders struct {
	horizontal, vertical string
	top, middle, bottom  corners
}

// corners are the characters where a horizontal rule meets the vertical
// lines: at the left edge, between columns and at the right edge.
type corners struct{ left, cross, right string }

var (
	asciiBorders = borders{"-", "|",
		corners{"+", "+", "+"}, corners{"+", "+", "+"}, corners{"+", "+", "+"}}
	boxBorders = borders{"─", "│",
		corners{"┌", "┬", "┐"}, corners{"├", "┼", "┤"}, corners{"└", "┴", "┘"}}
)

// gridWriter writes sqlite3's table and box modes: a frame around the
// result, the header centred, numbers right-aligned and text left-aligned.
type gridWriter struct {
	grid
	borders borders
}

func newGrid(w io.Writer, opts Options, b borders) Writer {
	g := &gridWriter{borders: b}
	g.grid = grid{out: bufio.NewWriter(w), opts: opts, escape: escapeCell}
	return g
}

// escapeCell keeps a cell on one line and the terminal under control.
func escapeCell(s string) string {
	return escapeControls(s, escapeTabsAndNewlines)
}

func (g *gridWriter) Begin(columns []string) error { return g.beginGrid(columns) }

func (g *gridWriter) Row(values []any) error { return g.addRow(values) }

func (g *gridWriter) End() error {
	if err := g.end(); err != nil {
		return err
	}
	if g.isEmpty() {
		return g.print(nil)
	}
	widths := g.widths()
	lines := []string{g.rule(widths, g.borders.top)}
	if g.opts.Header {
		lines = append(lines, g.line(g.header, widths, func(gridCell) alignment { return alignCenter }))
		if len(g.rows) > 0 {
			lines = append(lines, g.rule(widths, g.borders.middle))
		}
	}
	for _, row := range g.rows {
		lines = append(lines, g.line(row, widths, alignByType))
	}
	lines = append(lines, g.rule(widths, g.borders.bottom))
	return g.print(lines)
}

// alignByType right-aligns numbers so that their digits line up.
func alignByType(c gridCell) alignment {
	if c.numeric {
		return alignRight
	}
	return alignLeft
}

// rule draws a horizontal line such as +-----+---+.
func (g *gridWriter) rule(widths []int, c corners) string {
	parts := make([]string, len(widths))
	for i, w := range widths {
		parts[i] = strings.Repeat(g.borders.horizontal, w+2)
	}
	return c.left + strings.Join(parts, c.cross) + c.right
}

// line draws one row such as | 1 | abc |.
func (g *gridWriter) line(cells []gridCell, widths []int, align func(gridCell) alignment) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = " " + c.pad(widths[i], align(c)) + " "
	}
	v := g.borders.vertical
	return v + strings.Join(parts, v) + v
}
