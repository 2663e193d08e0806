// Package tee keeps a copy of a stream as it is read, and keeps it only if
// the stream was read to its end without an error: a log downloaded while a
// query reads it goes to the disk cache (or to a statement's spool file) that
// way, and a log cut short or left half read is never kept as if whole.
package tee

import "io"

// Sink receives the copy. Commit makes it permanent once the stream ended
// whole; Abort discards it, and does nothing after Commit or a second time.
type Sink interface {
	io.Writer
	Commit() error
	Abort()
}

// Reader returns body, copying what is read from it into sink. A sink that
// fails to write is given up; the reader goes on, as the copy only saves a
// download next time.
func Reader(body io.ReadCloser, sink Sink) io.ReadCloser {
	return &reader{body: body, sink: sink}
}

type reader struct {
	body io.ReadCloser
	sink Sink
	done bool // the copy is committed, failed or given up
}

func (r *reader) Read(p []byte) (int, error) {
	n, err := r.body.Read(p)
	if n > 0 && !r.done {
		if _, werr := r.sink.Write(p[:n]); werr != nil {
			r.giveUp()
		}
	}
	switch {
	case err == io.EOF && !r.done:
		r.done = true
		r.sink.Commit() // a failure only costs a download next time
	case err != nil && err != io.EOF:
		r.giveUp()
	}
	return n, err
}

func (r *reader) giveUp() {
	r.done = true
	r.sink.Abort()
}

// Close gives up a copy not read to its end.
func (r *reader) Close() error {
	if !r.done {
		r.giveUp()
	}
	return r.body.Close()
}
