package fakegh

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// The rest of the organization, for org-wide questions: nineteen more
// octo-org repositories of different ages, languages and sizes (some with
// no Actions at all, one archived, two more private, a fork), the
// organization sso-org that enforces SAML single sign-on, and the user
// mona's own repositories.
//
// Their runs draw from random streams and an id sequence of their own
// (assignLaterIDs, seed 3), so adding them left every id, log and number
// of the first four repositories as it was.

// Accounts of the data set.
var (
	octoOrg = &Account{Login: DemoOwner, ID: octoOrgID, Org: true, Name: "Octo Org",
		Members: []string{userMona.Login, userHubot.Login, userOctocat.Login}}
	ssoOrg = &Account{Login: SSOOrg, ID: 9_919_400, Org: true, Name: "SSO Org",
		Members: []string{userMona.Login, userHubot.Login}, SAMLSSO: true}
)

func demoAccounts() []*Account {
	return []*Account{
		octoOrg, ssoOrg,
		{Login: userMona.Login, ID: userMona.ID, Name: "Mona Lisa Octocat"},
		{Login: userHubot.Login, ID: userHubot.ID, Name: "Hubot"},
		{Login: userOctocat.Login, ID: userOctocat.ID, Name: "The Octocat"},
		{Login: userDependabot.Login, ID: userDependabot.ID},
	}
}

// orgRepo declares a repository beyond the first four.
type orgRepo struct {
	owner         *Account // nil: octo-org
	name          string
	id            int64
	description   string
	language      string
	topics        []string
	private       bool
	archived      bool
	branch        string // default branch; "" is main
	created       string // "2006-01-02"
	pushed        string // last push, for a repository without runs
	sizeKB, stars int
	homepage      string
	fork          *Repo // the repository forked

	// Actions: a workflow of stack, runs CI runs between from and to
	// (defaults: July 1 to September 30, 2026), pushed from 9:00 to 18:00
	// of the team's zone (tz hours from UTC), failing at failRate, re-run
	// from red to green at rerunRate; pushes to the default branch fail
	// from brokenSince on. stack nil: no Actions.
	stack       *stack
	workflowID  int64
	runs        int
	from, to    string
	tz          int
	failRate    float64
	rerunRate   float64
	brokenSince string
	// quiet: nobody pushed to the default branch lately. Otherwise a
	// repository active till the end of the window gets a last push to
	// it in the window's last days (a green one, unless broken).
	quiet bool
}

// stack is a repository's workflow: its name and file, how its runs are
// triggered and the jobs of one attempt.
type stack struct {
	workflow, file string
	// every, when set, schedules the workflow (cron) at this interval
	// from the window's start, instead of pushes and pull requests.
	every time.Duration
	jobs  func(rng *rand.Rand, r orgRun, failing bool) []*jobSpec
}

// orgRun is one run of such a repository.
type orgRun struct {
	runIdea
	repo    string
	main    bool // on the default branch, by a push or the schedule
	failing bool // the test step fails on every attempt
	flaky   bool // fails on attempt 1, passes when re-run
}

// poolGPU is the machine-learning team's self-hosted GPU runners: two of
// them, so jobs wait long.
var poolGPU = &runnerPool{labels: []string{"self-hosted", "linux", "gpu"}, os: osLinux, selfHosted: true,
	names: []string{"gpu-runner-1", "gpu-runner-2"}, firstID: 61, groupID: 4, groupName: "gpu",
	queueMin: 2 * time.Minute, queueMax: 25 * time.Minute}

func (b *builder) addOrganization() {
	b.describeFirstRepos()
	for _, spec := range orgRepos(b.repo(DemoRepo)) {
		b.addOrgRepo(spec)
	}
}

// describeFirstRepos gives the first four repositories what the listings
// show; their runs are untouched.
func (b *builder) describeFirstRepos() {
	facts := []struct {
		repo, language, created string
		topics                  []string
		sizeKB, stars           int
	}{
		{DemoRepo, "Python", "2024-10-21", []string{"fastapi", "python", "web"}, 48_211, 41},
		{APIServerRepo, "Go", "2024-10-22", []string{"go", "grpc", "api"}, 12_904, 17},
		{MonorepoRepo, "TypeScript", "2024-10-25", []string{"monorepo", "typescript"}, 310_577, 9},
		{PrivateRepo, "HCL", "2024-10-27", []string{"terraform", "aws"}, 2_048, 0},
	}
	for _, f := range facts {
		r := b.repo(f.repo)
		r.Language, r.Topics, r.SizeKB, r.Stars = f.language, f.topics, f.sizeKB, f.stars
		r.CreatedAt = day(f.created).Add(10*time.Hour + time.Duration(r.ID%3600)*time.Second)
		r.PushedAt = r.CreatedAt
		for _, run := range r.Runs {
			if run.Event != "schedule" { // a push to some branch started it
				r.PushedAt = laterOf(r.PushedAt, run.CreatedAt.Add(-15*time.Second))
			}
		}
		r.UpdatedAt = r.PushedAt.Add(time.Duration(5+r.ID%50) * time.Minute)
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// orgRepos declares the repositories; webapp is the parent of mona's fork.
func orgRepos(webapp *Repo) []orgRepo {
	mona := &Account{Login: userMona.Login, ID: userMona.ID}
	grpcGateway := &Repo{ID: 88_921_207, NodeID: repoNodeID(88_921_207), Owner: "grpc-ecosystem", OwnerID: 7_802_525,
		Name: "grpc-gateway", Description: "gRPC to JSON proxy generator following the gRPC HTTP spec",
		DefaultBranch: "main", Language: "Go", Topics: []string{"grpc", "rest-api", "openapi"}, SizeKB: 40_118, Stars: 19_000,
		CreatedAt: day("2015-04-18"), UpdatedAt: day("2026-09-29"), PushedAt: day("2026-09-29")}
	return []orgRepo{
		{name: ".github", id: 102_345_678, description: "Organization profile and default community health files",
			created: "2017-09-01", pushed: "2025-11-14", sizeKB: 12},
		{name: "brand-assets", id: 124_600_231, description: "Logos, colours and fonts", topics: []string{"brand", "design"},
			created: "2018-03-12", pushed: "2024-05-02", sizeKB: 88_402, stars: 3},
		{name: "legacy-billing", id: 55_901_234, description: "The old billing system (replaced by payments-gateway)",
			language: "Java", topics: []string{"billing", "java"}, archived: true, branch: "master", created: "2016-04-11",
			sizeKB: 61_330, stars: 2, stack: jvmStack, workflowID: 98_300_010, runs: 12, from: "2026-06-01", to: "2026-07-15",
			tz: 1, failRate: 0.3},
		{name: "infra-runbooks", id: 193_004_561, description: "On-call runbooks", language: "Shell", private: true,
			topics: []string{"oncall", "runbooks"}, created: "2019-06-20", pushed: "2026-08-27", sizeKB: 1_204},
		{name: "mobile-app", id: 530_112_908, description: "The iOS app", language: "Swift",
			topics: []string{"ios", "swift", "mobile"}, branch: "develop", created: "2022-08-30", sizeKB: 96_550, stars: 12,
			stack: mobileStack, workflowID: 98_300_020, runs: 22, tz: -7, failRate: 0.2, rerunRate: 0.1},
		{name: "design-system", id: 601_776_345, description: "React components and design tokens", language: "TypeScript",
			topics: []string{"react", "storybook", "design-system"}, created: "2023-02-14", sizeKB: 20_870, stars: 58,
			stack: nodeStack, workflowID: 98_300_030, runs: 30, tz: 1, failRate: 0.05},
		{name: "hackathon-2023", id: 702_334_019, description: "What we built in 48 hours", language: "JavaScript",
			topics: []string{"hackathon"}, created: "2023-10-06", pushed: "2023-10-08", sizeKB: 3_411, stars: 5},
		{name: "ml-pipeline", id: 795_220_118, description: "Training and evaluation of the recommendation model",
			language: "Python", topics: []string{"machine-learning", "pytorch"}, created: "2024-06-03", sizeKB: 15_230, stars: 7,
			stack: mlStack, workflowID: 98_300_040, runs: 14, tz: 5, failRate: 0.15},
		{name: "payments-gateway", id: 368_441_205, description: "Payment provider integrations (Go)", language: "Go",
			topics: []string{"payments", "grpc", "go"}, created: "2021-05-17", sizeKB: 27_600, stars: 11,
			stack: goStack, workflowID: 98_300_050, runs: 26, from: "2026-08-15", tz: 0, failRate: 0.1,
			brokenSince: "2026-09-18"},
		{name: "search-service", id: 309_552_870, description: "Product search (Kotlin, OpenSearch)", language: "Kotlin",
			topics: []string{"search", "kotlin"}, created: "2020-11-02", sizeKB: 33_019, stars: 6,
			stack: jvmStack, workflowID: 98_300_060, runs: 16, tz: -5, failRate: 0.12, quiet: true},
		{name: "cli", id: 450_227_613, description: "The octo command-line tool", language: "Rust",
			topics: []string{"cli", "rust"}, created: "2022-01-19", sizeKB: 8_950, stars: 240, homepage: "https://octo-org.example/cli",
			stack: rustStack, workflowID: 98_300_070, runs: 20, tz: 9, failRate: 0.1, rerunRate: 0.1},
		{name: "docs", id: 169_540_332, description: "developer.octo-org.example", language: "MDX",
			topics: []string{"docs"}, created: "2019-02-08", sizeKB: 51_203, stars: 14,
			stack: docsStack, workflowID: 98_300_080, runs: 35, tz: 1, failRate: 0.03},
		{name: "website", id: 150_224_981, description: "octo-org.example", language: "Astro",
			topics: []string{"website", "astro"}, branch: "production", created: "2018-09-25", sizeKB: 70_441, stars: 4,
			homepage: "https://octo-org.example", stack: docsStack, workflowID: 98_300_090, runs: 28, tz: -5, failRate: 0.07},
		{name: "status-page", id: 637_908_114, description: "Probes our endpoints every six hours", language: "Go",
			topics: []string{"monitoring", "status"}, created: "2023-05-09", sizeKB: 1_870, stars: 2,
			stack: probeStack, workflowID: 98_300_100, runs: 40, from: "2026-09-21", failRate: 0.1, pushed: "2026-09-12"},
		{name: "e2e-tests", id: 930_441_876, description: "End-to-end tests of the web app (Playwright)", language: "TypeScript",
			topics: []string{"playwright", "e2e", "testing"}, created: "2025-02-10", sizeKB: 4_560, stars: 3,
			stack: e2eStack, workflowID: 98_300_110, runs: 30, from: "2026-09-01", failRate: 0.25, pushed: "2026-09-25"},
		{name: "customer-data-etl", id: 1_006_334_297, description: "Nightly exports to the warehouse", language: "Python",
			private: true, topics: []string{"etl", "dbt"}, created: "2025-06-23", sizeKB: 6_002,
			stack: etlStack, workflowID: 98_300_120, runs: 18, tz: 2, failRate: 0.15},
		{name: "analytics-dashboard", id: 1_048_776_530, description: "Internal KPIs (Streamlit)", language: "Python",
			topics: []string{"analytics", "streamlit"}, branch: "trunk", created: "2025-09-01", sizeKB: 2_310, stars: 1,
			stack: pythonStack, workflowID: 98_300_130, runs: 8, from: "2026-09-01", tz: -3, failRate: 0.35},
		{name: "grpc-gateway", id: 751_998_020, description: grpcGateway.Description, language: "Go",
			topics: []string{"grpc", "rest-api", "openapi"}, created: "2024-02-01", pushed: "2024-02-20", sizeKB: 39_870,
			fork: grpcGateway},
		{name: "terraform-modules", id: 414_660_093, description: "Reusable Terraform modules", language: "HCL",
			topics: []string{"terraform", "modules"}, created: "2021-10-05", sizeKB: 3_120, stars: 8,
			stack: tfStack, workflowID: 98_300_140, runs: 10, tz: 0, failRate: 0.1, quiet: true},

		{owner: ssoOrg, name: "handbook", id: 880_120_455, description: "How we work", topics: []string{"handbook"},
			created: "2025-01-08", sizeKB: 2_204, stack: docsStack, workflowID: 98_310_010, runs: 6, from: "2026-09-01", tz: 0},
		{owner: ssoOrg, name: "vault-config", id: 880_120_771, description: "Vault policies", language: "HCL", private: true,
			created: "2025-01-09", sizeKB: 640, stack: tfStack, workflowID: 98_310_020, runs: 5, from: "2026-09-01", tz: 0},

		{owner: mona, name: "dotfiles", id: 187_776_002, description: "My shell, editor and git settings", language: "Shell",
			topics: []string{"dotfiles", "zsh"}, created: "2019-04-01", sizeKB: 310, stars: 21,
			stack: shellStack, workflowID: 98_320_010, runs: 8, from: "2026-08-01", tz: 1, failRate: 0.25},
		{owner: mona, name: "webapp", id: 950_118_433, description: webapp.Description, language: "Python",
			created: "2025-04-02", pushed: "2025-04-03", sizeKB: 40_002, fork: webapp},
		{owner: mona, name: "journal", id: 640_221_977, description: "Notes to self", private: true,
			created: "2023-05-20", pushed: "2026-09-27", sizeKB: 77},
	}
}

// addOrgRepo adds the repository and, for one with Actions, its runs.
func (b *builder) addOrgRepo(spec orgRepo) {
	owner := spec.owner
	if owner == nil {
		owner = octoOrg
	}
	created := day(spec.created).Add(9*time.Hour + time.Duration(spec.id%28_800)*time.Second)
	repo := &Repo{ID: spec.id, NodeID: repoNodeID(spec.id), Owner: owner.Login, OwnerID: owner.ID, OwnerIsUser: !owner.Org,
		Name: spec.name, Private: spec.private, Description: spec.description, DefaultBranch: spec.branch,
		Archived: spec.archived, Language: spec.language, Topics: spec.topics, Homepage: spec.homepage,
		SizeKB: spec.sizeKB, Stars: spec.stars, CreatedAt: created, Fork: spec.fork != nil, Parent: spec.fork}
	if repo.DefaultBranch == "" {
		repo.DefaultBranch = "main"
	}
	b.repos = append(b.repos, repo)
	repo.PushedAt = created
	if spec.pushed != "" {
		repo.PushedAt = day(spec.pushed).Add(14*time.Hour + time.Duration(spec.id%3600)*time.Second)
	}
	if spec.stack != nil {
		b.addOrgRuns(repo, spec)
	}
	repo.UpdatedAt = repo.PushedAt.Add(time.Duration(5+spec.id%50) * time.Minute)
	if spec.archived {
		repo.UpdatedAt = repo.PushedAt.Add(19 * 24 * time.Hour) // archived weeks after the last push
	}
}

func (b *builder) addOrgRuns(repo *Repo, spec orgRepo) {
	rng := repoRand(repo.FullName())
	st := spec.stack
	wf := newWorkflow(repo, spec.workflowID, st.workflow, st.file, "active", repo.CreatedAt.Add(30*24*time.Hour))
	repo.Workflows = []*Workflow{wf}
	for i, r := range orgHistory(rng, repo, spec, wf) {
		if i == 0 {
			r.number = 100 + int(spec.id%900) // the workflow ran long before the window
		}
		b.addSequenceRun(&b.org, rng, repo, r.runIdea, func(n int) attemptPlan {
			return attemptPlan{specs: st.jobs(rng, r, r.failing || r.flaky && n == 1), again: r.flaky && n == 1}
		})
		if r.event != "schedule" { // a push to any branch
			repo.PushedAt = laterOf(repo.PushedAt, r.runIdea.createdAt().Add(-15*time.Second))
		}
	}
}

func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func (i runIdea) createdAt() time.Time {
	t, err := time.Parse("2006-01-02T15:04:05", i.at)
	if err != nil {
		panic(err)
	}
	return t
}

// orgHistory lays out a repository's runs in its window: scheduled ones
// at the stack's interval, or pushes to the default branch and pull
// requests at random working hours of the team's zone.
func orgHistory(rng *rand.Rand, repo *Repo, spec orgRepo, wf *Workflow) []orgRun {
	from, to := day(cmp.Or(spec.from, "2026-07-01")), day(cmp.Or(spec.to, "2026-09-30")).Add(18*time.Hour)
	var times []time.Time
	if spec.stack.every > 0 {
		for t := from.Add(time.Duration(spec.id%7) * time.Minute); len(times) < spec.runs && t.Before(BaseTime); t = t.Add(spec.stack.every) {
			times = append(times, t.Add(time.Duration(rng.IntN(240))*time.Second)) // schedules start late
		}
	} else {
		for range spec.runs {
			t := from.Add(time.Duration(rng.Int64N(int64(to.Sub(from)))))
			times = append(times, workingHour(rng, t, spec.tz))
		}
	}
	broken := time.Time{}
	var forcedMain []time.Time
	if spec.brokenSince != "" {
		broken = day(spec.brokenSince)
		for d := 1; d <= 10; d += 3 { // pushes that keep failing
			forcedMain = append(forcedMain, workingHour(rng, broken.AddDate(0, 0, d), spec.tz))
		}
	} else if spec.stack.every == 0 && spec.to == "" && !spec.quiet {
		forcedMain = append(forcedMain, workingHour(rng, to.AddDate(0, 0, -4), spec.tz))
	}
	times = append(times, forcedMain...)
	slices.SortFunc(times, time.Time.Compare)
	authors := []User{userMona, userHubot, userOctocat}
	pr := 10 + int(spec.id%200)
	var runs []orgRun
	for i, t := range times {
		r := orgRun{repo: repo.Name}
		switch {
		case spec.stack.every > 0:
			r.runIdea = runIdea{workflow: wf, branch: repo.DefaultBranch, event: "schedule", actor: userMona, title: wf.Name}
			r.main = true
		case slices.Contains(forcedMain, t) || rng.IntN(20) < 7:
			author := authors[rng.IntN(len(authors))]
			r.runIdea = pushOrPR(wf, "", repo.DefaultBranch, 0, author, pick(rng, changeTitles...))
			r.main = true
		case rng.IntN(10) == 0:
			dep := pick(rng, "actions/checkout", "golang.org/x/net", "pytest", "typescript", "serde")
			r.runIdea = pushOrPR(wf, "", "dependabot/"+slugOf(dep), pr, userDependabot, "Bump "+dep)
			pr++
		default:
			title := pick(rng, changeTitles...)
			r.runIdea = pushOrPR(wf, "", "feature/"+slugOf(title), pr, authors[(i+pr)%len(authors)], title)
			pr++
		}
		r.at = atText(t)
		r.failing = rng.Float64() < spec.failRate && !slices.Contains(forcedMain, t) || r.main && !broken.IsZero() && !t.Before(broken)
		r.flaky = !r.failing && rng.Float64() < spec.rerunRate
		runs = append(runs, r)
	}
	return runs
}

var changeTitles = []string{"Fix flaky retry logic", "Add metrics for cache hits", "Upgrade dependencies",
	"Refactor the config loader", "Handle empty responses", "Speed up the build", "Add a health check",
	"Document the release steps", "Tighten input validation", "Remove dead code", "Support pagination",
	"Log request ids", "Fix time zone handling", "Add integration tests", "Rename the settings module"}

// workingHour moves t to a weekday between 9:00 and 18:00 in a zone tz
// hours from UTC.
func workingHour(rng *rand.Rand, t time.Time, tz int) time.Time {
	local := t.Add(time.Duration(tz) * time.Hour)
	for local.Weekday() == time.Saturday || local.Weekday() == time.Sunday {
		local = local.Add(24 * time.Hour)
	}
	local = time.Date(local.Year(), local.Month(), local.Day(), 9+rng.IntN(9), rng.IntN(60), rng.IntN(60), 0, time.UTC)
	return local.Add(-time.Duration(tz) * time.Hour)
}

// The stacks' jobs. A failing run fails its test job's test step.

func failing(js *jobSpec, fail bool, kind failKind) *jobSpec {
	if fail {
		js.failAt, js.plan.failure = len(js.steps)-1, kind
	}
	return js
}

func generic(name string, lo, hi int, rng *rand.Rand) stepSpec {
	return stepSpec{name, kindGeneric, between(rng, lo, hi)}
}

var goStack = &stack{workflow: "CI", file: "ci.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	lint := &jobSpec{name: "lint", pool: poolUbuntu, failAt: -1, posts: goPosts(rng),
		steps: append(goSteps(rng), generic("Run golangci-lint run", 30, 80, rng))}
	test := failing(&jobSpec{name: "test", pool: poolUbuntu, failAt: -1, posts: goPosts(rng),
		steps: append(goSteps(rng), stepSpec{"Test", kindGoTest, between(rng, 90, 240)})}, fail, failGoTest)
	build := &jobSpec{name: "build", pool: poolUbuntu, needs: []int{1}, failAt: -1, posts: goPosts(rng),
		steps: append(goSteps(rng), stepSpec{"Build", kindGoBuild, between(rng, 20, 60)})}
	docker := &jobSpec{name: "docker", pool: poolUbuntu, needs: []int{0, 2}, failAt: -1, skip: !(r.main && r.event == "push"),
		posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), {"Build image", kindDockerBuild, between(rng, 40, 90)},
			{"Push image", kindDockerPush, between(rng, 8, 15)}}}
	return []*jobSpec{lint, test, build, docker}
}}

var nodeStack = &stack{workflow: "CI", file: "ci.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	test := failing(&jobSpec{name: "test", pool: poolUbuntu, failAt: -1, posts: nodePosts(rng), plan: jobPlan{pkg: "packages/" + r.repo},
		steps: append(nodeSteps(rng), stepSpec{"Test", kindJest, between(rng, 40, 150)})}, fail, failJest)
	build := &jobSpec{name: "build", pool: poolUbuntu, failAt: -1, posts: nodePosts(rng),
		steps: append(nodeSteps(rng), stepSpec{"Build", kindGeneric, between(rng, 50, 140)})}
	return []*jobSpec{test, build}
}}

var pythonStack = &stack{workflow: "CI", file: "ci.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	test := testJob(rng, poolUbuntu, "3.12", 45)
	test.steps = test.steps[:4] // no coverage upload
	return []*jobSpec{lintJob(rng), failing(test, fail, failAssertion)}
}}

var mobileStack = &stack{workflow: "iOS", file: "ios.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	build := &jobSpec{name: "build", pool: poolMacOS, failAt: -1, posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), generic("Run bundle exec pod install", 40, 90, rng),
			generic("Run xcodebuild build -scheme App", 300, 700, rng)}}
	test := failing(&jobSpec{name: "test (iPhone 16)", pool: poolMacOS, failAt: -1, posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), generic("Run bundle exec pod install", 40, 90, rng),
			generic("Run xcodebuild test -scheme App -destination 'platform=iOS Simulator,name=iPhone 16'", 420, 900, rng)}},
		fail, failNone)
	return []*jobSpec{build, test}
}}

var mlStack = &stack{workflow: "Train", file: "train.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	train := failing(&jobSpec{name: "train", pool: poolGPU, failAt: -1, posts: pythonPosts(rng, "3.12"), plan: jobPlan{python: "3.12"},
		steps: append(pythonSteps(rng, "3.12", between(rng, 60, 120)), generic("Run python -m pipeline.train --epochs 3", 1200, 2700, rng))},
		fail, failNone)
	eval := &jobSpec{name: "evaluate", pool: poolUbuntu, needs: []int{0}, failAt: -1, posts: pythonPosts(rng, "3.12"),
		plan:  jobPlan{python: "3.12"},
		steps: append(pythonSteps(rng, "3.12", between(rng, 20, 40)), generic("Run python -m pipeline.evaluate", 120, 300, rng))}
	return []*jobSpec{train, eval}
}}

var jvmStack = &stack{workflow: "Build", file: "build.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	build := failing(&jobSpec{name: "build", pool: poolUbuntu, failAt: -1, posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), generic("Run actions/setup-java@v4", 3, 10, rng), generic("Run ./gradlew build", 180, 420, rng)}},
		fail, failNone)
	publish := &jobSpec{name: "publish", pool: poolUbuntu, needs: []int{0}, failAt: -1, skip: !(r.main && r.event == "push"),
		posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), generic("Run ./gradlew publish", 40, 90, rng)}}
	return []*jobSpec{build, publish}
}}

var rustStack = &stack{workflow: "CI", file: "ci.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	specs := []*jobSpec{{name: "clippy", pool: poolUbuntu, failAt: -1, posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), generic("Run cargo clippy -- -D warnings", 60, 150, rng)}}}
	for _, pool := range []*runnerPool{poolUbuntu, poolMacOS, poolWindows} {
		t := &jobSpec{name: "test (" + pool.labels[0] + ")", pool: pool, failAt: -1, posts: []stepSpec{postCheckout(rng)},
			steps: []stepSpec{checkoutStep(rng), generic("Run cargo test --locked", 120, 330, rng)}}
		specs = append(specs, failing(t, fail && pool == poolWindows, failNone))
	}
	return specs
}}

var docsStack = &stack{workflow: "Docs", file: "docs.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	build := failing(&jobSpec{name: "build", pool: poolUbuntu, failAt: -1, posts: nodePosts(rng),
		steps: append(nodeSteps(rng), stepSpec{"Build docs", kindGeneric, between(rng, 25, 90)})}, fail, failNone)
	deploy := &jobSpec{name: "deploy", pool: poolUbuntu, needs: []int{0}, failAt: -1, skip: !(r.main && r.event == "push"),
		steps: []stepSpec{generic("Run actions/deploy-pages@v4", 10, 30, rng)}}
	return []*jobSpec{build, deploy}
}}

var probeStack = &stack{workflow: "Probe", file: "probe.yml", every: 6 * time.Hour,
	jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
		return []*jobSpec{failing(&jobSpec{name: "probe", pool: poolUbuntu, failAt: -1, posts: []stepSpec{postCheckout(rng)},
			steps: []stepSpec{checkoutStep(rng), generic("Run go run ./cmd/probe --targets targets.yml", 15, 45, rng)}}, fail, failNone)}
	}}

var e2eStack = &stack{workflow: "E2E", file: "e2e.yml", every: 24 * time.Hour,
	jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
		var shards []*jobSpec
		for n := 1; n <= 3; n++ {
			shards = append(shards, failing(&jobSpec{name: fmt.Sprintf("e2e (%d/3)", n), pool: poolUbuntu, failAt: -1,
				posts: nodePosts(rng),
				steps: append(nodeSteps(rng), generic("Run npx playwright install --with-deps", 40, 80, rng),
					generic(fmt.Sprintf("Run npx playwright test --shard=%d/3", n), 600, 1500, rng))},
				fail && n == 2, failNone))
		}
		return shards
	}}

var etlStack = &stack{workflow: "ETL CI", file: "ci.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	test := testJob(rng, poolUbuntu, "3.12", 30)
	test.steps = test.steps[:4]
	dbt := &jobSpec{name: "dbt", pool: poolInfra, needs: []int{0}, failAt: -1, posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), generic("Run dbt build --target ci", 200, 500, rng)}}
	return []*jobSpec{failing(test, fail, failAssertion), dbt}
}}

var tfStack = &stack{workflow: "Validate", file: "validate.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	return []*jobSpec{failing(&jobSpec{name: "validate", pool: poolUbuntu, failAt: -1, posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), {"Set up Terraform", kindSetupTerraform, between(rng, 2, 5)},
			{"terraform init", kindTfInit, between(rng, 8, 15)}, generic("Run terraform validate", 3, 8, rng)}}, fail, failNone)}
}}

var shellStack = &stack{workflow: "Lint", file: "lint.yml", jobs: func(rng *rand.Rand, r orgRun, fail bool) []*jobSpec {
	return []*jobSpec{failing(&jobSpec{name: "shellcheck", pool: poolUbuntu, failAt: -1, posts: []stepSpec{postCheckout(rng)},
		steps: []stepSpec{checkoutStep(rng), generic("Run shellcheck **/*.sh", 4, 12, rng)}}, fail, failNone)}
}}
