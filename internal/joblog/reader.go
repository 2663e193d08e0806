package joblog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"time"
)

const (
	// readBufferSize is the default bufio buffer; longer lines are
	// assembled from several reads, so it bounds nothing but the cost of a
	// read.
	readBufferSize = 64 << 10
	// maxLineBytes caps a single line so that a log without line breaks
	// cannot exhaust memory; real logs stay far below it.
	maxLineBytes = 64 << 20
	// maxLookaheadLines and maxLookaheadBytes bound the lines read ahead of
	// the caller while attribution settles an ambiguous step start.
	maxLookaheadLines = 4096
	maxLookaheadBytes = 4 << 20
	// largeScratch is the capacity above which the long-line buffer is
	// released after use instead of kept for the next long line.
	largeScratch = 1 << 20
)

// ErrLineTooLong is returned (wrapped) by Reader.Next for a line longer than
// 64 MiB.
var ErrLineTooLong = errors.New("line longer than 64 MiB")

// Line is one line of a job log.
type Line struct {
	Number    int64  // 1-based line number
	Timestamp string // leading timestamp as written, "" if none
	Level     string // log command mark, "" for ordinary output
	Content   string // text without timestamp, mark, ANSI sequences and BOM
	Raw       string // the line as downloaded, without its line ending
	Step      int64  // number of the step that wrote the line; 0 = unknown / NULL
}

// Step is one step of the job as the API's job object describes it (second
// precision times; zero time = null).
type Step struct {
	Number      int64
	Name        string
	Status      string // queued, in_progress, completed
	Conclusion  string // success, failure, skipped, cancelled, ""
	StartedAt   time.Time
	CompletedAt time.Time
}

// Reader streams the lines of a job log. It holds one line at a time, plus
// a bounded window of lines read ahead when a step start is ambiguous. A
// Reader is not safe for concurrent use.
type Reader struct {
	src     *bufio.Reader
	scratch []byte // assembles lines longer than the bufio buffer
	lineNo  int64
	ahead   lineQueue // lines read but not yet returned
	steps   *attributor
	detail  Detail
	err     error // first read error, io.EOF at the end; sticky
}

// Options say how a Reader treats each line. The zero value parses every
// line and attributes none to a step.
type Options struct {
	// Steps describe the job's steps as the API lists them, in any order;
	// with none every Line.Step is 0.
	Steps []Step
	// Detail is how much of each line to fill in. Finding a line costs a
	// fraction of parsing it, and counting lines needs neither. With Steps
	// it is always Parsed: attributing lines needs them parsed.
	Detail Detail
	// BufferSize is the read buffer's size in bytes; 0 means 64 KiB, which
	// suits a download. A caller reading many tiny logs (a fuzz target)
	// saves the allocation with a small one; lines longer than the buffer
	// are assembled all the same. bufio raises it to at least 16.
	BufferSize int
}

// Detail says how much of each Line a Reader fills in.
type Detail int

const (
	Parsed     Detail = iota // every field (the zero value)
	RawText                  // Number and Raw
	NumberOnly               // Number alone
)

// NewReader streams a log from r. steps describe the job's steps as the API
// lists them, in any order; with no steps every Line.Step is 0.
func NewReader(r io.Reader, steps []Step) *Reader {
	return NewReaderOptions(r, Options{Steps: steps})
}

// NewReaderOptions streams a log from r as opts say.
func NewReaderOptions(src io.Reader, opts Options) *Reader {
	size := opts.BufferSize
	if size <= 0 {
		size = readBufferSize
	}
	r := &Reader{
		src:    bufio.NewReaderSize(src, size),
		steps:  newAttributor(opts.Steps),
		detail: opts.Detail,
	}
	if len(opts.Steps) > 0 {
		r.detail = Parsed
	}
	return r
}

// Next returns the next line, or io.EOF after the last one. Other errors are
// wrapped with the number of the line being read, and repeat on later calls.
func (r *Reader) Next() (Line, error) {
	if r.ahead.len() == 0 && !r.readAhead() {
		return Line{}, r.err
	}
	e := r.ahead.front()
	e.Step = r.steps.stepOf(e, r.peek)
	r.ahead.pop()
	return e.Line, nil
}

// peek returns the i-th line after the one Next is about to return, reading
// it if needed. It reports false at the end of the input, on a read error
// (kept for Next to report once the lines before it are returned) and when
// the lookahead limits are reached.
func (r *Reader) peek(i int) (entry, bool) {
	for r.ahead.len() <= i {
		if r.ahead.len() > maxLookaheadLines || r.ahead.bytes > maxLookaheadBytes {
			return entry{}, false
		}
		if !r.readAhead() {
			return entry{}, false
		}
	}
	return r.ahead.at(i), true
}

// readAhead reads and parses one more line into the queue.
func (r *Reader) readAhead() bool {
	if r.err != nil {
		return false
	}
	if r.detail == NumberOnly {
		return r.skipLine()
	}
	raw, err := r.readLine()
	if err != nil {
		r.err = r.wrapReadError(err)
		return false
	}
	r.lineNo++
	if r.detail == RawText {
		r.ahead.push(entry{Line: Line{Number: r.lineNo, Raw: raw}})
	} else {
		r.ahead.push(newEntry(r.lineNo, raw))
	}
	return true
}

// skipLine reads past one line without keeping it: a line is counted, never
// copied, however long.
func (r *Reader) skipLine() bool {
	for read := false; ; read = true {
		chunk, err := r.src.ReadSlice('\n')
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && (len(chunk) > 0 || read):
		case err != nil:
			r.err = r.wrapReadError(err)
			return false
		}
		r.lineNo++
		r.ahead.push(entry{Line: Line{Number: r.lineNo}})
		return true
	}
}

func (r *Reader) wrapReadError(err error) error {
	if err == io.EOF {
		return io.EOF
	}
	return fmt.Errorf("joblog: reading line %d: %w", r.lineNo+1, err)
}

// readLine returns the next line without its line ending. A final line
// without a line ending is still a line; io.EOF comes only after it.
func (r *Reader) readLine() (string, error) {
	chunk, err := r.src.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull:
		return r.readLongLine(chunk)
	case err == io.EOF && len(chunk) > 0:
		return string(trimLineEnding(chunk)), nil
	case err != nil:
		return "", err
	}
	return string(trimLineEnding(chunk)), nil
}

// readLongLine assembles a line that does not fit the bufio buffer, whose
// first part is first.
func (r *Reader) readLongLine(first []byte) (string, error) {
	defer r.releaseLargeScratch()
	r.scratch = append(r.scratch[:0], first...)
	for {
		chunk, err := r.src.ReadSlice('\n')
		if len(r.scratch)+len(chunk) > maxLineBytes {
			return "", ErrLineTooLong
		}
		r.scratch = append(r.scratch, chunk...)
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil, io.EOF:
			return string(trimLineEnding(r.scratch)), nil
		default:
			return "", err
		}
	}
}

// releaseLargeScratch drops a buffer grown by a pathological line, so that
// one huge line does not stay in memory for the rest of the log.
func (r *Reader) releaseLargeScratch() {
	if cap(r.scratch) > largeScratch {
		r.scratch = nil
	}
}

// trimLineEnding removes a trailing "\n" and a "\r" before it. A "\r"
// without "\n" is not a line ending here and stays part of the line.
func trimLineEnding(b []byte) []byte {
	n := len(b)
	if n == 0 || b[n-1] != '\n' {
		return b
	}
	if n >= 2 && b[n-2] == '\r' {
		return b[:n-2]
	}
	return b[:n-1]
}
