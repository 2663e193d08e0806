// Package outfile writes a file that appears whole or not at all: what is
// written goes to a temporary file beside it, which Commit renames into
// place and Discard removes, so a result that failed half-way never
// replaces the file a previous run wrote, and a reader never sees half a
// file.
package outfile

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// File is an output file being written under a temporary name.
type File struct {
	path string
	tmp  *os.File
	buf  *bufio.Writer
}

// Create starts writing the file at path. It fails at once when the
// temporary file cannot be made beside it (a missing or read-only folder).
func Create(path string) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	for range 10 {
		// The temporary name is hidden and unique; O_EXCL never reuses
		// another's, and 0666 lets the umask set the mode as for any new
		// file (os.CreateTemp would make it 0600).
		name := filepath.Join(dir, fmt.Sprintf(".%s.%08x.tmp", base, rand.Uint32()))
		tmp, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %w", path, err)
		}
		return &File{path: path, tmp: tmp, buf: bufio.NewWriterSize(tmp, 1<<16)}, nil
	}
	return nil, fmt.Errorf("cannot write %s: no free temporary name beside it", path)
}

// Path is the file's final name.
func (f *File) Path() string { return f.path }

func (f *File) Write(p []byte) (int, error) {
	return f.buf.Write(p)
}

// Commit flushes what was written to the disk and renames it into place,
// replacing the file at the path if there is one.
func (f *File) Commit() error {
	err := f.buf.Flush()
	if err == nil {
		err = f.tmp.Sync()
	}
	if closeErr := f.tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return nil
}

// Discard removes what was written; the file at the path, if any, stays
// as it was.
func (f *File) Discard() {
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}
