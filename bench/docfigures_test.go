package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// benchmarksDoc is the report the last full run wrote.
const benchmarksDoc = "../docs/benchmarks.md"

// checkDocFigures fails the test for every figure of docs/benchmarks.md
// that docProblems finds stale.
func checkDocFigures(t *testing.T, rep *report) {
	t.Helper()
	md, err := os.ReadFile(benchmarksDoc)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range docProblems(string(md), rep) {
		t.Errorf("docs/benchmarks.md %s", p)
	}
}

// docProblems holds a report page to the figures of rep that depend on no
// machine: for each case measured, its cold requests and their minimum, its
// ideal round trips, its warm requests, and the verdicts of its targets on
// requests. The times it cannot check; the page must name the commit and
// machine they were measured on, and the command that regenerates it.
func docProblems(page string, rep *report) []string {
	var problems []string
	for _, must := range []string{"- actionsql built from: ", "- CPU: ", "`" + regenerate + "`"} {
		if !strings.Contains(page, must) {
			problems = append(problems, fmt.Sprintf("lacks %q: regenerate it with `%s`", must, regenerate))
		}
	}
	results, err := markdownTable(page, "## Results", "case")
	if err != nil {
		return append(problems, err.Error())
	}
	targets, err := markdownTable(page, "## Targets", "case", "target")
	if err != nil {
		return append(problems, err.Error())
	}
	stale := func(what, doc, now string) {
		problems = append(problems, fmt.Sprintf("says %s: %s; the benchmark measures %s now. "+
			"The page is stale: regenerate it with `%s`", what, doc, now, regenerate))
	}
	for _, r := range rep.results {
		if r.c.big {
			continue // the test scans a 3 MB log; the page, the 200 and 500 MB ones
		}
		row, ok := results[r.c.id]
		if !ok {
			problems = append(problems, fmt.Sprintf("has no result for case %s: regenerate it with `%s`", r.c.id, regenerate))
			continue
		}
		if now := r.coldRequests(); row["cold requests (min)"] != now {
			stale(r.c.id+" cold requests (min)", row["cold requests (min)"], now)
		}
		if doc, now := roundTrips(row["ideal"]), fmt.Sprintf("%d RT", r.c.idealRT); doc != now {
			stale(r.c.id+" ideal", doc, now)
		}
		if now := requestsOf(r.warm); row["warm requests"] != now {
			stale(r.c.id+" warm requests", row["warm requests"], now)
		}
		for _, o := range r.outcomes {
			if !o.counts || o.s == unknown {
				continue
			}
			doc := targets[r.c.id+"\x00"+o.desc]
			now := fmt.Sprintf("%s, %s", o.got, verdictCell(o.s))
			if got := fmt.Sprintf("%s, %s", doc["measured"], doc["verdict"]); got != now {
				stale(fmt.Sprintf("%s %q", r.c.id, o.desc), got, now)
			}
		}
	}
	return problems
}

// verdictCell is a verdict as the Targets table writes it.
func verdictCell(s state) string {
	if s == fail {
		return "**FAIL**"
	}
	return s.String()
}

var roundTripsRE = regexp.MustCompile(`\((\d+ RT)\)`)

// roundTrips is the "N RT" of an ideal cell such as "0.200 s (2 RT)".
func roundTrips(cell string) string {
	if m := roundTripsRE.FindStringSubmatch(cell); m != nil {
		return m[1]
	}
	return cell
}

// markdownTable reads the first table after heading: one map of cells by
// column name per row, keyed by the cells of the key columns (joined by
// NUL).
func markdownTable(page, heading string, keys ...string) (map[string]map[string]string, error) {
	_, section, ok := strings.Cut(page, "\n"+heading+"\n")
	if !ok {
		return nil, fmt.Errorf("no section %q", heading)
	}
	var header []string
	rows := map[string]map[string]string{}
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "|") {
			if header != nil {
				break // the table's end
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		switch {
		case header == nil:
			header = cells
		case strings.HasPrefix(cells[0], "---"):
		default:
			row := map[string]string{}
			for i, c := range cells {
				if i < len(header) {
					row[header[i]] = c
				}
			}
			var key []string
			for _, k := range keys {
				key = append(key, row[k])
			}
			rows[strings.Join(key, "\x00")] = row
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no table under %q", heading)
	}
	return rows, nil
}

// reportPage is the part of a report docProblems reads.
const reportPage = "# actionsql benchmarks\n\nRegenerate this page with `" + regenerate + "` (a few minutes).\n\n" +
	"## Machine\n\n- CPU: Some CPU, 2 logical CPUs (nproc)\n- actionsql built from: f1871c0 Read-ahead\n\n" +
	"## Results\n\n| case | answer | cold requests (min) | cold wall | ideal | warm requests | verdict |\n|---|---|---|---|---|---|---|\n" +
	"| jobs-1000 | ok | 10/0/0 (10/0/0) | 0.240 s | 0.200 s (2 RT) | 0/0/0 | PASS |\n\n" +
	"## Targets\n\n| case | target | measured | verdict |\n|---|---|---|---|\n" +
	"| jobs-1000 | cold ≤ 0.300 s | 0.2405 s | PASS |\n" +
	"| jobs-1000 | cold requests = the minimum | 10/0/0 | PASS |\n" +
	"| jobs-1000 | warm: 0 rate-limited requests | 0 | PASS |\n\n## Cases\n"

// measured is the report of one run of the jobs-1000 case that made cold
// and warm requests, at any speed.
func measured(cold, warm requests) *report {
	c := &benchCase{id: "jobs-1000", min: requests{costing: 10}, idealRT: 2, targets: coldTargets(300*time.Millisecond, true)}
	r := &result{c: c, cold: series{{wall: time.Second, reqs: cold}}, warm: series{{wall: time.Millisecond, reqs: warm}}}
	evaluate([]*result{r})
	return &report{results: []*result{r}}
}

func TestDocProblemsFindStaleRequestFiguresOnly(t *testing.T) {
	tests := []struct {
		name       string
		page       string
		cold, warm requests
		want       []string // what the problems name, in order
	}{
		{"the same requests, other times", reportPage, requests{costing: 10}, requests{}, nil},
		{"one request more, cold", reportPage, requests{costing: 11}, requests{}, []string{
			"jobs-1000 cold requests (min): 10/0/0 (10/0/0); the benchmark measures 11/0/0 (10/0/0) now",
			`jobs-1000 "cold requests = the minimum": 10/0/0, PASS; the benchmark measures 11/0/0, **FAIL** now`}},
		{"a request when warm", reportPage, requests{costing: 10}, requests{costing: 1}, []string{
			"jobs-1000 warm requests: 0/0/0; the benchmark measures 1/0/0 now",
			`jobs-1000 "warm: 0 rate-limited requests": 0, PASS; the benchmark measures 1, **FAIL** now`}},
		{"another critical path", strings.Replace(reportPage, "(2 RT)", "(3 RT)", 1), requests{costing: 10}, requests{}, []string{
			"jobs-1000 ideal: 3 RT; the benchmark measures 2 RT now"}},
		{"no commit named", strings.Replace(reportPage, "- actionsql built from: ", "- built: ", 1), requests{costing: 10}, requests{}, []string{
			`lacks "- actionsql built from: "`}},
		{"no case", strings.Replace(reportPage, "| jobs-1000 | ok |", "| jobs-999 | ok |", 1), requests{costing: 10}, requests{}, []string{
			"has no result for case jobs-1000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems := docProblems(tt.page, measured(tt.cold, tt.warm))
			if len(problems) != len(tt.want) {
				t.Fatalf("problems:\n%s\nwant %d, naming %q", strings.Join(problems, "\n"), len(tt.want), tt.want)
			}
			for i, p := range problems {
				if !strings.Contains(p, tt.want[i]) {
					t.Errorf("problem %q does not name %q", p, tt.want[i])
				}
			}
		})
	}
}
