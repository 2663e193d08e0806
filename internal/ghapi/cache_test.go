package ghapi_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/diskcache"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/ghapi"
)

// clock is a settable time for the cache's freshness decisions.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// cachedClient is a client reading through the disk cache in dir, as a new
// process would (nothing shared but the directory).
func cachedClient(t *testing.T, srv *fakegh.Server, dir, token string, now func() time.Time) *ghapi.Client {
	t.Helper()
	cache, err := diskcache.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: token, Cache: cache, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readLog(t *testing.T, c *ghapi.Client, jobID int64) string {
	t.Helper()
	body, err := c.OpenJobLog(context.Background(), "octo-org", "webapp", jobID)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCompletedJobsAndLogsComeFromDiskWithNoRequest(t *testing.T) {
	srv := start(t, fakegh.Options{})
	dir, ctx := t.TempDir(), context.Background()
	clk := &clock{now: time.Now()}
	cold := cachedClient(t, srv, dir, "t0ken", clk.Now)
	job, err := cold.GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID)
	if err != nil {
		t.Fatal(err)
	}
	log := readLog(t, cold, fakegh.FlakyJobID)

	clk.advance(365 * 24 * time.Hour) // long past max-age: only immutability keeps them
	srv.ResetRequests()
	warm := cachedClient(t, srv, dir, "t0ken", clk.Now)
	again, err := warm.GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID)
	if err != nil {
		t.Fatal(err)
	}
	if again.GetName() != job.GetName() || len(again.Steps) != len(job.Steps) {
		t.Errorf("cached job %q with %d steps, want %q with %d", again.GetName(), len(again.Steps), job.GetName(), len(job.Steps))
	}
	if got := readLog(t, warm, fakegh.FlakyJobID); got != log {
		t.Errorf("cached log differs: %d bytes, want %d", len(got), len(log))
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("warm reads sent %v, want nothing", reqs)
	}
	if s := warm.Stats().Snapshot(); s.CacheHits != 2 || s.Requests != 0 || s.LogDownloads != 0 {
		t.Errorf("stats %+v: want 2 cache hits and no requests", s)
	}
}

func TestWhatCanChangeIsFreshForMaxAgeThenRevalidated(t *testing.T) {
	srv := start(t, fakegh.Options{})
	dir, ctx := t.TempDir(), context.Background()
	clk := &clock{now: time.Now()}
	c := cachedClient(t, srv, dir, "t0ken", clk.Now)
	list := ghapi.JobListing{Owner: "octo-org", Repo: "webapp", RunID: fakegh.FlakyRunID, Filter: "all"}
	read := func() {
		t.Helper()
		if _, err := c.ListJobsPage(ctx, list, 1); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetJob(ctx, "octo-org", "webapp", fakegh.InProgressJobID); err != nil {
			t.Fatal(err)
		}
	}
	read()
	srv.ResetRequests()
	clk.advance(30 * time.Second) // within GitHub's max-age=60
	read()
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("fresh entries sent %v", reqs)
	}
	clk.advance(time.Minute)
	read()
	if reqs := srv.Requests(); len(reqs) != 2 {
		t.Errorf("stale entries sent %v, want a revalidation each", reqs)
	}
	if s := c.Stats().Snapshot(); s.NotModified != 2 || s.RateRemaining <= 0 {
		t.Errorf("stats %+v: want 2 answered 304", s)
	}
}

func TestTheCacheKeepsEachTokensDataApart(t *testing.T) {
	srv, err := fakegh.Start(fakegh.Options{ValidTokens: []string{"alice-token", "bob-token"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir, ctx := t.TempDir(), context.Background()
	alice := cachedClient(t, srv, dir, "alice-token", nil)
	if _, err := alice.GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID); err != nil {
		t.Fatal(err)
	}
	readLog(t, alice, fakegh.FlakyJobID)
	srv.ResetRequests()
	bob := cachedClient(t, srv, dir, "bob-token", nil)
	if _, err := bob.GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID); err != nil {
		t.Fatal(err)
	}
	readLog(t, bob, fakegh.FlakyJobID)
	if s := bob.Stats().Snapshot(); s.CacheHits != 0 || s.Requests != 2 {
		t.Errorf("another token's client: %+v, want its own requests and no cache hits", s)
	}
	// No file holds a token.
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(path)
		if strings.Contains(string(b), "alice-token") || strings.Contains(string(b), "bob-token") {
			t.Errorf("%s holds a token", path)
		}
		return nil
	})
}

func TestALogNotReadToItsEndIsNotKept(t *testing.T) {
	srv := start(t, fakegh.Options{})
	dir := t.TempDir()
	c := cachedClient(t, srv, dir, "t0ken", nil)
	body, err := c.OpenJobLog(context.Background(), "octo-org", "webapp", fakegh.LongLogJobID)
	if err != nil {
		t.Fatal(err)
	}
	io.CopyN(io.Discard, body, 1000)
	body.Close()
	srv.ResetRequests()
	readLog(t, cachedClient(t, srv, dir, "t0ken", nil), fakegh.LongLogJobID)
	if _, blob := srv.RequestsByHost(); len(blob) != 1 {
		t.Errorf("a log left half read was served from the cache: downloads %v", blob)
	}
}

func TestACorruptEntryIsFetchedAgainNotServed(t *testing.T) {
	srv := start(t, fakegh.Options{})
	dir, ctx := t.TempDir(), context.Background()
	job, err := cachedClient(t, srv, dir, "t0ken", nil).GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID)
	if err != nil {
		t.Fatal(err)
	}
	corrupted := 0
	filepath.WalkDir(filepath.Join(dir, "v1"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		b, _ := os.ReadFile(path)
		b[len(b)-5] ^= 0xff // inside the compressed body
		corrupted++
		return os.WriteFile(path, b, 0o600)
	})
	if corrupted != 1 {
		t.Fatalf("corrupted %d entries, want the job's 1", corrupted)
	}
	srv.ResetRequests()
	c := cachedClient(t, srv, dir, "t0ken", nil)
	again, err := c.GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID)
	if err != nil || again.GetName() != job.GetName() {
		t.Fatalf("after corruption: %v, %v", again.GetName(), err)
	}
	if s := c.Stats().Snapshot(); s.CacheHits != 0 || s.Requests != 1 {
		t.Errorf("stats %+v: a corrupt entry must be fetched again", s)
	}
}

// expiredJobID is a job of fakegh.ExpiredRunID, whose log answers 410.
func expiredJobID(t *testing.T) int64 {
	t.Helper()
	for _, run := range fakegh.Default().Repo("octo-org", "webapp").Runs {
		if run.ID == fakegh.ExpiredRunID {
			return run.Latest().Jobs[0].ID
		}
	}
	t.Fatal("no expired run in the bundled data set")
	return 0
}

func TestAnExpiredLogIsKeptGoneWithNoRequestNextTime(t *testing.T) {
	srv := start(t, fakegh.Options{})
	dir, ctx := t.TempDir(), context.Background()
	clk := &clock{now: time.Now()}
	id := expiredJobID(t)
	_, coldErr := cachedClient(t, srv, dir, "t0ken", clk.Now).OpenJobLog(ctx, "octo-org", "webapp", id)
	if !ghapi.IsStatus(coldErr, http.StatusGone) {
		t.Fatalf("expired log: %v, want 410", coldErr)
	}

	clk.advance(365 * 24 * time.Hour) // long past any max-age: an expired log stays expired
	srv.ResetRequests()
	warm := cachedClient(t, srv, dir, "t0ken", clk.Now)
	_, err := warm.OpenJobLog(ctx, "octo-org", "webapp", id)
	if !ghapi.IsStatus(err, http.StatusGone) || err.Error() != coldErr.Error() {
		t.Errorf("again: %v, want %v", err, coldErr)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("asking again sent %v, want nothing", reqs)
	}
	if s := warm.Stats().Snapshot(); s.CacheHits != 1 || s.Requests != 0 {
		t.Errorf("stats %+v: want 1 cache hit and no requests", s)
	}
}

func TestOnlyALogsGoneIsKept(t *testing.T) {
	// A 410 elsewhere (here on a job, injected) is no expired log: asked again.
	srv := start(t, fakegh.Options{Fault: func(r *http.Request) int {
		if strings.HasSuffix(r.URL.Path, "/actions/jobs/"+strconv.Itoa(fakegh.FlakyJobID)) {
			return http.StatusGone
		}
		return 0
	}})
	dir, ctx := t.TempDir(), context.Background()
	for range 2 {
		if _, err := cachedClient(t, srv, dir, "t0ken", nil).GetJob(ctx, "octo-org", "webapp", fakegh.FlakyJobID); !ghapi.IsStatus(err, http.StatusGone) {
			t.Fatalf("GetJob: %v, want 410", err)
		}
	}
	if api, _ := srv.RequestsByHost(); len(api) != 2 {
		t.Errorf("requests %v, want the job asked twice", api)
	}
}
