package format

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// delimitedWriter writes csv and tsv: data for other programs, so values are
// written exactly, quoted where RFC 4180 asks.
type delimitedWriter struct {
	resultSet
	out  *csv.Writer
	opts Options
}

func newDelimited(w io.Writer, opts Options, separator rune) Writer {
	out := csv.NewWriter(w)
	out.Comma = separator
	return &delimitedWriter{out: out, opts: opts}
}

func (d *delimitedWriter) Begin(columns []string) error {
	if err := d.begin(columns); err != nil {
		return err
	}
	if !d.opts.Header {
		return nil
	}
	return d.write(columns)
}

func (d *delimitedWriter) Row(values []any) error {
	if err := d.row(values); err != nil {
		return err
	}
	fields := make([]string, len(values))
	for i, v := range values {
		fields[i] = plainText(newCell(v), d.opts.NullValue)
	}
	return d.write(fields)
}

func (d *delimitedWriter) End() error {
	if err := d.end(); err != nil {
		return err
	}
	d.out.Flush()
	return wrapWriteError(d.out.Error())
}

func (d *delimitedWriter) write(fields []string) error {
	return wrapWriteError(d.out.Write(fields))
}

// listWriter writes sqlite3's list mode: values separated by |, unquoted,
// with control characters other than tab and newline escaped.
type listWriter struct {
	resultSet
	out  *bufio.Writer
	opts Options
}

func newList(w io.Writer, opts Options) Writer {
	return &listWriter{out: bufio.NewWriter(w), opts: opts}
}

func (l *listWriter) Begin(columns []string) error {
	if err := l.begin(columns); err != nil {
		return err
	}
	if !l.opts.Header {
		return nil
	}
	return l.writeLine(columns)
}

func (l *listWriter) Row(values []any) error {
	if err := l.row(values); err != nil {
		return err
	}
	fields := make([]string, len(values))
	for i, v := range values {
		fields[i] = plainText(newCell(v), l.opts.NullValue)
	}
	return l.writeLine(fields)
}

func (l *listWriter) End() error {
	if err := l.end(); err != nil {
		return err
	}
	return wrapWriteError(l.out.Flush())
}

func (l *listWriter) writeLine(fields []string) error {
	for i, f := range fields {
		if i > 0 {
			l.out.WriteByte('|')
		}
		l.out.WriteString(escapeControls(f, keepTabsAndNewlines))
	}
	// bufio.Writer remembers the first write error and returns it here.
	return wrapWriteError(l.out.WriteByte('\n'))
}

// plainText is the unescaped text of a cell, NULL shown as nullValue.
func plainText(c cell, nullValue string) string {
	if c.kind == kindNull {
		return nullValue
	}
	return c.text
}

// wrapWriteError names what failed: the error is most often a closed pipe or
// a full disk, which the message of the underlying error already explains.
func wrapWriteError(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("writing the result: %w", err)
}

// joinLines joins lines, each ending in a newline.
func joinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}
