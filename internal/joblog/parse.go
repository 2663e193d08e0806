package joblog

import (
	"strings"
	"time"
)

// Levels of a line: the log command marks this package recognises.
const (
	LevelGroup    = "group"
	LevelEndGroup = "endgroup"
	LevelError    = "error"
	LevelWarning  = "warning"
	LevelNotice   = "notice"
	LevelDebug    = "debug"
	LevelCommand  = "command"
	LevelSection  = "section"
)

const (
	byteOrderMark = "\xef\xbb\xbf"
	escape        = 0x1b
	bell          = 0x07

	commandMark = "[command]"
	markPrefix  = "##["
)

// parsedLine is what ParseLine returns plus the timestamp in whole seconds,
// which step attribution compares with the API's second-precision step times.
type parsedLine struct {
	timestamp string
	level     string
	content   string
	unixSec   int64
	timed     bool
}

// ParseLine parses one raw log line, given without its line ending.
//
// timestamp is the leading timestamp exactly as written, or "" when the line
// has none; level is the log command mark without "##[" and "]" (or
// "command" for a bare "[command]"), "" for ordinary output; content is the
// text after the timestamp and its space with the mark, ANSI escape sequences
// and byte-order marks removed. A line without a valid timestamp is ordinary
// output in its entirety.
func ParseLine(raw string) (timestamp, level, content string) {
	p := parse(raw)
	return p.timestamp, p.level, p.content
}

func parse(raw string) parsedLine {
	text := strings.TrimPrefix(raw, byteOrderMark)
	timestamp, unixSec, ok := leadingTimestamp(text)
	if !ok {
		return parsedLine{content: cleanContent(text)}
	}
	rest := strings.TrimPrefix(text[len(timestamp):], " ")
	// A mark is only a mark right after the timestamp; tolerate a stray
	// byte-order mark in between since it is invisible anyway.
	level, body := splitMark(strings.TrimPrefix(rest, byteOrderMark))
	return parsedLine{
		timestamp: timestamp,
		level:     level,
		content:   cleanContent(body),
		unixSec:   unixSec,
		timed:     true,
	}
}

// leadingTimestamp recognises "2006-01-02T15:04:05[.fraction]Z" at the start
// of s, followed by a space or the end of the line. It returns the timestamp
// as written and its time in seconds since the Unix epoch. Hand-rolled rather
// than time.Parse because it runs on every line of logs of hundreds of MB.
func leadingTimestamp(s string) (string, int64, bool) {
	const secondsEnd = len("2006-01-02T15:04:05")
	if len(s) <= secondsEnd || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return "", 0, false
	}
	fields := [6]string{s[0:4], s[5:7], s[8:10], s[11:13], s[14:16], s[17:19]}
	var v [6]int
	for i, f := range fields {
		n, ok := decimal(f)
		if !ok {
			return "", 0, false
		}
		v[i] = n
	}
	year, month, day, hour, minute, second := v[0], v[1], v[2], v[3], v[4], v[5]
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 {
		return "", 0, false
	}
	end, ok := fractionAndZoneEnd(s, secondsEnd)
	if !ok {
		return "", 0, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	return s[:end], t.Unix(), true
}

// fractionAndZoneEnd checks what follows the seconds of a timestamp: an
// optional fraction of 1 to 9 digits, "Z", then a space or the end of s. It
// returns the index just past the "Z".
func fractionAndZoneEnd(s string, i int) (int, bool) {
	if s[i] == '.' {
		i++
		digitsStart := i
		for i < len(s) && isDigit(s[i]) && i-digitsStart < 9 {
			i++
		}
		if i == digitsStart {
			return 0, false
		}
	}
	if i >= len(s) || s[i] != 'Z' {
		return 0, false
	}
	i++
	if i < len(s) && s[i] != ' ' {
		return 0, false
	}
	return i, true
}

func decimal(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// splitMark separates a leading log command mark from the text after the
// timestamp. Unknown "##[name]" marks are output like any other text, since
// programs print brackets too.
func splitMark(s string) (level, body string) {
	if strings.HasPrefix(s, commandMark) {
		return LevelCommand, s[len(commandMark):]
	}
	if !strings.HasPrefix(s, markPrefix) {
		return "", s
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", s
	}
	name := s[len(markPrefix):end]
	// Newer runners may append parameters: "##[error file=a.go,line=3]".
	if space := strings.IndexByte(name, ' '); space >= 0 {
		name = name[:space]
	}
	level = knownLevel(name)
	if level == "" {
		return "", s
	}
	return level, s[end+1:]
}

// knownLevel returns the canonical constant for a mark name, or "" if the
// name is not a log command; returning the constant keeps Line.Level from
// pinning the whole raw line in memory.
func knownLevel(name string) string {
	switch name {
	case LevelGroup:
		return LevelGroup
	case LevelEndGroup:
		return LevelEndGroup
	case LevelError:
		return LevelError
	case LevelWarning:
		return LevelWarning
	case LevelNotice:
		return LevelNotice
	case LevelDebug:
		return LevelDebug
	case LevelCommand:
		return LevelCommand
	case LevelSection:
		return LevelSection
	}
	return ""
}

// cleanContent removes ANSI escape sequences and byte-order marks. Most lines
// have neither, and for those it returns s itself without allocating.
func cleanContent(s string) string {
	next := indexUnwanted(s)
	if next < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for next >= 0 {
		b.WriteString(s[:next])
		s = s[next:]
		if s[0] == escape {
			s = s[escapeLen(s):]
		} else {
			s = s[len(byteOrderMark):]
		}
		next = indexUnwanted(s)
	}
	b.WriteString(s)
	return b.String()
}

// indexUnwanted returns the index of the first ESC or byte-order mark in s,
// or -1.
func indexUnwanted(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case escape:
			return i
		case byteOrderMark[0]:
			if strings.HasPrefix(s[i:], byteOrderMark) {
				return i
			}
		}
	}
	return -1
}

// escapeLen returns the length of the escape sequence at the start of s,
// which begins with ESC. Malformed or truncated sequences end where they stop
// making sense, and at least the ESC itself is consumed, so that no ESC
// survives into content.
func escapeLen(s string) int {
	if len(s) < 2 {
		return 1
	}
	switch c := s[1]; {
	case c == '[':
		return 2 + csiBodyLen(s[2:])
	case c == ']':
		return 2 + oscBodyLen(s[2:])
	case 0x20 <= c && c <= 0x2f:
		// nF sequence such as ESC ( B: intermediates, then one final byte.
		i := 1
		for i < len(s) && 0x20 <= s[i] && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && 0x30 <= s[i] && s[i] <= 0x7e {
			i++
		}
		return i
	case 0x30 <= c && c <= 0x7e:
		// Two-byte sequences such as ESC 7, ESC M, ESC c.
		return 2
	}
	return 1
}

// csiBodyLen measures a Control Sequence Introducer body: parameter and
// intermediate bytes, then a final byte (ESC[36;1m, ESC[0m, ESC[K).
func csiBodyLen(s string) int {
	i := 0
	for i < len(s) && 0x20 <= s[i] && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && 0x40 <= s[i] && s[i] <= 0x7e {
		i++
	}
	return i
}

// oscBodyLen measures an Operating System Command body (hyperlinks, window
// titles), which ends with BEL or the string terminator ESC \. An ESC that
// starts anything else ends the body without being consumed, so that a
// malformed OSC cannot swallow the rest of the line's escapes.
func oscBodyLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case bell:
			return i + 1
		case escape:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		}
	}
	return len(s)
}
