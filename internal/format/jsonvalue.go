package format

import (
	"bytes"
	"encoding/json"
)

// AppendJSON appends one value as -f json writes it: INTEGER and REAL as
// JSON numbers, TEXT as a string (a BLOB as its X'...' literal), and NULL,
// and the infinities and NaN that JSON cannot write, as null. A program
// that answers JSON of its own (actionsql serve) so types its values alike.
func AppendJSON(dst []byte, v any) []byte {
	c := newCell(v)
	switch c.kind {
	case kindNumber:
		return append(dst, c.text...)
	case kindText:
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // as -f json: <, > and & stay readable
		_ = enc.Encode(c.text)   // encoding a string cannot fail
		return append(dst, bytes.TrimSuffix(b.Bytes(), []byte("\n"))...)
	}
	return append(dst, "null"...)
}
