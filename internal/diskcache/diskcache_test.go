//go:build unix

// The cache promises unix file semantics (renaming over open files, umask),
// so its tests run on unix only.

package diskcache

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// openCache opens a cache in a new temporary directory.
func openCache(t testing.TB, maxBytes int64) *Cache {
	t.Helper()
	c, err := Open(filepath.Join(t.TempDir(), "cache"), maxBytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// put stores body under key and fails the test if it cannot.
func put(t testing.TB, c *Cache, key string, meta Meta, body []byte) {
	t.Helper()
	w, err := c.Create(key, meta)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(body); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

// get returns key's entry; err is Get's error or the body's Read error.
func get(c *Cache, key string) (Meta, []byte, error) {
	meta, r, err := c.Get(key)
	if err != nil {
		return meta, nil, err
	}
	defer r.Close()
	body, err := io.ReadAll(r)
	return meta, body, err
}

// logText returns n bytes of synthetic job log.
func logText(seed uint64, n int64) []byte {
	b, _ := io.ReadAll(io.LimitReader(newLogGen(seed), n))
	return b
}

func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 0))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	c := openCache(t, 0)
	stored := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	tests := []struct {
		name string
		meta Meta
		body []byte
	}{
		{"empty body, zero meta", Meta{}, nil},
		{"small", Meta{Status: 200, Header: http.Header{"Etag": {`W/"abc"`}}, StoredAt: stored, MaxAge: time.Minute}, []byte("hello\n")},
		{"log text", Meta{Status: 200, Header: http.Header{"Content-Type": {"text/plain"}, "Link": {"<a>; rel=next", "<b>; rel=last"}}, StoredAt: stored, Immutable: true}, logText(1, 3<<20)},
		{"incompressible", Meta{Status: 200, StoredAt: stored.Add(time.Hour), MaxAge: 90 * time.Second}, randomBytes(2, 2<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			put(t, c, tt.name, tt.meta, tt.body)
			meta, body, err := get(c, tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(body, tt.body) {
				t.Errorf("body is %d bytes, not the %d stored", len(body), len(tt.body))
			}
			want := tt.meta
			want.Size = int64(len(tt.body))
			if !metaEqual(meta, want) {
				t.Errorf("meta = %+v, want %+v", meta, want)
			}
		})
	}
}

func metaEqual(a, b Meta) bool {
	return a.Status == b.Status && fmt.Sprint(a.Header) == fmt.Sprint(b.Header) && a.StoredAt.Equal(b.StoredAt) &&
		a.MaxAge == b.MaxAge && a.Immutable == b.Immutable && a.Size == b.Size
}

func TestMiss(t *testing.T) {
	c := openCache(t, 0)
	put(t, c, "present", Meta{}, []byte("x"))
	if _, _, err := c.Get("absent"); !errors.Is(err, ErrMiss) {
		t.Errorf("Get of an absent key: %v, want ErrMiss", err)
	}
	if err := c.Refresh("absent", Meta{}); !errors.Is(err, ErrMiss) {
		t.Errorf("Refresh of an absent key: %v, want ErrMiss", err)
	}
	if err := c.Delete("absent"); err != nil {
		t.Errorf("Delete of an absent key: %v", err)
	}
	if err := c.Delete("present"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Get("present"); !errors.Is(err, ErrMiss) {
		t.Errorf("Get after Delete: %v, want ErrMiss", err)
	}
}

func TestWriterLifecycle(t *testing.T) {
	c := openCache(t, 0)
	w, err := c.Create("k", Meta{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("abandoned"))
	w.Abort()
	w.Abort()
	if err := w.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if _, _, err := c.Get("k"); !errors.Is(err, ErrMiss) {
		t.Errorf("Get after Abort: %v, want ErrMiss", err)
	}
	if n, _, _ := c.Usage(); n != 0 {
		t.Errorf("Abort left %d entries", n)
	}

	w, _ = c.Create("k", Meta{})
	w.Write([]byte("kept"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("more")); err == nil {
		t.Error("Write after Commit succeeded")
	}
	w.Abort() // must not remove the committed entry
	if _, body, err := get(c, "k"); err != nil || string(body) != "kept" {
		t.Errorf("after Commit and Abort: body %q, err %v", body, err)
	}
	if _, bytes, _ := c.Usage(); bytes == 0 {
		t.Error("Usage counts no bytes")
	}
	if _, err := c.Create("\xff", Meta{}); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("Create with a key that is not UTF-8: %v, want an error saying so", err)
	}
}

// umask sets the process umask for the rest of the test.
func umask(t *testing.T, mask int) {
	old := syscall.Umask(mask)
	t.Cleanup(func() { syscall.Umask(old) })
}

func TestPermissions(t *testing.T) {
	// 0o277 would make files 0400 and directories 0500.
	for _, mask := range []int{0, 0o022, 0o077, 0o277} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			top := t.TempDir()
			umask(t, mask)
			dir := filepath.Join(top, "parent", "cache")
			c, err := Open(dir, 0)
			if err != nil {
				t.Fatal(err)
			}
			put(t, c, "k", Meta{}, []byte("body"))
			if err := c.Refresh("k", Meta{Status: 304}); err != nil {
				t.Fatal(err)
			}
			put(t, c, "k2", Meta{}, []byte("body")) // after the journal exists
			entry := c.path("k")
			want := map[string]fs.FileMode{
				filepath.Join(top, "parent"):       0o700 | fs.ModeDir,
				dir:                                0o700 | fs.ModeDir,
				c.root:                             0o700 | fs.ModeDir,
				filepath.Dir(entry):                0o700 | fs.ModeDir,
				entry:                              0o600,
				filepath.Join(c.root, journalName): 0o600,
			}
			for path, mode := range want {
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode() != mode {
					t.Errorf("%s has mode %v, want %v", path, fi.Mode(), mode)
				}
			}
		})
	}
}

func TestLayout(t *testing.T) {
	c := openCache(t, 0)
	put(t, c, "key", Meta{}, []byte("x"))
	// sha256("key")
	const hash = "2c70e12b7a0646f92279f427c7b38e7334d8e5389cff167a1dc30e73f826b683"
	if _, err := os.Stat(filepath.Join(c.Dir(), "v1", hash[:2], hash)); err != nil {
		t.Errorf("entry not where the package comment says: %v", err)
	}
}

// TestCorruption damages an entry's file in the ways a crash, a full disk or
// a bad disk could, and checks that the cache reports ErrCorrupt once and
// then forgets the entry, so that the caller fetches it again.
func TestCorruption(t *testing.T) {
	body := logText(3, 300<<10)
	tests := []struct {
		name    string
		damage  func(t *testing.T, c *Cache, path string)
		inRead  bool // detected while reading the body rather than by Get
		wantMsg string
	}{
		{"empty file", truncateTo(0), false, "ends within its fixed part"},
		{"cut in fixed part", truncateTo(10), false, "ends within its fixed part"},
		{"cut in header", truncateTo(preludeSize + 5), false, "ends within its header"},
		{"flipped byte in magic", flipAt(func(int64) int64 { return 0 }), false, "magic"},
		{"flipped byte in recorded size", flipAt(func(int64) int64 { return 12 }), false, "checksum"},
		{"flipped byte in header", flipAt(func(int64) int64 { return preludeSize + 10 }), false, "checksum"},
		{"header of another key", func(t *testing.T, c *Cache, path string) {
			put(t, c, "other", Meta{}, body)
			if err := os.Rename(c.path("other"), path); err != nil {
				t.Fatal(err)
			}
		}, false, "another key"},
		{"cut in body", truncateBy(5000), true, ""},
		{"last byte missing", truncateBy(1), true, ""},
		{"flipped byte in body", flipAt(func(size int64) int64 { return size / 2 }), true, ""},
		{"flipped byte near end", flipAt(func(size int64) int64 { return size - 10 }), true, ""},
		{"body of a shorter entry", spliceBody("short", []byte("a valid but shorter body\n")), true, "shorter than its recorded size"},
		{"body of a longer entry", spliceBody("long", append(bytes.Clone(body), "and more\n"...)), true, "longer than its recorded size"},
		{"bytes appended", func(t *testing.T, c *Cache, path string) {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			f.Write([]byte("trailing garbage"))
		}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := openCache(t, 0)
			put(t, c, "k", Meta{Status: 200}, body)
			path := c.path("k")
			tt.damage(t, c, path)

			meta, r, err := c.Get("k")
			if !tt.inRead {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("Get: %v, want ErrCorrupt", err)
				}
				if !strings.Contains(err.Error(), tt.wantMsg) || !strings.Contains(err.Error(), path) {
					t.Errorf("error %q does not name the file and %q", err, tt.wantMsg)
				}
			} else {
				if err != nil {
					t.Fatalf("Get: %v; want the damage found while reading", err)
				}
				got, err := io.ReadAll(r)
				r.Close()
				if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Fatalf("Read: %v, want ErrCorrupt saying %q", err, tt.wantMsg)
				}
				if int64(len(got)) > meta.Size {
					t.Errorf("read %d bytes, more than the recorded %d", len(got), meta.Size)
				}
			}
			if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("damaged file still there: %v", err)
			}
			if _, _, err := c.Get("k"); !errors.Is(err, ErrMiss) {
				t.Errorf("Get after corruption: %v, want ErrMiss", err)
			}
		})
	}
}

func truncateTo(size int64) func(*testing.T, *Cache, string) {
	return func(t *testing.T, _ *Cache, path string) {
		if err := os.Truncate(path, size); err != nil {
			t.Fatal(err)
		}
	}
}

func truncateBy(n int64) func(*testing.T, *Cache, string) {
	return func(t *testing.T, _ *Cache, path string) {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, fi.Size()-n); err != nil {
			t.Fatal(err)
		}
	}
}

// spliceBody replaces the body of the entry at path by the body of another,
// valid, entry: only the recorded size can tell.
func spliceBody(key string, body []byte) func(*testing.T, *Cache, string) {
	return func(t *testing.T, c *Cache, path string) {
		put(t, c, key, Meta{}, body)
		mine, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		other, err := os.ReadFile(c.path(key))
		if err != nil {
			t.Fatal(err)
		}
		spliced := append(mine[:bodyOffset(mine)], other[bodyOffset(other):]...)
		if err := os.WriteFile(path, spliced, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func bodyOffset(file []byte) int {
	return preludeSize + int(binary.BigEndian.Uint32(file[16:20]))
}

// flipAt inverts the byte at offset(file size).
func flipAt(offset func(size int64) int64) func(*testing.T, *Cache, string) {
	return func(t *testing.T, _ *Cache, path string) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b[offset(int64(len(b)))] ^= 0xff
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRefreshKeepsBody(t *testing.T) {
	c := openCache(t, 0)
	body := logText(4, 1<<20)
	put(t, c, "k", Meta{Status: 200, Header: http.Header{"Etag": {`"v1"`}}, StoredAt: time.Unix(1000, 0)}, body)

	// A reader that has the entry open keeps reading what it opened.
	_, r, err := c.Get("k")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	half := make([]byte, len(body)/2)
	if _, err := io.ReadFull(r, half); err != nil {
		t.Fatal(err)
	}

	later := time.Unix(5000, 0)
	if err := c.Refresh("k", Meta{Status: 200, Header: http.Header{"Etag": {`"v1"`}, "X-Seen": {"again"}}, StoredAt: later, MaxAge: time.Hour, Size: 1}); err != nil {
		t.Fatal(err)
	}
	meta, got, err := get(c, "k")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, body) {
		t.Errorf("body after Refresh is %d bytes, not the %d stored", len(got), len(body))
	}
	if !meta.StoredAt.Equal(later) || meta.MaxAge != time.Hour || meta.Header.Get("X-Seen") != "again" {
		t.Errorf("Refresh did not replace the meta: %+v", meta)
	}
	if meta.Size != int64(len(body)) {
		t.Errorf("Size after Refresh = %d, want the body's %d", meta.Size, len(body))
	}
	rest, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(append(half, rest...), body) {
		t.Errorf("reader opened before Refresh: err %v, body changed", err)
	}
}

func TestReaderSurvivesReplaceAndDelete(t *testing.T) {
	for _, change := range []string{"replace", "delete"} {
		t.Run(change, func(t *testing.T) {
			c := openCache(t, 0)
			old := logText(5, 2<<20)
			put(t, c, "k", Meta{}, old)
			_, r, err := c.Get("k")
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			first := make([]byte, 1000)
			io.ReadFull(r, first)
			if change == "replace" {
				put(t, c, "k", Meta{}, []byte("new body"))
			} else if err := c.Delete("k"); err != nil {
				t.Fatal(err)
			}
			rest, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(append(first, rest...), old) {
				t.Errorf("reading on after %s: err %v, body changed", change, err)
			}
		})
	}
}

// selfCheckingBody is a body whose every line names the writer and the
// length of the whole body, so a reader can tell a mix of two writes.
func selfCheckingBody(writer, iter int) []byte {
	n := 50<<10 + (writer*7919+iter*104729)%(200<<10)
	line := fmt.Sprintf("writer %d iteration %d length %d\n", writer, iter, n)
	b := bytes.Repeat([]byte(line), n/len(line)+1)
	return b[:n]
}

func checkBody(b []byte) error {
	first, _, ok := bytes.Cut(b, []byte("\n"))
	if !ok {
		return fmt.Errorf("body of %d bytes has no line", len(b))
	}
	var w, i, n int
	if _, err := fmt.Sscanf(string(first), "writer %d iteration %d length %d", &w, &i, &n); err != nil {
		return fmt.Errorf("first line %q: %v", first, err)
	}
	if want := selfCheckingBody(w, i); !bytes.Equal(b, want) {
		return fmt.Errorf("body claiming writer %d iteration %d differs from what it wrote (%d bytes, want %d)", w, i, len(b), len(want))
	}
	return nil
}

// TestConcurrentSameKey has many goroutines write, refresh, delete and read
// one key through two Caches on one directory, as two processes would.
func TestConcurrentSameKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	var caches [2]*Cache
	for i := range caches {
		var err error
		if caches[i], err = Open(dir, 4<<20); err != nil { // small bound: eviction runs too
			t.Fatal(err)
		}
	}
	const writers, readers, iters = 6, 6, 15
	errs := make(chan error, writers+readers+1)
	var writes sync.WaitGroup
	for w := range writers {
		writes.Go(func() {
			if err := writeSelfChecking(caches[w%2], w, iters); err != nil {
				errs <- err
			}
		})
	}
	// Readers, and a goroutine that refreshes and deletes, go on until the
	// writers are done.
	done := make(chan struct{})
	var others sync.WaitGroup
	others.Go(func() {
		for i := 0; !closed(done); i++ {
			c := caches[i%2]
			var err error
			if i%10 == 9 {
				err = c.Delete("same")
			} else {
				err = c.Refresh("same", Meta{Status: 200, StoredAt: time.Now()})
			}
			if err != nil && !errors.Is(err, ErrMiss) {
				errs <- err
				return
			}
		}
	})
	var hits atomic.Int64
	for r := range readers {
		others.Go(func() {
			for !closed(done) {
				meta, body, err := get(caches[r%2], "same")
				if errors.Is(err, ErrMiss) {
					continue
				}
				hits.Add(1)
				if err == nil && meta.Size != int64(len(body)) {
					err = fmt.Errorf("Size %d for a body of %d bytes", meta.Size, len(body))
				}
				if err == nil {
					err = checkBody(body)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	writes.Wait()
	close(done)
	others.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if hits.Load() == 0 {
		t.Error("no read found an entry: the test tested nothing")
	}
	t.Logf("%d reads found an entry", hits.Load())
}

// writeSelfChecking writes key "same" iters times as writer w, aborting one
// write in five.
func writeSelfChecking(c *Cache, w, iters int) error {
	for i := range iters {
		wr, err := c.Create("same", Meta{Status: 200})
		if err != nil {
			return err
		}
		for chunk := range chunks(selfCheckingBody(w, i), 7000) {
			wr.Write(chunk)
		}
		if i%5 == 4 {
			wr.Abort()
		} else if err := wr.Commit(); err != nil {
			return err
		}
	}
	return nil
}

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// chunks yields b in chunks of at most n bytes.
func chunks(b []byte, n int) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		for len(b) > 0 {
			k := min(n, len(b))
			if !yield(b[:k]) {
				return
			}
			b = b[k:]
		}
	}
}

// killEnv, when set, makes TestKilledWriter the child process: it writes to
// the cache directory named by the variable until it is killed.
const killEnv = "DISKCACHE_TEST_KILLED_WRITER"

func TestKilledWriter(t *testing.T) {
	if dir := os.Getenv(killEnv); dir != "" {
		killedWriterChild(dir)
		return
	}
	for _, committedFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("earlier entry %v", committedFirst), func(t *testing.T) {
			c := openCache(t, 0)
			old := []byte("the entry committed before\n")
			if committedFirst {
				put(t, c, "k", Meta{Status: 200}, old)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriter$")
			cmd.Env = append(os.Environ(), killEnv+"="+c.Dir())
			cmd.Stderr = os.Stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(out).ReadString('\n')
			if line != "writing\n" {
				cmd.Process.Kill()
				t.Fatalf("child said %q, %v", line, err)
			}
			cmd.Process.Kill() // SIGKILL: no deferred cleanup runs
			cmd.Wait()

			_, body, err := get(c, "k")
			switch {
			case committedFirst && (err != nil || !bytes.Equal(body, old)):
				t.Errorf("after the killed write: body %q, err %v; want the earlier entry", body, err)
			case !committedFirst && !errors.Is(err, ErrMiss):
				t.Errorf("after the killed write: %v, want ErrMiss", err)
			}
			temps := tempFiles(t, c)
			if len(temps) != 1 {
				t.Fatalf("the killed writer left %d temporary files, want 1", len(temps))
			}
			// Clear leaves a young temporary file, another process may be
			// writing it, but deletes an old one.
			c.Clear()
			if len(tempFiles(t, c)) != 1 {
				t.Error("Clear deleted a temporary file younger than an hour")
			}
			old2 := time.Now().Add(-2 * time.Hour)
			os.Chtimes(temps[0], old2, old2)
			c.Clear()
			if n, bytes, _ := c.Usage(); n != 0 || bytes != 0 {
				t.Errorf("after Clear: %d entries, %d bytes", n, bytes)
			}
		})
	}
}

func killedWriterChild(dir string) {
	c, err := Open(dir, 0)
	if err != nil {
		panic(err)
	}
	w, err := c.Create("k", Meta{Status: 200})
	if err != nil {
		panic(err)
	}
	gen := newLogGen(9)
	io.CopyN(w, gen, 4<<20)
	os.Stdout.WriteString("writing\n")
	for {
		io.CopyN(w, gen, 1<<20)
		time.Sleep(time.Millisecond)
	}
}

func tempFiles(t *testing.T, c *Cache) []string {
	t.Helper()
	files, err := c.scan()
	if err != nil {
		t.Fatal(err)
	}
	var temps []string
	for _, f := range files {
		if f.temp {
			temps = append(temps, f.path)
		}
	}
	return temps
}

func TestEvictionBound(t *testing.T) {
	const max = 256 << 10
	c := openCache(t, max)
	// Another process is writing an entry: eviction must leave it alone.
	writing := filepath.Join(c.root, "ab", tempPrefix+"123")
	os.Mkdir(filepath.Dir(writing), 0o700)
	if err := os.WriteFile(writing, make([]byte, 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		put(t, c, fmt.Sprint("k", i), Meta{}, randomBytes(uint64(i), 20<<10))
		_, bytes, err := c.Usage()
		if err != nil {
			t.Fatal(err)
		}
		if bytes > max {
			t.Fatalf("after %d entries the cache takes %d bytes, over its bound of %d", i+1, bytes, max)
		}
	}
	for _, i := range []int{57, 58, 59} {
		if _, _, err := get(c, fmt.Sprint("k", i)); err != nil {
			t.Errorf("recent entry k%d: %v", i, err)
		}
	}
	if _, _, err := get(c, "k0"); !errors.Is(err, ErrMiss) {
		t.Errorf("oldest entry: %v, want it evicted", err)
	}
	if _, err := os.Stat(writing); err != nil {
		t.Errorf("eviction removed a file being written: %v", err)
	}
}

// TestEvictionOtherProcess checks that writes spread over many short-lived
// processes, none writing much, still keep the cache bounded.
func TestEvictionOtherProcess(t *testing.T) {
	const max = 256 << 10
	dir := filepath.Join(t.TempDir(), "cache")
	for i := range 60 {
		c, err := Open(dir, max) // a new process for each write
		if err != nil {
			t.Fatal(err)
		}
		put(t, c, fmt.Sprint("k", i), Meta{}, randomBytes(uint64(i), 10<<10))
	}
	c, _ := Open(dir, max)
	if _, bytes, _ := c.Usage(); bytes > max {
		t.Errorf("the cache takes %d bytes, over its bound of %d", bytes, max)
	}
}

func TestEvictionLeastRecentlyUsed(t *testing.T) {
	const max = 256 << 10
	c := openCache(t, max)
	for i := range 10 { // 200 KiB of 256
		key := fmt.Sprint("k", i)
		put(t, c, key, Meta{}, randomBytes(uint64(i), 20<<10))
		// k0 written longest ago, k9 last.
		at := time.Now().Add(-time.Duration(10-i) * time.Hour)
		os.Chtimes(c.path(key), at, at)
	}
	// Reading k0 makes it the most recently used.
	if _, _, err := get(c, "k0"); err != nil {
		t.Fatal(err)
	}
	for i := 10; i < 13; i++ { // 60 KiB more: over the bound
		put(t, c, fmt.Sprint("k", i), Meta{}, randomBytes(uint64(i), 20<<10))
	}
	var gone []string
	for i := range 13 {
		if _, _, err := c.Get(fmt.Sprint("k", i)); errors.Is(err, ErrMiss) {
			gone = append(gone, fmt.Sprint("k", i))
		}
	}
	if strings.Join(gone, " ") != "k1 k2" {
		t.Errorf("evicted %v, want the least recently used: k1 k2", gone)
	}
}

func TestClear(t *testing.T) {
	c := openCache(t, 0)
	for i := range 5 {
		put(t, c, fmt.Sprint("k", i), Meta{}, []byte("body"))
	}
	if n, _, _ := c.Usage(); n != 5 {
		t.Fatalf("Usage counts %d entries, want 5", n)
	}
	if err := c.Clear(); err != nil {
		t.Fatal(err)
	}
	if n, bytes, _ := c.Usage(); n != 0 || bytes != 0 {
		t.Errorf("after Clear: %d entries, %d bytes", n, bytes)
	}
	if _, _, err := c.Get("k1"); !errors.Is(err, ErrMiss) {
		t.Errorf("Get after Clear: %v, want ErrMiss", err)
	}
	put(t, c, "k1", Meta{}, []byte("again"))
	if _, body, err := get(c, "k1"); err != nil || string(body) != "again" {
		t.Errorf("writing after Clear: body %q, err %v", body, err)
	}
}

// raceEnabled reports whether the test binary was built with -race, which
// makes the large-body test too slow at full size.
func raceEnabled() bool {
	bi, _ := debug.ReadBuildInfo()
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// TestLargeBodyBoundedMemory streams a job log of hundreds of MB through the
// cache and checks that the heap stays small: the product caches logs far
// larger than it should hold in memory.
func TestLargeBodyBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 256 MiB")
	}
	size := int64(256 << 20)
	if raceEnabled() {
		size = 32 << 20
	}
	c := openCache(t, 0)
	stop := sampleHeap()
	buf := make([]byte, 32<<10)

	start := time.Now()
	w, err := c.Create("big", Meta{Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.New()
	if _, err := io.CopyBuffer(w, io.TeeReader(io.LimitReader(newLogGen(7), size), want), buf); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	wrote := time.Since(start)

	start = time.Now()
	meta, r, err := c.Get("big")
	if err != nil {
		t.Fatal(err)
	}
	got := sha256.New()
	n, err := io.CopyBuffer(got, r, buf)
	r.Close()
	read := time.Since(start)
	peak := stop()
	if err != nil {
		t.Fatal(err)
	}
	if n != size || meta.Size != size || !bytes.Equal(got.Sum(nil), want.Sum(nil)) {
		t.Fatalf("read back %d bytes (Size %d) of %d, equal: %v", n, meta.Size, size, bytes.Equal(got.Sum(nil), want.Sum(nil)))
	}
	if peak > 32<<20 {
		t.Errorf("heap in use grew by up to %d MiB for a %d MiB body; want under 32 MiB", peak>>20, size>>20)
	}
	_, onDisk, _ := c.Usage()
	t.Logf("%d MiB: heap growth peak %.1f MiB, ratio %.1f, write (with generation) %.0f MB/s, read %.0f MB/s",
		size>>20, float64(peak)/(1<<20), float64(size)/float64(onDisk), float64(size)/wrote.Seconds()/1e6, float64(size)/read.Seconds()/1e6)
}

// sampleHeap starts sampling the heap in use; the function it returns stops
// and returns the peak growth over the heap in use at the start.
func sampleHeap() func() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, peak := ms.HeapInuse, ms.HeapInuse
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		return peak - base
	}
}

// logGen is an endless job log in GitHub Actions' format: a timestamp with
// 100 ns digits, then a line of the kinds of output jobs print (go test,
// compilers, package managers, bazel progress, docker pulls, stack traces),
// with enough varying numbers and hashes to compress like a real log.
type logGen struct {
	rng  *rand.Rand
	t    time.Time
	buf  []byte
	off  int
	line int64 // lines generated
}

func newLogGen(seed uint64) *logGen {
	return &logGen{rng: rand.New(rand.NewPCG(seed, 1)), t: time.Date(2024, 1, 28, 9, 18, 31, 824596900, time.UTC)}
}

func (g *logGen) Read(p []byte) (int, error) {
	if g.off == len(g.buf) {
		g.buf, g.off = g.buf[:0], 0
		for len(g.buf) < 32<<10 {
			g.appendLine()
		}
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	return n, nil
}

var (
	words = []string{"parse", "query", "render", "cache", "http", "retry", "token", "paginate", "jobs", "runs", "steps", "logs", "artifact", "matrix", "schedule", "timeout"}
	pkgs  = []string{"numpy", "requests", "urllib3", "certifi", "pytest", "setuptools", "wheel", "idna", "charset-normalizer", "packaging", "pluggy", "tomli"}
	paths = []string{"tensorflow/python/ops", "tensorflow/core/kernels", "src/runtime", "internal/ghapi", "lib/compiler", "pkg/util/strings"}
)

func (g *logGen) appendLine() {
	r, b := g.rng, g.buf
	g.t = g.t.Add(time.Duration(r.IntN(30_000_000)))
	b = g.t.AppendFormat(b, "2006-01-02T15:04:05.0000000Z ")
	num := func(n int) { b = strconv.AppendInt(b, int64(r.IntN(n)), 10) }
	word := func(ws []string) { b = append(b, ws[r.IntN(len(ws))]...) }
	hex := func(n int) {
		for range n {
			b = append(b, "0123456789abcdef"[r.IntN(16)])
		}
	}
	switch k := r.IntN(100); {
	case k < 18:
		b = append(b, "=== RUN   Test"...)
		word(words)
		b = append(b, '/')
		word(words)
		b = append(b, '_')
		num(500)
	case k < 34:
		b = append(b, "--- PASS: Test"...)
		word(words)
		b = append(b, '/')
		word(words)
		b = append(b, " (0."...)
		num(100)
		b = append(b, "s)"...)
	case k < 46:
		b = append(b, "\x1b[32m["...)
		num(40000)
		b = append(b, " / 40,215]\x1b[0m Compiling "...)
		word(paths)
		b = append(b, '/')
		word(words)
		b = append(b, "_op.cc; "...)
		num(200)
		b = append(b, "s local ... ("...)
		num(64)
		b = append(b, " actions, 63 running)"...)
	case k < 56:
		b = append(b, "  Downloading "...)
		word(pkgs)
		b = append(b, '-')
		num(3)
		b = append(b, '.')
		num(30)
		b = append(b, '.')
		num(10)
		b = append(b, "-py3-none-any.whl ("...)
		num(900)
		b = append(b, " kB)"...)
	case k < 64:
		word(paths)
		b = append(b, '/')
		word(words)
		b = append(b, ".go:"...)
		num(900)
		b = append(b, ':')
		num(80)
		b = append(b, ": warning: result of fmt.Sprintf call not used"...)
	case k < 70:
		b = append(b, "Digest: sha256:"...)
		hex(64)
	case k < 78:
		hex(12)
		b = append(b, ": Pull complete"...)
	case k < 84:
		b = append(b, "##[group]Run "...)
		word(words)
		b = append(b, "\n"...)
		b = g.t.AppendFormat(b, "2006-01-02T15:04:05.0000000Z ")
		b = append(b, "##[endgroup]"...)
	case k < 92:
		b = append(b, "    at Object.<anonymous> (/home/runner/work/app/app/node_modules/"...)
		word(pkgs)
		b = append(b, "/lib/index.js:"...)
		num(2000)
		b = append(b, ':')
		num(80)
		b = append(b, ')')
	default:
		b = append(b, "ok  \tgithub.com/octo-org/octo-repo/"...)
		word(paths)
		b = append(b, '\t')
		num(10)
		b = append(b, '.')
		num(1000)
		b = append(b, 's')
	}
	g.buf = append(b, '\n')
	g.line++
}

// benchLog is a synthetic log held in memory for the benchmarks.
var benchLog = sync.OnceValue(func() []byte {
	b := logText(11, 64<<20)
	return b[:bytes.LastIndexByte(b, '\n')+1] // whole lines
})

// realLog is the largest real job log of testdata/github (kept in a
// run-logs zip), repeated to 64 MiB (the repeats are further apart than the
// zstd window, so they do not compress away).
var realLog = sync.OnceValues(func() ([]byte, error) {
	const zipFile, logFile = "../../testdata/github/runlogs_real_tensorflow_arm-ci.zip", "0_build (3.10).txt"
	archive, err := zip.OpenReader(zipFile)
	if err != nil {
		return nil, err
	}
	defer archive.Close()
	f, err := archive.Open(logFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zipFile, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", zipFile, logFile, err)
	}
	return bytes.Repeat(b, (64<<20)/len(b)), nil
})

func benchLogs(b *testing.B) map[string][]byte {
	real, err := realLog()
	if err != nil {
		b.Fatal(err)
	}
	return map[string][]byte{"synthetic": benchLog(), "real": real}
}

func BenchmarkWriteBody(b *testing.B) {
	for name, log := range benchLogs(b) {
		b.Run(name, func(b *testing.B) {
			c := openCache(b, 4<<30)
			b.SetBytes(int64(len(log)))
			for b.Loop() {
				w, err := c.Create("log", Meta{Status: 200})
				if err != nil {
					b.Fatal(err)
				}
				for chunk := range chunks(log, 32<<10) {
					w.Write(chunk)
				}
				if err := w.Commit(); err != nil {
					b.Fatal(err)
				}
			}
			fi, _ := os.Stat(c.path("log"))
			b.ReportMetric(float64(len(log))/float64(fi.Size()), "ratio")
		})
	}
}

func BenchmarkReadBody(b *testing.B) {
	for name, log := range benchLogs(b) {
		b.Run(name, func(b *testing.B) {
			c := openCache(b, 4<<30)
			put(b, c, "log", Meta{Status: 200}, log)
			lines := bytes.Count(log, []byte("\n"))
			b.SetBytes(int64(len(log)))
			for b.Loop() {
				_, r, err := c.Get("log")
				if err != nil {
					b.Fatal(err)
				}
				// Lines, as the product reads cached logs.
				sc := bufio.NewScanner(r)
				sc.Buffer(make([]byte, 64<<10), 1<<20)
				n := 0
				for sc.Scan() {
					n++
				}
				r.Close()
				if sc.Err() != nil || n != lines {
					b.Fatalf("read %d lines of %d: %v", n, lines, sc.Err())
				}
			}
			b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}

// BenchmarkOpenGet is a one-shot query's cache work: open the cache and read
// a small entry.
func BenchmarkOpenGet(b *testing.B) {
	c := openCache(b, 0)
	for i := range 2000 {
		put(b, c, fmt.Sprint("k", i), Meta{Status: 200}, logText(uint64(i), 4<<10))
	}
	for b.Loop() {
		c, err := Open(c.Dir(), 0)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := get(c, "k1000"); err != nil {
			b.Fatal(err)
		}
	}
}
