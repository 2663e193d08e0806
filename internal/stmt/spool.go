package stmt

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spoolMemory is how much output a statement keeps in memory before it
// spills to a temporary file.
const spoolMemory = 8 << 20

// spool holds a statement's output until the statement has succeeded, in
// memory while it is small and in a temporary file past that, so a large
// log query neither prints a partial result on failure nor fills memory.
type spool struct {
	mem  bytes.Buffer
	file *os.File
	err  error
}

func newSpool() *spool { return &spool{} }

func (s *spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.file == nil && s.mem.Len()+len(p) <= spoolMemory {
		return s.mem.Write(p)
	}
	if s.file == nil {
		if s.file, s.err = os.CreateTemp("", "actionsql-output-*"); s.err != nil {
			s.err = fmt.Errorf("spool the result to a temporary file: %w", s.err)
			return 0, s.err
		}
		os.Remove(s.file.Name()) // unlinked: it goes away with the process
		if _, s.err = s.mem.WriteTo(s.file); s.err != nil {
			return 0, s.err
		}
	}
	return s.file.Write(p)
}

// CopyTo writes everything spooled to w.
func (s *spool) CopyTo(w io.Writer) error {
	if s.err != nil {
		return s.err
	}
	if s.file == nil {
		_, err := s.mem.WriteTo(w)
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("read back the spooled result: %w", err)
	}
	_, err := io.Copy(w, s.file)
	return err
}

func (s *spool) Close() {
	if s.file != nil {
		s.file.Close()
	}
}
