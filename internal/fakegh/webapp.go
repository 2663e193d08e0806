package fakegh

import (
	"math/rand/v2"
	"slices"
	"time"
)

// octo-org/webapp: the demo repository. Its CI lints, tests on a 3×2
// matrix (Ubuntu, macOS, Windows × Python 3.12, 3.13), builds, and deploys
// pushes to main from a self-hosted ARM64 runner. Its test suite gets
// slower run after run (the "Run tests" step), one test is flaky on
// macOS and Windows, and a nightly workflow writes a very long log.

// ciRun is one CI run of webapp's history.
type ciRun struct {
	runIdea
	flaky       string        // job failing with the flaky timeout before passOn
	passOn      int           // attempt on which the flaky job finally passes
	broken      bool          // the change breaks a test on every OS
	cancelAfter time.Duration // superseded by a newer push
	queueWin    time.Duration // Windows runners busy: minimum queue
}

func (b *builder) addWebapp() {
	rng := repoRand("webapp")
	repo := newRepo("webapp", 812_345_601, false, "Customer-facing web app (FastAPI + SQLAlchemy)")
	created := time.Date(2025, 3, 4, 10, 12, 45, 0, time.UTC)
	ci := newWorkflow(repo, 98_234_511, "CI", "ci.yml", "active", created)
	nightly := newWorkflow(repo, 98_234_512, "Nightly", "nightly.yml", "active", created.Add(30*24*time.Hour))
	release := newWorkflow(repo, 98_234_599, "Release", "release.yml", "disabled_manually", created.Add(2*time.Hour))
	repo.Workflows = []*Workflow{ci, nightly, release}
	b.repos = append(b.repos, repo)

	for i, r := range webappHistory(ci) {
		growth := 1 + 0.045*float64(max(i-1, 0)) // run 0 is the old expired one
		b.addRun(rng, repo, r.runIdea, func(n int) attemptPlan { return webappAttempt(rng, r, n, growth) })
	}
	b.addRun(rng, repo, runIdea{at: "2026-09-30T03:17:42", workflow: nightly, branch: "main", event: "schedule",
		actor: userMona, title: "Nightly", number: 161, tag: "nightly"},
		func(int) attemptPlan { return attemptPlan{specs: []*jobSpec{integrationSuite(rng)}} })
}

func webappAttempt(rng *rand.Rand, r ciRun, n int, growth float64) attemptPlan {
	specs := webappCI(rng, r, n, growth)
	return attemptPlan{
		specs:       specs,
		again:       r.flaky != "" && n < r.passOn,
		debug:       n > 1 && n == r.passOn && r.passOn > 2,
		cancelAfter: r.cancelAfter,
	}
}

// webappCI declares the jobs of one CI attempt.
func webappCI(rng *rand.Rand, r ciRun, attempt int, growth float64) []*jobSpec {
	specs := []*jobSpec{lintJob(rng)}
	matrix := []struct {
		pool   *runnerPool
		slower float64
	}{{poolUbuntu, 1}, {poolMacOS, 1.25}, {poolWindows, 1.6}}
	for _, m := range matrix {
		for _, py := range []string{"3.12", "3.13"} {
			t := testJob(rng, m.pool, py, 70*m.slower*growth)
			switch {
			case r.broken:
				t.failAt, t.plan.failure = 3, failAssertion
			case t.name == r.flaky && attempt < r.passOn:
				t.failAt, t.plan.failure = 3, failFlakyTimeout
			}
			if m.pool == poolWindows {
				t.minQueue = r.queueWin
			}
			specs = append(specs, t)
		}
	}
	build := buildJob(rng)
	build.needs = []int{0, 1, 2, 3, 4, 5, 6}
	deploy := deployJob(rng)
	deploy.needs = []int{7}
	deploy.skip = !(r.branch == "main" && r.event == "push")
	return append(specs, build, deploy)
}

func pythonSteps(rng *rand.Rand, py string, installSecs int) []stepSpec {
	return []stepSpec{
		checkoutStep(rng),
		{"Set up Python " + py, kindSetupPython, between(rng, 2, 6)},
		{"Install dependencies", kindPipInstall, installSecs},
	}
}

func pythonPosts(rng *rand.Rand, py string) []stepSpec {
	return []stepSpec{{"Post Set up Python " + py, kindPostCache, between(rng, 0, 2)}, postCheckout(rng)}
}

func lintJob(rng *rand.Rand) *jobSpec {
	steps := append(pythonSteps(rng, "3.12", between(rng, 4, 8)),
		stepSpec{"Lint", kindRuff, between(rng, 1, 2)},
		stepSpec{"Check formatting", kindRuffFormat, between(rng, 0, 1)})
	return &jobSpec{name: "lint", pool: poolUbuntu, steps: steps, posts: pythonPosts(rng, "3.12"),
		failAt: -1, plan: jobPlan{python: "3.12"}}
}

// testJob runs the suite; testSecs is the pytest duration before noise.
func testJob(rng *rand.Rand, pool *runnerPool, py string, testSecs float64) *jobSpec {
	install := between(rng, 12, 25)
	if pool == poolWindows {
		install = between(rng, 30, 45)
	}
	if py == "3.13" {
		testSecs *= 0.93
	}
	steps := append(pythonSteps(rng, py, install),
		stepSpec{"Run tests", kindPytest, jitter(rng, testSecs, 0.06)})
	if pool == poolUbuntu && py == "3.12" {
		steps = append(steps, stepSpec{"Upload coverage", kindCoverage, between(rng, 3, 6)})
	}
	return &jobSpec{name: "test (" + pool.labels[0] + ", " + py + ")", pool: pool, steps: steps,
		posts: pythonPosts(rng, py), failAt: -1, plan: jobPlan{python: py}}
}

func buildJob(rng *rand.Rand) *jobSpec {
	steps := append(pythonSteps(rng, "3.12", between(rng, 5, 9)),
		stepSpec{"Build package", kindBuildPy, between(rng, 9, 15)},
		stepSpec{"Upload artifact", kindUpload, between(rng, 2, 4)})
	return &jobSpec{name: "build", pool: poolUbuntu, steps: steps, posts: pythonPosts(rng, "3.12"),
		failAt: -1, plan: jobPlan{python: "3.12"}}
}

func deployJob(rng *rand.Rand) *jobSpec {
	steps := []stepSpec{checkoutStep(rng), {"Download artifact", kindDownload, between(rng, 2, 3)},
		{"Deploy to production", kindDeploy, between(rng, 60, 120)}}
	return &jobSpec{name: "deploy", pool: poolARM, steps: steps, posts: []stepSpec{postCheckout(rng)}, failAt: -1}
}

// integrationSuite is the nightly job whose log runs to about 20,000
// lines.
func integrationSuite(rng *rand.Rand) *jobSpec {
	steps := append(pythonSteps(rng, "3.12", between(rng, 15, 25)),
		stepSpec{"Start services", kindServices, between(rng, 10, 20)},
		stepSpec{"Run integration suite", kindPytest, between(rng, 1380, 1500)})
	return &jobSpec{name: "integration (full suite)", pool: poolUbuntu, steps: steps, posts: pythonPosts(rng, "3.12"),
		failAt: -1, plan: jobPlan{python: "3.12", verbose: true, tests: 19_800}}
}

// webappHistory is the CI history, oldest first: pull requests with their
// merges to main, a dependabot bump, a failing change, flaky re-runs, a
// superseded (cancelled) push and a run still going at BaseTime.
func webappHistory(ci *Workflow) []ciRun {
	h := func(at, branch string, pr int, actor User, title string) ciRun {
		return ciRun{runIdea: pushOrPR(ci, at, branch, pr, actor, title)}
	}
	runs := []ciRun{
		h("2026-06-12T15:22:09", "main", 0, userMona, "Release 1.5.2"),
		h("2026-09-08T09:14:31", "main", 0, userMona, "Release 1.7.0"),
		h("2026-09-08T14:02:17", "feature/login-rate-limit", 41, userMona, "Add rate limiting to /login"),
		h("2026-09-09T10:21:55", "feature/login-rate-limit", 41, userMona, "Add rate limiting to /login"),
		h("2026-09-09T16:40:03", "main", 0, userMona, "Merge pull request #41 from octo-org/feature/login-rate-limit"),
		h("2026-09-10T11:05:48", "fix/session-timeout", 43, userHubot, "Fix session expiry off-by-one"),
		h("2026-09-10T15:30:12", "main", 0, userHubot, "Merge pull request #43 from octo-org/fix/session-timeout"),
		h("2026-09-11T09:50:37", "dependabot/pip/sqlalchemy-2.0.43", 44, userDependabot, "Bump sqlalchemy from 2.0.41 to 2.0.43"),
		h("2026-09-11T13:12:20", "main", 0, userMona, "Merge pull request #44 from octo-org/dependabot/pip/sqlalchemy-2.0.43"),
		h("2026-09-14T10:02:44", "feature/dark-mode", 45, userOctocat, "Dark mode for the dashboard"),
		h("2026-09-14T10:05:09", "feature/dark-mode", 45, userOctocat, "Dark mode for the dashboard"),
		h("2026-09-15T12:30:26", "main", 0, userOctocat, "Merge pull request #45 from octo-org/feature/dark-mode"),
		h("2026-09-16T09:45:51", "main", 0, userMona, "Speed up invoice PDF rendering"),
		h("2026-09-17T14:20:33", "feature/orders-sync", 47, userMona, "Sync orders with the upstream ERP"),
		h("2026-09-18T10:10:05", "feature/orders-sync", 47, userMona, "Sync orders with the upstream ERP"),
		h("2026-09-18T17:00:40", "main", 0, userMona, "Merge pull request #47 from octo-org/feature/orders-sync"),
		h("2026-09-21T09:30:18", "main", 0, userHubot, "Add request tracing middleware"),
		h("2026-09-22T11:45:27", "fix/timeout-retry", 48, userHubot, "Retry upstream calls on timeout"),
		h("2026-09-22T15:20:59", "main", 0, userHubot, "Merge pull request #48 from octo-org/fix/timeout-retry"),
		h("2026-09-23T10:00:14", "feature/csv-export", 49, userOctocat, "CSV export for reports"),
		h("2026-09-24T13:35:02", "main", 0, userOctocat, "Merge pull request #49 from octo-org/feature/csv-export"),
		h("2026-09-25T09:05:46", "dependabot/pip/fastapi-0.118.0", 50, userDependabot, "Bump fastapi from 0.116.1 to 0.118.0"),
		h("2026-09-26T16:10:21", "main", 0, userMona, "Merge pull request #50 from octo-org/dependabot/pip/fastapi-0.118.0"),
		h("2026-09-28T10:40:38", "feature/audit-log", 51, userHubot, "Audit log for admin actions"),
		h("2026-09-29T14:15:07", "main", 0, userMona, "Tune database connection pool sizes"),
		h("2026-09-30T23:56:30", "main", 0, userHubot, "Merge pull request #51 from octo-org/feature/audit-log"),
	}
	runs[0].number, runs[0].tag = 231, "expired"
	runs[1].number = 288
	runs[2].broken, runs[2].tag = true, "failed"
	runs[6].flaky, runs[6].passOn, runs[6].tag = "test (macos-14, 3.12)", 2, "flaky"
	runs[9].cancelAfter, runs[9].tag = 150*time.Second, "cancelled"
	runs[12].flaky, runs[12].passOn, runs[12].tag = "test (windows-latest, 3.12)", 3, "three-attempts"
	runs[14].flaky, runs[14].passOn = "test (macos-14, 3.13)", 2
	runs[20].flaky, runs[20].passOn = "test (macos-14, 3.12)", 2
	last := len(runs) - 1
	runs[last].queueWin, runs[last].tag = 8*time.Minute, "in-progress"
	return slices.Clip(runs)
}
