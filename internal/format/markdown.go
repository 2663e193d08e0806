package format

import (
	"bufio"
	"io"
	"strings"
)

// markdownWriter writes a GitHub-flavoured Markdown table. Cells are padded
// so the source reads as a table too; numeric columns are right-aligned.
type markdownWriter struct {
	grid
}

func newMarkdown(w io.Writer, opts Options) Writer {
	m := &markdownWriter{}
	m.grid = grid{out: bufio.NewWriter(w), opts: opts, escape: escapeMarkdown}
	return m
}

// escapeMarkdown keeps a value inside its cell: a | would end the cell and
// a newline the row. A newline becomes <br>, which GitHub renders as a line
// break inside a cell.
func escapeMarkdown(s string) string {
	s = escapePipes(s)
	s = strings.ReplaceAll(s, "\n", "<br>")
	return escapeControls(s, escapeTabsAndNewlines)
}

// escapePipes writes | as \|. Backslashes right before a | are doubled,
// since GitHub would read \\| as an escaped backslash followed by the end
// of the cell.
func escapePipes(s string) string {
	if !strings.Contains(s, "|") {
		return s
	}
	var b strings.Builder
	backslashes := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			backslashes++
		case '|':
			b.WriteString(strings.Repeat(`\`, backslashes+1))
			backslashes = 0
		default:
			backslashes = 0
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (m *markdownWriter) Begin(columns []string) error { return m.beginGrid(columns) }

func (m *markdownWriter) Row(values []any) error { return m.addRow(values) }

func (m *markdownWriter) End() error {
	if err := m.end(); err != nil {
		return err
	}
	if m.isEmpty() {
		return m.print(nil)
	}
	widths := m.widths()
	numeric := m.numericColumns()
	var lines []string
	if m.opts.Header {
		lines = append(lines,
			markdownLine(m.header, widths, func(int) alignment { return alignCenter }),
			delimiterRow(widths, numeric))
	}
	alignColumn := func(i int) alignment {
		if numeric[i] {
			return alignRight
		}
		return alignLeft
	}
	for _, row := range m.rows {
		lines = append(lines, markdownLine(row, widths, alignColumn))
	}
	return m.print(lines)
}

// numericColumns finds the columns whose values, NULLs aside, are all
// numbers: Markdown aligns whole columns, not single cells. A column of
// NULLs only is not numeric.
func (m *markdownWriter) numericColumns() []bool {
	numeric := make([]bool, len(m.header))
	for i := range numeric {
		numeric[i] = m.columnIsNumeric(i)
	}
	return numeric
}

func (m *markdownWriter) columnIsNumeric(column int) bool {
	sawNumber := false
	for _, row := range m.rows {
		c := row[column]
		switch {
		case c.numeric:
			sawNumber = true
		case !c.null:
			return false
		}
	}
	return sawNumber
}

// delimiterRow is the line under the header, such as |-----|----:|, where
// the colon right-aligns the column.
func delimiterRow(widths []int, numeric []bool) string {
	parts := make([]string, len(widths))
	for i, w := range widths {
		if numeric[i] {
			parts[i] = strings.Repeat("-", w+1) + ":"
		} else {
			parts[i] = strings.Repeat("-", w+2)
		}
	}
	return "|" + strings.Join(parts, "|") + "|"
}

func markdownLine(cells []gridCell, widths []int, align func(column int) alignment) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = " " + c.pad(widths[i], align(i)) + " "
	}
	return "|" + strings.Join(parts, "|") + "|"
}
