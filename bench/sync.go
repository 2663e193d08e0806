package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/actionsql/actionsql/internal/fakegh"
	_ "github.com/mattn/go-sqlite3" // plain SQLite, to count what the sync wrote
)

// syncRuns is how many runs the sync benchmark copies: the newest of
// perf-history's PerfHistoryRuns, chosen with --since.
const syncRuns = 1000

// syncCaseID names the sync benchmark for -cases.
const syncCaseID = "sync-1000"

// syncSecondTarget is the most rate-limited requests a second sync may
// spend when nothing changed: the listing of the newest runs and the
// workflows.
const syncSecondTarget = 2

// syncResult is the first and the second actionsql sync of 1,000 runs
// into one file, with one disk cache, as a user's two syncs would be.
type syncResult struct {
	since         string
	first, second measurement
	runs          int // runs in the file after the first sync
	err           error
}

// measureSync runs the two syncs. Each is one process, timed whole.
func measureSync(ctx context.Context, h *harness, cfg config, data *fakegh.Dataset) *syncResult {
	repo := data.Repo("octo-org", "perf-history")
	// Repo.Runs is kept newest first.
	r := &syncResult{since: repo.Runs[syncRuns-1].CreatedAt.UTC().Format("2006-01-02T15:04:05Z")}
	file := filepath.Join(h.dir, "sync.db")
	args := []string{"sync", "--api-url", h.srv.URL(), "--db", file, "--repo", fakegh.PerfHistoryRepo,
		"--since", r.since, "--max-requests", "0", "--cache-dir", filepath.Join(h.dir, "cache-sync")}
	for i, m := range []*measurement{&r.first, &r.second} {
		*m = h.syncOnce(ctx, args)
		fmt.Fprintf(cfg.progress, "%-18s %-9s %8s  requests %-9s  rss %s\n", syncCaseID, []string{"first", "second"}[i], seconds(m.wall), m.reqs, mebibytes(m.rssKiB))
		if m.err != nil {
			r.err = m.err
			return r
		}
		if i == 0 {
			if r.runs, r.err = countRuns(file); r.err != nil {
				return r
			}
			if r.runs != syncRuns {
				r.err = fmt.Errorf("the first sync holds %d runs, want %d", r.runs, syncRuns)
				return r
			}
		}
	}
	return r
}

// syncOnce runs one actionsql sync process and counts its requests.
func (h *harness) syncOnce(ctx context.Context, args []string) measurement {
	before, err := h.rateUsed(ctx)
	if err != nil {
		return measurement{err: err}
	}
	h.srv.ResetRequests()
	m, stderr, runErr := h.spawn(ctx, args)
	if runErr != nil {
		m.err = fmt.Errorf("actionsql sync: %w: %s", runErr, strings.TrimSpace(stderr))
	}
	m.reqs, err = h.count(ctx, before)
	if err != nil && m.err == nil {
		m.err = err
	}
	return m
}

func countRuns(file string) (int, error) {
	db, err := sql.Open("sqlite3", "file:"+file+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM runs").Scan(&n); err != nil {
		return 0, fmt.Errorf("count the synced runs: %w", err)
	}
	return n, nil
}

// writeSync renders the sync benchmark.
func (rep *report) writeSync(b *strings.Builder) {
	r := rep.sync
	if r == nil {
		return
	}
	fmt.Fprintf(b, "## actionsql sync\n\n")
	fmt.Fprintf(b, "`actionsql sync --db FILE --repo %s --since %s` (the newest %d of its %d runs, one disk cache for both), "+
		"twice: the first copies the runs (a run's jobs and steps listings, annotations of none: these runs have no jobs), "+
		"the second finds nothing new. Requests as costing/free (304)/log downloads.\n\n",
		fakegh.PerfHistoryRepo, r.since, syncRuns, fakegh.PerfHistoryRuns)
	if r.err != nil {
		fmt.Fprintf(b, "Failed: %v\n\n", r.err)
		return
	}
	fmt.Fprintf(b, "| sync | wall | requests |\n|---|--:|--:|\n")
	fmt.Fprintf(b, "| first (%d runs) | %s | %s |\n", r.runs, seconds(r.first.wall), r.first.reqs)
	fmt.Fprintf(b, "| second (nothing new) | %s | %s |\n\n", seconds(r.second.wall), r.second.reqs)
	verdict := "met"
	if r.second.reqs.costing > syncSecondTarget {
		verdict = "**missed**"
	}
	fmt.Fprintf(b, "Target: the second sync spends at most %d rate-limited requests: %d, %s.\n\n", syncSecondTarget, r.second.reqs.costing, verdict)
}
