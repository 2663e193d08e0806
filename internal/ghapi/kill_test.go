package ghapi_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/diskcache"
	"github.com/actionsql/actionsql/internal/docfigures"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/ghapi"
)

// A killPoint is where TestAProcessKilledMidFillLeavesNoWrongEntry kills a
// child filling the cache: once it has read this many bytes of the long log
// (which the disk cache is writing as it goes), or the whole log to its end
// (the entry is then committed) when whole is set.
type killPoint struct {
	read  int64
	whole bool
}

// killPoints kill a child after the first byte, at every eighth of the log,
// one byte short of its end (all of it written but the end not yet seen),
// and after the end.
func killPoints(size int64) []killPoint {
	points := []killPoint{{read: 1}}
	for k := int64(1); k < 8; k++ {
		points = append(points, killPoint{read: k * size / 8})
	}
	return append(points, killPoint{read: size - 1}, killPoint{read: size, whole: true})
}

// childReadyTimeout bounds the wait for a child to reach its kill point: a
// ceiling for a loaded machine, not a speed claim.
const childReadyTimeout = time.Minute

// TestAProcessKilledMidFillLeavesNoWrongEntry starts processes that fill one
// disk cache and kills each with SIGKILL at a known point: while the cache is
// writing a job's log (a temporary file half written), or once the log was
// read whole. After each kill, a new reader of the same cache gets the job
// from the cache, and the log either whole from the cache (the write had
// ended) or downloaded again (it had not): never an error, never other bytes.
func TestAProcessKilledMidFillLeavesNoWrongEntry(t *testing.T) {
	if dir := os.Getenv("ACTIONSQL_TEST_FILL_CACHE"); dir != "" {
		read, _ := strconv.ParseInt(os.Getenv("ACTIONSQL_TEST_READ"), 10, 64)
		fillCacheUntilKilled(t, dir, os.Getenv("ACTIONSQL_TEST_API_URL"), os.Getenv("ACTIONSQL_TEST_TOKEN"), read)
		return
	}
	if testing.Short() {
		t.Skip("starts and kills a process per kill point")
	}
	srv, err := fakegh.Start(fakegh.Options{}) // any token: each child has its own, so its own entries
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	want, _ := fakegh.Default().Log(fakegh.LongLogJobID)
	fresh, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: "t0ken"})
	wantJob, err := fresh.GetJob(context.Background(), "octo-org", "webapp", fakegh.LongLogJobID)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var midWrite, committed int
	var leftTemps []int64
	var logHits, logDownloads, wrong int64
	for i, at := range killPoints(int64(len(want))) {
		token := fmt.Sprintf("t0ken-%d", i)
		entriesBefore, tempsBefore := cacheFiles(t, dir)
		killAt(t, dir, srv.URL(), token, at)
		entries, temps := cacheFiles(t, dir)
		newTemps := newFiles(temps, tempsBefore)

		// What the kill left on disk: the job's entry, and the log's only if
		// the child had read it to the end; else a temporary file.
		wantEntries, wantTemps := 2, 0
		if !at.whole {
			wantEntries, wantTemps = 1, 1
		}
		if n := len(entries) - len(entriesBefore); n != wantEntries {
			t.Errorf("killed after %d of %d bytes (whole: %v): %d new entries, want %d", at.read, len(want), at.whole, n, wantEntries)
		}
		if len(newTemps) != wantTemps {
			t.Errorf("killed after %d of %d bytes (whole: %v): %d new temporary files, want %d", at.read, len(want), at.whole, len(newTemps), wantTemps)
		}
		leftTemps = append(leftTemps, newTemps...)

		// What the next reader gets.
		c := cachedClient(t, srv, dir, token, nil)
		gotJob, err := c.GetJob(context.Background(), "octo-org", "webapp", fakegh.LongLogJobID)
		if err != nil {
			t.Fatalf("killed after %d bytes: reading the job through the cache: %v", at.read, err)
		}
		if !reflect.DeepEqual(gotJob, wantJob) {
			t.Errorf("killed after %d bytes: the job read through the cache differs from the server's", at.read)
		}
		if got := readLog(t, c, fakegh.LongLogJobID); got != string(want) {
			wrong++
			t.Errorf("killed after %d bytes: the log read through the cache has %d bytes, the server's %d", at.read, len(got), len(want))
		}
		stats := c.Stats().Snapshot()
		wantHits, wantDownloads := int64(2), int64(0) // the job and the log from the cache
		if !at.whole {
			wantHits, wantDownloads = 1, 1 // the log's write never ended: downloaded again
		}
		if stats.CacheHits != wantHits || stats.LogDownloads != wantDownloads {
			t.Errorf("killed after %d bytes (whole: %v): the next reader had %d cache hits and %d log downloads, want %d and %d",
				at.read, at.whole, stats.CacheHits, stats.LogDownloads, wantHits, wantDownloads)
		}
		logHits += stats.CacheHits - 1 // the job's was asked for first
		logDownloads += stats.LogDownloads
		if at.whole {
			committed++
		} else {
			midWrite++
		}
	}
	t.Logf("%d children killed while the cache wrote the log (temporary files left: %v bytes), %d after it was committed; "+
		"the next reader downloaded the log again %d times and read it from the cache %d times, %d wrong", midWrite, leftTemps, committed, logDownloads, logHits, wrong)
	docfigures.Check(t, reliabilityDoc, "cache filled by a process killed with SIGKILL",
		fmt.Sprintf("%d processes killed while the cache wrote a log, %d after it was committed; the next reader downloaded the log again %d times, read it from the cache %d times: **%d wrong answers**",
			midWrite, committed, logDownloads, logHits, wrong))
}

// killAt starts a child filling the cache in dir and kills it with SIGKILL
// (no deferred cleanup, no Close) once it has reached the kill point.
func killAt(t *testing.T, dir, apiURL, token string, at killPoint) {
	t.Helper()
	ready, readyW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer ready.Close()
	read := at.read
	if at.whole {
		read = -1
	}
	var output bytes.Buffer
	cmd := exec.Command(os.Args[0], "-test.run=^TestAProcessKilledMidFillLeavesNoWrongEntry$")
	cmd.Env = append(os.Environ(), "ACTIONSQL_TEST_FILL_CACHE="+dir, "ACTIONSQL_TEST_API_URL="+apiURL,
		"ACTIONSQL_TEST_TOKEN="+token, "ACTIONSQL_TEST_READ="+strconv.FormatInt(read, 10))
	cmd.ExtraFiles = []*os.File{readyW} // the child's file descriptor 3
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	readyW.Close()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(ready).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		if s == "" { // the child ended without reaching the kill point
			cmd.Wait()
			t.Fatalf("the child filling the cache ended before its kill point (%d bytes): %s", at.read, output.String())
		}
	case <-time.After(childReadyTimeout):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the child filling the cache did not reach its kill point (%d bytes) within %v: %s", at.read, childReadyTimeout, output.String())
	}
	cmd.Process.Kill()
	cmd.Wait()
}

// fillCacheUntilKilled is the child: it reads the long log's job and the
// first read bytes of its log (all of it, to the end, when read is -1)
// through the cache in dir, says so on file descriptor 3, and waits to be
// killed with the log's body still open.
func fillCacheUntilKilled(t *testing.T, dir, apiURL, token string, read int64) {
	cache, err := diskcache.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ghapi.New(ghapi.Options{BaseURL: apiURL, Token: token, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.GetJob(ctx, "octo-org", "webapp", fakegh.LongLogJobID); err != nil {
		t.Fatal(err)
	}
	body, err := c.OpenJobLog(ctx, "octo-org", "webapp", fakegh.LongLogJobID)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	if read < 0 {
		n, err = io.Copy(io.Discard, body)
	} else {
		n, err = io.CopyN(io.Discard, body, read)
	}
	if err != nil {
		t.Fatalf("read %d bytes of the log: %v", n, err)
	}
	fmt.Fprintf(os.NewFile(3, "ready"), "%d bytes read\n", n)
	time.Sleep(time.Hour) // killed long before
	t.Fatal("not killed")
}

// cacheFiles lists the entry files and the temporary files (".tmp-*", being
// written) in the cache in dir, with their sizes.
func cacheFiles(t *testing.T, dir string) (entries, temps map[string]int64) {
	t.Helper()
	entries, temps = map[string]int64{}, map[string]int64{}
	files, err := filepath.Glob(filepath.Join(dir, "v1", "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(filepath.Base(f), ".tmp-") {
			temps[f] = fi.Size()
		} else {
			entries[f] = fi.Size()
		}
	}
	return entries, temps
}

// newFiles returns the sizes of the files in now that were not in before.
func newFiles(now, before map[string]int64) []int64 {
	var sizes []int64
	for f, size := range now {
		if _, ok := before[f]; !ok {
			sizes = append(sizes, size)
		}
	}
	return sizes
}

// TestACorruptCachedLogIsFetchedAgainOrFailsClearly damages a cached log's
// file one byte at a time: each read gives the server's log, or an error
// saying the cached copy was corrupt, never other bytes. Damage found before
// any byte was handed out means a download: a small log (one zstd block) is
// checked whole at its first read, so it never fails. In a long log, damage
// past the first blocks is found after bytes were handed out: the read fails,
// and the next one downloads the log.
func TestACorruptCachedLogIsFetchedAgainOrFailsClearly(t *testing.T) {
	tests := []struct {
		name        string
		job         int64
		damages     int  // bytes of the entry file damaged in turn, spread evenly
		someFailing bool // some damage is found only after bytes were handed out
	}{
		{name: "a short log", job: fakegh.FlakyJobID, damages: 500},
		{name: "a long log", job: fakegh.LongLogJobID, damages: 16, someFailing: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start(t, fakegh.Options{})
			want, _ := fakegh.Default().Log(tt.job)
			dir := t.TempDir()
			entry, pristine := cachedLogEntry(t, srv, dir, tt.job)
			refetched, failed := 0, 0
			for at := 0; at < len(pristine); at += max(1, len(pristine)/tt.damages) {
				damaged := bytes.Clone(pristine)
				damaged[at] ^= 0x55
				if err := os.WriteFile(entry, damaged, 0o600); err != nil {
					t.Fatal(err)
				}
				got, err := readCachedLog(t, srv, dir, tt.job)
				switch {
				case err != nil && !strings.Contains(err.Error(), "corrupt") || err != nil && !strings.Contains(err.Error(), "run the query again"):
					t.Fatalf("byte %d damaged: %v", at, err)
				case err != nil:
					failed++
					// The entry is gone: the next read downloads the log.
					if again, err := readCachedLog(t, srv, dir, tt.job); err != nil || !bytes.Equal(again, want) {
						t.Fatalf("byte %d damaged: after the read failed, the next read gave %d bytes (%v), want the server's %d", at, len(again), err, len(want))
					}
				case !bytes.Equal(got, want):
					t.Fatalf("byte %d damaged: a wrong log of %d bytes with no error", at, len(got))
				default:
					refetched++
				}
			}
			t.Logf("%d damaged copies: %d fetched again, %d failed saying the cached copy was corrupt, 0 wrong", refetched+failed, refetched, failed)
			docfigures.Check(t, reliabilityDoc, "cached "+tt.name+" damaged, one byte at a time",
				fmt.Sprintf("%d damaged copies: each detected; %d fetched again from the API, %d failed saying the cached copy was corrupt (the next read downloads it): **0 wrong answers**",
					refetched+failed, refetched, failed))
			if refetched == 0 {
				t.Errorf("no damage was found before the log was handed out (a damaged header is)")
			}
			if tt.someFailing && failed == 0 {
				t.Errorf("no damage was found after bytes were handed out: the failing path went untested")
			}
			if !tt.someFailing && failed > 0 {
				t.Errorf("%d reads of a one-block log failed: its damage should be found before any byte is handed out, and the log downloaded", failed)
			}
		})
	}
}

// cachedLogEntry reads a job's log through a cache in dir and returns its
// entry file and content.
func cachedLogEntry(t *testing.T, srv *fakegh.Server, dir string, job int64) (string, []byte) {
	t.Helper()
	readLog(t, cachedClient(t, srv, dir, "t0ken", nil), job)
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*"))
	var entry string
	var content []byte
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil && len(b) > len(content) {
			entry, content = f, b // the log is the largest entry
		}
	}
	if len(content) < 1000 {
		t.Fatalf("no cached log found among %v", files)
	}
	return entry, content
}

// readCachedLog reads a job's log as a new process would, through the
// cache in dir.
func readCachedLog(t *testing.T, srv *fakegh.Server, dir string, job int64) ([]byte, error) {
	t.Helper()
	body, err := cachedClient(t, srv, dir, "t0ken", nil).OpenJobLog(context.Background(), "octo-org", "webapp", job)
	if err != nil {
		return nil, err
	}
	defer body.Close()
	return io.ReadAll(body)
}
