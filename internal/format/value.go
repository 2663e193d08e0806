package format

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// kind is what a value is, as far as printing it cares.
type kind int

const (
	kindNull kind = iota
	kindNumber
	// kindNonFinite is an infinite or NaN REAL: a number on screen, but null
	// in JSON, which cannot write it.
	kindNonFinite
	kindText
)

// cell is a value turned into the text that shows it, before any escaping.
type cell struct {
	text string
	kind kind
}

// numeric reports whether the cell is aligned as a number.
func (c cell) numeric() bool {
	return c.kind == kindNumber || c.kind == kindNonFinite
}

// newCell turns one scanned value into text. NULL gets an empty text; each
// format decides how to show it.
func newCell(v any) cell {
	switch v := v.(type) {
	case nil:
		return cell{kind: kindNull}
	case int64:
		return cell{strconv.FormatInt(v, 10), kindNumber}
	case float64:
		return realCell(v)
	case string:
		return cell{v, kindText}
	case []byte:
		return cell{blobLiteral(v), kindText}
	case bool:
		if v {
			return cell{"1", kindNumber}
		}
		return cell{"0", kindNumber}
	case time.Time:
		return cell{v.UTC().Format(time.RFC3339Nano), kindText}
	}
	return otherCell(v)
}

// otherCell handles the types database/sql does not produce for an any but
// a caller might still pass, so that they print sensibly rather than fail.
func otherCell(v any) cell {
	switch v := v.(type) {
	case int:
		return cell{strconv.Itoa(v), kindNumber}
	case int32:
		return cell{strconv.FormatInt(int64(v), 10), kindNumber}
	case uint64:
		return cell{strconv.FormatUint(v, 10), kindNumber}
	case float32:
		return realCell(float64(v))
	case fmt.Stringer:
		return cell{v.String(), kindText}
	}
	return cell{fmt.Sprint(v), kindText}
}

// realCell formats a REAL; see the package comment for the rules.
func realCell(f float64) cell {
	switch {
	case math.IsNaN(f):
		return cell{"NaN", kindNonFinite}
	case math.IsInf(f, 1):
		return cell{"Inf", kindNonFinite}
	case math.IsInf(f, -1):
		return cell{"-Inf", kindNonFinite}
	}
	abs := math.Abs(f)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		return cell{strconv.FormatFloat(f, 'e', -1, 64), kindNumber}
	}
	text := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(text, ".") {
		text += ".0"
	}
	return cell{text, kindNumber}
}

// blobLiteral writes bytes as an SQL blob literal, X'0a1b'.
func blobLiteral(b []byte) string {
	return "X'" + hex.EncodeToString(b) + "'"
}

// resultSet holds the columns of the result set being written and catches
// calls in the wrong order, which would otherwise print garbled output.
type resultSet struct {
	columns []string
	open    bool
}

func (r *resultSet) begin(columns []string) error {
	if r.open {
		return fmt.Errorf("format: Begin called before End of the previous result set")
	}
	r.columns = columns
	r.open = true
	return nil
}

func (r *resultSet) row(values []any) error {
	if !r.open {
		return fmt.Errorf("format: Row called outside Begin and End")
	}
	if len(values) != len(r.columns) {
		return fmt.Errorf("format: row has %d values but the result has %d columns",
			len(values), len(r.columns))
	}
	return nil
}

func (r *resultSet) end() error {
	if !r.open {
		return fmt.Errorf("format: End called without Begin")
	}
	r.open = false
	return nil
}
