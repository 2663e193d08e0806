package repl

import (
	"fmt"
	"io"

	"github.com/actionsql/actionsql/internal/format"
)

func modeNames() []string { return format.Names() }

func (sh *shell) mode(args []string) error {
	if len(args) == 0 {
		fmt.Fprintf(sh.console(), "current output mode: %s\n", sh.settings.mode)
		return nil
	}
	// format.New checks the name and lists the valid ones when it is wrong.
	if _, err := format.New(args[0], io.Discard, sh.settings.opts); err != nil {
		return err
	}
	sh.settings.mode = args[0]
	return nil
}

func (sh *shell) headers(args []string) error {
	return sh.toggle(args, "headers", &sh.settings.opts.Header)
}

func (sh *shell) timer(args []string) error {
	return sh.toggle(args, "timer", &sh.settings.timer)
}

func (sh *shell) pager(args []string) error {
	if err := sh.toggle(args, "pager", &sh.settings.pager); err != nil {
		return err
	}
	if sh.settings.pager && sh.output.pageable == nil {
		fmt.Fprintln(sh.console(), "note: nothing is paged while stdout is not a terminal")
	}
	return nil
}

// toggle shows an on/off setting, or sets it from the argument.
func (sh *shell) toggle(args []string, name string, setting *bool) error {
	if len(args) == 0 {
		fmt.Fprintf(sh.console(), "%s: %s\n", name, onOffText(*setting))
		return nil
	}
	on, err := parseSwitch(args[0])
	if err != nil {
		return fmt.Errorf(".%s: %v", name, err)
	}
	*setting = on
	return nil
}

func (sh *shell) nullValue(args []string) error {
	sh.settings.opts.NullValue = args[0]
	return nil
}
