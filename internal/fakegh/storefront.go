package fakegh

import (
	"math/rand/v2"
	"time"
)

// octo-org/storefront (StorefrontRepo) is where test results are: a
// polyglot shop whose "Tests" workflow runs five test jobs, each printing
// its results the way the real tool does or uploading JUnit XML files:
//
//   - go: `go test -v ./...` (=== RUN, --- PASS/FAIL/SKIP, subtests,
//     PAUSE/CONT of parallel tests, ok/FAIL/? closing each package);
//   - pytest: `pytest -v` (one line per test with its outcome, parametrized
//     ids, XFAIL, ERROR, the short test summary info);
//   - jest: `npx jest --verbose` (PASS/FAIL per file, describe blocks,
//     ✓ ✕ ○ ✎ per test, the ● failure blocks);
//   - java: `mvn -B test`, then the Maven Surefire reports uploaded as the
//     artifact "test-results-java-attempt-N" (one TEST-<class>.xml per test
//     class, in each module's target/surefire-reports/);
//   - dotnet: `dotnet test --logger junit`, then the JUnit logger's file
//     and coverlet's cobertura coverage.xml uploaded as
//     "test-results-dotnet-attempt-N".
//
// The workflow names its artifacts per attempt (${{ github.run_attempt }}),
// so a re-run's reports sit beside the first attempt's. The "Catalog
// conformance" workflow uploads one large Surefire report. The repository's
// runs, artifacts and caches take ids from sequences of their own (seed 4),
// so adding it moved no other id of the data set.

// storefrontResults says how a storefront test job's tests come out.
type storefrontResults int

const (
	resultsPass   storefrontResults = iota
	resultsBroken                   // a change broke a test in every job; the reports hold the odd shapes
	resultsFlaky                    // one test fails in each job (attempt 1 of a re-run)
)

// storefrontRun is one run of the Tests workflow.
type storefrontRun struct {
	runIdea
	results storefrontResults
	rerun   bool // attempt 1 flakes, attempt 2 passes
}

func (b *builder) addStorefront() {
	rng := repoRand(StorefrontRepo)
	repo := newRepo("storefront", 1_072_334_118, false, "The shop: Go API, Python workers, TypeScript web, Java pricing, .NET invoicing")
	repo.Language, repo.Topics, repo.SizeKB, repo.Stars = "Go", []string{"shop", "monorepo", "testing"}, 18_420, 6
	repo.CreatedAt = day("2025-11-03").Add(9*time.Hour + 41*time.Minute)
	repo.laterStorage = true
	tests := newWorkflow(repo, 98_300_150, "Tests", "tests.yml", "active", repo.CreatedAt.Add(2*time.Hour))
	catalog := newWorkflow(repo, 98_300_151, "Catalog conformance", "catalog.yml", "active", repo.CreatedAt.Add(3*time.Hour))
	repo.Workflows = []*Workflow{tests, catalog}
	b.repos = append(b.repos, repo)
	runs := []storefrontRun{
		{runIdea: runIdea{at: "2026-08-12T10:14:05", branch: "main", event: "push", actor: userHubot,
			title: "Add the invoicing service", number: 57, tag: "storefront-expired"}},
		{runIdea: runIdea{at: "2026-09-14T09:40:11", branch: "feature/round-per-currency", event: "pull_request", pr: 31,
			actor: userOctocat, title: "Round prices per currency", tag: "storefront-broken"}, results: resultsBroken},
		{runIdea: runIdea{at: "2026-09-15T14:02:37", branch: "feature/round-per-currency", event: "pull_request", pr: 31,
			actor: userOctocat, title: "Round prices per currency"}},
		{runIdea: runIdea{at: "2026-09-16T11:20:48", branch: "main", event: "push", actor: userMona,
			title: "Merge pull request #31 from octo-org/feature/round-per-currency", tag: "storefront-main"}},
		{runIdea: runIdea{at: "2026-09-22T15:31:09", branch: "main", event: "push", actor: userHubot,
			title: "Retry payment provider calls", tag: "storefront-rerun"}, rerun: true},
		{runIdea: runIdea{at: "2026-09-25T10:03:22", branch: "main", event: "push", actor: userMona, title: "Add gift cards"}},
	}
	for _, r := range runs {
		r.workflow = tests
		b.addSequenceRun(&b.storefront, rng, repo, r.runIdea, func(n int) attemptPlan {
			res := r.results
			if r.rerun && n == 1 {
				res = resultsFlaky
			}
			return attemptPlan{specs: storefrontJobs(rng, res), again: r.rerun && n == 1}
		})
		repo.PushedAt = laterOf(repo.PushedAt, r.createdAt().Add(-15*time.Second))
	}
	conformance := runIdea{at: "2026-09-24T02:17:44", workflow: catalog, branch: "main", event: "schedule", actor: userMona,
		title: "Catalog conformance", number: 212, tag: "storefront-large"}
	b.addSequenceRun(&b.storefront, rng, repo, conformance, func(int) attemptPlan {
		return attemptPlan{specs: []*jobSpec{{name: "conformance", pool: poolUbuntu, failAt: -1, plan: jobPlan{large: true},
			posts: []stepSpec{postCheckout(rng)},
			steps: []stepSpec{checkoutStep(rng), {"Set up JDK 21", kindSetupJava, between(rng, 3, 8)},
				{"Conformance suite", kindMaven, between(rng, 600, 900)},
				{"Upload test results", kindUploadResults, between(rng, 4, 9)}}}}}
	})
	repo.UpdatedAt = repo.PushedAt.Add(12 * time.Minute)
}

// storefrontJobs are the five test jobs of one attempt.
func storefrontJobs(rng *rand.Rand, res storefrontResults) []*jobSpec {
	plan := jobPlan{python: "3.12", pkg: "web", results: res}
	job := func(name string, steps []stepSpec, posts []stepSpec) *jobSpec {
		js := &jobSpec{name: name, pool: poolUbuntu, failAt: -1, plan: plan, steps: steps, posts: posts}
		if res != resultsPass {
			js.failAt = testStepIndex(steps)
		}
		return js
	}
	upload := func() stepSpec { return stepSpec{"Upload test results", kindUploadResults, between(rng, 2, 6)} }
	return []*jobSpec{
		job("go", append(goSteps(rng), stepSpec{"Test", kindGoTestVerbose, between(rng, 40, 90)}), goPosts(rng)),
		job("pytest", append(pythonSteps(rng, "3.12", between(rng, 10, 20)), stepSpec{"Run tests", kindPytestVerbose, between(rng, 15, 40)}),
			pythonPosts(rng, "3.12")),
		job("jest", append(nodeSteps(rng), stepSpec{"Test", kindJestVerbose, between(rng, 20, 50)}), nodePosts(rng)),
		job("java", []stepSpec{checkoutStep(rng), {"Set up JDK 21", kindSetupJava, between(rng, 3, 8)},
			{"Test", kindMaven, between(rng, 70, 160)}, upload()}, []stepSpec{postCheckout(rng)}),
		job("dotnet", []stepSpec{checkoutStep(rng), {"Set up .NET", kindSetupDotnet, between(rng, 5, 12)},
			{"Test", kindDotnetTest, between(rng, 40, 100)}, upload()}, []stepSpec{postCheckout(rng)}),
	}
}

// testStepIndex is the index of the step that runs the tests.
func testStepIndex(steps []stepSpec) int {
	for i, s := range steps {
		switch s.kind {
		case kindGoTestVerbose, kindPytestVerbose, kindJestVerbose, kindMaven, kindDotnetTest:
			return i
		}
	}
	panic("fakegh: a storefront job without a test step")
}
