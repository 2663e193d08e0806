package bridge

/*
#include <stdlib.h>
#include "bridge.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"runtime/cgo"
	"strconv"
	"strings"
	"unsafe"

	"github.com/actionsql/actionsql/vtab"
)

// The regular-expression functions of the sqlean regexp extension, with its
// names, arguments and results, and Go's RE2 syntax (regexp/syntax) for the
// patterns:
//
//   - regexp_like(source, pattern): 1 when pattern matches somewhere in
//     source, else 0; `source REGEXP pattern` is SQLite's spelling of
//     regexp(pattern, source), the same test.
//   - regexp_substr(source, pattern): the first match, NULL when none.
//   - regexp_capture(source, pattern[, n]): group n of the first match
//     (n = 0, the default, is the whole match); NULL when nothing matches,
//     when the pattern has no group n or when group n took no part in the
//     match. n must be an INTEGER.
//   - regexp_replace(source, pattern, replacement): every match replaced;
//     in replacement, $1 (or ${1}) is group 1, ${name} a named group, $$ a
//     dollar sign. A reference to a group the pattern lacks is an error.
//
// A NULL argument gives NULL (CONTRACT.md; sqlean's own C code gives 0 or
// an error for some). A pattern is compiled once per statement, not once
// per row: the compiled form is kept as SQLite's auxiliary data of the
// pattern argument, which SQLite keeps while the argument stays the same
// constant and frees with the statement, so nothing outlives it.

// Function numbers, as the C side hands them back (bridge.h).
const (
	reLike     = C.BRIDGE_REGEXP_LIKE
	reOperator = C.BRIDGE_REGEXP_OPERATOR
	reSubstr   = C.BRIDGE_REGEXP_SUBSTR
	reCapture  = C.BRIDGE_REGEXP_CAPTURE
	reReplace  = C.BRIDGE_REGEXP_REPLACE
)

// regexpFuncs are the SQL functions registered on every connection.
var regexpFuncs = []struct {
	name string
	args int
	fn   int
}{
	{"regexp", 2, reOperator},
	{"regexp_like", 2, reLike},
	{"regexp_substr", 2, reSubstr},
	{"regexp_capture", 2, reCapture},
	{"regexp_capture", 3, reCapture},
	{"regexp_replace", 3, reReplace},
}

// regexpNames names the functions in error messages, by number.
var regexpNames = map[int]string{
	reLike:     "regexp_like",
	reOperator: "REGEXP",
	reSubstr:   "regexp_substr",
	reCapture:  "regexp_capture",
	reReplace:  "regexp_replace",
}

// registerRegexps creates the functions on db.
func registerRegexps(db *C.sqlite3) error {
	for _, f := range regexpFuncs {
		name := C.CString(f.name)
		rc := C.bridge_create_regexp_function(db, name, C.int(f.args), C.int(f.fn))
		C.free(unsafe.Pointer(name))
		if rc != sqliteOK {
			return fmt.Errorf("actionsql: register the function %s: SQLite error %d", f.name, rc)
		}
	}
	return nil
}

// compilePattern compiles a pattern, or says what is wrong with it in an
// error that names the function and the pattern.
func compilePattern(fn, pattern string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(pattern)
	if err == nil {
		return re, nil
	}
	what := err.Error()
	var se *syntax.Error
	if errors.As(err, &se) {
		what = fmt.Sprintf("%s: `%s`", se.Code, se.Expr)
		if se.Code == syntax.ErrInvalidPerlOp || se.Code == syntax.ErrInvalidEscape && isBackreference(se.Expr) {
			what += " (Go's RE2 syntax has no lookaround and no backreferences: https://github.com/google/re2/wiki/Syntax)"
		}
	}
	return nil, fmt.Errorf("%s: invalid pattern %q: %s", fn, pattern, what)
}

// isBackreference tells whether an escape is \1 ... \9, which RE2 lacks.
func isBackreference(escape string) bool {
	return len(escape) == 2 && escape[0] == '\\' && escape[1] >= '1' && escape[1] <= '9'
}

// replacement is a parsed regexp_replace replacement: literal text and the
// groups to insert between.
type replacement struct {
	text   string // as written, for errors
	pieces []replacementPiece
	// re is the pattern the groups were checked against and resolved in,
	// so a replacement reused with a pattern that changes from row to row
	// is checked again.
	re *regexp.Regexp
}

// replacementPiece is literal text, or (group >= 0 or name set) a group.
type replacementPiece struct {
	literal string
	group   int    // the group's number; -1 for literal text
	name    string // for ${name}: the group's name, as written
	ref     string // the reference as written, for errors
}

// parseReplacement reads $1, ${1}, ${name}, $name and $$ in s. A $ that
// none of these follows is literal text, as in Go's Regexp.Expand; unlike
// Expand, $1x is group 1 and then "x", as in sqlean (PCRE2).
func parseReplacement(s string) (*replacement, error) {
	r := &replacement{text: s}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			r.pieces = append(r.pieces, replacementPiece{literal: lit.String(), group: -1})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '$')
		if j < 0 {
			lit.WriteString(s[i:])
			break
		}
		lit.WriteString(s[i : i+j])
		i += j
		rest := s[i+1:]
		switch {
		case strings.HasPrefix(rest, "$"):
			lit.WriteByte('$')
			i += 2
		case strings.HasPrefix(rest, "{"):
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return nil, fmt.Errorf("the replacement %q has a ${ with no closing }: write ${1} or ${name} for a group, $$ for a dollar sign", s)
			}
			inner := rest[1:end]
			if !isGroupName(inner) {
				return nil, fmt.Errorf("the replacement %q refers to the group ${%s}: a group is a number or a name of letters, digits and _", s, inner)
			}
			flush()
			r.pieces = append(r.pieces, groupPiece(inner, s[i:i+2+end]))
			i += 2 + end
		case len(rest) > 0 && isDigit(rest[0]):
			n := 1
			for n < len(rest) && isDigit(rest[n]) {
				n++
			}
			flush()
			r.pieces = append(r.pieces, groupPiece(rest[:n], s[i:i+1+n]))
			i += 1 + n
		case len(rest) > 0 && isNameStart(rest[0]):
			n := 1
			for n < len(rest) && isNameByte(rest[n]) {
				n++
			}
			flush()
			r.pieces = append(r.pieces, groupPiece(rest[:n], s[i:i+1+n]))
			i += 1 + n
		default:
			lit.WriteByte('$')
			i++
		}
	}
	flush()
	return r, nil
}

func groupPiece(ref, written string) replacementPiece {
	if n, err := strconv.Atoi(ref); err == nil {
		return replacementPiece{group: n, ref: written}
	}
	return replacementPiece{group: -1, name: ref, ref: written}
}

func isDigit(b byte) bool     { return b >= '0' && b <= '9' }
func isNameStart(b byte) bool { return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }
func isNameByte(b byte) bool  { return isNameStart(b) || isDigit(b) }

func isGroupName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}

// resolve checks the groups against re and numbers the named ones; it does
// the work once for each pattern the replacement meets.
func (r *replacement) resolve(re *regexp.Regexp) error {
	if r.re == re {
		return nil
	}
	for i := range r.pieces {
		p := &r.pieces[i]
		if p.name != "" {
			if p.group = re.SubexpIndex(p.name); p.group < 0 {
				return fmt.Errorf("the replacement %q refers to %s, but the pattern %q has no group named %s", r.text, p.ref, re.String(), p.name)
			}
		}
		if p.group > re.NumSubexp() {
			return fmt.Errorf("the replacement %q refers to %s, but the pattern %q has %s", r.text, p.ref, re.String(), groups(re.NumSubexp()))
		}
	}
	r.re = re
	return nil
}

func groups(n int) string {
	switch n {
	case 0:
		return "no groups (write $$ for a dollar sign)"
	case 1:
		return "1 group"
	}
	return fmt.Sprintf("%d groups", n)
}

// replaceAll replaces every match of re in src, as Regexp.ReplaceAllString
// does (an empty match right after a match is skipped).
func (r *replacement) replaceAll(re *regexp.Regexp, src string) string {
	matches := re.FindAllStringSubmatchIndex(src, -1)
	if matches == nil {
		return src
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		b.WriteString(src[last:m[0]])
		for _, p := range r.pieces {
			switch {
			case p.group < 0:
				b.WriteString(p.literal)
			case m[2*p.group] >= 0: // a group that took no part inserts nothing
				b.WriteString(src[m[2*p.group]:m[2*p.group+1]])
			}
		}
		last = m[1]
	}
	b.WriteString(src[last:])
	return b.String()
}

// capture is group n of re's first match in src; ok is false when there is
// none (NULL): no match, no group n, or a group that took no part.
func capture(re *regexp.Regexp, src string, n int64) (string, bool) {
	if n > int64(re.NumSubexp()) {
		return "", false
	}
	if n == 0 {
		loc := re.FindStringIndex(src)
		if loc == nil {
			return "", false
		}
		return src[loc[0]:loc[1]], true
	}
	loc := re.FindStringSubmatchIndex(src)
	if loc == nil || loc[2*n] < 0 {
		return "", false
	}
	return src[loc[2*n]:loc[2*n+1]], true
}

// goRegexp computes one call of a regexp function for the C side, which has
// checked that no argument is NULL. It hands back in call the compiled
// pattern and parsed replacement it made, which C keeps as the arguments'
// auxiliary data for the statement's next rows.
//
//export goRegexp
func goRegexp(ctx *C.sqlite3_context, fn C.int, call *C.bridge_regexp_call) {
	name := regexpNames[int(fn)]
	fail := func(err error) {
		msg := err.Error()
		C.bridge_result_error(ctx, cText(msg), C.int(len(msg)))
	}
	re, err := callPattern(call, name)
	if err != nil {
		fail(err)
		return
	}
	// The source is read in place: nothing below keeps it past this call,
	// and SQLite copies a result taken from it (SQLITE_TRANSIENT).
	src := cView(call.source, call.source_len)
	switch fn {
	case reLike, reOperator:
		setResult(ctx, boolInt(re.MatchString(src)))
	case reSubstr:
		if s, ok := capture(re, src, 0); ok {
			setResult(ctx, s)
		}
	case reCapture:
		n, err := groupNumber(call)
		if err != nil {
			fail(err)
			return
		}
		if s, ok := capture(re, src, n); ok {
			setResult(ctx, s)
		}
	case reReplace:
		r, err := callReplacement(call, re)
		if err != nil {
			fail(fmt.Errorf("%s: %w", name, err))
			return
		}
		setResult(ctx, r.replaceAll(re, src))
	}
}

// callPattern returns the call's compiled pattern: an earlier row's, or a
// new one, which the call then carries back for C to keep.
func callPattern(call *C.bridge_regexp_call, fn string) (*regexp.Regexp, error) {
	if call.re != 0 {
		return cgo.Handle(call.re).Value().(*regexp.Regexp), nil
	}
	// A copy: the compiled pattern keeps its text.
	re, err := compilePattern(fn, C.GoStringN(call.pattern, call.pattern_len))
	if err != nil {
		return nil, err
	}
	call.new_re = C.uintptr_t(cgo.NewHandle(re))
	return re, nil
}

// callReplacement returns the call's parsed replacement, checked against
// re; a new one, like a new pattern, goes back for C to keep.
func callReplacement(call *C.bridge_regexp_call, re *regexp.Regexp) (*replacement, error) {
	var r *replacement
	if call.replacer != 0 {
		r = cgo.Handle(call.replacer).Value().(*replacement)
	} else {
		var err error
		if r, err = parseReplacement(C.GoStringN(call.replacement, call.replacement_len)); err != nil {
			return nil, err
		}
		call.new_replacer = C.uintptr_t(cgo.NewHandle(r))
	}
	return r, r.resolve(re)
}

// groupNumber is regexp_capture's n: 0 when not given, else an INTEGER of
// 0 or more (as sqlean, which refuses any other type).
func groupNumber(call *C.bridge_regexp_call) (int64, error) {
	switch {
	case call.group_type != C.SQLITE_INTEGER:
		return 0, fmt.Errorf("regexp_capture: the group number must be an integer, got %q", cView(call.group_text, call.group_text_len))
	case call.group < 0:
		return 0, fmt.Errorf("regexp_capture: the group number must be 0 (the whole match) or more, got %d", int64(call.group))
	}
	return int64(call.group), nil
}

func boolInt(b bool) vtab.Value {
	if b {
		return int64(1)
	}
	return int64(0)
}

// cView is C text as a Go string without a copy, valid only while SQLite
// keeps the value: for the length of one call.
func cView(p *C.char, n C.int) string {
	if n == 0 {
		return ""
	}
	return unsafe.String((*byte)(unsafe.Pointer(p)), int(n))
}
