package diskcache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

const (
	journalName = ".usage"  // in dir/v1; see Eviction in the package comment
	maxJournal  = 64 << 10  // bytes: 8192 records, past which a walk compacts it
	staleTemp   = time.Hour // a temporary file older than this was left by a killed process
)

// account records a change of delta bytes on disk, made by writing written
// bytes, and evicts entries if the cache may be over its bound.
func (c *Cache) account(delta, written int64) {
	logged := c.appendJournal(delta)
	c.mu.Lock()
	c.estimate += delta
	c.sinceRead += written
	check := !logged || !c.checked || c.estimate > c.maxBytes || c.sinceRead >= c.maxBytes/16
	c.mu.Unlock()
	if check {
		c.maybeEvict()
	}
}

// maybeEvict reads the journal and walks the tree to evict entries if the
// journal says the cache is over its bound, or cannot say. Eviction is best
// effort: an error leaves the cache larger than it should be until the next
// try, which is no reason to fail the write that triggered it.
func (c *Cache) maybeEvict() {
	if !c.walking.TryLock() {
		return // another goroutine is at it
	}
	defer c.walking.Unlock()
	total, ok := c.readJournal()
	c.mu.Lock()
	c.checked, c.estimate, c.sinceRead = true, total, 0
	c.mu.Unlock()
	if ok && total <= c.maxBytes {
		return
	}
	total, err := c.evict(c.maxBytes / 10 * 9)
	if err != nil {
		return
	}
	c.writeJournal(total)
	c.mu.Lock()
	c.estimate = total
	c.mu.Unlock()
}

// evict deletes stale temporary files and, if the cache is over its bound,
// the least recently used entries until it is at most target bytes. It
// returns the bytes left on disk.
func (c *Cache) evict(target int64) (int64, error) {
	files, err := c.scan()
	if err != nil {
		return 0, err
	}
	var total int64
	entries := files[:0]
	for _, f := range files {
		if f.temp && time.Since(f.info.ModTime()) > staleTemp {
			os.Remove(f.path)
			continue
		}
		total += f.info.Size()
		if !f.temp {
			entries = append(entries, f)
		}
	}
	if total <= c.maxBytes {
		return total, nil
	}
	slices.SortFunc(entries, func(a, b file) int { return a.info.ModTime().Compare(b.info.ModTime()) })
	for _, e := range entries {
		if total <= target {
			break
		}
		// An entry rewritten since the scan is recent after all: keep it.
		if removeIfSame(e.path, e.info) == nil {
			total -= e.info.Size()
		}
	}
	return total, nil
}

// Usage walks the cache and returns the number of entries and the bytes its
// files take, including temporary files being written.
func (c *Cache) Usage() (entries int, bytes int64, err error) {
	files, err := c.scan()
	if err != nil {
		return 0, 0, err
	}
	for _, f := range files {
		bytes += f.info.Size()
		if !f.temp {
			entries++
		}
	}
	return entries, bytes, nil
}

// Clear deletes every entry, and the temporary files left by processes
// killed while writing. Temporary files younger than an hour stay, as another
// process may still be writing them. Readers that have an entry open go on
// reading it.
func (c *Cache) Clear() error {
	files, err := c.scan()
	if err != nil {
		return err
	}
	var first error
	var left int64
	for _, f := range files {
		if f.temp && time.Since(f.info.ModTime()) <= staleTemp {
			left += f.info.Size()
			continue
		}
		err := os.Remove(f.path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			left += f.info.Size()
			if first == nil {
				first = fmt.Errorf("diskcache: clear %s: %w", f.path, err)
			}
		}
	}
	c.writeJournal(left)
	c.mu.Lock()
	c.estimate = left
	c.mu.Unlock()
	return first
}

// A file is an entry or temporary file found by scan.
type file struct {
	path string
	info fs.FileInfo
	temp bool
}

// scan lists the entries and temporary files under dir/v1.
func (c *Cache) scan() ([]file, error) {
	shards, err := os.ReadDir(c.root)
	if err != nil {
		return nil, fmt.Errorf("diskcache: read %s: %w", c.root, err)
	}
	var files []file
	for _, s := range shards {
		switch name := s.Name(); {
		case strings.HasPrefix(name, tempPrefix):
			files = appendFile(files, c.root, s)
		case s.IsDir() && isHex(name, 2):
			dir := filepath.Join(c.root, name)
			ents, err := os.ReadDir(dir)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("diskcache: read %s: %w", dir, err)
			}
			for _, e := range ents {
				files = appendFile(files, dir, e)
			}
		}
	}
	return files, nil
}

// appendFile appends e, in directory dir, to files if it is an entry or a
// temporary file that still exists.
func appendFile(files []file, dir string, e fs.DirEntry) []file {
	name := e.Name()
	temp := strings.HasPrefix(name, tempPrefix)
	if !e.Type().IsRegular() || !temp && !isHex(name, 64) {
		return files // not ours
	}
	info, err := e.Info()
	if err != nil {
		return files // deleted since the directory was read
	}
	return append(files, file{path: filepath.Join(dir, name), info: info, temp: temp})
}

// isHex reports whether s is n lowercase hex digits, as the names of shards
// and entries are.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := range len(s) {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

func (c *Cache) journalPath() string { return filepath.Join(c.root, journalName) }

// appendJournal appends a record of delta bytes to the journal. It reports
// false if there is no journal, or it cannot be written: a walk makes one.
func (c *Cache) appendJournal(delta int64) bool {
	f, err := os.OpenFile(c.journalPath(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	var rec [8]byte
	binary.BigEndian.PutUint64(rec[:], uint64(delta))
	// With O_APPEND a write this small lands whole at the end, even when
	// several processes append at once.
	_, err = f.Write(rec[:])
	return err == nil
}

// readJournal returns the journal's sum: the bytes on disk as far as it
// knows. It reports false if the journal is missing, unreadable or long, or
// its sum is negative, which lost records can cause.
func (c *Cache) readJournal() (int64, bool) {
	f, err := os.Open(c.journalPath())
	if err != nil {
		return 0, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxJournal+1))
	if err != nil || len(b) > maxJournal {
		return 0, false
	}
	var sum int64
	for ; len(b) >= 8; b = b[8:] {
		sum += int64(binary.BigEndian.Uint64(b))
	}
	return sum, sum >= 0
}

// writeJournal replaces the journal by a single record of total bytes. A
// record another process appends meanwhile may be lost; the next walk
// corrects the sum.
func (c *Cache) writeJournal(total int64) {
	f, err := createTemp(c.root)
	if err != nil {
		return
	}
	var rec [8]byte
	binary.BigEndian.PutUint64(rec[:], uint64(total))
	_, err = f.Write(rec[:])
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), c.journalPath())
	}
	if err != nil {
		os.Remove(f.Name())
	}
}
