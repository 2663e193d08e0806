package fakegh

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// The long history of octo-org/webapp, for the cookbook's questions over
// months: CI from mid-June to the notable September runs (pushes to main
// and pull requests, some broken, some flaky and re-run from red to
// green), and the Nightly schedule every day before the long-log run of
// September 30, some nights failing.
//
// These runs draw from a random stream and an id sequence of their own
// (assignLaterIDs), so adding them left every id, log and number of the
// runs before them as it was; their run numbers fill the gap the
// September runs' numbers had left (CI 232-287, Nightly 54-160).

// historyCIRuns is how many CI runs fit between run 231 (June 12) and
// run 288 (September 8).
const historyCIRuns = 56

// historyStart and historyEnd bound the CI history: after the expired
// June run, before the first September one.
var (
	historyStart = time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	historyEnd   = time.Date(2026, 9, 8, 0, 0, 0, 0, time.UTC)
)

func (b *builder) addWebappHistory() {
	rng := repoRand("webapp-history")
	repo := b.repo(DemoRepo)
	ci, nightly := repo.Workflows[0], repo.Workflows[1]
	for i, r := range historyCI(rng, ci) {
		growth := 0.75 + 0.25*float64(i)/historyCIRuns // the suite was faster then
		b.addHistoryRun(rng, repo, r.runIdea, func(n int) attemptPlan { return webappAttempt(rng, r, n, growth) })
	}
	nights := historyNights()
	for i, at := range nights {
		idea := runIdea{at: at.Format("2006-01-02T15:04:05"), workflow: nightly, branch: "main", event: "schedule",
			actor: userMona, title: "Nightly"}
		if i == 0 {
			idea.number = 161 - len(nights)
		}
		failing := nightFails(at)
		b.addHistoryRun(rng, repo, idea, func(int) attemptPlan {
			return attemptPlan{specs: []*jobSpec{nightlySuite(rng, failing)}}
		})
	}
}

// addHistoryRun is addRun for the history: its run takes an id of the
// history's own sequence.
func (b *builder) addHistoryRun(rng *rand.Rand, repo *Repo, idea runIdea, plan func(n int) attemptPlan) {
	b.addSequenceRun(&b.history, rng, repo, idea, plan)
}

// addSequenceRun is addRun for a run numbered later, in seq's own
// sequence (assignLaterIDs).
func (b *builder) addSequenceRun(seq *[]*runDraft, rng *rand.Rand, repo *Repo, idea runIdea, plan func(n int) attemptPlan) {
	run := b.addRun(rng, repo, idea, plan)
	d := b.drafts[len(b.drafts)-1]
	if d.run != run {
		panic("fakegh: addRun did not record its draft last")
	}
	b.drafts = b.drafts[:len(b.drafts)-1]
	*seq = append(*seq, d)
}

// historyCI lays out the CI runs: every few working days a pull request
// (a run per push to it, the last one green) and its merge to main, or a
// push straight to main.
func historyCI(rng *rand.Rand, ci *Workflow) []ciRun {
	authors := []User{userMona, userHubot, userOctocat, userMona, userHubot}
	topics := []string{"Paginate the orders API", "Cache product thumbnails", "Fix the CSV escaping",
		"Faster search indexing", "Add the refunds endpoint", "Log slow SQL queries", "Tidy the settings page",
		"Retry webhook deliveries", "Upgrade to Pydantic 2.11", "Batch email notifications", "Drop Python 3.11",
		"Rate-limit password resets", "Stream large exports", "Index orders by customer"}
	var runs []ciRun
	at := historyStart.Add(9 * time.Hour)
	pr := 1
	for len(runs) < historyCIRuns {
		author, topic := authors[len(runs)%len(authors)], topics[pr%len(topics)]
		branch := fmt.Sprintf("feature/%s", slugOf(topic))
		pushes := 1 + rng.IntN(2)
		for p := 0; p < pushes && len(runs) < historyCIRuns-1; p++ {
			r := ciRun{runIdea: pushOrPR(ci, atText(at), branch, pr, author, topic)}
			if p == 0 && pushes > 1 && rng.IntN(3) == 0 {
				r.broken = true // fixed by the next push
			}
			runs = append(runs, r)
			at = at.Add(time.Duration(2+rng.IntN(20)) * time.Hour)
		}
		merge := ciRun{runIdea: pushOrPR(ci, atText(at), "main", 0, author, fmt.Sprintf("Merge pull request #%d from octo-org/%s", pr, branch))}
		if rng.IntN(5) == 0 {
			merge.flaky, merge.passOn = "test (macos-14, 3.12)", 2 // red, re-run, green
		}
		runs = append(runs, merge)
		at = nextWorkingHour(rng, at.Add(time.Duration(18+rng.IntN(40))*time.Hour))
		pr++
	}
	if last := runs[len(runs)-1].at; last >= atText(historyEnd) {
		panic("fakegh: the CI history runs into September's runs: " + last)
	}
	return runs
}

// nextWorkingHour moves t to a weekday between 9:00 and 18:00.
func nextWorkingHour(rng *rand.Rand, t time.Time) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.Add(24 * time.Hour)
	}
	if h := t.Hour(); h < 9 || h > 17 {
		t = time.Date(t.Year(), t.Month(), t.Day(), 9+rng.IntN(8), rng.IntN(60), rng.IntN(60), 0, time.UTC)
	}
	return t
}

func atText(t time.Time) string { return t.Format("2006-01-02T15:04:05") }

func slugOf(s string) string {
	out := make([]byte, 0, len(s))
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			out = append(out, c)
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		case len(out) > 0 && out[len(out)-1] != '-':
			out = append(out, '-')
		}
	}
	return string(out)
}

// historyNights are the Nightly schedule's runs before September 30's:
// every day at 03:17, starting late by up to a few minutes, as GitHub's
// schedules do.
func historyNights() []time.Time {
	var nights []time.Time
	for day := historyStart; day.Before(time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)); day = day.AddDate(0, 0, 1) {
		nights = append(nights, day.Add(3*time.Hour+17*time.Minute+time.Duration(day.YearDay()*37%300)*time.Second))
	}
	return nights
}

// nightFails picks the nights the integration suite failed: the upstream
// sandbox timed out now and then, and on September 29, the day before the
// data set's present.
func nightFails(at time.Time) bool {
	return at.YearDay()%11 == 3 || at.Month() == time.September && at.Day() == 29
}

// nightlySuite is the history's nightly job: the integration suite with
// pytest's short output.
func nightlySuite(rng *rand.Rand, failing bool) *jobSpec {
	steps := append(pythonSteps(rng, "3.12", between(rng, 15, 25)),
		stepSpec{"Start services", kindServices, between(rng, 10, 20)},
		stepSpec{"Run integration suite", kindPytest, between(rng, 1200, 1500)})
	js := &jobSpec{name: "integration (full suite)", pool: poolUbuntu, steps: steps, posts: pythonPosts(rng, "3.12"),
		failAt: -1, plan: jobPlan{python: "3.12"}}
	if failing {
		js.failAt, js.plan.failure = len(steps)-1, failFlakyTimeout
	}
	return js
}
