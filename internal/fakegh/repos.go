package fakegh

import (
	"math/rand/v2"
	"time"
)

// The other repositories of the data set: a Go service whose job times are
// written with a -08:00 offset, a monorepo with one 230-job run, and a
// private Terraform repository.

func (b *builder) addAPIServer() {
	rng := repoRand("api-server")
	repo := newRepo("api-server", 812_345_877, false, "Orders API (Go)")
	ci := newWorkflow(repo, 98_240_020, "CI", "ci.yml", "active", time.Date(2025, 5, 20, 18, 3, 11, 0, time.UTC))
	repo.Workflows = []*Workflow{ci}
	b.repos = append(b.repos, repo)
	type apiRun struct {
		runIdea
		failing  bool
		minQueue time.Duration
	}
	run := func(at, branch string, pr int, actor User, title string) apiRun {
		return apiRun{runIdea: pushOrPR(ci, at, branch, pr, actor, title)}
	}
	history := []apiRun{
		run("2026-09-15T17:05:11", "main", 0, userOctocat, "Add /v2/orders endpoint"),
		run("2026-09-17T18:22:40", "feature/grpc-gateway", 112, userHubot, "gRPC gateway for orders"),
		run("2026-09-18T16:48:02", "feature/grpc-gateway", 112, userHubot, "gRPC gateway for orders"),
		run("2026-09-18T21:10:29", "feature/grpc-gateway", 112, userHubot, "gRPC gateway for orders"),
		run("2026-09-19T17:35:55", "main", 0, userHubot, "Merge pull request #112 from octo-org/feature/grpc-gateway"),
		run("2026-09-23T19:02:13", "main", 0, userMona, "Bump pgx to v5.7.6"),
		run("2026-09-25T22:44:31", "fix/ratelimit-burst", 115, userMona, "Allow the full burst in the rate limiter"),
		run("2026-09-27T18:30:08", "main", 0, userMona, "Merge pull request #115 from octo-org/fix/ratelimit-burst"),
		run("2026-09-30T23:41:19", "main", 0, userOctocat, "Cache order totals"),
	}
	history[0].number = 1042
	history[2].failing, history[2].tag = true, "api-failed"
	last := len(history) - 1
	history[last].minQueue, history[last].tag = 40*time.Minute, "api-queued"
	for _, h := range history {
		b.addRun(rng, repo, h.runIdea, func(int) attemptPlan {
			return attemptPlan{specs: apiServerCI(rng, h.runIdea, h.failing, h.minQueue)}
		})
	}
}

func goSteps(rng *rand.Rand) []stepSpec {
	return []stepSpec{checkoutStep(rng), {"Set up Go", kindSetupGo, between(rng, 2, 8)}}
}

func goPosts(rng *rand.Rand) []stepSpec {
	return []stepSpec{{"Post Set up Go", kindPostCache, between(rng, 0, 2)}, postCheckout(rng)}
}

func apiServerCI(rng *rand.Rand, idea runIdea, failing bool, integrationQueue time.Duration) []*jobSpec {
	build := &jobSpec{name: "build", pool: poolUbuntu, failAt: -1, posts: goPosts(rng),
		steps: append(goSteps(rng), stepSpec{"Build", kindGoBuild, between(rng, 20, 40)})}
	test := &jobSpec{name: "test", pool: poolUbuntu, failAt: -1, posts: goPosts(rng),
		steps: append(goSteps(rng), stepSpec{"Test", kindGoTest, between(rng, 60, 100)})}
	if failing {
		test.failAt, test.plan.failure = 2, failGoTest
	}
	integration := &jobSpec{name: "integration", pool: poolARM, needs: []int{0}, failAt: -1, posts: goPosts(rng),
		minQueue: integrationQueue,
		steps: append(goSteps(rng), stepSpec{"Start dependencies", kindServices, between(rng, 8, 15)},
			stepSpec{"Integration tests", kindGoIntegration, between(rng, 40, 90)})}
	docker := &jobSpec{name: "docker", pool: poolUbuntu, needs: []int{1, 2}, failAt: -1,
		skip:  !(idea.branch == "main" && idea.event == "push"),
		posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), {"Build image", kindDockerBuild, between(rng, 40, 70)},
			{"Push image", kindDockerPush, between(rng, 8, 15)}}}
	return []*jobSpec{build, test, integration, docker}
}

// monorepoPackages names the 227 workspaces of big-monorepo.
func monorepoPackages(rng *rand.Rand) []string {
	areas := []string{"auth", "billing", "cart", "catalog", "checkout", "search", "media", "mail", "i18n", "flags",
		"metrics", "cache", "queue", "notify", "profile", "reports", "admin", "payments", "shipping", "tax"}
	roles := []string{"core", "client", "server", "schema", "hooks", "ui", "cli", "sdk", "types", "testing", "worker", "adapter"}
	var all []string
	for _, a := range areas {
		for _, r := range roles {
			all = append(all, "packages/"+a+"-"+r)
		}
	}
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	return all[:227]
}

func (b *builder) addMonorepo() {
	rng := repoRand("big-monorepo")
	repo := newRepo("big-monorepo", 812_346_210, false, "All our TypeScript packages")
	created := time.Date(2024, 11, 2, 9, 0, 4, 0, time.UTC)
	ci := newWorkflow(repo, 98_251_300, "Monorepo CI", "ci.yml", "active", created)
	docs := newWorkflow(repo, 98_251_301, "Docs", "docs.yml", "active", created)
	repo.Workflows = []*Workflow{ci, docs}
	b.repos = append(b.repos, repo)

	b.addRun(rng, repo, runIdea{at: "2026-09-28T08:12:50", workflow: docs, branch: "main", event: "push",
		actor: userOctocat, title: "Document the release process", number: 77},
		func(int) attemptPlan { return attemptPlan{specs: []*jobSpec{docsJob(rng)}} })
	b.addRun(rng, repo, runIdea{at: "2026-09-29T11:02:36", workflow: ci, branch: "main", event: "push",
		actor: userOctocat, title: "Migrate all packages to TypeScript 5.9", number: 3518, tag: "big"},
		func(int) attemptPlan { return attemptPlan{specs: monorepoCI(rng)} })
}

func nodeSteps(rng *rand.Rand) []stepSpec {
	return []stepSpec{checkoutStep(rng), {"Setup Node", kindSetupNode, between(rng, 2, 6)},
		{"Install", kindNpmCI, between(rng, 12, 30)}}
}

func nodePosts(rng *rand.Rand) []stepSpec {
	return []stepSpec{{"Post Setup Node", kindPostCache, between(rng, 0, 2)}, postCheckout(rng)}
}

// monorepoCI is 230 jobs: change detection, lint, one test job per
// package and a build. The organisation runs at most 60 jobs at once, so
// test jobs queue in waves.
func monorepoCI(rng *rand.Rand) []*jobSpec {
	specs := []*jobSpec{
		{name: "detect-changes", pool: poolUbuntu, failAt: -1, posts: []stepSpec{postCheckout(rng)},
			steps: []stepSpec{checkoutStep(rng), {"Detect changed packages", kindGeneric, between(rng, 3, 6)}}},
		{name: "lint", pool: poolUbuntu, failAt: -1, posts: nodePosts(rng),
			steps: append(nodeSteps(rng), stepSpec{"Lint", kindGeneric, between(rng, 40, 70)})},
	}
	failing := map[int]bool{37: true, 181: true}
	var tests []int
	for i, pkg := range monorepoPackages(rng) {
		t := &jobSpec{name: "test (" + pkg + ")", pool: poolUbuntu, needs: []int{0}, failAt: -1,
			posts: nodePosts(rng), plan: jobPlan{pkg: pkg},
			minQueue: time.Duration(i/60) * 95 * time.Second,
			steps:    append(nodeSteps(rng), stepSpec{"Test", kindJest, between(rng, 8, 60)})}
		if failing[i] {
			t.failAt, t.plan.failure = 3, failJest
		}
		tests = append(tests, len(specs))
		specs = append(specs, t)
	}
	build := &jobSpec{name: "build", pool: poolUbuntu, needs: tests, failAt: -1, posts: nodePosts(rng),
		steps: append(nodeSteps(rng), stepSpec{"Build", kindGeneric, between(rng, 60, 120)})}
	return append(specs, build)
}

func docsJob(rng *rand.Rand) *jobSpec {
	return &jobSpec{name: "publish", pool: poolUbuntu, failAt: -1, posts: nodePosts(rng),
		steps: append(nodeSteps(rng), stepSpec{"Build docs", kindGeneric, between(rng, 15, 30)})}
}

func (b *builder) addSecretInfra() {
	rng := repoRand("secret-infra")
	repo := newRepo("secret-infra", 812_346_555, true, "Terraform for the production accounts")
	tf := newWorkflow(repo, 98_260_007, "Terraform", "terraform.yml", "active", time.Date(2025, 1, 14, 8, 30, 0, 0, time.UTC))
	repo.Workflows = []*Workflow{tf}
	b.repos = append(b.repos, repo)
	ideas := []runIdea{
		{at: "2026-09-16T08:31:12", branch: "main", event: "push", actor: userMona, title: "Raise CI role session duration", number: 208},
		{at: "2026-09-19T13:04:40", branch: "ops/kms-rotation", event: "pull_request", pr: 7, actor: userHubot, title: "Rotate the secrets KMS key yearly"},
		{at: "2026-09-19T15:47:05", branch: "main", event: "push", actor: userHubot, title: "Merge pull request #7 from octo-org/ops/kms-rotation"},
		{at: "2026-09-24T10:20:33", branch: "main", event: "push", actor: userMona, title: "Tag all buckets with cost-center"},
		{at: "2026-09-29T16:55:51", branch: "ops/ecr-lifecycle", event: "pull_request", pr: 9, actor: userMona, title: "Expire untagged ECR images", tag: "private"},
	}
	for _, idea := range ideas {
		idea.workflow = tf
		b.addRun(rng, repo, idea, func(int) attemptPlan { return attemptPlan{specs: terraformJobs(rng, idea)} })
	}
}

func terraformJobs(rng *rand.Rand, idea runIdea) []*jobSpec {
	setup := func() []stepSpec {
		return []stepSpec{checkoutStep(rng), {"Set up Terraform", kindSetupTerraform, between(rng, 2, 5)},
			{"terraform init", kindTfInit, between(rng, 8, 15)}}
	}
	plan := &jobSpec{name: "plan", pool: poolInfra, failAt: -1, posts: []stepSpec{postCheckout(rng)},
		steps: append(setup(), stepSpec{"terraform plan", kindTfPlan, between(rng, 20, 45)})}
	apply := &jobSpec{name: "apply", pool: poolInfra, needs: []int{0}, failAt: -1, posts: []stepSpec{postCheckout(rng)},
		skip:  !(idea.branch == "main" && idea.event == "push"),
		steps: append(setup(), stepSpec{"terraform apply", kindTfApply, between(rng, 15, 40)})}
	return []*jobSpec{plan, apply}
}
