package main

import (
	"fmt"
	"strings"
	"time"
)

// markdown renders the report: the machine, the results table, every
// target with its measured value, the log scan against grep, the queries,
// and how it was all measured.
func (rep *report) markdown() string {
	var b strings.Builder
	met, total := rep.tally()
	fmt.Fprintf(&b, "# actionsql benchmarks\n\n")
	fmt.Fprintf(&b, "Measured with `%s` on %s, in %s. Latency L = %s on every answer of the emulated GitHub; "+
		"each time is the best of %d runs. **%d of %d targets met.**\n\n",
		rep.cfg.command, rep.started.UTC().Format("2006-01-02 15:04 MST"), rep.elapsed.Round(time.Second),
		rep.cfg.latency, rep.cfg.runs, met, total)
	fmt.Fprintf(&b, "The times are those of the machine and the commit below. "+
		"Regenerate this page with `%s` (a few minutes). The figures that depend on no machine "+
		"(requests, round trips, the verdicts of the targets on requests) are checked by `go test ./bench`, "+
		"which fails when they are not what the benchmark does now.\n\n", regenerate)
	rep.writeMachine(&b)
	rep.writeTable(&b)
	rep.writeTargets(&b)
	rep.writeScan(&b)
	rep.writeSync(&b)
	rep.writeProblems(&b)
	rep.writeQueries(&b)
	rep.writeMethod(&b)
	return b.String()
}

// regenerate is the command that writes docs/benchmarks.md.
const regenerate = "go run ./bench -out docs/benchmarks.md"

func (rep *report) tally() (met, total int) {
	for _, r := range rep.results {
		for _, o := range r.outcomes {
			if o.s != unknown {
				total++
			}
			if o.s == pass {
				met++
			}
		}
	}
	return met, total
}

func (rep *report) writeMachine(b *strings.Builder) {
	m := rep.machine
	fmt.Fprintf(b, "## Machine\n\n")
	fmt.Fprintf(b, "- CPU: %s, %d logical CPUs (nproc)\n", m.cpu, m.cpus)
	fmt.Fprintf(b, "- Memory: %s\n", m.memory)
	fmt.Fprintf(b, "- Kernel: Linux %s\n", m.kernel)
	fmt.Fprintf(b, "- Go: %s\n", m.goVersion)
	fmt.Fprintf(b, "- actionsql built from: %s\n\n", m.tree)
}

func (rep *report) writeTable(b *strings.Builder) {
	fmt.Fprintf(b, "## Results\n\n")
	fmt.Fprintf(b, "Requests are *rate-limited/304/blob* (minimum in parentheses); RT = a round trip of L. "+
		"Warm: from a cache filled by one earlier process, within its max-age; stale: once more after the max-age (60 s) has passed.\n\n")
	fmt.Fprintf(b, "| case | answer | cold requests (min) | cold wall | ideal | over ideal | warm requests | warm wall | warm/cold | stale requests | peak RSS cold / warm | verdict |\n")
	fmt.Fprintf(b, "|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rep.results {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s |\n",
			r.c.id, r.answer(), r.coldRequests(), wallOf(r.cold), rep.ideal(r.c), rep.overIdeal(r),
			requestsOf(r.warm), wallOf(r.warm), ratioOf(r), requestsOf(r.stale),
			mebibytes(r.cold.maxRSS()), mebibytes(r.warm.maxRSS()), r.verdict())
	}
	b.WriteString("\n")
}

func (r *result) answer() string {
	if len(r.wrong) > 0 {
		return "**WRONG**"
	}
	return "ok"
}

func (r *result) coldRequests() string {
	if len(r.cold) == 0 {
		return "–"
	}
	return fmt.Sprintf("%s (%s)", r.cold.reqs(), r.c.min)
}

func requestsOf(s series) string {
	if len(s) == 0 {
		return "–"
	}
	return s.reqs().String()
}

func wallOf(s series) string {
	if s.best() == 0 {
		return "–"
	}
	return seconds(s.best())
}

func ratioOf(r *result) string {
	if r.warmRatio() == 0 {
		return "–"
	}
	return percent(r.warmRatio())
}

// ideal is the cold critical path: round trips that must follow one
// another, each costing L; process start and transfer come on top.
func (rep *report) ideal(c *benchCase) string {
	return fmt.Sprintf("%s (%d RT)", seconds(time.Duration(c.idealRT)*rep.cfg.latency), c.idealRT)
}

// overIdeal is how much longer than the ideal the cold process took.
func (rep *report) overIdeal(r *result) string {
	if r.cold.best() == 0 {
		return "–"
	}
	return fmt.Sprintf("+%.3f s", (r.cold.best() - time.Duration(r.c.idealRT)*rep.cfg.latency).Seconds())
}

func (r *result) verdict() string {
	failed, known := 0, 0
	for _, o := range r.outcomes {
		if o.s != unknown {
			known++
		}
		if o.s == fail {
			failed++
		}
	}
	switch {
	case known == 0:
		return "n/a"
	case failed == 0:
		return "PASS"
	}
	return fmt.Sprintf("**FAIL** (%d of %d)", failed, known)
}

func (rep *report) writeTargets(b *strings.Builder) {
	fmt.Fprintf(b, "## Targets\n\n| case | target | measured | verdict |\n|---|---|---|---|\n")
	for _, r := range rep.results {
		for _, o := range r.outcomes {
			v := o.s.String()
			if o.s == fail {
				v = "**FAIL**"
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s |\n", r.c.id, o.desc, o.got, v)
		}
	}
	b.WriteString("\n")
}

// writeScan compares the log scan with grep -c ” on the same bytes.
func (rep *report) writeScan(b *strings.Builder) {
	for _, r := range rep.results {
		if r.c.scan == 0 {
			continue
		}
		fmt.Fprintf(b, "## Log scan against grep\n\n")
		fmt.Fprintf(b, "`%s` counts %d lines. Whole process, best of %d:\n\n", r.c.shown, r.c.scan, rep.cfg.runs)
		fmt.Fprintf(b, "- actionsql warm (from the disk cache): %s, %s lines/s\n", wallOf(r.warm), mega(r.linesPerSecond(r.warm)))
		fmt.Fprintf(b, "- actionsql cold (download, --no-cache): %s, %s lines/s\n", wallOf(r.cold), mega(r.linesPerSecond(r.cold)))
		if r.grep == nil || r.grep.err != nil {
			fmt.Fprintf(b, "- grep: not measured (%v)\n\n", r.grepErr())
			continue
		}
		fmt.Fprintf(b, "- `LC_ALL=C grep -c ''` on the same bytes in a file (page cache): %s, %s lines/s (counted %d)\n",
			seconds(r.grep.wall), mega(r.grep.linesPerSecond()), r.grep.lines)
		fmt.Fprintf(b, "- actionsql warm ÷ grep, in lines/s: %.3f (grep parses nothing and runs no SQL: it is the floor)\n\n",
			r.linesPerSecond(r.warm)/r.grep.linesPerSecond())
	}
}

func (r *result) grepErr() error {
	if r.grep == nil {
		return fmt.Errorf("no grep run")
	}
	return r.grep.err
}

func (rep *report) writeProblems(b *strings.Builder) {
	var lines []string
	for _, r := range rep.results {
		for _, w := range r.wrong {
			lines = append(lines, fmt.Sprintf("- %s, %s", r.c.id, oneLine(w)))
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(b, "## Failed runs and wrong answers\n\n%s\n\n", strings.Join(lines, "\n"))
}

func (rep *report) writeQueries(b *strings.Builder) {
	fmt.Fprintf(b, "## Cases\n\n")
	for _, r := range rep.results {
		c := r.c
		fmt.Fprintf(b, "- **%s**: %s. `%s`. Ideal cold path: %d RT (%s).\n", c.id, c.title, c.shown, c.idealRT, c.why)
	}
	b.WriteString("\n")
}

func (rep *report) writeMethod(b *strings.Builder) {
	fmt.Fprintf(b, `## How it is measured

- The actionsql binary is built once (`+"`go build -o $tmp/actionsql .`"+`, cgo) and every
  measurement is a whole new process: `+"`actionsql --api-url http://127.0.0.1:PORT --repo %s -f csv [--no-cache | --cache-dir DIR] SQL`"+`,
  with GH_TOKEN set and HOME, XDG_CACHE_HOME and TMPDIR in a temporary directory.
  Its answer is checked against the data set (the CSV header row aside) on every run.
- The emulated GitHub (internal/fakegh) runs in the benchmark's process and
  delays every answer, API and blob host alike, by L. It serves a purpose-built
  data set (fakegh.NewPerfData): a 1,000-job run, 50 runs of 18-22 jobs, a run
  of 40 jobs whose logs weigh 13 KB to 3.3 MB, a repository of 2,500 runs,
  the organization perf-org (20 repositories that ran 0 to 230 times each
  in the 30 days from 2026-09-01, 900 runs in all, and more before) and,
  unless -quick, a soak run whose two logs (about 200 MB and 500 MB, ~107
  bytes a line, a real runner log's mix of timestamps, groups, commands,
  warnings and ANSI colour) are generated as they are streamed, never held
  whole in memory. It renders every object as GitHub does (a run is about
  11 KB of JSON with its two repository objects), on the same machine, so
  its own work to answer shares the CPUs with actionsql's.
- Requests: the server's request log tells blob-host downloads from API requests;
  the token's rate-limit usage (read from /rate_limit before and after each process)
  tells the API requests that cost quota from those that did not (304s).
- Cold: `+"`--no-cache`"+`. Warm: a fresh cache directory, filled by one process
  that is not timed, then %d timed processes, all within the 60 s max-age of
  the cached listings. Stale: once the whole run is done and at least 62 s
  after the fill, one more process on the same cache (not with -quick), so
  that changeable data must be revalidated.
- Wall time: the best of the runs (noise on a shared machine only adds time).
  Peak RSS: ru_maxrss of the actionsql process, the highest of the runs. Linux
  charges a child with its parent's resident set at exec, so actionsql is
  started by a small spawner (the benchmark's own binary re-executed), never
  by the benchmark process that holds the data set.
- Ideal: the round trips that must follow each other, times L. A listing
  needs 1 round trip when it fits on one page and 2 otherwise (page 1
  reveals the total, the other pages can then go at once); a log needs 2
  more (the API's redirect, then the blob host). Process start, SQLite and
  transfer time come on top. A warm query's ideal is 0 round trips.
- Run it with `+"`go run ./bench [-latency 100ms] [-out docs/benchmarks.md]`"+`;
  `+"`-cases REGEXP`"+` selects cases by id, `+"`-runs N`"+` sets the runs per
  configuration, `+"`-quick`"+` skips the huge logs and the stale pass, and
  `+"`-commit REF`"+` builds a commit exported with git archive instead of the
  working tree (`+"`-bin FILE`"+`: a prebuilt binary). `+"`go test ./bench`"+`
  runs the quick cases and the line scan of a 3 MB log at L = 10ms and
  checks the answers, grep's count, and the requests, round trips and
  verdicts on requests this page reports for them (the huge-log cases and
  the stale pass are not run), never the times.
`, "octo-org/perf-lab", rep.cfg.runs)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

func millis(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func percent(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

func mega(f float64) string { return fmt.Sprintf("%.2f M", f/1e6) }

func mebibytes(kib int64) string {
	if kib < 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + " …"
	}
	return s
}
