package tee

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// sink records what a Reader did with it.
type sink struct {
	bytes.Buffer
	committed, aborted int
	failWrite          bool
}

func (s *sink) Write(p []byte) (int, error) {
	if s.failWrite {
		return 0, errors.New("disk full")
	}
	return s.Buffer.Write(p)
}
func (s *sink) Commit() error { s.committed++; return nil }
func (s *sink) Abort()        { s.aborted++ }

// cut fails after its text, as a connection reset mid-body does.
type cut struct{ io.Reader }

func (c cut) Read(p []byte) (int, error) {
	n, err := c.Reader.Read(p)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func TestOnlyAStreamReadWholeIsKept(t *testing.T) {
	tests := []struct {
		name      string
		body      io.Reader
		readAll   bool
		failWrite bool
		committed int
		copy      string
	}{
		{"read to the end", strings.NewReader("line 1\nline 2\n"), true, false, 1, "line 1\nline 2\n"},
		{"closed half read", strings.NewReader("line 1\nline 2\n"), false, false, 0, "line 1\n"},
		{"cut short", cut{strings.NewReader("line 1\n")}, true, false, 0, "line 1\n"},
		{"the copy fails", strings.NewReader("line 1\n"), true, true, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &sink{failWrite: tt.failWrite}
			r := Reader(io.NopCloser(tt.body), s)
			var read []byte
			var err error
			if tt.readAll {
				read, err = io.ReadAll(r)
			} else {
				read = make([]byte, 7)
				_, err = io.ReadFull(r, read)
			}
			r.Close()
			if s.committed != tt.committed || s.committed+s.aborted != 1 || s.String() != tt.copy {
				t.Errorf("committed %d, aborted %d, copy %q; want committed %d once, copy %q", s.committed, s.aborted, s.String(), tt.committed, tt.copy)
			}
			if tt.failWrite && (err != nil || string(read) != "line 1\n") {
				t.Errorf("a failed copy changed what was read: %q, %v", read, err)
			}
		})
	}
}
