package repl

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxReadDepth bounds .read inside .read, so a file that reads itself
// fails with a message instead of running forever.
const maxReadDepth = 16

// source is where a script comes from, for the place its errors name:
// "line 3" on stdin or the command line, "q.sql:3" in a file that .read or
// .examples runs.
type source struct {
	file string
	// unplaced leaves the place out: a one-line statement given on the
	// command line needs none.
	unplaced bool
}

// at prefixes err with the place of the statement or command that failed
// on line. An interrupt is the user's own doing and needs no place, and an
// error from a nested file already names its own.
func (s source) at(line int, err error) error {
	var inner *placedError
	if s.unplaced || errors.Is(err, errInterrupted) || errors.As(err, &inner) {
		return err
	}
	place := fmt.Sprintf("line %d", line)
	if s.file != "" {
		place = fmt.Sprintf("%s:%d", s.file, line)
	}
	return &placedError{place: place, err: err}
}

// placedError is an error with the place in a script where it happened.
type placedError struct {
	place string
	err   error
}

func (e *placedError) Error() string { return e.place + ": " + e.err.Error() }
func (e *placedError) Unwrap() error { return e.err }

// offsetError is a statement's error with the line the statement starts on,
// counted from the line its text began on (0 for most).
type offsetError struct {
	offset int
	err    error
}

func (e *offsetError) Error() string { return e.err.Error() }
func (e *offsetError) Unwrap() error { return e.err }

// runScript runs SQL and dot-commands from r until its end or the first
// error, which names the line the failing statement or command starts on.
func (sh *shell) runScript(r io.Reader, src source) error {
	in := &plainReader{in: bufio.NewReader(r), prompts: io.Discard}
	defer sh.pending.reset() // a failed file must not leave half a statement behind
	lineNo, start := 0, 0
	for !sh.quitting {
		line, err := in.readLine("")
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return src.at(lineNo+1, fmt.Errorf("read: %w", err))
		}
		lineNo++
		if sh.pending.empty() {
			start = lineNo
		}
		if _, err := sh.feed(line); err != nil {
			return src.at(start+lineOffset(err), err)
		}
	}
	if err := sh.executeAll(sh.pending.finish()); err != nil {
		return src.at(start+lineOffset(err), err)
	}
	return nil
}

func lineOffset(err error) int {
	var o *offsetError
	if errors.As(err, &o) {
		return o.offset
	}
	return 0
}

// runText runs the SQL given on the command line: a script like any other,
// whose errors name their line once it has more than one.
func (sh *shell) runText(text string) error {
	return sh.runScript(strings.NewReader(text), source{unplaced: !strings.Contains(strings.TrimSpace(text), "\n")})
}

// runNested runs a script from inside another, as .read and .examples do.
func (sh *shell) runNested(r io.Reader, src source) error {
	if sh.readDepth >= maxReadDepth {
		return fmt.Errorf("%s: files read each other more than %d deep; is one reading itself?", src.file, maxReadDepth)
	}
	sh.readDepth++
	defer func() { sh.readDepth-- }()
	return sh.runScript(r, src)
}

// runFile runs a SQL file, as .read does.
func (sh *shell) runFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return sh.runNested(f, source{file: path})
}
