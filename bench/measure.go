package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/parquet-go/parquet-go"
)

// Sizes of the huge logs: the scan case reads the first, the RSS case
// the second.
var hugeLogSizes = []int64{200_000_000, 500_000_000}

// report is everything one benchmark run found.
type report struct {
	cfg     config
	machine machine
	started time.Time
	elapsed time.Duration
	results []*result
	sync    *syncResult // nil unless -cases selects sync-1000
}

// run builds actionsql, starts the emulated GitHub and measures every
// selected case, one after the other so they never compete for the CPU.
func run(ctx context.Context, cfg config) (*report, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "actionsql-bench-")
	if err != nil {
		return nil, fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)
	bin, err := binary(ctx, cfg, root, dir)
	if err != nil {
		return nil, err
	}
	rep := &report{cfg: cfg, machine: describeMachine(ctx, root, cfg.commit), started: time.Now()}
	data := fakegh.NewPerfData(fakegh.PerfOptions{HugeLogSizes: cfg.hugeLogs})
	h, err := startHarness(data.Data, cfg.latency, bin, dir)
	if err != nil {
		return nil, err
	}
	defer h.close()
	for _, c := range selectCases(defineCases(data, cfg.latency), cfg) {
		r := measureCase(ctx, h, cfg, c)
		if c.grepLog != 0 {
			r.grep = grepCount(ctx, data.Data, c.grepLog, dir, cfg.runs)
			if r.grep.err == nil && r.grep.lines != c.scan {
				r.wrong = append(r.wrong, fmt.Sprintf("grep -c '' counts %d lines in the log, the data set %d", r.grep.lines, c.scan))
			}
		}
		rep.results = append(rep.results, r)
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("interrupted: %w", err)
		}
	}
	if cfg.cases.MatchString(syncCaseID) {
		rep.sync = measureSync(ctx, h, cfg, data.Data)
	}
	if !cfg.quick {
		if err := measureStale(ctx, h, cfg, rep.results); err != nil {
			return nil, err
		}
	}
	evaluate(rep.results)
	rep.elapsed = time.Since(rep.started)
	return rep, nil
}

// binary is -bin when given, else a fresh build of the module (of
// -commit's files when given).
func binary(ctx context.Context, cfg config, root, dir string) (string, error) {
	if cfg.bin == "" {
		if cfg.commit != "" {
			src, err := exportCommit(ctx, root, cfg.commit, dir)
			if err != nil {
				return "", err
			}
			root = src
		}
		fmt.Fprintf(cfg.progress, "building actionsql in %s ...\n", root)
		return buildBinary(ctx, root, dir)
	}
	bin, err := filepath.Abs(cfg.bin)
	if err != nil {
		return "", fmt.Errorf("-bin: %w", err)
	}
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("-bin: %w", err)
	}
	return bin, nil
}

func selectCases(cases []*benchCase, cfg config) []*benchCase {
	var out []*benchCase
	for _, c := range cases {
		if cfg.cases.MatchString(c.id) { // the huge logs' cases exist only without -quick
			out = append(out, c)
		}
	}
	return out
}

// series is the timed runs of one configuration of a case.
type series []measurement

// best is the shortest wall time of the runs that succeeded: on a shared
// machine, noise only ever adds time.
func (s series) best() time.Duration {
	var best time.Duration
	for _, m := range s {
		if m.err == nil && (best == 0 || m.wall < best) {
			best = m.wall
		}
	}
	return best
}

// maxRSS is the highest peak of the runs: memory is a limit, not a speed.
func (s series) maxRSS() int64 {
	peak := int64(-1)
	for _, m := range s {
		peak = max(peak, m.rssKiB)
	}
	return peak
}

// reqs is the most requests of each kind any run made; runs of the same
// configuration should agree.
func (s series) reqs() requests {
	var r requests
	for _, m := range s {
		r.costing, r.free, r.blob = max(r.costing, m.reqs.costing), max(r.free, m.reqs.free), max(r.blob, m.reqs.blob)
	}
	return r
}

// result is one case measured.
type result struct {
	c          *benchCase
	cold, warm series
	stale      series       // warm again once the cached listings' max-age has passed
	fill       *measurement // the process that filled the cache, not timed
	cache      string       // the cache directory, kept for the stale run; "" once removed
	filledAt   time.Time
	wrong      []string // failed runs and wrong answers
	grep       *grepResult
	outcomes   []outcome
}

func (r *result) warmRatio() float64 {
	if r.cold.best() == 0 || r.warm.best() == 0 {
		return 0
	}
	return r.warm.best().Seconds() / r.cold.best().Seconds()
}

func (r *result) linesPerSecond(s series) float64 {
	if s.best() == 0 {
		return 0
	}
	return float64(r.c.scan) / s.best().Seconds()
}

func (r *result) rowsPerSecond(s series) float64 {
	if s.best() == 0 {
		return 0
	}
	return float64(r.c.rows) / s.best().Seconds()
}

// measureCase runs the case cold cfg.runs times, then fills a new cache
// with one process and runs it warm cfg.runs times.
func measureCase(ctx context.Context, h *harness, cfg config, c *benchCase) *result {
	r := &result{c: c}
	if c.cold {
		for i := range cfg.runs {
			r.cold = append(r.cold, r.timed(ctx, h, cfg, fmt.Sprintf("cold %d/%d", i+1, cfg.runs), "--no-cache"))
		}
	}
	if c.warm {
		r.cache = filepath.Join(h.dir, "cache-"+c.id)
		r.filledAt = time.Now()
		fill := r.timed(ctx, h, cfg, "fill", "--cache-dir", r.cache)
		r.fill = &fill
		for i := range cfg.runs {
			r.warm = append(r.warm, r.timed(ctx, h, cfg, fmt.Sprintf("warm %d/%d", i+1, cfg.runs), "--cache-dir", r.cache))
		}
	}
	if c.big && r.cache != "" {
		// A huge log never changes, so staleness has nothing to show,
		// and its cache is large.
		os.RemoveAll(r.cache)
		r.cache = ""
	}
	return r
}

// maxAge is the emulated GitHub's Cache-Control max-age: a cached job
// listing older than this must be revalidated.
const maxAge = 60 * time.Second

// measureStale runs each warm case once more after its cache's max-age
// has passed: what may change (a run's job listing) is then revalidated,
// and a 304 must be all it costs. Cases run in fill order, so at most the
// first waits.
func measureStale(ctx context.Context, h *harness, cfg config, results []*result) error {
	for _, r := range results {
		if r.cache == "" {
			continue
		}
		if wait := time.Until(r.filledAt.Add(maxAge + 2*time.Second)); wait > 0 {
			fmt.Fprintf(cfg.progress, "waiting %s for the max-age of %s's cache to pass\n", wait.Round(time.Second), r.c.id)
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return fmt.Errorf("interrupted: %w", ctx.Err())
			}
		}
		r.stale = append(r.stale, r.timed(ctx, h, cfg, "stale", "--cache-dir", r.cache))
	}
	return nil
}

// timed runs the case once, checks its answer and logs the measurement.
func (r *result) timed(ctx context.Context, h *harness, cfg config, label string, args ...string) measurement {
	var file string
	if r.c.parquet {
		file = filepath.Join(h.dir, r.c.id+".parquet")
		args = append(args, "-f", "parquet", "--output", file)
	}
	m := h.exec(ctx, r.c.sql, args...)
	if err := r.verify(m, file); err != nil {
		r.wrong = append(r.wrong, label+": "+err.Error())
	}
	fmt.Fprintf(cfg.progress, "%-18s %-9s %8s  requests %-9s  rss %s\n", r.c.id, label, seconds(m.wall), m.reqs, mebibytes(m.rssKiB))
	return m
}

func (r *result) verify(m measurement, file string) error {
	if m.err != nil {
		return m.err
	}
	if file != "" {
		return checkParquetRows(file, r.c.rows)
	}
	rows, err := parseCSV(m.stdout)
	if err != nil {
		return err
	}
	return r.c.check(rows)
}

// grepResult is `grep -c ”` over the same log bytes: the speed of
// counting lines with no SQL at all, from the page cache.
type grepResult struct {
	wall  time.Duration
	lines int64
	err   error
}

func (g *grepResult) linesPerSecond() float64 {
	if g == nil || g.err != nil || g.wall == 0 {
		return 0
	}
	return float64(g.lines) / g.wall.Seconds()
}

// grepCount writes the job's log to a file, streaming it from the
// generator, and times grep over it (best of runs).
func grepCount(ctx context.Context, d *fakegh.Dataset, job int64, dir string, runs int) *grepResult {
	path := filepath.Join(dir, fmt.Sprintf("job-%d.log", job))
	defer os.Remove(path)
	if err := writeLog(d, job, path); err != nil {
		return &grepResult{err: err}
	}
	g := &grepResult{}
	for range runs {
		cmd := exec.CommandContext(ctx, "grep", "-c", "", path)
		cmd.Env = append(os.Environ(), "LC_ALL=C") // byte counting, no locale work
		start := time.Now()
		out, err := cmd.Output()
		wall := time.Since(start)
		if err != nil {
			return &grepResult{err: fmt.Errorf("grep -c '' %s: %w", path, err)}
		}
		if g.wall == 0 || wall < g.wall {
			g.wall = wall
		}
		if g.lines, err = strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64); err != nil {
			return &grepResult{err: fmt.Errorf("grep printed %q", out)}
		}
	}
	return g
}

func writeLog(d *fakegh.Dataset, job int64, path string) error {
	body, ok := d.OpenLog(job)
	if !ok {
		return fmt.Errorf("job %d has no log", job)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write the log for grep: %w", err)
	}
	if _, err := io.Copy(f, body); err != nil {
		f.Close()
		return fmt.Errorf("write the log for grep: %w", err)
	}
	return f.Close()
}

// checkParquetRows checks that the file is a Parquet file of rows rows,
// and removes it: the next run writes it again.
func checkParquetRows(file string, rows int64) error {
	defer os.Remove(file)
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if pf.NumRows() != rows {
		return fmt.Errorf("%s holds %d rows, want %d", file, pf.NumRows(), rows)
	}
	return nil
}
