package stmt

import (
	"strings"

	"github.com/actionsql/actionsql/driver"
)

// Statement is one statement of a script and where it starts.
type Statement struct {
	Text string
	// Line is the line of the script, counted from 0, on which the
	// statement's first word is: comments before it do not count, so that
	// an error points at the statement itself.
	Line int
}

// Split cuts a script into its statements, by SQLite's own idea of where a
// statement ends (a ';' outside strings, comments and trigger bodies).
// Text after the last ';' is a statement too, and blank or comment-only
// pieces are dropped.
func Split(script string) []Statement {
	var stmts []Statement
	start := 0
	for i := 0; i < len(script); i++ {
		if script[i] != ';' || !driver.Complete(script[start:i+1]) {
			continue
		}
		stmts = appendStatement(stmts, script, start, i+1)
		start = i + 1
	}
	return appendStatement(stmts, script, start, len(script))
}

func appendStatement(stmts []Statement, script string, from, to int) []Statement {
	first, ok := firstToken(script[from:to])
	if !ok {
		return stmts
	}
	return append(stmts, Statement{
		Text: strings.TrimSpace(script[from:to]),
		Line: strings.Count(script[:from+first], "\n"),
	})
}

// firstToken returns where the first word of s is, after blanks, comments
// and stray ';'. A /* comment that is not closed counts as a word: the rest
// of the statement may still be coming, as in the shell.
func firstToken(s string) (int, bool) {
	i := 0
	for i < len(s) {
		rest := s[i:]
		switch {
		case strings.IndexByte(" \t\r\n\f;", rest[0]) >= 0:
			i++
		case strings.HasPrefix(rest, "--"):
			end := strings.IndexByte(rest, '\n')
			if end < 0 {
				return 0, false
			}
			i += end + 1
		case strings.HasPrefix(rest, "/*"):
			end := strings.Index(rest[2:], "*/")
			if end < 0 {
				return i, true
			}
			i += 2 + end + 2
		default:
			return i, true
		}
	}
	return 0, false
}
