package ghapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
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

// cacheKills is how many times TestAProcessKilledMidFillLeavesNoWrongEntry
// kills a process filling the cache.
const cacheKills = 20

// TestAProcessKilledMidFillLeavesNoWrongEntry starts a process that fills a
// disk cache (jobs, listings and logs, read slowly) and kills it with
// SIGKILL at a random moment, again and again on the same cache; then reads
// everything through that cache and wants exactly what the server has.
func TestAProcessKilledMidFillLeavesNoWrongEntry(t *testing.T) {
	if dir := os.Getenv("ACTIONSQL_TEST_FILL_CACHE"); dir != "" {
		fillCacheSlowly(t, dir, os.Getenv("ACTIONSQL_TEST_API_URL"))
		return
	}
	if testing.Short() {
		t.Skip("kills processes for a few seconds")
	}
	srv := start(t, fakegh.Options{})
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range cacheKills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestAProcessKilledMidFillLeavesNoWrongEntry$")
		cmd.Env = append(os.Environ(), "ACTIONSQL_TEST_FILL_CACHE="+dir, "ACTIONSQL_TEST_API_URL="+srv.URL(), "ACTIONSQL_TEST_SEED="+strconv.Itoa(i))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		cmd.Process.Kill() // SIGKILL: no deferred cleanup, no Close
		cmd.Wait()
	}
	cache, err := diskcache.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	cached, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: "t0ken", Cache: cache})
	fresh, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: "t0ken"})
	ctx := context.Background()
	jobs, wrong := flakyJobIDs(t, fresh), 0
	for _, id := range jobs {
		want, _ := fakegh.Default().Log(id)
		if got := readLog(t, cached, id); got != string(want) {
			wrong++
			t.Errorf("job %d: the log read through the cache has %d bytes, the server's %d", id, len(got), len(want))
		}
		gotJob, err := cached.GetJob(ctx, "octo-org", "webapp", id)
		if err != nil {
			t.Fatal(err)
		}
		wantJob, _ := fresh.GetJob(ctx, "octo-org", "webapp", id)
		if !reflect.DeepEqual(gotJob, wantJob) {
			wrong++
			t.Errorf("job %d read through the cache differs from the server's", id)
		}
	}
	hits := cached.Stats().Snapshot().CacheHits
	t.Logf("%d kills mid-fill; %d answers then served from the cache, %d wrong", cacheKills, hits, wrong)
	docfigures.Check(t, reliabilityDoc, "cache filled by a process killed with SIGKILL",
		fmt.Sprintf("%d kills mid-fill, then %d jobs and their logs read through that cache: **%d wrong answers**", cacheKills, len(jobs), wrong))
	if hits == 0 {
		t.Errorf("no answer came from the cache: the kills left nothing to check")
	}
}

func flakyJobIDs(t *testing.T, c *ghapi.Client) []int64 {
	page, err := c.ListJobsPage(context.Background(), ghapi.JobListing{Owner: "octo-org", Repo: "webapp", RunID: fakegh.FlakyRunID, Filter: "all"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, j := range page.Jobs {
		if j.GetStatus() == "completed" && len(j.Steps) > 0 {
			ids = append(ids, j.GetID())
		}
	}
	return ids
}

// fillCacheSlowly is the child: it reads the run's jobs and logs through
// the cache in dir, a little at a time, until it is killed.
func fillCacheSlowly(t *testing.T, dir, apiURL string) {
	cache, err := diskcache.Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := ghapi.New(ghapi.Options{BaseURL: apiURL, Token: "t0ken", Cache: cache})
	seed, _ := strconv.Atoi(os.Getenv("ACTIONSQL_TEST_SEED"))
	ids := flakyJobIDs(t, c)
	rand.New(rand.NewPCG(uint64(seed), 7)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	ctx := context.Background()
	buf := make([]byte, 2048)
	for _, id := range ids {
		c.GetJob(ctx, "octo-org", "webapp", id)
		body, err := c.OpenJobLog(ctx, "octo-org", "webapp", id)
		if err != nil {
			continue
		}
		for {
			_, err := body.Read(buf)
			if err != nil {
				break
			}
			time.Sleep(time.Millisecond)
		}
		body.Close()
	}
}

// TestACorruptCachedLogIsFetchedAgainOrFailsClearly damages a cached log's
// file at every tenth byte in turn: each read gives the server's log, or an
// error saying the cached copy was corrupt; never other bytes.
func TestACorruptCachedLogIsFetchedAgainOrFailsClearly(t *testing.T) {
	srv := start(t, fakegh.Options{})
	want, _ := fakegh.Default().Log(fakegh.FlakyJobID)
	dir := t.TempDir()
	cache, _ := diskcache.Open(dir, 0)
	c, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: "t0ken", Cache: cache})
	readLog(t, c, fakegh.FlakyJobID)
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*"))
	var entry string
	var pristine []byte
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil && len(b) > len(pristine) {
			entry, pristine = f, b // the log is the largest entry
		}
	}
	if len(pristine) < 1000 {
		t.Fatalf("no cached log found among %v", files)
	}
	refetched, failed := 0, 0
	for at := 0; at < len(pristine); at += 10 {
		damaged := bytes.Clone(pristine)
		damaged[at] ^= 0x55
		if err := os.WriteFile(entry, damaged, 0o600); err != nil {
			t.Fatal(err)
		}
		fresh, _ := ghapi.New(ghapi.Options{BaseURL: srv.URL(), Token: "t0ken", Cache: cache})
		body, err := fresh.OpenJobLog(context.Background(), "octo-org", "webapp", fakegh.FlakyJobID)
		var got []byte
		if err == nil {
			got, err = io.ReadAll(body)
			body.Close()
		}
		switch {
		case err != nil && !strings.Contains(err.Error(), "corrupt"):
			t.Fatalf("byte %d damaged: %v", at, err)
		case err != nil:
			failed++
		case !bytes.Equal(got, want):
			t.Fatalf("byte %d damaged: a wrong log of %d bytes with no error", at, len(got))
		default:
			refetched++
		}
	}
	t.Logf("%d damaged copies: %d fetched again, %d failed saying the cached copy was corrupt, 0 wrong", refetched+failed, refetched, failed)
	docfigures.Check(t, reliabilityDoc, "cached log damaged at every tenth byte",
		fmt.Sprintf("%d damaged copies: each detected; %d fetched again from the API, %d failed saying the cached copy was corrupt: **0 wrong answers**",
			refetched+failed, refetched, failed))
}
