// Package diskcache is the persistent on-disk store behind actionsql's HTTP
// cache. It keeps opaque entries, an HTTP response's metadata and its body,
// under a key chosen by the caller. The HTTP caching rules (freshness, ETag
// revalidation) live elsewhere; this package only stores, finds, checks and
// evicts entries.
//
// # Layout
//
// An entry lives in dir/v1/XX/HASH, where HASH is the lowercase hex SHA-256
// of the caller's key and XX its first two characters, so that no directory
// holds more than about 1/256 of the entries. The key itself is kept inside
// the file, and Get compares it, so a file found under the wrong name is never
// served. Directories are made 0700 and files 0600 whatever the umask: cached
// API responses may come from private repositories.
//
// A file being written is a temporary file named ".tmp-*" in the directory of
// the entry it will become, so that the final rename stays on one filesystem
// and is atomic. dir/v1/.usage is the usage journal described under Eviction.
//
// # File format
//
// All integers are big-endian.
//
//	offset  size  field
//	0       6     magic "asqldc"
//	6       2     format version, 1
//	8       8     body size: the uncompressed body length (Meta.Size)
//	16      4     header length N, at most 1 MiB
//	20      4     CRC-32 (Castagnoli) of bytes 0-19 and of the header
//	24      N     header: a JSON object with the key and the rest of Meta
//	24+N    ...   body: one zstd frame, with a content checksum
//
// The body size sits in the fixed part, not in the JSON header, because it is
// known only once the body is written: Commit fills in the first 24 bytes
// last, and until then they are zero, which no reader accepts.
//
// # Integrity
//
// Get checks the magic, version, header checksum and key before it returns;
// the body is checked as it is read, against its zstd checksum and its
// recorded size. A check that fails gives an error wrapping ErrCorrupt, and
// the file is deleted so that the caller fetches the response again. The file
// is not fsynced: after a power loss an entry may be empty or partly written,
// and these checks turn it into a miss.
//
// # Eviction
//
// The cache is bounded to a size in bytes, Open's maxBytes, counted as the
// sizes of the files. When it is over, the least recently used entries go
// first until the total is below 90% of the bound. Get marks an entry used by
// setting its file's modification time, at most once a minute per entry.
//
// Finding the oldest entries means walking the whole tree, which Open must
// not do: a one-shot query served from the cache has to start in a few
// milliseconds. Instead every process appends each change in bytes (an entry
// written, refreshed or deleted) to the journal dir/v1/.usage, an 8-byte
// record per change, and the journal's sum is the cache's size as of the last
// walk plus the changes since. A Cache reads the journal at its first write,
// and again whenever its own writes since the last reading pass 1/16 of the
// bound; it walks the tree only when the sum is over the bound, or when the
// journal is missing or has grown long. The walk rewrites the journal as a
// single record of the size it measured. Several processes may walk at once,
// which costs time but no entries beyond the oldest. Writes by other
// processes may let the cache pass its bound by a little until the next walk.
// Walks also delete temporary files older than an hour, left by a process
// that was killed while writing.
//
// # Memory
//
// Bodies are streamed both ways, never held whole: a Writer compresses as it
// is written and a body decompresses as it is read, each with a 1 MiB zstd
// window and no goroutines, so a body of hundreds of MB needs a few MB of
// memory. Idle encoders and decoders are pooled.
//
// # Concurrency
//
// A Cache is safe for use by many goroutines, and one directory is safe for
// use by many processes at once. An entry appears only when its file is
// renamed into place, so no reader sees one half written; when two writers
// store one key, both complete and the later rename wins. A reader that has
// an entry open keeps reading the file it opened even if the entry is
// replaced or deleted meanwhile. A process killed while writing leaves only a
// temporary file behind.
package diskcache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// DefaultMaxBytes is the size bound Open uses when it is given none.
const DefaultMaxBytes int64 = 1 << 30

const (
	layoutVersion = "v1"    // the directory under dir that holds this layout
	tempPrefix    = ".tmp-" // names of files not yet renamed into place
	dirMode       = 0o700
	fileMode      = 0o600
)

var (
	// ErrMiss is returned by Get and Refresh when the cache holds no entry
	// for the key.
	ErrMiss = errors.New("diskcache: entry not in cache")

	// ErrCorrupt is wrapped by the errors of Get, Refresh and a body's Read
	// when an entry fails its integrity checks. The entry has been deleted by
	// then: fetch the response again.
	ErrCorrupt = errors.New("diskcache: corrupt entry")
)

// A Cache is a directory of cached HTTP responses bounded in size. Create one
// with Open; the zero value is not usable. A Cache is safe for concurrent use
// by multiple goroutines, and several processes may use one directory at once.
type Cache struct {
	dir      string // as given to Open
	root     string // dir/v1
	maxBytes int64

	walking sync.Mutex // held by the goroutine walking the tree to evict

	mu        sync.Mutex
	checked   bool  // the journal was read at least once
	estimate  int64 // bytes on disk: the journal's sum when read, plus our changes since
	sinceRead int64 // bytes this Cache wrote since it last read the journal
}

// Open opens the cache in directory dir, creating it and its missing parents
// with mode 0700, and bounds it to maxBytes bytes on disk; maxBytes <= 0
// means DefaultMaxBytes. Open does not read the entries, so it is cheap.
func Open(dir string, maxBytes int64) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("diskcache: open: no directory given")
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	root := filepath.Join(dir, layoutVersion)
	for _, d := range []string{dir, root} {
		if err := mkdirPrivate(d); err != nil {
			return nil, fmt.Errorf("diskcache: open %s: %w", dir, err)
		}
	}
	return &Cache{dir: dir, root: root, maxBytes: maxBytes}, nil
}

// Dir returns the directory given to Open.
func (c *Cache) Dir() string { return c.dir }

// Meta is what the cache stores beside a body. The zero value is valid: a
// body with no status, no headers and no freshness information.
type Meta struct {
	Status    int           // HTTP status of the stored response, such as 200
	Header    http.Header   // the response headers worth keeping; the caller chooses
	StoredAt  time.Time     // when the body was fetched or last revalidated
	MaxAge    time.Duration // how long after StoredAt the response is fresh
	Immutable bool          // the response never needs revalidation
	Size      int64         // uncompressed body length; set by Writer.Commit, ignored by Create and Refresh
}

// Delete removes the entry for key. Deleting an absent entry is not an error.
// A reader that already has the entry open goes on reading it.
func (c *Cache) Delete(key string) error {
	path := c.path(key)
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil {
		err = os.Remove(path)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("diskcache: delete %s: %w", path, err)
	}
	c.account(-fi.Size(), 0)
	return nil
}

// path returns the file name of key's entry. The key is hashed so that any
// string makes a valid, fixed-length name that reveals nothing of the key.
func (c *Cache) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	name := hex.EncodeToString(sum[:])
	return filepath.Join(c.root, name[:2], name)
}

// mkdirPrivate makes sure directory path exists, creating it and its missing
// parents with mode 0700, set outright as Mkdir's mode is filtered by the
// umask. Existing directories are left as they are.
func mkdirPrivate(path string) error {
	fi, err := os.Stat(path)
	if err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("%s is not a directory", path)
		}
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if parent := filepath.Dir(path); parent != path {
		if err := mkdirPrivate(parent); err != nil {
			return err
		}
	}
	err = os.Mkdir(path, dirMode)
	if errors.Is(err, fs.ErrExist) {
		return nil // made by another goroutine or process just now
	}
	if err != nil {
		return err
	}
	return os.Chmod(path, dirMode)
}

// createTemp creates a temporary file, mode 0600, in directory dir, creating
// dir if needed.
func createTemp(dir string) (*os.File, error) {
	if err := mkdirPrivate(dir); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, tempPrefix+"*")
	if err != nil {
		return nil, err
	}
	// CreateTemp's 0600 is filtered by the umask too.
	if err := f.Chmod(fileMode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}

// removeIfSame deletes path if it is still the file fi describes: a damaged
// entry may have been replaced by a good one since it was opened.
func removeIfSame(path string, fi os.FileInfo) error {
	cur, err := os.Lstat(path)
	if err == nil && os.SameFile(fi, cur) {
		err = os.Remove(path)
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
