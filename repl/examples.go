package repl

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/actionsql/actionsql/examples"
)

// examples lists the bundled example queries, or runs one. They are part
// of the binary, so this works wherever actionsql is started.
func (sh *shell) examples(args []string) error {
	all := examples.All()
	if len(args) == 0 {
		return sh.listExamples(all)
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 || n > len(all) {
		return fmt.Errorf("no example %q: give a number from 1 to %d (.examples lists them)", args[0], len(all))
	}
	return sh.runExample(all[n-1])
}

// listExamples writes the list where results go, as .tables does, so that
// `echo .examples | actionsql --demo` prints it on stdout.
func (sh *shell) listExamples(all []examples.Example) error {
	err := sh.commandOutput(func(w io.Writer) error {
		for i, e := range all {
			if _, err := fmt.Fprintf(w, "%3d  %s  (%s)\n", i+1, e.Title, e.File); err != nil {
				return err
			}
		}
		return nil
	})
	fmt.Fprintln(sh.console(), "Run one with .examples N: it shows the SQL, then runs it.")
	return err
}

// runExample shows the query before running it, so that the user can
// learn from it and change it.
func (sh *shell) runExample(e examples.Example) error {
	fmt.Fprintln(sh.console(), strings.TrimRight(e.SQL, "\n"))
	return sh.runNested(strings.NewReader(e.SQL), source{file: "examples/" + e.File})
}
