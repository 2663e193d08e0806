package format

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// result is one statement's output, as the CLI would hand it over.
type result struct {
	columns []string
	rows    [][]any
}

// sample holds what the formats have to get right: NULL, numbers, text
// with the separators and quotes of the formats, a newline, wide
// characters and an escape sequence from a log line.
var sample = result{
	columns: []string{"id", "ratio", "name", "note"},
	rows: [][]any{
		{int64(1), 2.5, `a|b, "c"`, nil},
		{int64(22), float64(100), "中文🚀", "line1\nline2"},
		{int64(-3), nil, "\x1b[31mred\x1b[0m", "tab\there"},
	},
}

var empty = result{columns: []string{"id", "name"}}

// render writes the results with the named format and returns the output.
func render(t *testing.T, name string, opts Options, results ...result) string {
	t.Helper()
	var out strings.Builder
	w, err := New(name, &out, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results {
		if err := w.Begin(r.columns); err != nil {
			t.Fatal(err)
		}
		for _, row := range r.rows {
			if err := w.Row(row); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.End(); err != nil {
			t.Fatal(err)
		}
	}
	return out.String()
}

func lines(l ...string) string { return strings.Join(l, "\n") + "\n" }

func TestSampleInEveryFormat(t *testing.T) {
	tests := []struct {
		format string
		want   string
	}{
		{"table", lines(
			`+----+-------+--------------------+--------------+`,
			`| id | ratio |        name        |     note     |`,
			`+----+-------+--------------------+--------------+`,
			`|  1 |   2.5 | a|b, "c"           |              |`,
			`| 22 | 100.0 | 中文🚀             | line1\nline2 |`,
			`| -3 |       | \x1b[31mred\x1b[0m | tab\there    |`,
			`+----+-------+--------------------+--------------+`,
		)},
		{"box", lines(
			`┌────┬───────┬────────────────────┬──────────────┐`,
			`│ id │ ratio │        name        │     note     │`,
			`├────┼───────┼────────────────────┼──────────────┤`,
			`│  1 │   2.5 │ a|b, "c"           │              │`,
			`│ 22 │ 100.0 │ 中文🚀             │ line1\nline2 │`,
			`│ -3 │       │ \x1b[31mred\x1b[0m │ tab\there    │`,
			`└────┴───────┴────────────────────┴──────────────┘`,
		)},
		{"markdown", lines(
			`| id | ratio |        name        |      note      |`,
			`|---:|------:|--------------------|----------------|`,
			`|  1 |   2.5 | a\|b, "c"          |                |`,
			`| 22 | 100.0 | 中文🚀             | line1<br>line2 |`,
			`| -3 |       | \x1b[31mred\x1b[0m | tab\there      |`,
		)},
		{"list", lines(
			`id|ratio|name|note`,
			`1|2.5|a|b, "c"|`,
			"22|100.0|中文🚀|line1\nline2",
			"-3||\\x1b[31mred\\x1b[0m|tab\there",
		)},
		{"line", lines(
			`   id = 1`,
			`ratio = 2.5`,
			` name = a|b, "c"`,
			` note = `,
			``,
			`   id = 22`,
			`ratio = 100.0`,
			` name = 中文🚀`,
			" note = line1\nline2",
			``,
			`   id = -3`,
			`ratio = `,
			` name = \x1b[31mred\x1b[0m`,
			" note = tab\there",
		)},
		{"csv", lines(
			`id,ratio,name,note`,
			`1,2.5,"a|b, ""c""",`,
			"22,100.0,中文🚀,\"line1\nline2\"",
			"-3,,\x1b[31mred\x1b[0m,tab\there",
		)},
		{"tsv", lines(
			"id\tratio\tname\tnote",
			"1\t2.5\t\"a|b, \"\"c\"\"\"\t",
			"22\t100.0\t中文🚀\t\"line1\nline2\"",
			"-3\t\t\x1b[31mred\x1b[0m\t\"tab\there\"",
		)},
		{"json", lines(
			`[{"id":1,"ratio":2.5,"name":"a|b, \"c\"","note":null},`,
			`{"id":22,"ratio":100.0,"name":"中文🚀","note":"line1\nline2"},`,
			`{"id":-3,"ratio":null,"name":"\u001b[31mred\u001b[0m","note":"tab\there"}]`,
		)},
		{"jsonl", lines(
			`{"id":1,"ratio":2.5,"name":"a|b, \"c\"","note":null}`,
			`{"id":22,"ratio":100.0,"name":"中文🚀","note":"line1\nline2"}`,
			`{"id":-3,"ratio":null,"name":"\u001b[31mred\u001b[0m","note":"tab\there"}`,
		)},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			got := render(t, tt.format, Options{Header: true}, sample)
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestEveryFormatIsTested: the text formats are tested here, parquet in
// internal/parquettest (read back by DuckDB) and internal/cli.
func TestEveryFormatIsTested(t *testing.T) {
	want := []string{"table", "list", "csv", "tsv", "json", "jsonl", "markdown", "line", "box", "parquet"}
	if got := strings.Join(Names(), " "); got != strings.Join(want, " ") {
		t.Errorf("Names() = %s, want %s", got, strings.Join(want, " "))
	}
}

func TestEmptyResult(t *testing.T) {
	tests := []struct {
		format string
		want   string
	}{
		{"table", lines(`+----+------+`, `| id | name |`, `+----+------+`)},
		{"box", lines(`┌────┬──────┐`, `│ id │ name │`, `└────┴──────┘`)},
		{"markdown", lines(`| id | name |`, `|----|------|`)},
		{"list", lines(`id|name`)},
		{"csv", lines(`id,name`)},
		{"tsv", lines("id\tname")},
		{"json", lines(`[]`)},
		{"jsonl", ""},
		{"line", ""},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			if got := render(t, tt.format, Options{Header: true}, empty); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			// Without a header an empty result leaves no trace, except in
			// json, where [] is the empty result.
			want := ""
			if tt.format == "json" {
				want = "[]\n"
			}
			if got := render(t, tt.format, Options{}, empty); got != want {
				t.Errorf("without header got:\n%q\nwant %q", got, want)
			}
		})
	}
}

func TestTwoResultSets(t *testing.T) {
	first := result{columns: []string{"a"}, rows: [][]any{{int64(1)}, {int64(2)}}}
	second := result{columns: []string{"b", "c"}, rows: [][]any{{"x", nil}}}
	tests := []struct {
		format string
		want   string
	}{
		{"table", lines(
			`+---+`, `| a |`, `+---+`, `| 1 |`, `| 2 |`, `+---+`,
			``,
			`+---+---+`, `| b | c |`, `+---+---+`, `| x |   |`, `+---+---+`,
		)},
		{"box", lines(
			`┌───┐`, `│ a │`, `├───┤`, `│ 1 │`, `│ 2 │`, `└───┘`,
			``,
			`┌───┬───┐`, `│ b │ c │`, `├───┼───┤`, `│ x │   │`, `└───┴───┘`,
		)},
		// The blank line keeps GitHub from reading one table.
		{"markdown", lines(
			`| a |`, `|--:|`, `| 1 |`, `| 2 |`,
			``,
			`| b | c |`, `|---|---|`, `| x |   |`,
		)},
		{"list", lines(`a`, `1`, `2`, `b|c`, `x|`)},
		{"csv", lines(`a`, `1`, `2`, `b,c`, `x,`)},
		{"tsv", lines(`a`, `1`, `2`, "b\tc", "x\t")},
		{"json", lines(`[{"a":1},`, `{"a":2}]`, `[{"b":"x","c":null}]`)},
		{"jsonl", lines(`{"a":1}`, `{"a":2}`, `{"b":"x","c":null}`)},
		{"line", lines(`a = 1`, ``, `a = 2`, ``, `b = x`, `c = `)},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			if got := render(t, tt.format, Options{Header: true}, first, second); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestEmptyResultBetweenOthersInTable(t *testing.T) {
	one := result{columns: []string{"a"}, rows: [][]any{{int64(1)}}}
	got := render(t, "table", Options{}, one, empty, one)
	want := lines(`+---+`, `| 1 |`, `+---+`, ``, `+---+`, `| 1 |`, `+---+`)
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestNoHeader(t *testing.T) {
	r := result{columns: []string{"n", "s"}, rows: [][]any{{int64(10), "ab"}, {int64(2), nil}}}
	tests := []struct {
		format string
		want   string
	}{
		{"table", lines(`+----+----+`, `| 10 | ab |`, `|  2 |    |`, `+----+----+`)},
		{"box", lines(`┌────┬────┐`, `│ 10 │ ab │`, `│  2 │    │`, `└────┴────┘`)},
		{"markdown", lines(`| 10 | ab |`, `|  2 |    |`)},
		{"list", lines(`10|ab`, `2|`)},
		{"csv", lines(`10,ab`, `2,`)},
		{"tsv", lines("10\tab", "2\t")},
		{"json", lines(`[{"n":10,"s":"ab"},`, `{"n":2,"s":null}]`)},
		{"line", lines(`n = 10`, `s = ab`, ``, `n = 2`, `s = `)},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			if got := render(t, tt.format, Options{}, r); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestNullValue(t *testing.T) {
	r := result{columns: []string{"a", "b"}, rows: [][]any{{nil, int64(1)}}}
	opts := Options{Header: true, NullValue: "NULL"}
	tests := []struct {
		format string
		want   string
	}{
		{"list", lines(`a|b`, `NULL|1`)},
		{"csv", lines(`a,b`, `NULL,1`)},
		{"line", lines(`a = NULL`, `b = 1`)},
		{"table", lines(`+------+---+`, `|  a   | b |`, `+------+---+`, `| NULL | 1 |`, `+------+---+`)},
		{"json", lines(`[{"a":null,"b":1}]`)},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			if got := render(t, tt.format, opts, r); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestValues(t *testing.T) {
	when := time.Date(2023, 9, 21, 10, 21, 33, 0, time.FixedZone("PDT", -7*3600))
	tests := []struct {
		name         string
		value        any
		list         string
		json         string
		rightAligned bool // in markdown, where alignment is per column
	}{
		{"integer", int64(-42), "-42", "-42", true},
		{"real", 0.1, "0.1", "0.1", true},
		{"whole real", float64(3), "3.0", "3.0", true},
		{"negative real", -1.25, "-1.25", "-1.25", true},
		{"large real", 1e21, "1e+21", "1e+21", true},
		{"tiny real", 1.5e-7, "1.5e-07", "1.5e-07", true},
		{"round trip", 0.30000000000000004, "0.30000000000000004", "0.30000000000000004", true},
		{"infinity", math.Inf(1), "Inf", "null", true},
		{"negative infinity", math.Inf(-1), "-Inf", "null", true},
		{"NaN", math.NaN(), "NaN", "null", true},
		{"text", "hi", "hi", `"hi"`, false},
		{"text that looks like a number", "12", "12", `"12"`, false},
		{"html is not escaped", "<a&b>", "<a&b>", `"<a&b>"`, false},
		{"blob", []byte{0x00, 0xab}, "X'00ab'", `"X'00ab'"`, false},
		{"true", true, "1", "1", true},
		{"false", false, "0", "0", true},
		{"time in UTC", when, "2023-09-21T17:21:33Z", `"2023-09-21T17:21:33Z"`, false},
		{"time keeps its fraction", time.Date(2023, 9, 21, 17, 21, 33, 751394900, time.UTC),
			"2023-09-21T17:21:33.7513949Z", `"2023-09-21T17:21:33.7513949Z"`, false},
		{"NULL", nil, "", "null", false},
		{"plain int", 7, "7", "7", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result{columns: []string{"value"}, rows: [][]any{{tt.value}}}
			if got := render(t, "list", Options{}, r); got != tt.list+"\n" {
				t.Errorf("list: got %q, want %q", got, tt.list)
			}
			if got := render(t, "jsonl", Options{}, r); got != `{"value":`+tt.json+"}\n" {
				t.Errorf("jsonl: got %q, want value %s", got, tt.json)
			}
			delimiterRow := strings.Split(render(t, "markdown", Options{Header: true}, r), "\n")[1]
			if got := strings.HasSuffix(delimiterRow, ":|"); got != tt.rightAligned {
				t.Errorf("markdown: right-aligned = %v (%s), want %v", got, delimiterRow, tt.rightAligned)
			}
		})
	}
}

func TestMarkdownAlignsOnlyAllNumericColumns(t *testing.T) {
	r := result{
		columns: []string{"mixed", "numbers", "nulls"},
		rows:    [][]any{{int64(1), nil, nil}, {"x", 2.5, nil}},
	}
	want := lines(
		`| mixed | numbers | nulls |`,
		`|-------|--------:|-------|`,
		`| 1     |         |       |`,
		`| x     |     2.5 |       |`,
	)
	if got := render(t, "markdown", Options{Header: true}, r); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestJSONKeepsColumnOrderAndDuplicates(t *testing.T) {
	r := result{columns: []string{"z", "a", "z"}, rows: [][]any{{int64(1), int64(2), int64(3)}}}
	if got, want := render(t, "json", Options{}, r), lines(`[{"z":1,"a":2,"z":3}]`); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTerminalFormatsNeutraliseControlCharacters(t *testing.T) {
	tests := []struct {
		name, value, escaped string
	}{
		{"escape sequence", "\x1b[2J", `\x1b[2J`},
		{"carriage return", "done\roverwritten", `done\roverwritten`},
		{"bell and NUL", "\a\x00", `\x07\x00`},
		{"delete", "a\x7f", `a\x7f`},
		{"C1 control sequence introducer", "\u009b31m", `\u009b31m`},
		{"bidirectional override", "abc\u202edef", `abc\u202edef`},
		{"bidirectional isolate", "\u2067x\u2069", `\u2067x\u2069`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"ordinary unicode stays", "héllo – 中文 ✓", "héllo – 中文 ✓"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := result{columns: []string{"v"}, rows: [][]any{{tt.value}}}
			for _, format := range []string{"table", "box", "markdown", "list", "line"} {
				got := render(t, format, Options{}, r)
				if !strings.Contains(got, tt.escaped) {
					t.Errorf("%s: %q does not show %q", format, got, tt.escaped)
				}
				if strings.ContainsAny(got, "\x1b\r\x00\x7f\u009b\u202e") {
					t.Errorf("%s: %q lets a control character through", format, got)
				}
			}
		})
	}
}

func TestColumnNamesAreEscapedToo(t *testing.T) {
	r := result{columns: []string{"\x1b[31mred"}, rows: [][]any{{int64(1)}}}
	for _, format := range []string{"table", "box", "markdown", "list", "line"} {
		if got := render(t, format, Options{Header: true}, r); strings.Contains(got, "\x1b") {
			t.Errorf("%s: %q prints a raw ESC from a column name", format, got)
		}
	}
}

func TestDataFormatsKeepTextExact(t *testing.T) {
	value := "\x1b[31mred\r\n\u202e"
	r := result{columns: []string{"v"}, rows: [][]any{{value}}}
	for _, format := range []string{"csv", "tsv"} {
		if got := render(t, format, Options{}, r); got != `"`+value+`"`+"\n" {
			t.Errorf("%s: got %q, want the value quoted and unchanged", format, got)
		}
	}
	if got, want := render(t, "jsonl", Options{}, r), `{"v":"\u001b[31mred\r\n`+"\u202e"+`"}`+"\n"; got != want {
		t.Errorf("jsonl: got %q, want %q", got, want)
	}
}

func TestMarkdownPipesAndBackslashes(t *testing.T) {
	tests := []struct{ value, cell string }{
		{`a|b`, `a\|b`},
		{`a\|b`, `a\\\|b`},
		{`C:\dir`, `C:\dir`},
		{`end\`, `end\`},
	}
	for _, tt := range tests {
		r := result{columns: []string{"v"}, rows: [][]any{{tt.value}}}
		if got, want := render(t, "markdown", Options{}, r), "| "+tt.cell+" |\n"; got != want {
			t.Errorf("%q: got %q, want %q", tt.value, got, want)
		}
	}
}

func TestTableAlignsWideCharacters(t *testing.T) {
	r := result{columns: []string{"name"}, rows: [][]any{{"日本語"}, {"ab"}, {"👍"}}}
	want := lines(
		`+--------+`,
		`|  name  |`,
		`+--------+`,
		`| 日本語 |`,
		`| ab     |`,
		`| 👍     |`,
		`+--------+`,
	)
	if got := render(t, "table", Options{Header: true}, r); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestNewRejectsUnknownFormat(t *testing.T) {
	_, err := New("yaml", &strings.Builder{}, Options{})
	if err == nil {
		t.Fatal("New(yaml) succeeded")
	}
	for _, name := range Names() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %s", err, name)
		}
	}
}

func TestNewIgnoresCase(t *testing.T) {
	if _, err := New("JSON", &strings.Builder{}, Options{}); err != nil {
		t.Errorf("New(JSON): %v", err)
	}
}

func TestMisuseIsReported(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			w, _ := New(name, &strings.Builder{}, Options{})
			if err := w.Row([]any{int64(1)}); err == nil {
				t.Error("Row before Begin succeeded")
			}
			if err := w.End(); err == nil {
				t.Error("End before Begin succeeded")
			}
			if err := w.Begin([]string{"a", "b"}); err != nil {
				t.Fatal(err)
			}
			if err := w.Row([]any{int64(1)}); err == nil {
				t.Error("a row with too few values succeeded")
			}
			if err := w.Begin([]string{"a"}); err == nil {
				t.Error("Begin twice succeeded")
			}
		})
	}
}

var errDiskFull = errors.New("disk full")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWriteErrorsReachTheCaller(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			w, _ := New(name, failingWriter{}, Options{Header: true})
			err := w.Begin([]string{"a"})
			if err == nil {
				err = w.Row([]any{"x"})
			}
			if err == nil {
				err = w.End()
			}
			if !errors.Is(err, errDiskFull) {
				t.Errorf("got %v, want an error wrapping %v", err, errDiskFull)
			}
		})
	}
}
