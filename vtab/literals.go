package vtab

import (
	"strconv"
	"strings"
)

// A join reaches its inner table one outer row at a time: for
//
//	WITH ids(id) AS (VALUES (9398595218), (9415518340), ...)
//	SELECT ... FROM ids JOIN jobs ON jobs.run_id = ids.id
//
// SQLite filters jobs on run_id = 9398595218, reads its rows, then filters
// on run_id = 9415518340, and so on: a round trip per run, and nothing in
// SQLite's interface says which values come next. When those values are
// literals of the statement itself, its text says: a cursor filtered a
// second time (so it is the inner side of a loop) looks the value it was
// given up among the statement's integer literals and fetches ahead for
// the ones after it, in the order written. Only literals of as many digits
// as the value are taken (ids of one kind are alike in length), so a
// LIMIT 10 or a threshold is never mistaken for a run. A wrong guess costs
// a request, never a row: what is fetched ahead is only found by a scan
// that asks for it.

// integerLiterals returns the integer literals of sql in the order written,
// leaving out what is inside strings, quoted names, blobs and comments.
func integerLiterals(sql string) []int64 {
	var lits []int64
	for i := 0; i < len(sql); {
		switch c := sql[i]; {
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(sql, i, c)
		case c == '[':
			i = skipTo(sql, i+1, "]")
		case strings.HasPrefix(sql[i:], "--"):
			i = skipTo(sql, i, "\n")
		case strings.HasPrefix(sql[i:], "/*"):
			i = skipTo(sql, i+2, "*/")
		case isDigit(c) && (i == 0 || !isWordByte(sql[i-1]) && sql[i-1] != '.' && sql[i-1] != '?'):
			end := i
			for end < len(sql) && isDigit(sql[end]) {
				end++
			}
			if end == len(sql) || !isWordByte(sql[end]) && sql[end] != '.' {
				if n, err := strconv.ParseInt(sql[i:end], 10, 64); err == nil {
					lits = append(lits, n)
				}
			}
			i = end
		default:
			i++
		}
	}
	return lits
}

// skipQuoted returns the index after the quoted text starting at i; a
// doubled quote inside stands for itself.
func skipQuoted(sql string, i int, quote byte) int {
	for j := i + 1; j < len(sql); j++ {
		if sql[j] != quote {
			continue
		}
		if j+1 < len(sql) && sql[j+1] == quote {
			j++
			continue
		}
		return j + 1
	}
	return len(sql)
}

// skipTo returns the index after the first end at or after i.
func skipTo(sql string, i int, end string) int {
	if k := strings.Index(sql[i:], end); k >= 0 {
		return i + k + len(end)
	}
	return len(sql)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWordByte reports whether c can be part of a name or number, so that
// the digits of t1 or 0x1F or 1e5 are not taken for a literal (nor, by the
// checks around it, those of 1.5 or of the parameter ?1).
func isWordByte(c byte) bool {
	return isDigit(c) || c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// literalsAfter returns up to n distinct literals written after the first
// v, of as many digits as v, leaving v out.
func literalsAfter(lits []int64, v int64, n int) []int64 {
	start := -1
	for i, l := range lits {
		if l == v {
			start = i
			break
		}
	}
	if start < 0 {
		return nil
	}
	digits := len(strconv.FormatInt(v, 10))
	seen := map[int64]bool{v: true}
	var after []int64
	for _, l := range lits[start+1:] {
		if len(after) == n {
			break
		}
		if !seen[l] && len(strconv.FormatInt(l, 10)) == digits {
			seen[l] = true
			after = append(after, l)
		}
	}
	return after
}
