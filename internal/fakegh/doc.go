// Package fakegh is an emulated GitHub: the Actions part of the REST API,
// served over real HTTP on 127.0.0.1, with a bundled, deterministic data
// set. It backs the project's tests and `actionsql --demo`, so queries run
// with no token and no network.
//
// The emulation follows GitHub's documentation and observed behaviour, not
// any client library: the same JSON field names, order and null/[] shapes,
// pagination with absolute Link headers, weak ETags and 304s, rate-limit
// headers and 403 when spent, 401 for a bad token, 404 for private
// repositories seen anonymously, and job logs served through a 302 to a
// second "blob host" port with a signed URL that expires after 60 seconds.
// The blob host refuses requests that carry an Authorization header, as a
// client must never forward its token there, and the single-job log starts
// with a UTF-8 byte-order mark, as GitHub's often does.
//
// # Endpoints
//
//	GET /repos/{owner}/{repo}/actions/runs                           ?branch, event, status, actor, head_sha, created, per_page, page
//	GET /repos/{owner}/{repo}/actions/runs/{run_id}
//	GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{n}
//	GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs              ?filter=latest|all, per_page, page
//	GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{n}/jobs ?per_page, page
//	GET /repos/{owner}/{repo}/actions/jobs/{job_id}
//	GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs              302 to the blob host; 404 not finished; 410 expired
//	GET /repos/{owner}/{repo}/actions/workflows
//	GET /repos/{owner}/{repo}/actions/workflows/{id or file}
//	GET /repos/{owner}/{repo}/actions/workflows/{id or file}/runs
//	GET /repos/{owner}/{repo}/check-runs/{job_id}/annotations        ?per_page, page (derived from the job's log)
//	GET /repos/{owner}/{repo}
//	GET /orgs/{org}/repos                                             ?type, sort, direction, per_page, page
//	GET /users/{username}/repos                                       ?type, sort, direction, per_page, page (public repositories)
//	GET /user/repos                                                   ?visibility, affiliation or type, sort, direction, per_page, page
//	GET /user
//	GET /repos/{owner}/{repo}/actions/artifacts                      ?name, per_page, page
//	GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts        ?name, per_page, page
//	GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}
//	GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/zip    302 to the blob host; 410 expired
//	GET /repos/{owner}/{repo}/actions/caches                         ?ref, key (prefix), sort, direction, per_page, page
//	GET /repos/{owner}/{repo}/actions/runners                        403 for big-monorepo (ForbiddenRunnersRepo)
//	GET /orgs/{org}/actions/runners
//	GET /rate_limit
//
// A token authenticates as a user: DemoUser (mona) unless
// Options.TokenLogins names another. mona and hubot belong to octo-org and
// sso-org, octocat to octo-org: members see their organization's private
// repositories, a user their own; anonymous callers see public ones only
// (404 for the others). SSOOrg enforces SAML single sign-on: a member's
// token not in Options.SSOAuthorizedTokens gets 403 "Resource protected by
// organization SAML enforcement. ..." with "X-GitHub-SSO: required;
// url=https://github.com/orgs/sso-org/sso?authorization_request=..." on
// /orgs/sso-org/... and every /repos/sso-org/... endpoint, and /user/repos
// leaves sso-org out, saying "X-GitHub-SSO: partial-results;
// organizations=9919400". Anonymous callers and outsiders' tokens see its
// public repository.
//
// Run listings given actor, branch, check_suite_id, created, event,
// head_sha or status serve at most 1,000 runs, while total_count says how
// many matched, as GitHub's do; ManyRuns builds a repository big enough to
// meet that cap.
//
// # The data set
//
// Default() is built from a seeded generator around BaseTime
// (2026-10-01T00:00:00Z), the data set's "now": runs still going are frozen
// as they were then. Job fields hold the API's URLs (https://api.github.com
// and https://github.com), whatever address the server listens on. Job ids
// (11 digits) and run ids (10 digits) grow with creation time across all
// repositories, as GitHub's do.
//
// The first four repositories of the organisation octo-org carry the
// notable runs:
//
//   - octo-org/webapp (DemoRepo, public): a Python web app. Workflow "CI"
//     (.github/workflows/ci.yml) has 25 runs from 2026-09-08 to 2026-09-30,
//     one from June (ExpiredRunID) and 56 more from mid-June to September
//     (history.go: pull requests, merges, broken changes, flaky merges
//     re-run from red to green); jobs lint; test (ubuntu-latest|macos-14|windows-latest,
//     3.12|3.13); build (needs all tests); deploy (needs build, runs on the
//     self-hosted ["self-hosted","linux","ARM64"] pool, skipped except on
//     pushes to main). The "Run tests" step gets slower run after run (about
//     2x over the history). "Nightly" (nightly.yml) runs every night from
//     June 15, some nights failing (September 29 among them); the last,
//     on September 30, is one job that writes a 20,006-line log
//     (LongLogJobID). "Release" is
//     disabled_manually and has no runs.
//   - octo-org/api-server (APIServerRepo, public): a Go service. Workflow
//     "CI" has 9 runs; jobs build, test, integration (self-hosted ARM64) and
//     docker (main only). Its job and step timestamps are written with a
//     -08:00 offset, steps with milliseconds ("2026-09-18T08:48:12.000-08:00"),
//     like GitHub's official example; everything else in the data set is UTC.
//   - octo-org/big-monorepo (MonorepoRepo, public): "Monorepo CI" has one run
//     of 230 jobs (BigRunID: 3 pages at per_page=100), whose test jobs queue
//     in waves behind a 60-job concurrency limit; two of them fail. "Docs" has
//     one run.
//   - octo-org/secret-infra (PrivateRepo, private: 404 without a token):
//     "Terraform" runs plan and apply on the self-hosted ["self-hosted",
//     "linux","X64"] pool (runner group "Default", id 1).
//
// The organization has 20 more repositories (orgrepos.go, storefront.go),
// created from 2016 to 2025, with runs from June to September 2026 drawn
// from their own random streams and id sequence (the first four's ids did
// not move):
// design-system, docs, website (default branch "production"), cli (Rust,
// tests on three OSes), mobile-app (Swift on macOS, branch "develop"),
// ml-pipeline (hour-long training on the self-hosted ["self-hosted",
// "linux","gpu"] pool, long queues), search-service and terraform-modules
// (quiet lately), StorefrontRepo storefront (test results in logs and
// JUnit artifacts, see the Storefront constants; its ids come from a
// sequence of its own, seed 4), status-page (a schedule every six hours),
// e2e-tests (a
// nightly Playwright run of three 10-25 minute shards, often failing),
// customer-data-etl (private; dbt on the infra runners), analytics-dashboard
// (branch "trunk"), StaleRepo payments-gateway (every push to main fails
// since September 18), ArchivedRepo legacy-billing (archived, branch
// "master", runs in June and July, some logs expired), and with no Actions
// at all: .github, NoActionsRepo brand-assets, hackathon-2023,
// infra-runbooks (private) and grpc-gateway (a fork). Teams push in their
// working hours from UTC-7 to UTC+9. sso-org has handbook (public, a few
// runs) and vault-config (private); the user mona has dotfiles (runs),
// webapp (a fork of octo-org/webapp) and journal (private).
// Artifacts, caches and self-hosted runners: see storage.go, artifacts.go,
// caches.go and runners.go.
//
// Runners: GitHub-hosted jobs run on "GitHub Actions N" in runner group
// "GitHub Actions" (id 2) and wait seconds for a runner (macOS the longest);
// self-hosted jobs run on arm64-runner-1..4 (group "self-hosted-arm", id 3)
// or infra-runner-1..2 and wait minutes.
//
// Notable runs and jobs (see the constants): a flaky macOS test that fails
// on attempt 1 and passes on the re-run (FlakyRunID, FlakyJobID; two more
// webapp runs repeat the pattern), a run with three attempts whose last is
// a re-run with debug logging (ThreeAttemptRunID), a change that breaks a
// test on every OS (FailedRunID), a run cancelled by a newer push
// (CancelledRunID), a run in progress with running and queued jobs
// (InProgressRunID), a run whose logs expired (ExpiredRunID: 410), a Go test
// failure (APIServerFailedRunID) and a self-hosted job still queued
// (QueuedSelfHostedJobID).
//
// Each attempt of a run lists its own jobs with their own ids (a "Re-run
// all jobs"), so filter=all returns every attempt's jobs and filter=latest
// the last attempt's. Skipped jobs have no steps, no labels and no runner;
// queued jobs report started_at equal to created_at, as GitHub does; steps
// not started yet have null times. Post steps are numbered from twice the
// number of main steps (1-5 then 10, 11), as GitHub numbers them.
//
// Logs are generated on demand from the job (Dataset.Log), the same bytes
// every time, shaped like real runner logs: the "Requested labels" preamble,
// "Set up job" with its ##[group] sections, "##[group]Run ..." headers with
// cyan-echoed scripts, [command] lines, pip's "[notice]" lines,
// ##[warning], ##[notice], ##[debug] and ##[error] lines, "Post job
// cleanup." and "Cleaning up orphan processes". Every line's timestamp (7
// fractional digits, UTC) falls within the second-precision window of the
// step that wrote it.
//
// # The performance data set
//
// NewPerfData builds a separate data set for the benchmark (bench/):
// PerfRepo with a 1,000-job run, 50 runs of about 20 jobs, a run of 40
// jobs with logs of a few KB to a few MB and, on request, jobs whose logs
// are hundreds of MB. Those are generated chunk by chunk as they are read
// (OpenLog) and served without ever being held whole.
//
// # What the actionsql binary links
//
// `actionsql --demo` links this package, but only what Default needs: the
// linker drops NewPerfData, ManyRuns and the huge-log generator (reached
// only through the generatedLog interface), and fault injection lives in
// the test-only package fakeghtest, behind Options.Intercept.
// TestTheBinaryLinksNoTestMachinery checks the built binary's symbols.
package fakegh

// Names of the bundled data set, for tests, the README and example queries.
const (
	DemoOwner     = "octo-org"
	DemoRepo      = "octo-org/webapp"
	APIServerRepo = "octo-org/api-server"
	MonorepoRepo  = "octo-org/big-monorepo"
	PrivateRepo   = "octo-org/secret-infra"
	// ArchivedRepo is archived; its runs are still listed.
	ArchivedRepo = "octo-org/legacy-billing"
	// NoActionsRepo has no workflows and no runs.
	NoActionsRepo = "octo-org/brand-assets"
	// StaleRepo's default branch has had no successful run since
	// September 18: every push to main since fails.
	StaleRepo = "octo-org/payments-gateway"
	// SSOOrg enforces SAML single sign-on: a member's token not in
	// Options.SSOAuthorizedTokens gets 403 there.
	SSOOrg = "sso-org"
	// StorefrontRepo holds the runs whose jobs report test results
	// (storefront.go): in their logs, as go test -v, pytest -v and
	// jest --verbose print them, and in JUnit XML artifacts.
	StorefrontRepo = "octo-org/storefront"
	// DemoUser is the user every token authenticates as, unless
	// Options.TokenLogins says otherwise.
	DemoUser = "mona"
)

// Notable run and job ids of the bundled data set. TestNotableIDs checks
// them against the generator.
const (
	// FlakyRunID: webapp CI on main, 2 attempts. In attempt 1
	// "test (macos-14, 3.12)" (FlakyJobID) fails with
	// "FAILED tests/test_api.py::test_upstream_timeout - TimeoutError: ...";
	// attempt 2 passes and deploys.
	FlakyRunID = 9398595218
	FlakyJobID = 17922132371
	// ThreeAttemptRunID: webapp CI on main; "test (windows-latest, 3.12)"
	// fails in attempts 1 and 2; attempt 3, re-run with debug logging
	// (##[debug] lines), passes.
	ThreeAttemptRunID = 9415518340
	// FailedRunID: webapp pull request #41; all six test jobs fail with
	// "AssertionError: assert 200 == 429"; build and deploy are skipped.
	FailedRunID = 9392540670
	// CancelledRunID: webapp pull request #45, cancelled 150 s in by a newer
	// push: running tests end "cancelled" with "##[error]The operation was
	// canceled.", build and deploy are cancelled before starting.
	CancelledRunID = 9409677591
	// InProgressRunID: the last webapp CI run, still going at BaseTime: a
	// test job in progress (InProgressJobID, steps in_progress and queued)
	// and the Windows tests queued (QueuedJobID); their logs answer 404.
	InProgressRunID = 9458380074
	InProgressJobID = 18106762061
	QueuedJobID     = 18106762062
	// ExpiredRunID: a webapp CI run from June 2026, past the 90-day log
	// retention: its jobs' logs answer 410 Gone.
	ExpiredRunID = 9134194790
	// NightlyRunID: webapp "Nightly"; its one job (LongLogJobID) logs
	// 20,006 lines (about 2.2 MB), for streaming tests.
	NightlyRunID = 9455852927
	LongLogJobID = 18098957616
	// BigRunID: big-monorepo "Monorepo CI" with BigRunJobCount jobs.
	BigRunID       = 9453863731
	BigRunJobCount = 230
	// APIServerFailedRunID: api-server pull request #112; job "test" fails
	// with "--- FAIL: TestRateLimiter_Burst".
	APIServerFailedRunID = 9422254810
	// APIServerQueuedRunID: the last api-server run, in progress: build and
	// test done, "integration" (QueuedSelfHostedJobID) waiting for a
	// self-hosted ARM64 runner.
	APIServerQueuedRunID  = 9458349087
	QueuedSelfHostedJobID = 18106671968
	// PrivateRunID: a run of the private secret-infra repository.
	PrivateRunID = 9454584337
)

// Runs, jobs and artifacts of StorefrontRepo that report test results
// (storefront.go, logsteps_results.go, junitfiles.go). Each run of its
// "Tests" workflow has five jobs: go, pytest and jest print their results
// in the log (go test -v, pytest -v, jest --verbose); java and dotnet
// upload JUnit XML as the artifacts "test-results-java-attempt-N" and
// "test-results-dotnet-attempt-N", N the run attempt.
const (
	// StorefrontMainRunID: every job passes, with skipped tests (go SKIP,
	// pytest SKIPPED and XFAIL, jest skipped and todo, JUnit <skipped>
	// with and without a message), parametrized pytest ids and Go
	// subtests two levels deep.
	StorefrontMainRunID = 9415712041
	StorefrontGoJobID   = 17974993147
	// StorefrontBrokenRunID: pull request #31 breaks a test in every job:
	// go "--- FAIL: TestPrice/jpy_no_decimals" (package FAIL), pytest
	// FAILED test_webhook_signature and ERROR (at setup)
	// TestSchedule::test_nightly_export, jest ✕ "formatPrice › formats yen
	// without decimals", JUnit <failure> and <error> (Java) and <failure>
	// (.NET). Its Java artifact holds a report cut off mid-file (not
	// well-formed XML); the .NET job also uploaded its .trx file with
	// archive: false (StorefrontNotZipArtifactID: not a zip).
	StorefrontBrokenRunID            = 9409631584
	StorefrontBrokenGoJobID          = 17956215265
	StorefrontBrokenPytestJobID      = 17956215266
	StorefrontBrokenJestJobID        = 17956215260
	StorefrontBrokenJavaArtifactID   = 4380000104
	StorefrontBrokenDotnetArtifactID = 4380000065
	StorefrontNotZipArtifactID       = 4380000090
	// StorefrontRerunRunID: attempt 1 fails one test per job (go
	// TestCheckout_PaymentTimeout, pytest test_sync_inventory, jest
	// "Checkout › shows the payment provider's error", Java
	// SkuParserTest.resolvesLegacySkusOverHttp as an <error>, .NET
	// MailingTests.Sends_Invoice_Email); attempt 2, re-run, passes them
	// all: flaky tests.
	StorefrontRerunRunID             = 9433848351
	StorefrontRerunGoJobID1          = 18031002353
	StorefrontRerunGoJobID2          = 18031055588
	StorefrontRerunPytestJobID1      = 18031002351
	StorefrontRerunPytestJobID2      = 18031055585
	StorefrontRerunJestJobID1        = 18031002354
	StorefrontRerunJestJobID2        = 18031055586
	StorefrontRerunJavaArtifactID1   = 4380000214
	StorefrontRerunJavaArtifactID2   = 4380000246
	StorefrontRerunDotnetArtifactID1 = 4380000202
	StorefrontRerunDotnetArtifactID2 = 4380000224
	// StorefrontExpiredRunID: August 12; its test artifacts (kept 30
	// days) have expired: their downloads answer 410.
	StorefrontExpiredRunID          = 9312759946
	StorefrontExpiredJavaArtifactID = 4380000063
	// StorefrontLargeRunID: "Catalog conformance", one job whose artifact
	// (StorefrontLargeArtifactID) holds one Surefire report of
	// LargeReportCases cases, about 26 MB, stored uncompressed; it is
	// generated as it is read.
	StorefrontLargeRunID      = 9438105000
	StorefrontLargeArtifactID = 4380000249
)
