package main_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// regexpCase is one call of a regexp function and its value as quote()
// prints it: 'text', a number, or NULL.
type regexpCase struct{ expr, want string }

// regexpCases follow sqlean's documented examples and tests, with Go's RE2
// syntax; CONTRACT.md: NULL in, NULL out.
var regexpCases = []regexpCase{
	{`regexp_like('the year is 2021', '[0-9]+')`, `1`},
	{`regexp_like('the year is 2021', '2k21')`, `0`},
	{`regexp_like('THE YEAR', '(?i)year')`, `1`},
	{`regexp_like(2021, '^\d+$')`, `1`},
	{`regexp_like('', '')`, `1`},
	{`regexp_like(NULL, 'x')`, `NULL`},
	{`regexp_like('x', NULL)`, `NULL`},
	{`'the year is 2021' REGEXP '[0-9]+'`, `1`},
	{`'abc' REGEXP 'x'`, `0`},
	{`NULL REGEXP 'x'`, `NULL`},
	{`(SELECT count(*) FROM (VALUES ('a1'), ('b'), (NULL)) WHERE column1 REGEXP '\d')`, `1`},
	{`regexp_substr('the year is 2021', '[0-9]+')`, `'2021'`},
	{`regexp_substr('the year is 2021', '2k21')`, `NULL`},
	{`regexp_substr('the year is 2021', '\d{1,2}')`, `'20'`},
	{`regexp_substr('the year is 2021', '\bis\b')`, `'is'`},
	{`regexp_substr('abc', 'x*')`, `''`},
	{`regexp_substr('-- привет --', '\pL+')`, `'привет'`},
	{`regexp_substr('-- привет --', '\w+')`, `NULL`}, // RE2's \w is ASCII
	{`regexp_substr(NULL, 'x')`, `NULL`},
	{`regexp_capture('years is 2021', '\d\d(\d\d)', 0)`, `'2021'`},
	{`regexp_capture('years is 2021', '\d\d(\d\d)', 1)`, `'21'`},
	{`regexp_capture('years is 2021', '\d\d(\d\d)')`, `'2021'`},
	{`regexp_capture('abcdef', 'b(.)d', 2)`, `NULL`},
	{`regexp_capture('abcdef', 'z', 0)`, `NULL`},
	{`regexp_capture('ab', 'a(x)?b', 1)`, `NULL`},
	{`regexp_capture('abcdef', 'b(.)d', NULL)`, `NULL`},
	{`regexp_capture(NULL, 'b(.)d', 1)`, `NULL`},
	{`regexp_capture('Successfully set up Go version 1.25.1', 'Go version (?P<v>[\d.]+)', 1)`, `'1.25.1'`},
	{`regexp_replace('the year is 2021', '[0-9]+', '2050')`, `'the year is 2050'`},
	{`regexp_replace('the year is 2021', '2k21', '2050')`, `'the year is 2021'`},
	{`regexp_replace('the year is 2021', '([0-9]+)', '$1 or 2050')`, `'the year is 2021 or 2050'`},
	{`regexp_replace('go 1.25', '(\d+)\.(\d+)', '$2.$1')`, `'go 25.1'`},
	{`regexp_replace('go 1.25', '(\d+)\.(\d+)', '$1st')`, `'go 1st'`},
	{`regexp_replace('job 41 took 3s', '\d+', 'N')`, `'job N took Ns'`},
	{`regexp_replace(NULL, 'x', 'y')`, `NULL`},
	{`regexp_replace('x', 'x', NULL)`, `NULL`},
	// A pattern from a column changes from row to row; one constant
	// pattern serves every row.
	{`(SELECT group_concat(ifnull(regexp_substr(column1, column2), 'none'), ',') FROM (VALUES ('a1b2', '\d'), ('a1b2', '[a-z]\d$'), ('xyz', '\d')))`, `'1,b2,none'`},
	{`(SELECT group_concat(regexp_capture(column1, 'exit code (\d+)', 1), ',') FROM (VALUES ('exit code 1'), ('none'), ('exit code 137')))`, `'1,137'`},
}

// regexpErrors are statements that fail, and what their message holds.
var regexpErrors = []struct {
	sql    string
	errHas []string
}{
	{`SELECT regexp_like('a', 'a(b')`, []string{`regexp_like: invalid pattern "a(b": missing closing ): ` + "`a(b`"}},
	{`SELECT 'a' REGEXP '[z-a]'`, []string{`REGEXP: invalid pattern "[z-a]": invalid character class range: ` + "`z-a`"}},
	{`SELECT regexp_substr('2020', '(20)\1')`, []string{`regexp_substr: invalid pattern "(20)\\1": invalid escape sequence: ` + "`\\1`", "no lookaround and no backreferences"}},
	{`SELECT regexp_capture('a', 'a', 'one')`, []string{`regexp_capture: the group number must be an integer, got "one"`}},
	{`SELECT regexp_capture('a', 'a', -1)`, []string{`regexp_capture: the group number must be 0 (the whole match) or more, got -1`}},
	{`SELECT regexp_replace('a', 'a', '$1')`, []string{`regexp_replace: the replacement "$1" refers to $1, but the pattern "a" has no groups`}},
	{`SELECT regexp_capture('a')`, []string{`wrong number of arguments to function regexp_capture()`}},
}

// regexpSelect is one statement with a column per case.
func regexpSelect() string {
	cols := make([]string, len(regexpCases))
	for i, c := range regexpCases {
		cols[i] = fmt.Sprintf("quote(%s) AS c%d", c.expr, i+1)
	}
	return "SELECT " + strings.Join(cols, ",\n  ")
}

// checkRegexpRow wants r to be the one row of regexpSelect.
func checkRegexpRow(t *testing.T, host string, r result) {
	t.Helper()
	if r.Error != "" || len(r.Rows) != 1 || len(r.Rows[0]) != len(regexpCases) {
		t.Fatalf("%s: %v, want one row of %d columns", host, r, len(regexpCases))
	}
	for i, c := range regexpCases {
		if got := fmt.Sprint(normalize(r.Rows[0][i])); got != c.want {
			t.Errorf("%s: %s = %s, want %s", host, c.expr, got, c.want)
		}
	}
}

func checkRegexpError(t *testing.T, host string, i int, msg string) {
	t.Helper()
	e := regexpErrors[i]
	if msg == "" {
		t.Errorf("%s: %s succeeded, want an error", host, e.sql)
	}
	for _, want := range e.errHas {
		if !strings.Contains(msg, want) {
			t.Errorf("%s: %s: error %q, want it to hold %q", host, e.sql, msg, want)
		}
	}
}

// TestRegexpFunctionsInEveryHost runs the regexp functions in the CLI, the
// stock sqlite3 shell and Python with actionsql.so loaded, and the driver.
func TestRegexpFunctionsInEveryHost(t *testing.T) {
	requireHost(t, sqlite3Shell)
	s := newSetup(t)
	query := regexpSelect()
	fromJSON := func(t *testing.T, host string, out output) result {
		t.Helper()
		if out.err != "" {
			return result{Error: out.err}
		}
		r, err := parseJSON(out.stdout)
		if err != nil {
			t.Fatalf("%s: %v\n%s", host, err, out.stdout)
		}
		return r
	}

	t.Run("cli", func(t *testing.T) {
		checkRegexpRow(t, "cli", fromJSON(t, "cli", s.cliRun(s.env, "json", query)))
		for i, e := range regexpErrors {
			checkRegexpError(t, "cli", i, s.cliRun(s.env, "json", e.sql).err)
		}
	})

	t.Run("sqlite3 shell", func(t *testing.T) {
		checkRegexpRow(t, "sqlite3", fromJSON(t, "sqlite3", s.shell(s.env, "json", query)))
		for i, e := range regexpErrors {
			checkRegexpError(t, "sqlite3", i, s.shell(s.env, "json", e.sql).err)
		}
	})

	t.Run("python", func(t *testing.T) {
		requireHost(t, python3)
		queries := []string{query}
		for _, e := range regexpErrors {
			queries = append(queries, e.sql)
		}
		var got struct{ Results []result }
		s.python(t, s.env, map[string]any{"mode": "script", "queries": queries}, &got)
		if len(got.Results) != len(queries) {
			t.Fatalf("python answered %d statements, want %d", len(got.Results), len(queries))
		}
		checkRegexpRow(t, "python", got.Results[0])
		for i, r := range got.Results[1:] {
			checkRegexpError(t, "python", i, r.Error)
		}
	})

	t.Run("go driver", func(t *testing.T) {
		db, err := sql.Open("actionsql", "api_url="+s.api+"&repo=octo-org/webapp")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		checkRegexpRow(t, "driver", driverResult(db, query))
		for i, e := range regexpErrors {
			checkRegexpError(t, "driver", i, driverResult(db, e.sql).Error)
		}
	})
}
