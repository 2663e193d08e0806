// Package examples holds the bundled example queries, compiled into the
// binary so that the shell's .examples works from any directory. Each
// file's first line is a "-- title" comment; all of them run as written
// on --demo data and return rows without a note (examples_test.go holds
// them, and every query the README and --help show, to that).
package examples

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed *.sql
var files embed.FS

// Example is one bundled query.
type Example struct {
	File  string // e.g. flaky_jobs.sql
	Title string // its "-- title" line, or the file name without .sql
	SQL   string
}

// All returns the examples in file name order, as .examples numbers them.
func All() []Example {
	names, err := fs.Glob(files, "*.sql")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	all := make([]Example, len(names)) // fs.Glob returns them sorted
	for i, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			panic(err) // embedded: reading cannot fail
		}
		all[i] = Example{File: name, Title: title(name, string(b)), SQL: string(b)}
	}
	return all
}

// title is the text's leading "-- title" line, or the file's name.
func title(name, text string) string {
	first, _, _ := strings.Cut(text, "\n")
	t, ok := strings.CutPrefix(strings.TrimSpace(first), "--")
	if !ok || strings.TrimSpace(t) == "" {
		return strings.TrimSuffix(name, ".sql")
	}
	return strings.TrimSpace(t)
}
