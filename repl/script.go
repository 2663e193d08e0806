package repl

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxReadDepth bounds .read inside .read, so a file that reads itself
// fails with a message instead of running forever.
const maxReadDepth = 16

// runScript runs SQL and dot-commands from r until its end or the first
// error. An error names the file (name, when given) and the line the
// failing statement or command starts on.
func (sh *shell) runScript(r io.Reader, name string) error {
	in := &plainReader{in: bufio.NewReader(r), prompts: io.Discard}
	defer sh.pending.reset() // a failed file must not leave half a statement behind
	lineNo, start := 0, 0
	for !sh.quitting {
		line, err := in.readLine("")
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return located(name, lineNo+1, fmt.Errorf("read: %w", err))
		}
		lineNo++
		if sh.pending.empty() {
			start = lineNo
		}
		if _, err := sh.feed(line); err != nil {
			return located(name, start, err)
		}
	}
	for _, stmt := range sh.pending.finish() {
		if err := sh.execute(stmt); err != nil {
			return located(name, start, err)
		}
	}
	return nil
}

// runFile runs a SQL file, as .read and .examples do.
func (sh *shell) runFile(path string) error {
	if sh.readDepth >= maxReadDepth {
		return fmt.Errorf("%s: files read each other more than %d deep; is one reading itself?", path, maxReadDepth)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sh.readDepth++
	defer func() { sh.readDepth-- }()
	return sh.runScript(f, path)
}

// located prefixes err with its place in a file. An interrupt is the
// user's own doing and needs no place.
func located(name string, line int, err error) error {
	if name == "" || errors.Is(err, errInterrupted) {
		return err
	}
	return fmt.Errorf("%s:%d: %w", name, line, err)
}
