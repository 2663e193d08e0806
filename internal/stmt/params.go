package stmt

import (
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Params are the values of a script's parameters: --param NAME=VALUE on
// the command line, .parameter set NAME VALUE in the shell. A value named
// run binds :run, @run and $run in every statement, so that a script
// never splices values into its SQL.
type Params struct {
	values map[string]any
}

// Param is one parameter and its value: int64, float64 or string.
type Param struct {
	Name  string
	Value any
}

var (
	paramNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	integerRe   = regexp.MustCompile(`^[+-]?[0-9]+$`)
	realRe      = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
)

// ParseAssignment reads NAME=VALUE, as --param takes it.
func ParseAssignment(s string) (name, value string, err error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok {
		return "", "", fmt.Errorf("--param %q: want NAME=VALUE, e.g. --param run=9398595218", s)
	}
	return name, value, nil
}

// Set gives a parameter its value. The name may be written with the mark
// a statement uses (:run, @run, $run). The value is an INTEGER or REAL when
// it reads as one and TEXT otherwise, as sqlite3's .parameter set has it.
func (p *Params) Set(name, value string) error {
	name = bareName(name)
	if !paramNameRe.MatchString(name) {
		return fmt.Errorf("parameter name %q: use letters, digits and _ (such as run), and write :run, @run or $run in the SQL", name)
	}
	if p.values == nil {
		p.values = map[string]any{}
	}
	p.values[name] = typedValue(value)
	return nil
}

// Unset forgets a parameter and reports whether it was set.
func (p *Params) Unset(name string) bool {
	name = bareName(name)
	_, ok := p.values[name]
	delete(p.values, name)
	return ok
}

// Clear forgets every parameter.
func (p *Params) Clear() { p.values = nil }

// List returns the parameters in name order.
func (p *Params) List() []Param {
	var list []Param
	for name, v := range p.values {
		list = append(list, Param{name, v})
	}
	slices.SortFunc(list, func(a, b Param) int { return strings.Compare(a.Name, b.Name) })
	return list
}

// Literal writes the value as SQL would: 5, 1.5 or 'text'.
func (p Param) Literal() string {
	if s, ok := p.Value.(string); ok {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return fmt.Sprint(p.Value)
}

func bareName(name string) string {
	if name != "" && strings.IndexByte(":@$", name[0]) >= 0 {
		return name[1:]
	}
	return name
}

func typedValue(s string) any {
	if integerRe.MatchString(s) {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
	}
	// A whole number too large for INTEGER becomes REAL, as in SQLite.
	if realRe.MatchString(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	}
	return s
}

// args returns what a statement's parameters are bound to: one value for
// each distinct parameter it writes (:run and @run are two, both bound to
// run), as SQLite counts them. A parameter with no value is an error, not
// a silent NULL, and so is a positional ?, which nothing can fill.
func (p *Params) args(text string) ([]any, error) {
	var (
		args []any
		seen = map[string]bool{}
	)
	for _, token := range parameters(text) {
		if seen[token] {
			continue
		}
		seen[token] = true
		if token[0] == '?' {
			return nil, fmt.Errorf("%s: a script's parameters need names: write :run and pass --param run=VALUE", token)
		}
		name := token[1:]
		v, ok := p.values[name]
		if !ok {
			return nil, fmt.Errorf("%s has no value: pass --param %s=VALUE (in the shell: .parameter set %s VALUE)", token, name, name)
		}
		args = append(args, sql.Named(name, v))
	}
	return args, nil
}

// parameters lists the parameter tokens of a statement (?, ?3, :run, @run,
// $run) in order, skipping strings, quoted names and comments, the way
// SQLite's tokenizer reads them.
func parameters(text string) []string {
	var tokens []string
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\'' || c == '"' || c == '`' || c == '[':
			i = skipQuoted(text, i)
		case strings.HasPrefix(text[i:], "--"):
			i = skipPast(text, i, "\n")
		case strings.HasPrefix(text[i:], "/*"):
			i = skipPast(text, i+2, "*/")
		case c == '?':
			end := i + 1 + len(digitsPrefix(text[i+1:]))
			tokens, i = append(tokens, text[i:end]), end
		case strings.IndexByte(":@$", c) >= 0 && i+1 < len(text) && isIDChar(text[i+1]):
			end := i + 1 + identifierLen(text[i+1:])
			tokens, i = append(tokens, text[i:end]), end
		case isIDChar(c):
			i += identifierLen(text[i:]) // a name or number: a $ inside is part of it
		default:
			i++
		}
	}
	return tokens
}

// skipQuoted returns the index after the string or quoted name at i; a
// doubled quote inside is part of it, which scanning on finds by itself.
func skipQuoted(text string, i int) int {
	closer := text[i]
	if closer == '[' {
		closer = ']'
	}
	return skipPast(text, i+1, string(closer))
}

// skipPast returns the index after the first end at or after i, or the
// end of text.
func skipPast(text string, i int, end string) int {
	j := strings.Index(text[i:], end)
	if j < 0 {
		return len(text)
	}
	return i + j + len(end)
}

func identifierLen(s string) int {
	n := 0
	for n < len(s) && isIDChar(s[n]) {
		n++
	}
	return n
}

func digitsPrefix(s string) string {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return s[:n]
}

// isIDChar reports whether c can be part of a name, as SQLite's tokenizer
// says: letters, digits, _, $ and every byte of a UTF-8 sequence.
func isIDChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}
