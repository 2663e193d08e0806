package main

import (
	"encoding/csv"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// benchCase is one query of the benchmark and what it must achieve.
type benchCase struct {
	id      string // stable name: the report's row, matched by -cases
	title   string
	sql     string
	shown   string                      // sql as the report prints it (long id lists cut)
	check   func(rows [][]string) error // is the answer right?
	min     requests                    // fewest requests a cold process can make
	idealRT int                         // sequential round trips on the cold critical path
	why     string                      // how idealRT is counted
	cold    bool                        // measure with --no-cache
	warm    bool                        // measure from a cache filled by one earlier process
	big     bool                        // reads a huge log: skipped by -quick
	scan    int64                       // lines the query reads, for lines/s; 0 when not a scan
	grepLog int64                       // job whose log grep -c '' also counts; 0 for none
	// parquet writes the result with -f parquet --output to a file, whose
	// row count is checked against rows (rows/s is measured on them).
	parquet bool
	rows    int64
	targets []target
}

// Targets of issue 7.
const (
	coldJobs1000  = 300 * time.Millisecond
	coldJobs50    = 520 * time.Millisecond
	joinFactor    = 1.5
	coldLogs40    = 910 * time.Millisecond
	warmFraction  = 0.10
	oneShot       = 50 * time.Millisecond
	warmRuns2500  = 150 * time.Millisecond
	scanLinesPerS = 2_000_000
	rssLimitKiB   = 64 << 10
	coldOrgRT     = 4 // issue 16: an organization's runs of 30 days in 4 L
	// Parquet export (issue 19): a million log lines within 10 s, at
	// most 2.5 times the time of printing them as CSV (the writer's
	// encoding and compression on top of reading the rows), in the
	// memory of a CSV export plus a compressed row group.
	exportRowsPerS    = 100_000
	parquetOverCSV    = 2.5
	parquetRSSKiB     = 256 << 10
	parquetExportRows = 1_000_000
)

// defineCases builds the cases over the data set, with their expected
// answers; the huge-log cases exist only when the data set has huge logs.
// latency is L, for the targets counted in round trips.
func defineCases(p *fakegh.PerfData, latency time.Duration) []*benchCase {
	repo := p.Data.Repo("octo-org", "perf-lab")
	manyJobs := 0
	for _, id := range p.ManyRunIDs {
		manyJobs += len(repo.Run(id).AllJobs())
	}
	var logLines int64
	for _, j := range repo.Run(p.LogRunID).AllJobs() {
		_, lines, _ := p.Data.LogSize(j.ID)
		logLines += lines
	}
	listing := "page 1, then pages 2-10 at once"
	cases := []*benchCase{
		{id: "jobs-1000", title: "jobs of a 1,000-job run, count(*)",
			sql:   fmt.Sprintf("SELECT count(*) FROM jobs WHERE run_id = %d", p.BigRunID),
			check: wantCount(fakegh.PerfBigRunJobs), min: requests{costing: 10}, idealRT: 2, why: listing,
			cold: true, warm: true, targets: coldTargets(coldJobs1000, true)},
		{id: "jobs-1000-all", title: "jobs of a 1,000-job run, every column",
			sql:   fmt.Sprintf("SELECT * FROM jobs WHERE run_id = %d", p.BigRunID),
			check: wantRows(fakegh.PerfBigRunJobs, 26), min: requests{costing: 10}, idealRT: 2, why: listing,
			cold: true, warm: true, targets: coldTargets(coldJobs1000, true)},
		{id: "jobs-50-in", title: "jobs of 50 runs, run_id IN (...)",
			sql:   "SELECT count(*) FROM jobs WHERE run_id IN (" + idList(p.ManyRunIDs, 0) + ")",
			shown: "SELECT count(*) FROM jobs WHERE run_id IN (" + idList(p.ManyRunIDs, 3) + ")",
			check: wantCount(manyJobs), min: requests{costing: fakegh.PerfManyRuns}, idealRT: 1,
			why:  "50 one-page listings at once",
			cold: true, warm: true, targets: coldTargets(coldJobs50, false)},
		joinCase("jobs-50-join", "same 50 runs, JOIN from a VALUES CTE",
			"SELECT count(*) FROM ids JOIN jobs ON jobs.run_id = ids.id", p.ManyRunIDs, manyJobs, 50,
			"50 listings one after another: SQLite hands the inner table one outer row at a time, and the statement says to write IN (SELECT ...)"),
		joinCase("jobs-50-subquery", "same 50 runs, run_id IN (SELECT ...)",
			"SELECT count(*) FROM jobs WHERE run_id IN (SELECT id FROM ids)", p.ManyRunIDs, manyJobs, 1,
			"50 one-page listings at once: SQLite hands the IN list over whole"),
		{id: "logs-40", title: "every log of a 40-job run",
			sql:   fmt.Sprintf("SELECT count(*) FROM job_logs WHERE run_id = %d", p.LogRunID),
			check: wantCount(int(logLines)), min: requests{costing: 1 + fakegh.PerfLogRunJobs, blob: fakegh.PerfLogRunJobs},
			idealRT: 3, why: "listing, then 40 log redirects at once, then 40 downloads at once",
			cold: true, warm: true, targets: coldTargets(coldLogs40, false)},
		oneShotCase(p),
		{id: "runs-2500", title: "count the 2,500 runs of a repository's history",
			sql:   "SELECT count(*) FROM runs WHERE owner = 'octo-org' AND repo = 'perf-history'",
			check: wantCount(fakegh.PerfHistoryRuns), min: requests{costing: fakegh.PerfHistoryRuns / 100}, idealRT: 2,
			why:  "page 1, then the 24 others with --concurrency (16) in flight",
			cold: true, warm: true,
			targets: []target{exactRequests(), warmWithin(warmRuns2500), warmFree(), staleFree(), rssWithin(rssLimitKiB)}},
		orgCase(p, latency),
	}
	for i, id := range p.HugeLogJobIDs {
		cases = append(cases, hugeLogCase(p, id, i))
	}
	if len(p.HugeLogJobIDs) > 0 {
		cases = append(cases, parquetCase(p, p.HugeLogJobIDs[0], true), parquetCase(p, p.HugeLogJobIDs[0], false))
	}
	for _, c := range cases {
		if c.shown == "" {
			c.shown = c.sql
		}
	}
	return cases
}

// orgCase counts each repository's runs of the last 30 days across perf-org,
// an owner-wide scan. Its fewest requests: the organization's repository
// listing (one page per 100 repositories), page 1 of each repository's
// runs since PerfOrgSince (one request even when there are none), and the
// further pages of the repositories with more than 100 such runs.
func orgCase(p *fakegh.PerfData, latency time.Duration) *benchCase {
	since, err := time.Parse(time.DateOnly, fakegh.PerfOrgSince)
	if err != nil {
		panic(err)
	}
	recent := map[string]int{}
	repos, further, busy := 0, 0, 0
	for _, r := range p.Data.Repos {
		if r.Owner != fakegh.PerfOrg {
			continue
		}
		repos++
		n := 0
		for _, run := range r.Runs {
			if !run.CreatedAt.Before(since) {
				n++
			}
		}
		if n > 0 {
			recent[r.Name] = n
		}
		if pages := (n + 99) / 100; pages > 1 {
			further += pages - 1
			busy++
		}
	}
	repoPages := (repos + 99) / 100
	return &benchCase{id: "org-30d", title: fmt.Sprintf("runs of the last 30 days per repository of a %d-repository organization", repos),
		sql: fmt.Sprintf("SELECT repo, count(*) FROM runs WHERE owner = '%s' AND created_at >= '%s' GROUP BY repo",
			fakegh.PerfOrg, fakegh.PerfOrgSince),
		check: wantGroups(recent), min: requests{costing: repoPages + repos + further}, idealRT: 3,
		why: fmt.Sprintf("the repository listing; then page 1 of the %d repositories' listings, %d at a time (--concurrency), "+
			"and as slots free up the other page 1s with the %d further pages of the %d repositories with more than 100 runs, "+
			"when their page 1s were among the first %d sent", repos, defaultConcurrency, further, busy, defaultConcurrency),
		cold: true, warm: true,
		targets: []target{coldWithinRT(coldOrgRT, latency),
			exactRequestsAs(fmt.Sprintf("cold requests = %d repository page + 1 listing per repository (%d) + %d further pages of the %d repositories with more than 100 runs",
				repoPages, repos, further, busy)),
			warmFree(), staleFree()}}
}

// defaultConcurrency is actionsql's --concurrency when not set.
const defaultConcurrency = 16

// coldTargets are the targets of a case with a cold-time target: that
// time, the minimum of requests when exact, and the warm targets.
func coldTargets(limit time.Duration, exact bool) []target {
	ts := []target{coldWithin(limit)}
	if exact {
		ts = append(ts, exactRequests())
	}
	return append(ts, warmFree(), staleFree(), warmFractionOfCold(warmFraction))
}

// joinCase asks for the runs' jobs another way: in idealRT round trips,
// as fast as jobs-50-in when that is one.
func joinCase(id, title, query string, runs []int64, jobs, idealRT int, why string) *benchCase {
	with := func(n int) string { return "WITH ids(id) AS (VALUES " + valuesList(runs, n) + ") " + query }
	targets := []target{warmFree(), staleFree(), warmFractionOfCold(warmFraction)}
	if idealRT == 1 {
		targets = append([]target{relativeTo("jobs-50-in", joinFactor)}, targets...)
	}
	return &benchCase{id: id, title: title, sql: with(0), shown: with(2), check: wantCount(jobs),
		min: requests{costing: len(runs)}, idealRT: idealRT, why: why, cold: true, warm: true, targets: targets}
}

// oneShotCase is a small query whose answer never changes (a completed
// job), so a warm process needs no request at all.
func oneShotCase(p *fakegh.PerfData) *benchCase {
	job := p.Data.Repo("octo-org", "perf-lab").Run(p.ManyRunIDs[0]).AllJobs()[0]
	return &benchCase{id: "one-shot", title: "one-shot query served from cache",
		sql:   fmt.Sprintf("SELECT name, conclusion FROM jobs WHERE id = %d", job.ID),
		check: wantValues(job.Name, *job.Conclusion), min: requests{costing: 1}, idealRT: 1, why: "one job request",
		cold: true, warm: true, targets: []target{warmWithin(oneShot), warmFree(), staleFree()}}
}

// hugeLogCase is the first huge log's line-rate case, or a later one's
// peak-RSS case.
func hugeLogCase(p *fakegh.PerfData, job int64, i int) *benchCase {
	size, lines, _ := p.Data.LogSize(job)
	c := &benchCase{sql: fmt.Sprintf("SELECT count(*) FROM job_logs WHERE job_id = %d", job),
		check: wantCount(int(lines)), min: requests{costing: 1, blob: 1}, idealRT: 2,
		why: "the log redirect, then the download; the transfer comes on top", cold: true, warm: true, big: true}
	mb := (size + 500_000) / 1_000_000
	if i == 0 {
		c.id, c.title = fmt.Sprintf("log-%dmb-scan", mb), fmt.Sprintf("line scan of a cached %d MB log", mb)
		c.scan, c.grepLog = lines, job
		c.targets = []target{warmLinesPerSecond(scanLinesPerS), warmFree()}
		return c
	}
	c.id, c.title = fmt.Sprintf("log-%dmb-rss", mb), fmt.Sprintf("peak RSS counting the lines of a %d MB log", mb)
	c.targets = []target{rssWithin(rssLimitKiB)}
	return c
}

// parquetCase exports the first million lines of the first huge log, every
// column, as a Parquet file; its CSV twin (parquet false) prints the same
// rows, for the cost of the rows themselves. Warm means from the cache of
// the job's log listing: the LIMIT stops before the log's end, so the log
// itself is downloaded again each time (from the local server).
func parquetCase(p *fakegh.PerfData, job int64, parquet bool) *benchCase {
	_, lines, _ := p.Data.LogSize(job)
	rows := min(lines, parquetExportRows)
	c := &benchCase{id: "parquet-export", title: fmt.Sprintf("Parquet export of %d log lines, every column", rows),
		sql:     fmt.Sprintf("SELECT * FROM job_logs WHERE job_id = %d LIMIT %d", job, parquetExportRows),
		parquet: true, rows: rows, min: requests{costing: 1, blob: 1}, idealRT: 2,
		why: "the log redirect, then the download; the transfer comes on top", cold: true, warm: true, big: true,
		targets: []target{warmRowsPerSecond(exportRowsPerS), warmRelativeTo("csv-export", parquetOverCSV), rssWithin(parquetRSSKiB)}}
	if !parquet {
		c.id, c.title, c.parquet = "csv-export", fmt.Sprintf("the same %d log lines as CSV, for comparison", rows), false
		c.check = wantRows(int(rows), 9)
		c.targets = []target{warmRowsPerSecond(exportRowsPerS)}
	}
	return c
}

// idList is "a, b, c"; with show > 0 only the first show ids and the
// last, for the report.
func idList(ids []int64, show int) string {
	return joinIDs(ids, show, func(id int64) string { return strconv.FormatInt(id, 10) })
}

func valuesList(ids []int64, show int) string {
	return joinIDs(ids, show, func(id int64) string { return "(" + strconv.FormatInt(id, 10) + ")" })
}

func joinIDs(ids []int64, show int, f func(int64) string) string {
	var parts []string
	for i, id := range ids {
		if show > 0 && i == show && len(ids) > show+1 {
			parts = append(parts, fmt.Sprintf("… %d more …", len(ids)-show-1))
			parts = append(parts, f(ids[len(ids)-1]))
			break
		}
		parts = append(parts, f(id))
	}
	return strings.Join(parts, ", ")
}

// parseCSV reads actionsql's CSV output, header row included.
func parseCSV(out string) ([][]string, error) {
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("output is not CSV: %w", err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no output, not even a header row")
	}
	return rows, nil
}

// wantCount checks a one-value result (after the header row).
func wantCount(n int) func([][]string) error {
	return wantValues(strconv.Itoa(n))
}

// wantValues checks a one-row result.
func wantValues(want ...string) func([][]string) error {
	return func(rows [][]string) error {
		if len(rows) != 2 || strings.Join(rows[1], ",") != strings.Join(want, ",") {
			return fmt.Errorf("got %q, want one row %q", rows[1:], want)
		}
		return nil
	}
}

// wantGroups checks a result of (name, count) rows, in any order: one row
// per name of want, none other.
func wantGroups(want map[string]int) func([][]string) error {
	return func(rows [][]string) error {
		got := map[string]int{}
		for _, row := range rows[1:] {
			if len(row) != 2 {
				return fmt.Errorf("row %q is not a name and a count", row)
			}
			n, err := strconv.Atoi(row[1])
			if err != nil {
				return fmt.Errorf("row %q is not a name and a count", row)
			}
			got[row[0]] = n
		}
		if len(got) != len(rows)-1 || !maps.Equal(got, want) {
			return fmt.Errorf("got %v, want %v", got, want)
		}
		return nil
	}
}

// wantRows checks the shape of a result: n rows (after the header) of
// cols columns.
func wantRows(n, cols int) func([][]string) error {
	return func(rows [][]string) error {
		if len(rows)-1 != n || len(rows[0]) != cols {
			return fmt.Errorf("got %d rows of %d columns, want %d of %d", len(rows)-1, len(rows[0]), n, cols)
		}
		return nil
	}
}
