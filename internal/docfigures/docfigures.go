// Package docfigures keeps the figures the documentation quotes equal to
// what the test suites measure now. A test that measures a figure states it
// with Check; the page holds it as one row of a table between the lines
// "<!-- figures -->" and "<!-- /figures -->", under a line naming the
// commit it was measured at. Check fails the test when the row says
// anything else, and names the command that rewrites the rows
// (scripts/figures.sh): it runs the same tests with ACTIONSQL_UPDATE_FIGURES=1,
// under which Check writes each row instead of comparing it.
package docfigures

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// UpdateEnv, set to 1, makes Check write the rows instead of checking them.
const UpdateEnv = "ACTIONSQL_UPDATE_FIGURES"

// Regenerate is the command that measures the figures again and writes them.
const Regenerate = "scripts/figures.sh"

const (
	beginMark = "<!-- figures -->"
	endMark   = "<!-- /figures -->"
)

// stampLine is the line of the block that names the commit measured.
var stampLine = regexp.MustCompile("(?m)^Measured at commit `[0-9a-f]{7,40}")

// mu serialises the rewrites of a page by the tests of one process;
// scripts/figures.sh runs one package at a time.
var mu sync.Mutex

// Check wants the figures table of doc (a path from the repository's root,
// e.g. "docs/reliability.md") to hold the row
//
//	| what | result | package: TestName |
//
// with t's package and test. Under UpdateEnv=1 it writes that row instead,
// in place of the row about the same what, or as the table's last row.
func Check(t testing.TB, doc, what, result string) {
	t.Helper()
	root, pkg, err := repoRoot()
	if err != nil {
		t.Fatalf("docfigures: %v", err)
	}
	test, _, _ := strings.Cut(t.Name(), "/")
	row := fmt.Sprintf("| %s | %s | %s: %s |", what, result, pkg, test)
	update := os.Getenv(UpdateEnv) == "1"
	err = apply(filepath.Join(root, doc), what, row, update)
	switch {
	case err != nil && update:
		t.Errorf("docfigures: writing %s: %v", doc, err)
	case err != nil:
		t.Errorf("%s: %v\nThe suite measures this figure now; to write it (and the others) into %s, run %s", doc, err, doc, Regenerate)
	}
}

// apply compares the page's row about what with row, or with update
// writes row into the page.
func apply(path, what, row string, update bool) error {
	mu.Lock()
	defer mu.Unlock()
	page, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if update {
		return write(path, page, what, row)
	}
	return compare(page, what, row)
}

// compare returns what is wrong with the page's row about what.
func compare(page []byte, what, want string) error {
	block, _, err := figuresBlock(page)
	if err != nil {
		return err
	}
	if !stampLine.Match(block) {
		return errors.New("the figures do not name the commit they were measured at (a line \"Measured at commit `...`\")")
	}
	got, ok := rowAbout(block, what)
	switch {
	case !ok:
		return fmt.Errorf("no row about %q among the figures; want\n  %s", what, want)
	case got != want:
		return fmt.Errorf("the figures say\n  %s\nthe suite measured\n  %s", got, want)
	}
	return nil
}

// write puts row in place of the page's row about what.
func write(path string, page []byte, what, row string) error {
	block, at, err := figuresBlock(page)
	if err != nil {
		return err
	}
	var updated []byte
	if old, ok := rowAbout(block, what); ok {
		updated = bytes.Replace(block, []byte(old), []byte(row), 1)
	} else {
		updated = append(bytes.Clone(bytes.TrimRight(block, "\n")), "\n"+row+"\n"...)
	}
	out := append(append(append([]byte{}, page[:at]...), updated...), page[at+len(block):]...)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, out, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// figuresBlock returns the text between the marks and where it starts.
func figuresBlock(page []byte) (block []byte, at int, err error) {
	begin := bytes.Index(page, []byte(beginMark+"\n"))
	end := bytes.Index(page, []byte(endMark))
	if begin < 0 || end < begin {
		return nil, 0, fmt.Errorf("no figures table: the rows go between the lines %s and %s", beginMark, endMark)
	}
	at = begin + len(beginMark) + 1
	return page[at:end], at, nil
}

// rowAbout finds the table row whose first cell is what.
func rowAbout(block []byte, what string) (string, bool) {
	for _, line := range strings.Split(string(block), "\n") {
		if strings.HasPrefix(line, "| "+what+" | ") {
			return line, true
		}
	}
	return "", false
}

// repoRoot finds the module's root above the working directory (a test runs
// in its package's directory) and the package's path from there.
func repoRoot() (root, pkg string, err error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			return dir, filepath.ToSlash(rel), err
		}
		if filepath.Dir(dir) == dir {
			return "", "", fmt.Errorf("no go.mod above %s", wd)
		}
	}
}
