package repl

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/actionsql/actionsql/internal/outfile"
)

// output is where results go: the terminal, the file .output named, or
// for one result the file .once named.
type output struct {
	stdout io.Writer
	file   *os.File // from .output FILE; nil for stdout
	// once is the file .once named, for the next result only; "" for none.
	// It is written whole or not at all: a failed statement leaves an
	// earlier file of that name as it was.
	once string
	// resultFile is --output FILE when the format writes a file of one
	// result (parquet): the script's one result goes there, whole or not
	// at all; resultWritten says it went.
	resultFile    string
	resultWritten bool
	// pageable is how the pager reaches the terminal; nil when stdout is
	// not one.
	pageable *terminal
}

// finishFunc is called once a statement has run: ok says it succeeded,
// resultSet that it returned a result set (even an empty one).
type finishFunc func(ok, resultSet bool) error

// forStatement returns the writer for the next result and the function to
// call once the statement has run. withPager asks for the pager when the
// result goes to the terminal; fileFormat says the format writes a file
// of one result (parquet), which needs a file of its own.
func (o *output) forStatement(withPager, fileFormat bool) (io.Writer, finishFunc, error) {
	if path := o.once; path != "" {
		o.once = ""
		return o.whole(path, fileFormat, func() { o.once = path }, func() {})
	}
	if fileFormat {
		return o.forFileFormat()
	}
	if o.file != nil {
		return o.file, noFinish, nil
	}
	if withPager && o.pageable != nil {
		p := newPaged(o.pageable)
		return p, func(bool, bool) error { return p.finish() }, nil
	}
	return o.stdout, noFinish, nil
}

func noFinish(bool, bool) error { return nil }

// errNeedsFile is the advice for a Parquet result with nowhere to go.
var errNeedsFile = errors.New("a Parquet result goes to a file of its own: name it with .once FILE before the statement (or --output FILE on the command line)")

// forFileFormat is where a Parquet result goes when .once named no file:
// --output FILE, once.
func (o *output) forFileFormat() (io.Writer, finishFunc, error) {
	switch {
	case o.resultFile != "" && o.resultWritten:
		return nil, nil, fmt.Errorf("--output %s holds the result of an earlier statement, and a Parquet file holds one: give each statement a file of its own with .once FILE", o.resultFile)
	case o.resultFile != "":
		return o.whole(o.resultFile, true, func() {}, func() { o.resultWritten = true })
	case o.file != nil:
		return nil, nil, fmt.Errorf("%w; .output sends every result to one file, which a Parquet file cannot hold", errNeedsFile)
	}
	return nil, nil, errNeedsFile
}

// whole starts the file at path, written whole or not at all. A statement
// without a result set (CREATE TABLE ...) leaves an empty file in the text
// formats, as sqlite3 does, but no Parquet file, which would not be one:
// then keep is called, to leave the file for the next statement; written is
// called once the file is in place.
func (o *output) whole(path string, fileFormat bool, keep, written func()) (io.Writer, finishFunc, error) {
	f, err := outfile.Create(expandHome(path))
	if err != nil {
		return nil, nil, err
	}
	return f, func(ok, resultSet bool) error {
		if !ok || (fileFormat && !resultSet) {
			f.Discard()
			if ok {
				keep()
			}
			return nil
		}
		if err := f.Commit(); err != nil {
			return err
		}
		written()
		return nil
	}, nil
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

// redirectOnce sends the next result to the file at path. The file is
// written when the statement runs; a folder that does not exist is found
// out now.
func (o *output) redirectOnce(path string) error {
	dir := filepath.Dir(expandHome(path))
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("cannot write results to %s: no folder %s", path, dir)
	}
	o.once = path
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
}

func createOutput(path string) (*os.File, error) {
	f, err := os.Create(expandHome(path))
	if err != nil {
		return nil, fmt.Errorf("cannot write results to %s: %w", path, err)
	}
	return f, nil
}
