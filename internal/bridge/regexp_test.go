package bridge

import (
	"regexp"
	"strings"
	"testing"
)

// The SQL functions' results in every host are tested in ext; these are
// the replacement syntax and the messages, case by case.

func TestReplaceAll(t *testing.T) {
	tests := []struct {
		src, pattern, repl, want string
	}{
		// sqlean's own tests (test/regexp.sql).
		{"the year is 2021", `[0-9]+`, "2050", "the year is 2050"},
		{"the year is 2021", `([0-9]+)`, "-$1-", "the year is -2021-"},
		{"the year is 2021", `2k21`, "2050", "the year is 2021"},
		{"10 10 10", `10$`, "", "10 10 "},
		{"10 10 10", `^10`, "", " 10 10"},
		{"1 10 100", `\d+`, "**", "** ** **"},
		{"hello", `o`, "..", "hell.."},
		// $1 followed by letters is group 1 and the letters (Go's Expand
		// would read a group named "1st").
		{"go 1.25", `(\d+)\.(\d+)`, "$1st and $2nd", "go 1st and 25nd"},
		{"go 1.25", `(\d+)\.(\d+)`, "${2}${1}", "go 251"},
		{"go 1.25", `(?P<major>\d+)\.(?P<minor>\d+)`, "${minor}.$major", "go 25.1"},
		{"go 1.25", `(?P<major>\d+)\.(?P<minor>\d+)`, "${minor}_x", "go 25_x"},
		{"costs 5", `(\d+)`, "$$$1", "costs $5"},
		{"costs 5", `(\d+)`, "$ $1 $", "costs $ 5 $"},
		{"costs 5", `(\d+)`, `\1`, `costs \1`}, // no backslash references
		{"ab", `(x)?b`, "[$1]", "a[]"},         // a group that took no part
		{"abc", `x*`, "-", "-a-b-c-"},
		{"", `^$`, "empty", "empty"},
		{"ünïcödé", `[^a-z]`, "?", "?n?c?d?"},
	}
	for _, tt := range tests {
		re := regexp.MustCompile(tt.pattern)
		r, err := parseReplacement(tt.repl)
		if err == nil {
			err = r.resolve(re)
		}
		if err != nil {
			t.Errorf("regexp_replace(%q, %q, %q): %v", tt.src, tt.pattern, tt.repl, err)
			continue
		}
		if got := r.replaceAll(re, tt.src); got != tt.want {
			t.Errorf("regexp_replace(%q, %q, %q) = %q, want %q", tt.src, tt.pattern, tt.repl, got, tt.want)
		}
	}
}

func TestReplacementErrorsSayWhatToWrite(t *testing.T) {
	tests := []struct {
		pattern, repl string
		errHas        []string
	}{
		{`(\d+)`, "$2", []string{`the replacement "$2" refers to $2`, `the pattern "(\\d+)" has 1 group`}},
		{`\d+`, "$1", []string{`refers to $1`, `has no groups (write $$ for a dollar sign)`}},
		{`(a)(b)`, "${3}", []string{`refers to ${3}`, `has 2 groups`}},
		{`(?P<year>\d+)`, "${month}", []string{`refers to ${month}`, `has no group named month`}},
		{`(?P<minor>\d+)`, "$minor_x", []string{`refers to $minor_x`, `has no group named minor_x`}},
		{`(a)`, "${1", []string{`has a ${ with no closing }`, `write ${1} or ${name}`}},
		{`(a)`, "${a-b}", []string{`refers to the group ${a-b}`, `a number or a name`}},
	}
	for _, tt := range tests {
		r, err := parseReplacement(tt.repl)
		if err == nil {
			err = r.resolve(regexp.MustCompile(tt.pattern))
		}
		if err == nil {
			t.Errorf("pattern %q, replacement %q: no error", tt.pattern, tt.repl)
			continue
		}
		for _, want := range tt.errHas {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("pattern %q, replacement %q: %q, want it to hold %q", tt.pattern, tt.repl, err, want)
			}
		}
	}
}

// TestReplacementCheckedAgainstEachPattern: a replacement kept for the
// statement meets a new pattern on each row when the pattern is a column.
func TestReplacementCheckedAgainstEachPattern(t *testing.T) {
	r, err := parseReplacement("<$2>")
	if err != nil {
		t.Fatal(err)
	}
	two := regexp.MustCompile(`(a)(b)`)
	if err := r.resolve(two); err != nil {
		t.Fatal(err)
	}
	if err := r.resolve(regexp.MustCompile(`(a)b`)); err == nil {
		t.Error("a pattern with one group took $2")
	}
	if err := r.resolve(two); err != nil || r.replaceAll(two, "xab") != "x<b>" {
		t.Errorf("back to the first pattern: %v", err)
	}
}

func TestInvalidPatternNamesItAndWhatIsWrong(t *testing.T) {
	tests := []struct {
		pattern string
		errHas  []string
	}{
		{`a(b`, []string{`regexp_like: invalid pattern "a(b"`, "missing closing ): `a(b`"}},
		{`[z-a]`, []string{`invalid pattern "[z-a]"`, "invalid character class range: `z-a`"}},
		{`x**`, []string{"invalid nested repetition operator: `**`"}},
		{`y(?=ear)`, []string{"invalid or unsupported Perl syntax: `(?=`", "no lookaround and no backreferences"}},
		{`(20)\1`, []string{"invalid escape sequence: `\\1`", "no lookaround and no backreferences"}},
	}
	for _, tt := range tests {
		_, err := compilePattern("regexp_like", tt.pattern)
		if err == nil {
			t.Errorf("%q compiled", tt.pattern)
			continue
		}
		for _, want := range tt.errHas {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q: %q, want it to hold %q", tt.pattern, err, want)
			}
		}
	}
	if _, err := compilePattern("regexp_like", `\q`); err == nil || strings.Contains(err.Error(), "lookaround") {
		t.Errorf(`\q: %v, want an error without the RE2 hint, which is about \1 and (?=`, err)
	}
}

func TestCapture(t *testing.T) {
	tests := []struct {
		src, pattern string
		n            int64
		want         string
		ok           bool
	}{
		// sqlean's own tests (test/regexp.sql, regexp_group).
		{"abcdef", `b.d`, 0, "bcd", true},
		{"abcdef", `b(.)d`, 0, "bcd", true},
		{"abcdef", `b(.)d`, 1, "c", true},
		{"abcdef", `b(.)d`, 2, "", false},
		{"abcdef", `z`, 0, "", false},
		{"years is 2021", `\d\d(\d\d)`, 1, "21", true},
		{"ab", `a(x)?(b)`, 1, "", false}, // group 1 took no part
		{"ab", `a(x)?(b)`, 2, "b", true},
		{"a", `a()`, 1, "", true}, // an empty group is '', not NULL
	}
	for _, tt := range tests {
		got, ok := capture(regexp.MustCompile(tt.pattern), tt.src, tt.n)
		if got != tt.want || ok != tt.ok {
			t.Errorf("regexp_capture(%q, %q, %d) = %q, %v; want %q, %v", tt.src, tt.pattern, tt.n, got, ok, tt.want, tt.ok)
		}
	}
}
