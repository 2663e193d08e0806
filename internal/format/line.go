package format

import (
	"bufio"
	"io"
)

// lineWriter writes sqlite3's line mode: one "name = value" line per
// column, names right-aligned, and a blank line between rows. It suits
// long values, so tabs and newlines in them are kept.
type lineWriter struct {
	resultSet
	out  *bufio.Writer
	opts Options
	// names holds the column names, escaped and padded to the widest.
	names []string
	// rowsBefore says whether a row was already printed, in this result set
	// or an earlier one, so the next row starts after a blank line.
	rowsBefore bool
}

func newLine(w io.Writer, opts Options) Writer {
	return &lineWriter{out: bufio.NewWriter(w), opts: opts}
}

func (l *lineWriter) Begin(columns []string) error {
	if err := l.begin(columns); err != nil {
		return err
	}
	cells := make([]gridCell, len(columns))
	widest := 0
	for i, name := range columns {
		cells[i] = newGridCell(escapeControls(name, escapeTabsAndNewlines), false)
		widest = max(widest, cells[i].width)
	}
	l.names = make([]string, len(columns))
	for i, c := range cells {
		l.names[i] = c.pad(widest, alignRight)
	}
	return nil
}

func (l *lineWriter) Row(values []any) error {
	if err := l.row(values); err != nil {
		return err
	}
	if l.rowsBefore {
		l.out.WriteByte('\n')
	}
	l.rowsBefore = true
	for i, v := range values {
		text := plainText(newCell(v), l.opts.NullValue)
		l.out.WriteString(l.names[i] + " = " + escapeControls(text, keepTabsAndNewlines) + "\n")
	}
	return nil
}

func (l *lineWriter) End() error {
	if err := l.end(); err != nil {
		return err
	}
	return wrapWriteError(l.out.Flush())
}
