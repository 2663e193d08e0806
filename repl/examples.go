package repl

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// example is one examples/*.sql file: a query with a "-- title" first line.
type example struct {
	title, path string
}

// examples lists the example queries, or runs one.
func (sh *shell) examples(args []string) error {
	dirs := exampleDirs()
	found := findExamples(dirs)
	if len(found) == 0 {
		return fmt.Errorf("no examples found: looked for *.sql in %s", strings.Join(dirs, " and "))
	}
	if len(args) == 0 {
		writeExampleList(sh, found)
		return nil
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 || n > len(found) {
		return fmt.Errorf("no example %q: give a number from 1 to %d (.examples lists them)", args[0], len(found))
	}
	return sh.runExample(found[n-1])
}

func writeExampleList(sh *shell, found []example) {
	w := sh.console()
	for i, e := range found {
		fmt.Fprintf(w, "%3d  %s  (%s)\n", i+1, e.title, filepath.Base(e.path))
	}
	fmt.Fprintln(w, "Run one with .examples N; read its SQL in the file.")
}

// runExample shows the query before running it, so that the user can
// learn from it and change it.
func (sh *shell) runExample(e example) error {
	text, err := os.ReadFile(e.path)
	if err != nil {
		return err
	}
	fmt.Fprintln(sh.console(), strings.TrimRight(string(text), "\n"))
	return sh.runFile(e.path)
}

// exampleDirs are where examples are looked for: next to the binary (as a
// release unpacks them), then ./examples (in a checkout).
func exampleDirs() []string {
	var dirs []string
	if exe, err := os.Executable(); err == nil {
		if resolved, err := filepath.EvalSymlinks(exe); err == nil {
			exe = resolved
		}
		dirs = append(dirs, filepath.Join(filepath.Dir(exe), "examples"))
	}
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, filepath.Join(wd, "examples"))
	}
	return slices.Compact(dirs)
}

// findExamples returns the examples of the first directory that has any,
// in file name order.
func findExamples(dirs []string) []example {
	for _, dir := range dirs {
		paths, err := filepath.Glob(filepath.Join(dir, "*.sql"))
		if err != nil || len(paths) == 0 {
			continue
		}
		slices.Sort(paths)
		found := make([]example, len(paths))
		for i, p := range paths {
			found[i] = example{title: exampleTitle(p), path: p}
		}
		return found
	}
	return nil
}

// exampleTitle is the file's leading "-- title" line, or its name.
func exampleTitle(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), ".sql")
	f, err := os.Open(path)
	if err != nil {
		return name
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	if !lines.Scan() {
		return name
	}
	title, ok := strings.CutPrefix(strings.TrimSpace(lines.Text()), "--")
	if !ok || strings.TrimSpace(title) == "" {
		return name
	}
	return strings.TrimSpace(title)
}
