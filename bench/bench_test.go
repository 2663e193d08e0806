package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// TestMain lets the test binary serve as the benchmark's spawner, as the
// command's own binary does.
func TestMain(m *testing.M) {
	if os.Getenv(spawnEnv) != "" {
		os.Exit(spawnMain())
	}
	os.Exit(m.Run())
}

// testCases are the cases TestQuickBenchmark runs, in report order: those
// of -quick, and the line scan of a small "huge" log (testHugeLog bytes).
var testCases = []string{"jobs-1000", "jobs-1000-all", "jobs-50-in", "jobs-50-join", "jobs-50-subquery", "logs-40", "one-shot", "runs-2500", "org-30d", "log-3mb-scan", "parquet-export", "csv-export"}

const testHugeLog = 3_000_000

// TestQuickBenchmark runs the quick cases and a small line-scan case once
// each with a tiny latency, and checks the report's rows, the answers, the
// request counts and grep's count of lines, never the timings: a shared
// machine is too noisy for those.
func TestQuickBenchmark(t *testing.T) {
	if testing.Short() {
		t.Skip("builds actionsql and runs it dozens of times")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cfg := config{latency: 10 * time.Millisecond, runs: 1, quick: true, hugeLogs: []int64{testHugeLog}, cases: regexp.MustCompile(""),
		command: "go test ./bench", progress: testWriter{t}}
	rep, err := run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*result{}
	for _, r := range rep.results {
		byID[r.c.id] = r
	}
	if len(rep.results) != len(testCases) {
		t.Errorf("%d cases measured, want %d (%v)", len(rep.results), len(testCases), testCases)
	}
	md := rep.markdown()
	checkSync(t, rep.sync, md)
	for _, id := range testCases {
		r := byID[id]
		if r == nil {
			t.Errorf("case %s not measured", id)
			continue
		}
		checkResult(t, r)
		if !strings.Contains(md, "| "+id+" | ok |") {
			t.Errorf("report has no row for %s with a right answer", id)
		}
	}
	checkAnswers(t, byID)
	checkGrep(t, byID["log-3mb-scan"], md)
	// The test's 3 MB log stands in for the huge logs that only a full run
	// reads: the page has no figures of it to compare.
	checkDocFigures(t, &report{results: slices.DeleteFunc(slices.Clone(rep.results), func(r *result) bool { return r.c.big })})
	for _, section := range []string{"## Machine", "## Results", "## Targets", "## How it is measured", "## Log scan against grep", "CPU: "} {
		if !strings.Contains(md, section) {
			t.Errorf("report lacks %q", section)
		}
	}
}

// checkResult checks that a case ran cold and warm, answered right every
// time, had every target judged and met those that count requests.
func checkResult(t *testing.T, r *result) {
	t.Helper()
	if len(r.wrong) > 0 {
		t.Errorf("%s: %s", r.c.id, strings.Join(r.wrong, "; "))
	}
	if len(r.cold) != 1 || len(r.warm) != 1 || r.fill == nil {
		t.Errorf("%s: %d cold and %d warm runs, want 1 each after a fill", r.c.id, len(r.cold), len(r.warm))
	}
	if len(r.outcomes) != len(r.c.targets) || len(r.outcomes) == 0 {
		t.Errorf("%s: %d targets judged of %d", r.c.id, len(r.outcomes), len(r.c.targets))
	}
	if r.cold.reqs().total() < r.c.min.total() {
		t.Errorf("%s: %v requests seen, fewer than the minimum %v: the request count is broken", r.c.id, r.cold.reqs(), r.c.min)
	}
	for _, o := range r.outcomes {
		if o.counts && o.s == fail {
			t.Errorf("%s: target %q missed: %s", r.c.id, o.desc, o.got)
		}
	}
}

// checkGrep checks that grep counted the scanned log's lines as the data
// set says, and that the report prints that count.
func checkGrep(t *testing.T, r *result, md string) {
	t.Helper()
	if r == nil {
		return // reported by the caller
	}
	switch {
	case r.grep == nil || r.grep.err != nil:
		t.Errorf("%s: grep was not run: %v", r.c.id, r.grepErr())
	case r.grep.lines != r.c.scan || r.c.scan == 0:
		t.Errorf("%s: grep -c '' counted %d lines, the data set says %d", r.c.id, r.grep.lines, r.c.scan)
	case !strings.Contains(md, fmt.Sprintf("(counted %d)", r.c.scan)):
		t.Errorf("%s: the report does not print grep's count %d", r.c.id, r.c.scan)
	}
}

// checkAnswers recomputes the expected counts from the data set, apart
// from the cases' own checks.
func checkAnswers(t *testing.T, byID map[string]*result) {
	t.Helper()
	p := fakegh.NewPerfData(fakegh.PerfOptions{})
	repo := p.Data.Repo("octo-org", "perf-lab")
	sum := 0
	for _, id := range p.ManyRunIDs {
		sum += len(repo.Run(id).AllJobs())
	}
	want := map[string]string{
		"jobs-1000":        "count(*)\n1000\n",
		"jobs-50-in":       "count(*)\n" + strconv.Itoa(sum) + "\n",
		"jobs-50-join":     "count(*)\n" + strconv.Itoa(sum) + "\n",
		"jobs-50-subquery": "count(*)\n" + strconv.Itoa(sum) + "\n",
		"runs-2500":        "count(*)\n" + strconv.Itoa(fakegh.PerfHistoryRuns) + "\n",
	}
	for id, out := range want {
		r := byID[id]
		if r == nil || len(r.cold) == 0 || len(r.warm) == 0 {
			continue // reported by the caller
		}
		if got := r.cold[0].stdout; got != out {
			t.Errorf("%s cold printed %q, want %q", id, got, out)
		}
		if got := r.warm[0].stdout; got != out {
			t.Errorf("%s warm printed %q, want %q", id, got, out)
		}
	}
	if r := byID["jobs-1000-all"]; r != nil && len(r.cold) > 0 {
		if n := strings.Count(r.cold[0].stdout, "\n"); n != 1001 {
			t.Errorf("SELECT * of the 1,000-job run printed %d lines, want a header and 1000 rows", n)
		}
	}
}

func TestParseFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"-latency", "50ms", "-runs", "2", "-cases", "^jobs-", "-quick"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.latency != 50*time.Millisecond || cfg.runs != 2 || !cfg.quick || cfg.command != "go run ./bench -latency 50ms -runs 2 -cases ^jobs- -quick" {
		t.Errorf("parsed %+v", cfg)
	}
	sel := selectCases(defineCases(fakegh.NewPerfData(fakegh.PerfOptions{HugeLogSizes: hugeLogSizes}), cfg.latency), cfg)
	if len(sel) != 5 {
		t.Errorf("-cases ^jobs- -quick selected %d cases, want the 5 jobs cases", len(sel))
	}
	for _, bad := range [][]string{{"-runs", "0"}, {"-cases", "("}, {"extra"}, {"-bin", "x", "-commit", "HEAD"}} {
		if _, err := parseFlags(bad); err == nil {
			t.Errorf("parseFlags(%q) accepted", bad)
		}
	}
}

func TestSeriesKeepsTheBestTimeAndTheWorstMemory(t *testing.T) {
	s := series{
		{wall: 3 * time.Second, rssKiB: 100, reqs: requests{costing: 10}},
		{wall: time.Second, rssKiB: 300, reqs: requests{costing: 10, free: 2}},
		{wall: time.Millisecond, rssKiB: 900, err: os.ErrDeadlineExceeded},
	}
	if s.best() != time.Second {
		t.Errorf("best = %v, want 1s (a failed run never counts)", s.best())
	}
	if s.maxRSS() != 900 || s.reqs() != (requests{costing: 10, free: 2}) {
		t.Errorf("maxRSS = %d, reqs = %v", s.maxRSS(), s.reqs())
	}
}

// testWriter sends the benchmark's progress lines to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// checkSync holds the sync benchmark to what it must do on any machine:
// the first sync copies the 1,000 runs with one request per run (its
// jobs; the steps listing comes from the disk cache) plus the listing's
// pages and the workflows, the second spends at most 2; the report says so.
func checkSync(t *testing.T, r *syncResult, md string) {
	t.Helper()
	if r == nil || r.err != nil {
		t.Fatalf("the sync benchmark did not run: %v", r)
	}
	if want := 1 + syncRuns/100 + syncRuns; r.first.reqs.costing != want {
		t.Errorf("the first sync spent %d requests, want %d", r.first.reqs.costing, want)
	}
	if r.second.reqs.costing > syncSecondTarget {
		t.Errorf("the second sync spent %d requests, want at most %d", r.second.reqs.costing, syncSecondTarget)
	}
	if !strings.Contains(md, "the second sync spends at most 2 rate-limited requests") {
		t.Error("the report does not show the sync's target")
	}
}
