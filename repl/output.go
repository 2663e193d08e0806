package repl

import (
	"fmt"
	"io"
	"os"
)

// output is where results go: the terminal, the file .output named, or
// for one result the file .once named.
type output struct {
	stdout io.Writer
	file   *os.File // from .output FILE; nil for stdout
	once   *os.File // from .once FILE; used by the next result only
	// pageable is how the pager reaches the terminal; nil when stdout is
	// not one.
	pageable *terminal
}

// forStatement returns the writer for the next result and a function to
// call once it is written. withPager asks for the pager when the result
// goes to the terminal.
func (o *output) forStatement(withPager bool) (io.Writer, func() error) {
	if f := o.once; f != nil {
		o.once = nil
		return f, f.Close
	}
	if o.file != nil {
		return o.file, func() error { return nil }
	}
	if withPager && o.pageable != nil {
		p := newPaged(o.pageable)
		return p, p.finish
	}
	return o.stdout, func() error { return nil }
}

// redirect sends every result to the file at path from now on, or to
// stdout again when path is "".
func (o *output) redirect(path string) error {
	if err := o.closeFile(); err != nil {
		return err
	}
	if path == "" {
		return nil
	}
	f, err := createOutput(path)
	if err != nil {
		return err
	}
	o.file = f
	return nil
}

// redirectOnce sends the next result to the file at path.
func (o *output) redirectOnce(path string) error {
	f, err := createOutput(path)
	if err != nil {
		return err
	}
	if o.once != nil {
		o.once.Close()
	}
	o.once = f
	return nil
}

func (o *output) closeFile() error {
	if o.file == nil {
		return nil
	}
	err := o.file.Close()
	o.file = nil
	if err != nil {
		return fmt.Errorf("finish writing the output file: %w", err)
	}
	return nil
}

func (o *output) close() {
	o.closeFile()
	if o.once != nil {
		o.once.Close()
	}
}

func createOutput(path string) (*os.File, error) {
	f, err := os.Create(expandHome(path))
	if err != nil {
		return nil, fmt.Errorf("cannot write results to %s: %w", path, err)
	}
	return f, nil
}
