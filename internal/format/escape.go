package format

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// whitespace says whether tab and newline may reach the terminal as they
// are (list and line) or must be escaped because a cell has to stay on one
// line (table, box, markdown).
type whitespace int

const (
	escapeTabsAndNewlines whitespace = iota
	keepTabsAndNewlines
)

// escapeControls replaces every character that could steer a terminal with
// a visible escape; see the package comment for the forms.
func escapeControls(s string, ws whitespace) string {
	if !needsEscaping(s, ws) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case isUnsafe(r, ws):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsEscaping is the fast path: most values hold nothing to escape.
func needsEscaping(s string, ws whitespace) bool {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return true
			}
		}
		if isUnsafe(r, ws) {
			return true
		}
	}
	return false
}

// isUnsafe reports control characters (C0, DEL, C1) and the bidirectional
// embedding, override and isolate characters, which reorder the text shown
// around them.
func isUnsafe(r rune, ws whitespace) bool {
	switch {
	case r == '\t' || r == '\n':
		return ws == escapeTabsAndNewlines
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// escapeRune writes r the way a Go or C string literal would.
func escapeRune(r rune) string {
	switch r {
	case '\t':
		return `\t`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	}
	if r < 0x80 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}
