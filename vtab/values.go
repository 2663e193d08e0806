package vtab

import (
	"math"
	"strconv"
	"strings"
)

// convert turns a constraint value into the column type's value the way
// SQLite's column affinity would before comparing, so run_id = '123' finds
// run 123. ok is false when no row of that type can equal v (NULL, a blob,
// 'abc' for an INTEGER column).
func convert(v Value, colType string) (Value, bool) {
	switch colType {
	case "INTEGER":
		return toInteger(v)
	case "TEXT":
		return toText(v)
	}
	return v, v != nil
}

func toInteger(v Value) (Value, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return integralFloat(x)
	case string:
		s := strings.TrimSpace(x)
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, true
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "xXnN") {
			return integralFloat(f)
		}
	}
	return nil, false
}

func integralFloat(f float64) (Value, bool) {
	if f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return nil, false
	}
	return int64(f), true
}

func toText(v Value) (Value, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return sqliteRealText(x), true
	}
	return nil, false
}

// sqliteRealText formats f as SQLite prints a REAL: always with a decimal
// point or an exponent, 15 significant digits.
func sqliteRealText(f float64) string {
	s := strconv.FormatFloat(f, 'g', 15, 64)
	if !strings.ContainsAny(s, ".eEn") {
		s += ".0"
	}
	return s
}
