package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// jsonWriter writes json (one array per result set, one object per line,
// as sqlite3 -json does) or jsonl (one object per line, nothing else).
// Objects are written by hand rather than from a map so that keys keep the
// column order and duplicate column names keep both keys.
type jsonWriter struct {
	resultSet
	out   *bufio.Writer
	lines bool // jsonl
	rows  int
	// keys holds each column name already encoded as a JSON string.
	keys [][]byte
	// encoder writes JSON strings into scratch; reusing both saves an
	// allocation per value on results of many rows.
	encoder *json.Encoder
	scratch bytes.Buffer
}

func newJSON(w io.Writer, lines bool) Writer {
	j := &jsonWriter{out: bufio.NewWriter(w), lines: lines}
	j.encoder = json.NewEncoder(&j.scratch)
	// The output is data, not a web page: <, > and & stay readable.
	j.encoder.SetEscapeHTML(false)
	return j
}

func (j *jsonWriter) Begin(columns []string) error {
	if err := j.begin(columns); err != nil {
		return err
	}
	j.rows = 0
	j.keys = make([][]byte, len(columns))
	for i, name := range columns {
		j.keys[i] = bytes.Clone(j.quote(name))
	}
	return nil
}

func (j *jsonWriter) Row(values []any) error {
	if err := j.row(values); err != nil {
		return err
	}
	switch {
	case j.lines:
	case j.rows == 0:
		j.out.WriteByte('[')
	default:
		j.out.WriteString(",\n")
	}
	j.rows++
	j.writeObject(values)
	if j.lines {
		j.out.WriteByte('\n')
	}
	return nil
}

func (j *jsonWriter) End() error {
	if err := j.end(); err != nil {
		return err
	}
	switch {
	case j.lines:
	case j.rows == 0:
		j.out.WriteString("[]\n")
	default:
		j.out.WriteString("]\n")
	}
	return wrapWriteError(j.out.Flush())
}

func (j *jsonWriter) writeObject(values []any) {
	j.out.WriteByte('{')
	for i, v := range values {
		if i > 0 {
			j.out.WriteByte(',')
		}
		j.out.Write(j.keys[i])
		j.out.WriteByte(':')
		j.writeValue(newCell(v))
	}
	j.out.WriteByte('}')
}

// writeValue writes numbers as JSON numbers, text as strings, and NULL and
// the infinities, which JSON cannot write, as null.
func (j *jsonWriter) writeValue(c cell) {
	switch c.kind {
	case kindNumber:
		j.out.WriteString(c.text)
	case kindText:
		j.out.Write(j.quote(c.text))
	default:
		j.out.WriteString("null")
	}
}

// quote encodes s as a JSON string. The result is only valid until the next
// call.
func (j *jsonWriter) quote(s string) []byte {
	j.scratch.Reset()
	// Encoding a string cannot fail.
	_ = j.encoder.Encode(s)
	return bytes.TrimSuffix(j.scratch.Bytes(), []byte("\n"))
}
