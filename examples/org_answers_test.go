package examples_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// These tests hold the org-wide cookbook (examples/org_*.sql) to answers
// worked out here, independently, from the emulated organization's data
// set (fakegh.Default, which --demo serves), and to the story that data set
// tells: payments-gateway's main is broken, e2e-tests is among the slowest,
// the GPU pool queues longest.

// demoOrg is octo-org as --demo shows it to a caller with no token: its
// public repositories, and "now", its latest push, from which the org-wide
// cookbook counts its windows.
type demoOrg struct {
	repos []*fakegh.Repo
	now   time.Time
}

func octoOrg(t *testing.T) demoOrg {
	t.Helper()
	var org demoOrg
	for _, r := range fakegh.Default().Repos {
		if r.Owner != fakegh.DemoOwner || r.Private {
			continue
		}
		org.repos = append(org.repos, r)
		org.now = later(org.now, sec(r.PushedAt))
	}
	if len(org.repos) < 15 {
		t.Fatalf("octo-org has %d public repositories, want at least 15: the data set changed", len(org.repos))
	}
	return org
}

// later is the later of a and b.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// sec is t as the API prints it: UTC, to the second.
func sec(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// runsSince calls f with every run of the organization created at or after
// since, as a created_at >= 'since' range selects them.
func (o demoOrg) runsSince(since time.Time, f func(*fakegh.Repo, *fakegh.Run)) {
	for _, repo := range o.repos {
		for _, run := range repo.Runs {
			if !sec(run.CreatedAt).Before(since) {
				f(repo, run)
			}
		}
	}
}

// conclusion is a run's latest conclusion, "" while it runs.
func conclusion(run *fakegh.Run) string {
	if c := run.Latest().Conclusion; c != nil {
		return *c
	}
	return ""
}

// seconds is the time from start to end as the API's timestamps give it.
func seconds(start, end time.Time) float64 { return sec(end).Sub(sec(start)).Seconds() }

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// number is a numeric column of a -f json row.
func number(t *testing.T, v any) float64 {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("%v (%T) is not a number", v, v)
	}
	f, err := n.Float64()
	if err != nil {
		t.Fatalf("%v is not a number: %v", v, err)
	}
	return f
}

// near reports whether a printed, rounded figure is x to within rounding.
func near(got, x float64) bool { return math.Abs(got-x) <= 0.05+1e-9 }

// names is the first column of each row, for messages.
func names(r rows, col string) []string {
	var s []string
	for _, row := range r {
		s = append(s, fmt.Sprint(row[col]))
	}
	return s
}

func TestOrgFailureRatesMatchTheRunsOfEachRepository(t *testing.T) {
	inTempDir(t)
	org := octoOrg(t)
	type tally struct{ runs, failed int }
	want := map[string]tally{}
	org.runsSince(org.now.AddDate(0, 0, -30), func(repo *fakegh.Repo, run *fakegh.Run) {
		c := conclusion(run)
		if run.Latest().Status != "completed" || c == "cancelled" || c == "skipped" {
			return
		}
		n := want[repo.Name]
		n.runs++
		if c == "failure" || c == "timed_out" {
			n.failed++
		}
		want[repo.Name] = n
	})

	got := exampleOnDemo(t, "org_failure_rate_per_repo.sql")
	pct := map[string]float64{}
	for _, row := range got {
		repo := fmt.Sprint(row["repo"])
		g := tally{int(count(t, row["runs"])), int(count(t, row["failed"]))}
		pct[repo] = number(t, row["failure_pct"])
		if g != want[repo] {
			t.Errorf("%s: %d runs, %d failed; the data set has %d runs, %d failed in the 30 days", repo, g.runs, g.failed, want[repo].runs, want[repo].failed)
		}
		if w := 100 * float64(g.failed) / float64(g.runs); !near(pct[repo], w) {
			t.Errorf("%s: failure_pct %v, want %.1f", repo, pct[repo], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("rows for %v; want one for each repository that ran: %v", names(got, "repo"), slices.Sorted(maps.Keys(want)))
	}
	if pct["payments-gateway"] <= pct["webapp"] {
		t.Errorf("payments-gateway fails %v%% of its runs, webapp %v%%: its broken main should show", pct["payments-gateway"], pct["webapp"])
	}
}

func TestOrgJobMinutesAddUpEveryJobOfEveryAttempt(t *testing.T) {
	inTempDir(t)
	org := octoOrg(t)
	type tally struct {
		jobs    int
		seconds float64
	}
	want := map[string]tally{} // by "repo month"
	y, m, _ := org.now.Date()
	since := time.Date(y, m-2, 1, 0, 0, 0, 0, time.UTC)
	org.runsSince(since, func(repo *fakegh.Repo, run *fakegh.Run) {
		key := repo.Name + " " + sec(run.CreatedAt).Format("2006-01")
		for _, att := range run.Attempts {
			for _, j := range att.Jobs {
				if j.Status != "completed" {
					continue
				}
				n := want[key]
				n.jobs++
				if j.StartedAt != nil && j.CompletedAt != nil {
					n.seconds += seconds(j.StartedAt.Time, j.CompletedAt.Time)
				}
				want[key] = n
			}
		}
	})

	got := exampleOnDemo(t, "org_job_minutes_per_repo_month.sql")
	for _, row := range got {
		key := fmt.Sprint(row["repo"], " ", row["month"])
		jobs, minutes := int(count(t, row["jobs"])), number(t, row["job_minutes"])
		if w := want[key]; jobs != w.jobs || !near(minutes, w.seconds/60) {
			t.Errorf("%s: %d jobs, %v minutes; the data set has %d jobs, %.1f minutes", key, jobs, minutes, w.jobs, w.seconds/60)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d rows, want %d: one per repository and month with jobs", len(got), len(want))
	}
}

func TestOrgSlowestWorkflowsAreTheSlowestByMedian(t *testing.T) {
	inTempDir(t)
	org := octoOrg(t)
	type workflow struct {
		repo, name string
		times      []float64
	}
	byID := map[int64]*workflow{}
	org.runsSince(org.now.AddDate(0, 0, -90), func(repo *fakegh.Repo, run *fakegh.Run) {
		if conclusion(run) != "success" {
			return
		}
		w := byID[run.Workflow.ID]
		if w == nil {
			w = &workflow{repo: repo.Name, name: run.Workflow.Name}
			byID[run.Workflow.ID] = w
		}
		att := run.Latest()
		w.times = append(w.times, seconds(att.CreatedAt, att.UpdatedAt))
	})
	slowest := slices.SortedFunc(maps.Values(byID), func(a, b *workflow) int { return cmp.Compare(median(b.times), median(a.times)) })

	got := exampleOnDemo(t, "org_slowest_workflows.sql")
	if len(got) != 10 {
		t.Fatalf("%d rows, want the 10 slowest workflows", len(got))
	}
	for i, row := range got {
		w := slowest[i]
		med, p90, worst := number(t, row["median_s"]), number(t, row["p90_s"]), number(t, row["max_s"])
		if row["repo"] != w.repo || row["workflow"] != w.name || int(count(t, row["runs"])) != len(w.times) || med != median(w.times) {
			t.Errorf("row %d: %v %v, %v runs, median %v s; want %s %s, %d runs, median %v s",
				i+1, row["repo"], row["workflow"], row["runs"], med, w.repo, w.name, len(w.times), median(w.times))
		}
		if !(med <= p90 && p90 <= worst) {
			t.Errorf("%v %v: median %v, p90 %v, max %v: not in order", row["repo"], row["workflow"], med, p90, worst)
		}
	}
	if top := names(got[:2], "repo"); !slices.Contains(top, "e2e-tests") {
		t.Errorf("the two slowest are %v; e2e-tests' nightly shards should be among them", top)
	}
}

func TestOrgStaleDefaultBranchesAreTheBrokenOnes(t *testing.T) {
	inTempDir(t)
	org := octoOrg(t)
	type branch struct{ lastSuccess, lastRun time.Time }
	byRepo := map[string]*branch{}
	org.runsSince(org.now.AddDate(0, 0, -30), func(repo *fakegh.Repo, run *fakegh.Run) {
		if repo.Archived || run.HeadBranch != repo.DefaultBranch {
			return
		}
		b := byRepo[repo.Name]
		if b == nil {
			b = &branch{}
			byRepo[repo.Name] = b
		}
		b.lastRun = later(b.lastRun, sec(run.CreatedAt))
		if conclusion(run) == "success" {
			b.lastSuccess = later(b.lastSuccess, sec(run.CreatedAt))
		}
	})
	var want []string
	for name, b := range byRepo {
		if b.lastSuccess.Before(org.now.AddDate(0, 0, -7)) && b.lastRun.After(b.lastSuccess) {
			want = append(want, name)
		}
	}

	got := names(exampleOnDemo(t, "org_stale_default_branches.sql"), "repo")
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("stale default branches %v; the data set's are %v", got, want)
	}
	if stale := strings.TrimPrefix(fakegh.StaleRepo, fakegh.DemoOwner+"/"); !slices.Contains(got, stale) {
		t.Errorf("%v: want %s, whose main fails since September 18", got, stale)
	}
	if slices.Contains(got, "webapp") {
		t.Errorf("%v: webapp's main passed yesterday", got)
	}
}

func TestOrgQueueTimesPerLabelPutTheGPUPoolFirst(t *testing.T) {
	inTempDir(t)
	org := octoOrg(t)
	waits := map[string][]float64{}
	org.runsSince(org.now.AddDate(0, 0, -30), func(_ *fakegh.Repo, run *fakegh.Run) {
		for _, att := range run.Attempts {
			for _, j := range att.Jobs {
				if j.RunnerName == nil || j.StartedAt == nil {
					continue
				}
				for _, label := range j.Labels {
					waits[label] = append(waits[label], seconds(j.CreatedAt.Time, j.StartedAt.Time))
				}
			}
		}
	})

	got := exampleOnDemo(t, "org_queue_time_per_label.sql")
	for i, row := range got {
		label := fmt.Sprint(row["label"])
		jobs, med := int(count(t, row["jobs"])), number(t, row["median_queued_s"])
		if jobs != len(waits[label]) || med != median(waits[label]) {
			t.Errorf("%s: %d jobs, median wait %v s; the data set has %d jobs, median %v s", label, jobs, med, len(waits[label]), median(waits[label]))
		}
		if i > 0 && med > number(t, got[i-1]["median_queued_s"]) {
			t.Errorf("%s (median %v s) after %v (%v s): want the longest waits first", label, med, got[i-1]["label"], got[i-1]["median_queued_s"])
		}
	}
	if len(got) != len(waits) {
		t.Errorf("labels %v; want one row each for %v", names(got, "label"), slices.Sorted(maps.Keys(waits)))
	}
	if len(got) == 0 || got[0]["label"] != "gpu" {
		t.Errorf("labels by median wait %v: the self-hosted GPU pool should queue longest", names(got, "label"))
	}
}

func TestOrgBusiestHoursAreTheHoursWithTheMostRuns(t *testing.T) {
	inTempDir(t)
	org := octoOrg(t)
	runs := map[string]int{} // by "Mon 10:00"
	org.runsSince(org.now.AddDate(0, 0, -90), func(_ *fakegh.Repo, run *fakegh.Run) {
		if run.Event != "schedule" {
			at := sec(run.CreatedAt)
			runs[fmt.Sprintf("%.3s %02d:00", at.Weekday(), at.Hour())]++
		}
	})

	got := exampleOnDemo(t, "org_busiest_hours.sql")
	if len(got) != 10 {
		t.Fatalf("%d rows, want the 10 busiest hours", len(got))
	}
	listed := map[string]bool{}
	for i, row := range got {
		hour := fmt.Sprint(row["weekday"], " ", row["hour"])
		listed[hour] = true
		if n := int(count(t, row["runs"])); n != runs[hour] {
			t.Errorf("%s: %d runs, the data set has %d", hour, n, runs[hour])
		}
		if i > 0 && count(t, row["runs"]) > count(t, got[i-1]["runs"]) {
			t.Errorf("row %d (%v runs) after one of %v: want the busiest first", i+1, row["runs"], got[i-1]["runs"])
		}
	}
	least := count(t, got[len(got)-1]["runs"])
	for hour, n := range runs {
		if !listed[hour] && int64(n) > least {
			t.Errorf("%s had %d runs, more than the last listed (%d), and is not listed", hour, n, least)
		}
	}
}
