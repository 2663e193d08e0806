package repl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"

	"github.com/mattn/go-runewidth"
	"golang.org/x/term"
)

// defaultPager is used when $PAGER is not set: -F quits at once when the
// text fits on one screen, -R passes colours, -X leaves the text on the
// screen after quitting.
const defaultPager = "less -FRX"

// terminal is the terminal results are shown on, for the pager.
type terminal struct {
	file *os.File
}

// pageableTerminal returns the terminal results can be paged on, nil
// when stdout is not a terminal: a pager there would only get in the way.
func pageableTerminal(s Streams) *terminal {
	f, ok := s.Out.(*os.File)
	if !ok || !s.OutTerminal {
		return nil
	}
	return &terminal{file: f}
}

// pagerCommand is $PAGER, or less.
func pagerCommand() string {
	if p := os.Getenv("PAGER"); p != "" {
		return p
	}
	return defaultPager
}

// paged holds a result back until it is taller than the terminal, then
// pipes it through the pager; a shorter result prints as it is.
type paged struct {
	term    *terminal
	height  int
	width   int
	held    bytes.Buffer
	counted int // bytes of held whose screen rows are in rows
	rows    int
	pager   *exec.Cmd
	pipe    io.WriteCloser
	closed  bool // the user quit the pager before the end: drop the rest
	failure error
}

func newPaged(t *terminal) *paged {
	width, height, err := term.GetSize(int(t.file.Fd()))
	if err != nil || width <= 0 || height <= 0 {
		width, height = 0, 0 // unknown size: never page
	}
	return &paged{term: t, width: width, height: height}
}

func (p *paged) Write(b []byte) (int, error) {
	if p.pipe != nil {
		return p.toPager(b)
	}
	p.held.Write(b)
	if p.height > 0 && p.countRows() >= p.height {
		p.startPager()
	}
	return len(b), nil
}

// countRows adds the screen rows of the complete lines held since the
// last count (a long line wraps onto several) and returns the total.
func (p *paged) countRows() int {
	for {
		rest := p.held.Bytes()[p.counted:]
		end := bytes.IndexByte(rest, '\n')
		if end < 0 {
			return p.rows
		}
		p.rows += screenRows(string(rest[:end]), p.width)
		p.counted += end + 1
	}
}

func screenRows(line string, width int) int {
	w := runewidth.StringWidth(line)
	if w <= width {
		return 1
	}
	return (w + width - 1) / width
}

// startPager starts the pager and hands it what was held. If it cannot
// start, the result goes to the terminal directly and finish says why.
func (p *paged) startPager() {
	command := pagerCommand()
	cmd := exec.Command("/bin/sh", "-c", command)
	cmd.Stdout, cmd.Stderr = p.term.file, os.Stderr
	pipe, err := cmd.StdinPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		p.failure = fmt.Errorf("pager %q did not start: %v; set $PAGER, or turn paging off with .pager off", command, err)
		p.height = 0 // print directly from now on
		return
	}
	p.pager, p.pipe = cmd, pipe
	p.toPager(p.held.Bytes())
	p.held.Reset()
}

func (p *paged) toPager(b []byte) (int, error) {
	if p.closed {
		return len(b), nil
	}
	if _, err := p.pipe.Write(b); err != nil {
		if !errors.Is(err, syscall.EPIPE) && !errors.Is(err, os.ErrClosed) {
			return 0, err
		}
		p.closed = true // the user has seen enough: that is not an error
	}
	return len(b), nil
}

// finish prints a result that fit on the screen, or waits for the user to
// leave the pager.
func (p *paged) finish() error {
	if p.pipe == nil {
		_, err := p.held.WriteTo(p.term.file)
		if err == nil {
			err = p.failure
		}
		return err
	}
	p.pipe.Close()
	p.pager.Wait() // its exit status says nothing about the result
	return nil
}
