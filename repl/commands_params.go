package repl

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

const parameterUsage = "usage: .parameter set NAME VALUE | list | clear [NAME]"

// parameter sets, lists and clears the values that :NAME, @NAME and $NAME
// take, as sqlite3's .parameter does; --param NAME=VALUE sets them from the
// command line.
func (sh *shell) parameter(args []string) error {
	params := &sh.runner.Params
	switch sub := strings.ToLower(args[0]); {
	case sub == "set" && len(args) == 3:
		return params.Set(args[1], args[2])
	case sub == "list" && len(args) == 1:
		return sh.listParameters()
	case sub == "clear" && len(args) == 1:
		params.Clear()
		return nil
	case (sub == "clear" || sub == "unset") && len(args) == 2:
		if !params.Unset(args[1]) {
			return fmt.Errorf("no parameter %s to clear: .parameter list shows them", args[1])
		}
		return nil
	}
	return errors.New(parameterUsage)
}

// listParameters writes NAME VALUE lines where results go, the value as SQL
// would write it (5, 1.5, 'text').
func (sh *shell) listParameters() error {
	list := sh.runner.Params.List()
	if len(list) == 0 {
		fmt.Fprintln(sh.console(), "no parameters: .parameter set NAME VALUE gives :NAME a value")
		return nil
	}
	return sh.commandOutput(func(w io.Writer) error {
		for _, p := range list {
			if _, err := fmt.Fprintf(w, "%s %s\n", p.Name, p.Literal()); err != nil {
				return err
			}
		}
		return nil
	})
}

func parameterWords(sh *shell, word string) []string {
	return []string{"set", "list", "clear"}
}
