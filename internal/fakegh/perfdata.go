package fakegh

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// The performance data set: one repository shaped for the benchmark of
// issue 7 rather than for telling stories. It holds a run of 1,000 jobs
// (ten pages of 100), fifty runs of about twenty jobs, a run of forty
// completed jobs whose logs range from a few KB to a few MB, and,
// optionally, jobs whose logs are hundreds of MB: those are generated
// chunk by chunk as they are served (see streamlog.go), never held whole.
// Beside it, octo-org/perf-history has a long history of runs, and the
// organization perf-org twenty repositories of very different activity,
// for the owner-wide scans of issue 16.

// PerfRepo is the repository of the performance data set; PerfHistoryRepo
// holds PerfHistoryRuns jobless runs, for listing a long history.
const (
	PerfRepo        = "octo-org/perf-lab"
	PerfHistoryRepo = "octo-org/perf-history"
)

// Sizes of the performance data set.
const (
	PerfBigRunJobs = 1000 // jobs of PerfData.BigRunID
	PerfManyRuns   = 50   // runs in PerfData.ManyRunIDs
	PerfLogRunJobs = 40   // jobs of PerfData.LogRunID, each with a log
	// PerfHistoryRuns is how many runs PerfHistoryRepo has: 25 pages,
	// 29 MB of JSON with their repository objects.
	PerfHistoryRuns = 2500
)

// PerfOrg is the organization of the performance data set: PerfOrgRepos
// repositories, each with a workflow of jobless runs. Since PerfOrgSince
// (30 days before BaseTime) they ran from 0 to 230 times: most once or a
// few dozen times, three more than 100 times (their listings of that
// window take 2 or 3 pages), one not at all. Each also ran in the 30 days
// before, so a listing that ignored the date would be longer.
const (
	PerfOrg      = "perf-org"
	PerfOrgRepos = 20
	PerfOrgSince = "2026-09-01"
)

// perfOrgRepo is one of perf-org's repositories: its name, and how many
// times it ran since PerfOrgSince.
type perfOrgRepo struct {
	name   string
	recent int
}

// perfOrgRepos are perf-org's repositories, newest first (the order of
// the organization's listing), with their runs since PerfOrgSince. The
// three busiest are among the first 16 listed.
var perfOrgRepos = []perfOrgRepo{
	{"web", 80}, {"api", 230}, {"worker", 64}, {"mobile", 50}, {"auth", 42},
	{"billing", 36}, {"platform", 160}, {"search", 30}, {"notifications", 25}, {"gateway", 20},
	{"scheduler", 16}, {"frontend", 110}, {"reports", 12}, {"admin", 9}, {"sdk-go", 6},
	{"sdk-js", 4}, {"cli", 3}, {"docs", 2}, {"infra", 1}, {"legacy-batch", 0},
}

// PerfOptions chooses the optional parts of the performance data set.
type PerfOptions struct {
	// HugeLogSizes adds one job per entry to a "Soak" run, whose log is
	// about that many bytes (rounded to the generator's 68,800-byte
	// chunks) and is streamed when downloaded. None when empty.
	HugeLogSizes []int64
}

// PerfData is the performance data set and the ids a benchmark asks for.
type PerfData struct {
	Data *Dataset
	// BigRunID is a completed run of PerfBigRunJobs jobs, one attempt.
	BigRunID int64
	// ManyRunIDs are PerfManyRuns completed runs of 18 to 22 jobs each
	// (some skipped), newest first.
	ManyRunIDs []int64
	// LogRunID is a run of PerfLogRunJobs completed jobs, all with logs:
	// test shards of a few KB and integration shards of up to ~3 MB.
	LogRunID int64
	// HugeLogRunID and HugeLogJobIDs (in PerfOptions.HugeLogSizes order)
	// are the soak run and its jobs; 0 and nil without huge logs.
	HugeLogRunID  int64
	HugeLogJobIDs []int64
}

// NewPerfData builds the performance data set. Every build with the same
// options is identical, ids and logs included.
func NewPerfData(opts PerfOptions) *PerfData {
	b := &builder{notable: map[string]*Run{}}
	rng := repoRand("perf-lab")
	repo := newRepo("perf-lab", 812_347_001, false, "Fixtures for actionsql's benchmark")
	created := time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)
	mono := newWorkflow(repo, 98_270_001, "Monorepo CI", "monorepo.yml", "active", created)
	service := newWorkflow(repo, 98_270_002, "Service CI", "service.yml", "active", created)
	nightly := newWorkflow(repo, 98_270_003, "Nightly", "nightly.yml", "active", created)
	soak := newWorkflow(repo, 98_270_004, "Soak", "soak.yml", "active", created)
	repo.Workflows = []*Workflow{mono, service, nightly, soak}
	b.repos = append(b.repos, repo)

	p := &PerfData{}
	var many []*Run
	start := time.Date(2026, 9, 2, 8, 0, 0, 0, time.UTC)
	for i := range PerfManyRuns {
		idea := runIdea{at: start.Add(time.Duration(i) * 7 * time.Hour).Format("2006-01-02T15:04:05"),
			workflow: service, branch: "main", event: "push", actor: userMona, title: fmt.Sprintf("Service change %d", i+1)}
		if i%3 == 1 {
			idea = pushOrPR(service, idea.at, fmt.Sprintf("feature/change-%d", i+1), 200+i, userHubot, idea.title)
		}
		many = append(many, b.addRun(rng, repo, idea, func(int) attemptPlan { return attemptPlan{specs: serviceCI(rng, idea)} }))
	}
	big := b.addRun(rng, repo, runIdea{at: "2026-09-20T10:00:00", workflow: mono, branch: "main", event: "push",
		actor: userOctocat, title: "Upgrade every package to the new build system", number: 9001},
		func(int) attemptPlan { return attemptPlan{specs: thousandJobs(rng)} })
	logs := b.addRun(rng, repo, runIdea{at: "2026-09-25T02:00:00", workflow: nightly, branch: "main", event: "schedule",
		actor: userMona, title: "Nightly", number: 412},
		func(int) attemptPlan { return attemptPlan{specs: fortyLoggedJobs(rng)} })
	var huge *Run
	if len(opts.HugeLogSizes) > 0 {
		huge = b.addRun(rng, repo, runIdea{at: "2026-09-26T01:00:00", workflow: soak, branch: "main", event: "schedule",
			actor: userMona, title: "Soak", number: 57},
			func(int) attemptPlan { return attemptPlan{specs: soakJobs(rng, opts.HugeLogSizes)} })
	}

	b.assignIDs()
	slices.SortFunc(repo.Runs, func(x, y *Run) int { return cmp.Compare(y.ID, x.ID) })
	history := newRepo("perf-history", 812_347_002, false, "A long history of runs")
	addManyRuns(history, 20_000_000_000, PerfHistoryRuns, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), time.Hour)
	p.Data = &Dataset{Repos: append(append(b.repos, history), perfOrg()...), notable: map[string]int64{}}
	p.BigRunID, p.LogRunID = big.ID, logs.ID
	for i := len(many) - 1; i >= 0; i-- {
		p.ManyRunIDs = append(p.ManyRunIDs, many[i].ID)
	}
	if huge != nil {
		p.HugeLogRunID = huge.ID
		att := huge.Latest()
		for i, j := range att.Jobs {
			j.stream = newStreamedLog(&jobRef{repo: repo, run: huge, attempt: att, job: j}, opts.HugeLogSizes[i])
			p.HugeLogJobIDs = append(p.HugeLogJobIDs, j.ID)
		}
	}
	return p
}

// perfOrg builds perf-org's repositories. Repository i made its recent
// runs evenly spread over the 30 days from PerfOrgSince, and 10 + recent/2
// more evenly over the 30 days before.
func perfOrg() []*Repo {
	since, err := time.Parse(time.DateOnly, PerfOrgSince)
	if err != nil {
		panic(err)
	}
	const month = 30 * 24 * time.Hour
	var repos []*Repo
	for i, spec := range perfOrgRepos {
		id := 812_347_101 + int64(i)
		created := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).Add(-time.Duration(i) * 23 * 24 * time.Hour)
		repo := &Repo{ID: id, NodeID: repoNodeID(id), Owner: PerfOrg, OwnerID: 9_920_001, Name: spec.name,
			Description: "perf-org's " + spec.name, DefaultBranch: "main", CreatedAt: created, UpdatedAt: created, PushedAt: created}
		ci := newWorkflow(repo, 98_280_001+int64(i), "CI", "ci.yml", "active", created)
		repo.Workflows = []*Workflow{ci}
		times := evenlySpaced(since.Add(-month), month, 10+spec.recent/2)
		times = append(times, evenlySpaced(since, month, spec.recent)...)
		addJoblessRuns(repo, ci, 30_000_000_000+int64(i)*10_000, times)
		if len(times) > 0 {
			repo.PushedAt = times[len(times)-1]
		}
		repos = append(repos, repo)
	}
	return repos
}

// evenlySpaced is n times evenly spaced within the span from start, none on
// its edges.
func evenlySpaced(start time.Time, span time.Duration, n int) []time.Time {
	times := make([]time.Time, n)
	for j := range times {
		times[j] = start.Add(span * time.Duration(2*j+1) / time.Duration(2*n))
	}
	return times
}

// serviceCI is one run of a Go service: lint, build, 14 to 18 test
// shards, integration tests and an image build that only runs on main.
func serviceCI(rng *rand.Rand, idea runIdea) []*jobSpec {
	specs := []*jobSpec{
		{name: "lint", pool: poolUbuntu, failAt: -1, posts: goPosts(rng),
			steps: append(goSteps(rng), stepSpec{"Run golangci-lint", kindGeneric, between(rng, 30, 60)})},
		{name: "build", pool: poolUbuntu, failAt: -1, posts: goPosts(rng),
			steps: append(goSteps(rng), stepSpec{"Build", kindGoBuild, between(rng, 20, 40)})},
	}
	shards := 14 + rng.IntN(5)
	var tests []int
	for i := range shards {
		tests = append(tests, len(specs))
		specs = append(specs, &jobSpec{name: fmt.Sprintf("test (shard %d/%d)", i+1, shards), pool: poolUbuntu,
			needs: []int{1}, failAt: -1, posts: goPosts(rng),
			steps: append(goSteps(rng), stepSpec{"Test", kindGoTest, between(rng, 40, 90)})})
	}
	integration := len(specs)
	specs = append(specs, &jobSpec{name: "integration", pool: poolUbuntu, needs: tests, failAt: -1, posts: goPosts(rng),
		steps: append(goSteps(rng), stepSpec{"Start dependencies", kindServices, between(rng, 8, 15)},
			stepSpec{"Integration tests", kindGoIntegration, between(rng, 40, 90)})})
	return append(specs, &jobSpec{name: "docker", pool: poolUbuntu, needs: []int{integration}, failAt: -1,
		skip:  !(idea.branch == "main" && idea.event == "push"),
		posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), {"Build image", kindDockerBuild, between(rng, 40, 70)},
			{"Push image", kindDockerPush, between(rng, 8, 15)}}})
}

// thousandJobs is a monorepo run of exactly PerfBigRunJobs jobs: three
// checks, 960 test shards (240 packages × 4), 36 browser-test shards and
// a build. Jobs queue in waves behind a 60-job concurrency limit.
func thousandJobs(rng *rand.Rand) []*jobSpec {
	specs := []*jobSpec{
		{name: "detect-changes", pool: poolUbuntu, failAt: -1, posts: []stepSpec{postCheckout(rng)},
			steps: []stepSpec{checkoutStep(rng), {"Detect changed packages", kindGeneric, between(rng, 3, 6)}}},
		{name: "lint", pool: poolUbuntu, failAt: -1, posts: nodePosts(rng),
			steps: append(nodeSteps(rng), stepSpec{"Lint", kindGeneric, between(rng, 40, 70)})},
		{name: "typecheck", pool: poolUbuntu, failAt: -1, posts: nodePosts(rng),
			steps: append(nodeSteps(rng), stepSpec{"Typecheck", kindGeneric, between(rng, 50, 90)})},
	}
	var shards []string
	for _, pkg := range allPackages() {
		for s := 1; s <= 4; s++ {
			shards = append(shards, fmt.Sprintf("test (%s, %d/4)", pkg, s))
		}
	}
	for _, browser := range []string{"chromium", "firefox", "webkit"} {
		for s := 1; s <= 12; s++ {
			shards = append(shards, fmt.Sprintf("e2e (%s, %d/12)", browser, s))
		}
	}
	var needed []int
	for i, name := range shards {
		needed = append(needed, len(specs))
		specs = append(specs, &jobSpec{name: name, pool: poolUbuntu, needs: []int{0}, failAt: -1,
			posts: nodePosts(rng), minQueue: time.Duration(i/60) * 95 * time.Second,
			steps: append(nodeSteps(rng), stepSpec{"Test", kindJest, between(rng, 8, 60)})})
	}
	build := &jobSpec{name: "build", pool: poolUbuntu, needs: needed, failAt: -1, posts: nodePosts(rng),
		steps: append(nodeSteps(rng), stepSpec{"Build", kindGeneric, between(rng, 60, 120)})}
	return append(specs, build)
}

// allPackages names 240 monorepo workspaces, in a fixed order.
func allPackages() []string {
	areas := []string{"auth", "billing", "cart", "catalog", "checkout", "search", "media", "mail", "i18n", "flags",
		"metrics", "cache", "queue", "notify", "profile", "reports", "admin", "payments", "shipping", "tax"}
	roles := []string{"core", "client", "server", "schema", "hooks", "ui", "cli", "sdk", "types", "testing", "worker", "adapter"}
	var all []string
	for _, a := range areas {
		for _, r := range roles {
			all = append(all, "packages/"+a+"-"+r)
		}
	}
	return all
}

// integrationShardTests sizes the verbose integration shards of the
// nightly run: one log line per test, ~110 bytes each, so the logs run
// from ~60 KB to ~3.3 MB.
var integrationShardTests = []int{500, 1_500, 3_000, 6_000, 10_000, 15_000, 22_000, 30_000}

// fortyLoggedJobs is a nightly run of PerfLogRunJobs jobs that all ran:
// lint, build, a 3 OS × 2 Python × 5 shard test matrix (logs of a few
// KB) and eight verbose integration shards (logs up to a few MB).
func fortyLoggedJobs(rng *rand.Rand) []*jobSpec {
	specs := []*jobSpec{lintJob(rng), buildJob(rng)}
	for _, pool := range []*runnerPool{poolUbuntu, poolMacOS, poolWindows} {
		for _, py := range []string{"3.12", "3.13"} {
			for shard := 1; shard <= 5; shard++ {
				t := testJob(rng, pool, py, 70)
				t.name = fmt.Sprintf("test (%s, %s, %d/5)", pool.labels[0], py, shard)
				specs = append(specs, t)
			}
		}
	}
	for i, n := range integrationShardTests {
		t := integrationSuite(rng)
		t.name = fmt.Sprintf("integration (shard %d/%d)", i+1, len(integrationShardTests))
		t.plan.tests = n
		t.steps[len(t.steps)-1].secs = 60 + n/14
		specs = append(specs, t)
	}
	return specs
}

// soakLineBytes and soakLineTime relate a soak log's size to its step's
// duration: about 107 bytes a line, a line every 3.5 ms.
const (
	soakLineBytes = 107
	soakLineTime  = 3500 * time.Microsecond
)

// soakJobs are one long soak test per requested log size. The soak step
// lasts as long as writing that many lines takes, so the streamed lines'
// timestamps are as dense as a busy real log's.
func soakJobs(rng *rand.Rand, sizes []int64) []*jobSpec {
	var specs []*jobSpec
	for _, size := range sizes {
		secs := int(time.Duration(size/soakLineBytes)*soakLineTime/time.Second) + 2
		specs = append(specs, &jobSpec{name: "soak (" + humanBytes(size) + " log)", pool: poolUbuntu, failAt: -1,
			posts: []stepSpec{postCheckout(rng)},
			steps: []stepSpec{checkoutStep(rng), {soakStepName, kindGeneric, secs}}})
	}
	return specs
}

// soakStepName is the soak step; its log is the streamed part.
const soakStepName = "Run ./scripts/soak.sh --target http://localhost:8080"

func humanBytes(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%d MB", (n+500_000)/1_000_000)
	case n >= 1e3:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	}
	return fmt.Sprintf("%d B", n)
}
