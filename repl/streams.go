package repl

import (
	"io"
	"os"

	"golang.org/x/term"
)

// Streams are the standard streams the shell reads and writes, and which of
// them are terminals (a test passes pipes and says which are "terminals").
type Streams struct {
	In          io.Reader
	Out, Err    io.Writer
	InTerminal  bool
	OutTerminal bool
}

// SystemStreams are the process's own.
func SystemStreams() Streams {
	return Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTerminal: term.IsTerminal(int(os.Stdout.Fd())),
	}
}
