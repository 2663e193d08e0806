// Package format writes query results in the output formats the actionsql
// command line offers: table, list, csv, tsv, json, jsonl, markdown, line,
// box and parquet.
//
// Choices that the formats' names alone do not settle:
//
//   - INTEGER prints in decimal; REAL prints in the shortest form that reads
//     back as the same float64, with ".0" kept on whole numbers so a REAL
//     stays recognisable (100.0), and in exponent form (1e+21, 1e-07) outside
//     1e-6 <= |x| < 1e21. Infinities print as Inf and -Inf, and as null in
//     json and jsonl, which have no way to write them.
//   - BLOB ([]byte) prints as an SQL blob literal, X'0a1b', in every format,
//     json included, so that it is never mistaken for text and can be pasted
//     back into a query.
//   - time.Time prints as UTC RFC 3339 (2024-05-01T12:00:00Z, with a
//     fraction only when it has one), like the tables' timestamps.
//   - bool prints as 1 or 0, as SQLite stores booleans.
//   - NULL prints as Options.NullValue in the text formats and as null in
//     json and jsonl.
//
// Untrusted text (log lines can hold ANSI escape sequences) must not be able
// to move the cursor or recolour the terminal, so the formats meant for
// reading on a terminal (table, box, markdown, list, line) show control
// characters as visible escapes: \x1b for C0 controls and DEL, \u009b for C1
// controls, \u202e for the bidirectional overrides that reorder what is
// shown, and \xff for bytes that are not UTF-8. list and line keep tab and
// newline as they are, as sqlite3 does, so multi-line values stay readable;
// table, box and markdown cells must stay on one line, so there a newline
// shows as \n (as <br> in markdown, which GitHub renders as a line break) and
// a tab as \t. Backslashes are not doubled, so a value that already holds the
// text \x1b looks the same as an escaped ESC; that is the price of showing
// paths and regular expressions as they are.
//
// csv, tsv, json and jsonl are for programs, so they carry the data exactly:
// csv and tsv quote as RFC 4180 says (lines end in \n, not \r\n), json
// escapes control characters itself.
//
// A result with no rows still prints its header in csv, tsv, list, table,
// box and markdown (unless Options.Header is false), so that an empty result
// can be told from a statement that returns no result at all; json prints
// [], and jsonl and line print nothing. table, box and markdown put a blank
// line between consecutive results so that two markdown tables do not merge.
//
// parquet is binary and holds one result set: it goes to a file (WritesFile
// says so), never to a terminal or a pipe, and a writer takes the columns'
// declared types (DeclareTypes) to type its columns; see parquetWriter for
// the rules.
package format

import (
	"fmt"
	"io"
	"strings"
)

// Options are the settings every format shares.
type Options struct {
	// Header prints the column names as a first row in the csv, tsv, list,
	// table, box and markdown formats.
	Header bool
	// NullValue is the text shown for NULL in the text formats.
	NullValue string
	// Also, when not nil, is handed every result set too, value by value,
	// as it is written: the shell keeps the last one so that .chart can
	// draw it. An error from Also fails the writing like one of the
	// format's own.
	Also Writer
}

// Writer writes one or more result sets, one per statement that returns rows.
type Writer interface {
	// Begin starts a result set with the given column names.
	Begin(columns []string) error
	// Row writes one row. Values are what database/sql scans into an any:
	// nil, int64, float64, string, []byte, bool or time.Time.
	Row(values []any) error
	// End finishes the result set and flushes it to the output. The formats
	// that align columns print the whole result set here.
	End() error
}

// constructors maps each format name to its Writer, in the order Names
// lists them: the everyday formats first.
var constructors = []struct {
	name string
	make func(w io.Writer, opts Options) Writer
}{
	{"table", func(w io.Writer, o Options) Writer { return newGrid(w, o, asciiBorders) }},
	{"list", newList},
	{"csv", func(w io.Writer, o Options) Writer { return newDelimited(w, o, ',') }},
	{"tsv", func(w io.Writer, o Options) Writer { return newDelimited(w, o, '\t') }},
	{"json", func(w io.Writer, o Options) Writer { return newJSON(w, false) }},
	{"jsonl", func(w io.Writer, o Options) Writer { return newJSON(w, true) }},
	{"markdown", newMarkdown},
	{"line", newLine},
	{"box", func(w io.Writer, o Options) Writer { return newGrid(w, o, boxBorders) }},
	{"parquet", newParquet},
}

// WritesFile reports whether the named format writes a binary file of one
// result (parquet), which needs a file name of its own rather than stdout.
func WritesFile(name string) bool {
	return strings.EqualFold(strings.TrimSpace(name), "parquet")
}

// typeDeclarer is a Writer that types its columns from their declared
// types (parquet does).
type typeDeclarer interface {
	declareTypes(declared []string)
}

// DeclareTypes hands w the declared types of the next result set's
// columns (as database/sql's DatabaseTypeName gives them, "" for an
// expression), before Begin; the formats that print text ignore them.
func DeclareTypes(w Writer, declared []string) {
	if d, ok := w.(typeDeclarer); ok {
		d.declareTypes(declared)
	}
}

// Names returns every format name, for help texts and completion.
func Names() []string {
	names := make([]string, len(constructors))
	for i, c := range constructors {
		names[i] = c.name
	}
	return names
}

// New returns a Writer for the named format that writes to w. Names are
// matched without regard to case.
func New(name string, w io.Writer, opts Options) (Writer, error) {
	wanted := strings.ToLower(strings.TrimSpace(name))
	for _, c := range constructors {
		if c.name == wanted {
			if opts.Also != nil {
				return tee{c.make(w, opts), opts.Also}, nil
			}
			return c.make(w, opts), nil
		}
	}
	return nil, fmt.Errorf("unknown output format %q: use one of %s",
		name, strings.Join(Names(), ", "))
}

// tee writes each result set to two Writers: the format, then Options.Also.
type tee struct {
	format, also Writer
}

func (t tee) declareTypes(declared []string) {
	DeclareTypes(t.format, declared)
}

func (t tee) Begin(columns []string) error {
	if err := t.format.Begin(columns); err != nil {
		return err
	}
	return t.also.Begin(columns)
}

func (t tee) Row(values []any) error {
	if err := t.format.Row(values); err != nil {
		return err
	}
	return t.also.Row(values)
}

func (t tee) End() error {
	if err := t.format.End(); err != nil {
		return err
	}
	return t.also.End()
}
