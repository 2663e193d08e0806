package diskcache

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// encoderWindow is the zstd window: how far back a match may reach, and most
// of an encoder's memory. Log text repeats itself over a few lines, so a
// larger window gains little.
const encoderWindow = 1 << 20

var encoders sync.Pool // *zstd.Encoder, idle

// getEncoder returns an idle encoder writing to w. Encoders run synchronously
// (concurrency 1, no goroutines) at the fastest level: cache writes happen
// while a response streams in, and the network is the slower side.
func getEncoder(w io.Writer) (*zstd.Encoder, error) {
	if e, ok := encoders.Get().(*zstd.Encoder); ok {
		e.Reset(w)
		return e, nil
	}
	return zstd.NewWriter(w,
		zstd.WithEncoderLevel(zstd.SpeedFastest),
		zstd.WithEncoderConcurrency(1),
		zstd.WithLowerEncoderMem(true),
		zstd.WithWindowSize(encoderWindow),
		zstd.WithEncoderCRC(true),
	)
}

func putEncoder(e *zstd.Encoder) {
	e.Reset(nil) // drops the reference to the file
	encoders.Put(e)
}

// errWriterDone is returned by a Writer used after Commit or Abort.
var errWriterDone = errors.New("diskcache: entry writer used after Commit or Abort")

// A Writer writes one entry, compressing its body into a temporary file that
// Commit renames into place. Create one with Cache.Create. A Writer is not
// safe for concurrent use.
type Writer struct {
	c    *Cache
	path string // the entry's final name
	hdr  []byte
	f    *os.File // the temporary file; nil after Commit or Abort
	enc  *zstd.Encoder
	n    int64 // uncompressed bytes written
	err  error // the first error, returned by every later call
	done bool  // Commit or Abort was called
}

// Create starts writing the entry for key with metadata meta (whose Size is
// ignored). Nothing is visible to Get until Commit; call Abort to give up.
// The body is compressed as it is written, so a body of any size needs only
// a few MB of memory.
func (c *Cache) Create(key string, meta Meta) (*Writer, error) {
	path := c.path(key)
	hdr, err := encodeHeader(key, meta)
	if err != nil {
		return nil, fmt.Errorf("diskcache: create %s: %w", path, err)
	}
	f, err := createTemp(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("diskcache: create %s: %w", path, err)
	}
	w := &Writer{c: c, path: path, hdr: hdr, f: f}
	// The fixed part stays zero, which no reader accepts, until Commit knows
	// the body size.
	buf := make([]byte, preludeSize+len(hdr))
	copy(buf[preludeSize:], hdr)
	if _, err := f.Write(buf); err != nil {
		w.Abort()
		return nil, fmt.Errorf("diskcache: write %s: %w", f.Name(), err)
	}
	if w.enc, err = getEncoder(f); err != nil {
		w.Abort()
		return nil, fmt.Errorf("diskcache: create %s: start encoder: %w", path, err)
	}
	return w, nil
}

// Write compresses p into the entry's temporary file.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if w.done {
		return 0, errWriterDone
	}
	n, err := w.enc.Write(p)
	w.n += int64(n)
	if err != nil {
		w.err = fmt.Errorf("diskcache: write %s: %w", w.f.Name(), err)
	}
	return n, w.err
}

// Commit finishes the entry and renames it into place, replacing any entry
// for the same key; from then on Get returns it, with Meta.Size set to the
// number of bytes written. Commit does not fsync: see the package comment.
// After a failed Commit nothing is left on disk. Commit may then evict old
// entries to keep the cache within its bound.
func (w *Writer) Commit() error {
	if w.done {
		return errWriterDone
	}
	if w.err != nil {
		w.Abort()
		return w.err
	}
	size, err := w.finish()
	if err != nil {
		w.err = err
		w.Abort()
		return err
	}
	old, err := replace(w.f.Name(), w.path)
	if err != nil {
		w.err = err
		w.Abort()
		return err
	}
	w.f, w.done = nil, true
	w.c.account(size-old, size)
	return nil
}

// finish completes the temporary file, leaving it closed, and returns its
// size.
func (w *Writer) finish() (int64, error) {
	name := w.f.Name()
	if err := w.enc.Close(); err != nil {
		return 0, fmt.Errorf("diskcache: write %s: %w", name, err)
	}
	putEncoder(w.enc)
	w.enc = nil
	p := prelude(w.n, w.hdr)
	if _, err := w.f.WriteAt(p[:], 0); err != nil {
		return 0, fmt.Errorf("diskcache: write %s: %w", name, err)
	}
	fi, err := w.f.Stat()
	if err != nil {
		return 0, fmt.Errorf("diskcache: write %s: %w", name, err)
	}
	if err := w.f.Close(); err != nil {
		return 0, fmt.Errorf("diskcache: write %s: %w", name, err)
	}
	return fi.Size(), nil
}

// Abort discards the entry being written and removes its temporary file. It
// is safe to call after Commit, where it does nothing, and more than once.
func (w *Writer) Abort() {
	if w.done {
		return
	}
	w.done = true
	if w.enc != nil {
		putEncoder(w.enc) // Reset in getEncoder discards the half-written frame
		w.enc = nil
	}
	if w.f != nil {
		w.f.Close() // may already be closed by finish
		os.Remove(w.f.Name())
		w.f = nil
	}
}

// Refresh replaces the metadata of key's entry with meta (whose Size is
// ignored) and keeps its body, as after a response was revalidated. It copies
// the compressed body as it is into a new file and renames that into place,
// so readers see the old entry or the new one, never a mix. The error is
// ErrMiss when there is no entry for key, and wraps ErrCorrupt when its
// header is damaged, in which case the entry has been deleted.
//
// Refresh applies meta to the body stored when it runs: if another writer
// replaced the entry since the caller's Get, the new body gets meta.
func (c *Cache) Refresh(key string, meta Meta) error {
	path := c.path(key)
	hdr, err := encodeHeader(key, meta)
	if err != nil {
		return fmt.Errorf("diskcache: refresh %s: %w", path, err)
	}
	old, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ErrMiss
	}
	if err != nil {
		return fmt.Errorf("diskcache: refresh %s: %w", path, err)
	}
	defer old.Close()
	fi, size, bodyOffset, err := checkEntry(old, key)
	if err != nil {
		return err
	}
	f, err := createTemp(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("diskcache: refresh %s: %w", path, err)
	}
	n, err := copyEntry(f, old, bodyOffset, prelude(size, hdr), hdr)
	if err == nil {
		_, err = replace(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	c.account(n-fi.Size(), n)
	return nil
}

// checkEntry reads and checks the header of old, the entry file for key, and
// returns its info and the body size and offset.
func checkEntry(old *os.File, key string) (fi os.FileInfo, size, bodyOffset int64, err error) {
	path := old.Name()
	fi, err = old.Stat()
	if err != nil {
		return nil, 0, 0, fmt.Errorf("diskcache: refresh %s: %w", path, err)
	}
	h, size, bodyOffset, err := readHeader(bufio.NewReader(old))
	if err == nil && h.Key != key {
		err = damagef("holds another key")
	}
	if isDamage(err) {
		return nil, 0, 0, damaged(path, fi, err)
	}
	if err != nil {
		return nil, 0, 0, fmt.Errorf("diskcache: refresh %s: %w", path, err)
	}
	return fi, size, bodyOffset, nil
}

// copyEntry writes the fixed part p and header hdr to f, then the body of old
// from bodyOffset as it is, closes f and returns its size. On Linux the copy
// happens in the kernel (copy_file_range).
func copyEntry(f, old *os.File, bodyOffset int64, p [preludeSize]byte, hdr []byte) (int64, error) {
	defer f.Close()
	n, err := f.Write(append(p[:], hdr...))
	if err != nil {
		return 0, fmt.Errorf("diskcache: write %s: %w", f.Name(), err)
	}
	if _, err := old.Seek(bodyOffset, io.SeekStart); err != nil {
		return 0, fmt.Errorf("diskcache: read %s: %w", old.Name(), err)
	}
	m, err := io.Copy(f, old)
	if err != nil {
		return 0, fmt.Errorf("diskcache: copy %s to %s: %w", old.Name(), f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("diskcache: write %s: %w", f.Name(), err)
	}
	return int64(n) + m, nil
}

// replace renames tmp over path and returns the size of the file it
// replaced, or 0, for the usage journal.
func replace(tmp, path string) (int64, error) {
	var old int64
	if fi, err := os.Lstat(path); err == nil {
		old = fi.Size()
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, fmt.Errorf("diskcache: rename %s to %s: %w", tmp, path, err)
	}
	return old, nil
}
