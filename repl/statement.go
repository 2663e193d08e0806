package repl

import (
	"strings"

	"github.com/actionsql/actionsql/driver"
	"github.com/actionsql/actionsql/internal/stmt"
)

// statementBuffer collects the lines of a statement until one completes it.
type statementBuffer struct {
	lines []string
}

// add appends a line. Once the text so far ends a statement (by SQLite's
// sqlite3_complete, so a ';' inside a string or comment does not count) it
// returns the statements it holds and the whole text, and starts afresh.
// Text that is nothing but blanks and comments is dropped, so that a
// comment line does not leave the shell waiting at the continuation prompt.
func (b *statementBuffer) add(line string) (stmts []stmt.Statement, text string, done bool) {
	b.lines = append(b.lines, line)
	text = b.text()
	// The line break ends a trailing -- comment, which stmt.Split would
	// otherwise read as a statement still being typed.
	if len(stmt.Split(text+"\n")) == 0 {
		b.reset()
		return nil, "", false
	}
	if !driver.Complete(text) {
		return nil, "", false
	}
	b.reset()
	return stmt.Split(text), text, true
}

// finish returns what is left at the end of the input: a script's last
// statement needs no ';', as in the CLI.
func (b *statementBuffer) finish() []stmt.Statement {
	stmts := stmt.Split(b.text())
	b.reset()
	return stmts
}

func (b *statementBuffer) text() string { return strings.Join(b.lines, "\n") }
func (b *statementBuffer) empty() bool  { return len(b.lines) == 0 }
func (b *statementBuffer) reset()       { b.lines = nil }

// isCommand reports whether a line is a dot-command.
func isCommand(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " \t"), ".")
}

// historyEntries returns how a statement typed over several lines goes into
// the history: as one line when its line breaks can become spaces without
// changing its meaning, so that Up brings the whole statement back;
// otherwise (a line break ends a -- comment or sits inside a string) one
// entry per line, as typed.
func historyEntries(text string) []string {
	if joined, ok := joinLines(text); ok {
		return []string{joined}
	}
	return strings.Split(text, "\n")
}

// joinLines puts a statement on one line, if every line break in it is
// plain white space or inside a /* */ comment.
func joinLines(text string) (string, bool) {
	var (
		b      strings.Builder
		closer string // what ends the string, identifier or comment we are in
	)
	for i := 0; i < len(text); {
		rest := text[i:]
		switch {
		case rest[0] == '\n' && (closer == "" || closer == "*/"):
			// The line break and the next line's indentation become one
			// space.
			b.WriteByte(' ')
			i += 1 + len(rest[1:]) - len(strings.TrimLeft(rest[1:], " \t"))
			continue
		case rest[0] == '\n':
			return "", false // it ends a -- comment or is part of a string
		case closer == "":
			var open string
			if open, closer = quoteAt(rest); open != "" {
				b.WriteString(open)
				i += len(open)
				continue
			}
		case strings.HasPrefix(rest, closer):
			b.WriteString(closer)
			i += len(closer)
			closer = ""
			continue
		}
		b.WriteByte(rest[0])
		i++
	}
	return b.String(), true
}

// quoteAt returns the quote or comment mark s starts with and what closes
// it ("\n" for a -- comment), or "" when s starts with neither. A quote
// doubled inside a string reads as a string that ends and another that
// starts, which is the same for this purpose.
func quoteAt(s string) (open, close string) {
	switch {
	case strings.HasPrefix(s, "--"):
		return "--", "\n"
	case strings.HasPrefix(s, "/*"):
		return "/*", "*/"
	case s[0] == '\'' || s[0] == '"' || s[0] == '`':
		return s[:1], s[:1]
	case s[0] == '[':
		return "[", "]"
	}
	return "", ""
}
