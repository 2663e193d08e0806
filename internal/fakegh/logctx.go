package fakegh

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// stepKind selects what a step's log shows.
type stepKind int

const (
	kindInfer stepKind = iota // derive from the step name (hand-built data sets)
	kindGeneric
	kindSetup
	kindComplete
	kindCheckout
	kindPostCheckout
	kindPostCache // post step of a setup-* action with a dependency cache
	kindPostGeneric
	kindSetupPython
	kindSetupGo
	kindSetupNode
	kindSetupTerraform
	kindPipInstall
	kindRuff
	kindRuffFormat
	kindPytest
	kindCoverage
	kindBuildPy
	kindUpload
	kindDownload
	kindDeploy
	kindServices
	kindGoBuild
	kindGoTest
	kindGoIntegration
	kindDockerBuild
	kindDockerPush
	kindNpmCI
	kindJest
	kindTfInit
	kindTfPlan
	kindTfApply
	// The storefront's test steps (storefront.go).
	kindGoTestVerbose
	kindPytestVerbose
	kindJestVerbose
	kindSetupJava
	kindMaven
	kindSetupDotnet
	kindDotnetTest
	kindUploadResults // uploads test reports; runs if: always()
)

// failKind is the story a failing step tells.
type failKind int

const (
	failNone failKind = iota
	failFlakyTimeout
	failAssertion
	failGoTest
	failJest
)

// jobPlan carries what a job's log needs beyond the API fields.
type jobPlan struct {
	python  string // "3.12" for Python jobs
	pkg     string // monorepo workspace, e.g. "packages/billing"
	failure failKind
	tests   int  // size of the test suite, for the long integration log
	verbose bool // pytest -v: one line per test
	// results is how a storefront test job's tests come out; large marks
	// the conformance job whose report is tens of MB.
	results storefrontResults
	large   bool
}

// logCtx is everything the step writers consult for one job.
type logCtx struct {
	rng  *rand.Rand
	ref  *jobRef
	plan jobPlan
	os   osKind
}

func newLogCtx(ref *jobRef) *logCtx {
	c := &logCtx{
		// Seeding with the job id makes every download of a log identical.
		rng: rand.New(rand.NewPCG(uint64(ref.job.ID), 0x6c6f6773)),
		ref: ref,
		os:  osFromLabels(ref.job.Labels),
	}
	if ref.job.plan != nil {
		c.plan = *ref.job.plan
	}
	return c
}

func osFromLabels(labels []string) osKind {
	for _, l := range labels {
		switch {
		case strings.HasPrefix(l, "macos"):
			return osMacOS
		case strings.HasPrefix(l, "windows"):
			return osWindows
		}
	}
	return osLinux
}

func (c *logCtx) repoName() string { return c.ref.repo.Name }

func (c *logCtx) fullName() string { return c.ref.repo.FullName() }

func (c *logCtx) selfHosted() bool { return slices.Contains(c.ref.job.Labels, "self-hosted") }

func (c *logCtx) sha() string { return c.ref.run.HeadSHA }

func (c *logCtx) shortSHA() string { return c.ref.run.HeadSHA[:7] }

// gitRef is the ref the run checked out: pull requests build their merge
// ref.
func (c *logCtx) gitRef() string {
	if c.ref.run.PullRequest > 0 {
		return fmt.Sprintf("refs/pull/%d/merge", c.ref.run.PullRequest)
	}
	return "refs/heads/" + c.ref.run.HeadBranch
}

func (c *logCtx) workflowPath() string {
	if c.ref.run.Workflow == nil {
		return ".github/workflows/ci.yml"
	}
	return c.ref.run.Workflow.Path
}

// workDir is GITHUB_WORKSPACE on the job's runner.
func (c *logCtx) workDir() string {
	r := c.repoName()
	switch {
	case c.os == osWindows:
		return `D:\a\` + r + `\` + r
	case c.os == osMacOS:
		return "/Users/runner/work/" + r + "/" + r
	case c.selfHosted():
		return "/home/ubuntu/actions-runner/_work/" + r + "/" + r
	}
	return "/home/runner/work/" + r + "/" + r
}

// tempDir is RUNNER_TEMP.
func (c *logCtx) tempDir() string {
	switch {
	case c.os == osWindows:
		return `D:\a\_temp`
	case c.os == osMacOS:
		return "/Users/runner/work/_temp"
	case c.selfHosted():
		return "/home/ubuntu/actions-runner/_work/_temp"
	}
	return "/home/runner/work/_temp"
}

func (c *logCtx) toolCache() string {
	switch {
	case c.os == osWindows:
		return `C:\hostedtoolcache\windows`
	case c.os == osMacOS:
		return "/Users/runner/hostedtoolcache"
	case c.selfHosted():
		return "/home/ubuntu/actions-runner/_work/_tool"
	}
	return "/opt/hostedtoolcache"
}

func (c *logCtx) git() string {
	switch c.os {
	case osWindows:
		return `"C:\Program Files\Git\bin\git.exe"`
	case osMacOS:
		return "/opt/homebrew/bin/git"
	}
	return "/usr/bin/git"
}

func (c *logCtx) shellLine() string {
	switch c.os {
	case osWindows:
		return `shell: C:\Program Files\PowerShell\7\pwsh.EXE -command ". '{0}'"`
	case osMacOS:
		return "shell: /bin/bash -e {0}"
	}
	return "shell: /usr/bin/bash -e {0}"
}

func (c *logCtx) platformTriple() string {
	switch c.os {
	case osWindows:
		return "Windows-x64"
	case osMacOS:
		return "macOS-arm64"
	}
	return "Linux-x64"
}

// runHeader opens a `run:` step: the script echoed in cyan, as the runner
// prints it, then the shell and environment.
func (c *logCtx) runHeader(w *logWriter, script []string, env [][2]string) {
	w.head("##[group]Run " + script[0])
	for _, line := range script {
		w.head("\x1b[36;1m" + line + "\x1b[0m")
	}
	w.head(c.shellLine())
	if len(env) > 0 {
		w.head("env:")
		for _, kv := range env {
			w.head("  " + kv[0] + ": " + kv[1])
		}
	}
	w.head("##[endgroup]")
}

// usesHeader opens a `uses:` step with its inputs.
func (c *logCtx) usesHeader(w *logWriter, action string, with [][2]string) {
	w.head("##[group]Run " + action)
	if len(with) > 0 {
		w.head("with:")
		for _, kv := range with {
			w.head("  " + kv[0] + ": " + kv[1])
		}
	}
	w.head("##[endgroup]")
}

// pick returns one of the choices at random.
func pick[T any](rng *rand.Rand, choices ...T) T { return choices[rng.IntN(len(choices))] }
