package diskcache

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
)

// touchInterval is how stale an entry's modification time may get before Get
// refreshes it for LRU eviction; a coarse clock saves a syscall on most hits.
const touchInterval = time.Minute

// readBufferSize is the read buffer between the file and the decoder, which
// otherwise reads every 3-byte block header with a syscall of its own.
const readBufferSize = 64 << 10

// maxWindow bounds the memory a decoder may need for an entry. Entries are
// written with a smaller window (see encoderWindow); a larger one means the
// file is damaged.
const maxWindow = 8 << 20

var (
	decoders    sync.Pool // *zstd.Decoder, idle
	readBuffers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, readBufferSize) }}
)

// getDecoder returns an idle decoder reading r. Decoders run synchronously
// (concurrency 1, no goroutines) and in low-memory mode, so an idle one costs
// little and a pool of them saves their allocation on each Get.
func getDecoder(r io.Reader) (*zstd.Decoder, error) {
	if d, ok := decoders.Get().(*zstd.Decoder); ok {
		return d, d.Reset(r)
	}
	return zstd.NewReader(r,
		zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(maxWindow),
	)
}

func putReadBuffer(br *bufio.Reader) {
	br.Reset(nil) // drops the reference to the file
	readBuffers.Put(br)
}

func putDecoder(d *zstd.Decoder) {
	if d.Reset(nil) == nil { // drops the reference to the file
		decoders.Put(d)
	}
}

// Get returns the entry for key: its Meta and a reader of its decompressed
// body, which the caller must close. The error is ErrMiss when the cache holds
// no entry for key, and wraps ErrCorrupt when the entry's header is damaged,
// in which case the entry has been deleted.
//
// The body is checked as it is read: if it is shorter or longer than
// Meta.Size or fails its checksum, Read returns an error wrapping ErrCorrupt
// and the entry is deleted. The bytes read before such an error cannot be
// trusted; fetch the response again. The body's reader is not safe for
// concurrent use.
//
// Get marks the entry as recently used, which protects it from eviction, by
// setting its file's modification time if that is over a minute old.
func (c *Cache) Get(key string) (Meta, io.ReadCloser, error) {
	path := c.path(key)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Meta{}, nil, ErrMiss
	}
	if err != nil {
		return Meta{}, nil, fmt.Errorf("diskcache: get %s: %w", path, err)
	}
	b, meta, err := openBody(f, key)
	if err != nil {
		f.Close()
		return Meta{}, nil, err
	}
	if time.Since(b.fi.ModTime()) > touchInterval {
		// Only the modification time; best effort, as a failure costs only
		// an earlier eviction.
		_ = os.Chtimes(path, time.Time{}, time.Now())
	}
	return meta, b, nil
}

// openBody reads and checks the header of f, the entry file for key, and
// returns a reader of its body.
func openBody(f *os.File, key string) (*body, Meta, error) {
	path := f.Name()
	fi, err := f.Stat()
	if err != nil {
		return nil, Meta{}, fmt.Errorf("diskcache: get %s: %w", path, err)
	}
	src := &fileReader{f: f}
	br := readBuffers.Get().(*bufio.Reader)
	br.Reset(src)
	h, size, _, err := readHeader(br)
	if err == nil && h.Key != key {
		err = damagef("holds another key")
	}
	if err != nil {
		putReadBuffer(br)
		if isDamage(err) {
			return nil, Meta{}, damaged(path, fi, err)
		}
		return nil, Meta{}, fmt.Errorf("diskcache: get %s: %w", path, err)
	}
	dec, err := getDecoder(br)
	if err != nil {
		putReadBuffer(br)
		return nil, Meta{}, fmt.Errorf("diskcache: get %s: start decoder: %w", path, err)
	}
	return &body{f: f, fi: fi, src: src, br: br, dec: dec, size: size}, h.meta(size), nil
}

// A body reads, decompresses and checks the body of one entry file.
type body struct {
	f    *os.File
	fi   os.FileInfo // of f, to delete it only if it is still the entry
	src  *fileReader
	br   *bufio.Reader // nil once released
	dec  *zstd.Decoder // nil once released
	size int64         // Meta.Size
	n    int64         // bytes returned so far
	err  error         // returned by every Read once set
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.dec.Read(p)
	b.n += int64(n)
	switch {
	case b.n > b.size:
		n -= int(b.n - b.size) // never hand out bytes past the recorded size
		b.n = b.size
		return n, b.fail(errors.New("body longer than its recorded size"))
	case err == io.EOF && b.n < b.size:
		return n, b.fail(fmt.Errorf("body %d bytes shorter than its recorded size", b.size-b.n))
	case err == io.EOF:
		b.err = io.EOF
		b.release(true) // free the decoder now; Close may come much later
		return n, io.EOF
	case err != nil && b.src.err != nil:
		// The file could not be read, which says nothing of its content.
		b.err = fmt.Errorf("diskcache: read %s: %w", b.f.Name(), b.src.err)
		return n, b.err
	case err != nil:
		return n, b.fail(err)
	}
	return n, nil
}

// fail records that the body failed a check and deletes the entry.
func (b *body) fail(why error) error {
	b.err = damaged(b.f.Name(), b.fi, why)
	return b.err
}

// Close closes the entry file. It is safe to call more than once.
func (b *body) Close() error {
	if b.f == nil {
		return nil
	}
	b.release(b.err == nil || b.err == io.EOF)
	err := b.f.Close()
	b.f = nil
	if b.err == nil {
		b.err = errors.New("diskcache: read from closed body")
	}
	return err
}

// release returns the buffer and, if it is known to be in a good state, the
// decoder to their pools.
func (b *body) release(reuseDecoder bool) {
	if b.dec != nil && reuseDecoder {
		putDecoder(b.dec)
	}
	if b.br != nil {
		putReadBuffer(b.br)
	}
	b.dec, b.br = nil, nil
}

// fileReader reads from f and remembers the first error other than io.EOF, to
// tell a file that cannot be read from one whose content is damaged.
type fileReader struct {
	f   *os.File
	err error
}

func (r *fileReader) Read(p []byte) (int, error) {
	n, err := r.f.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}

// A corruptError reports an entry that failed an integrity check.
type corruptError struct {
	path      string
	why       error
	deleteErr error // why the entry could not be deleted, if it could not
}

// damaged deletes the entry file at path, whose info is fi, and returns the
// error to report.
func damaged(path string, fi os.FileInfo, why error) error {
	return &corruptError{path: path, why: why, deleteErr: removeIfSame(path, fi)}
}

func (e *corruptError) Error() string {
	msg := "diskcache: " + e.path + " is corrupt (" + e.why.Error() + ")"
	if e.deleteErr != nil {
		return msg + " and could not be deleted (" + e.deleteErr.Error() + "): remove it by hand"
	}
	return msg + "; deleted it, fetch the response again"
}

func (e *corruptError) Is(target error) bool { return target == ErrCorrupt }

func (e *corruptError) Unwrap() error { return e.why }
