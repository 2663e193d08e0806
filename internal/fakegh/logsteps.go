package fakegh

import (
	"fmt"
	"strings"
)

// runnerVersion is the Actions runner the data set's hosted jobs ran on.
const runnerVersion = "2.329.0"

// actionPins are the actions the data set's workflows use, with the commit
// the runner reports downloading.
var actionPins = map[stepKind]string{
	kindCheckout:       "actions/checkout@v4",
	kindSetupPython:    "actions/setup-python@v5",
	kindSetupGo:        "actions/setup-go@v5",
	kindSetupNode:      "actions/setup-node@v4",
	kindSetupTerraform: "hashicorp/setup-terraform@v3",
	kindCoverage:       "codecov/codecov-action@v5",
	kindUpload:         "actions/upload-artifact@v4",
	kindDownload:       "actions/download-artifact@v4",
	kindSetupJava:      "actions/setup-java@v4",
	kindSetupDotnet:    "actions/setup-dotnet@v4",
	kindUploadResults:  "actions/upload-artifact@v4",
}

// stepWriter writes the log lines of one step; failed is set on the step
// that made the job fail.
type stepWriter func(c *logCtx, w *logWriter, st Step, failed bool)

var stepWriters map[stepKind]stepWriter

func init() {
	// Assigned in init because some writers consult the table themselves.
	stepWriters = map[stepKind]stepWriter{
		kindGeneric:        writeGeneric,
		kindSetup:          writeSetup,
		kindComplete:       writeComplete,
		kindCheckout:       writeCheckout,
		kindPostCheckout:   writePostCheckout,
		kindPostCache:      writePostCache,
		kindPostGeneric:    writePostGeneric,
		kindSetupPython:    writeSetupPython,
		kindSetupGo:        writeSetupGo,
		kindSetupNode:      writeSetupNode,
		kindSetupTerraform: writeSetupTerraform,
		kindPipInstall:     writePipInstall,
		kindRuff:           writeRuff,
		kindRuffFormat:     writeRuffFormat,
		kindPytest:         writePytest,
		kindCoverage:       writeCoverage,
		kindBuildPy:        writeBuildPy,
		kindUpload:         writeUpload,
		kindDownload:       writeDownload,
		kindDeploy:         writeDeploy,
		kindServices:       writeServices,
		kindGoBuild:        writeGoBuild,
		kindGoTest:         writeGoTest,
		kindGoIntegration:  writeGoIntegration,
		kindDockerBuild:    writeDockerBuild,
		kindDockerPush:     writeDockerPush,
		kindNpmCI:          writeNpmCI,
		kindJest:           writeJest,
		kindTfInit:         writeTfInit,
		kindTfPlan:         writeTfPlan,
		kindTfApply:        writeTfApply,
		kindGoTestVerbose:  writeGoTestVerbose,
		kindPytestVerbose:  writePytestVerbose,
		kindJestVerbose:    writeJestVerbose,
		kindSetupJava:      writeSetupJava,
		kindMaven:          writeMaven,
		kindSetupDotnet:    writeSetupDotnet,
		kindDotnetTest:     writeDotnetTest,
		kindUploadResults:  writeUploadResults,
	}
}

// writeStep writes one step, adding the runner's debug trace on re-runs
// with debug logging and the cancellation error on a cancelled step.
func (c *logCtx) writeStep(w *logWriter, st Step) {
	kind := st.kind
	if kind == kindInfer {
		kind = inferKind(st.Name)
	}
	debug := c.ref.attempt.DebugLogging && kind != kindSetup && kind != kindComplete
	if debug {
		// A post step runs whatever came before: its condition is always().
		cond := "success"
		if strings.HasPrefix(st.Name, "Post ") {
			cond = "always"
		}
		w.head("##[debug]Evaluating condition for step: '"+st.Name+"'",
			"##[debug]Evaluating: "+cond+"()", "##[debug]Evaluating "+cond+":",
			"##[debug]=> true", "##[debug]Result: true", "##[debug]Starting: "+st.Name)
	}
	body := &logWriter{}
	stepWriters[kind](c, body, st, *st.Conclusion == "failure")
	if *st.Conclusion == "cancelled" {
		body.lines = body.lines[:max(1, len(body.lines)*2/5)]
		body.out("##[error]The operation was canceled.")
	}
	w.lines = append(w.lines, body.lines...)
	if debug {
		w.out("##[debug]Finishing: " + st.Name)
	}
}

// inferKind guesses a step's log from its name, for data sets built by hand.
func inferKind(name string) stepKind {
	switch {
	case name == "Set up job":
		return kindSetup
	case name == "Complete job":
		return kindComplete
	case strings.HasPrefix(name, "Post Run actions/checkout"):
		return kindPostCheckout
	case strings.HasPrefix(name, "Post "):
		return kindPostGeneric
	case strings.HasPrefix(name, "Run actions/checkout"):
		return kindCheckout
	}
	return kindGeneric
}

// preamble is what the log holds before the first step: written while the
// job waited for a runner.
func (c *logCtx) preamble() []logLine {
	w := &logWriter{}
	job := c.ref.job
	w.out("Requested labels: " + strings.Join(job.Labels, ", "))
	w.head("Job defined at: "+c.fullName()+"/"+c.workflowPath()+"@"+c.gitRef(),
		"Waiting for a runner to pick up this job...")
	runner := "unknown"
	if job.RunnerName != nil {
		runner = *job.RunnerName
	}
	if c.selfHosted() {
		w.out("Job is about to start running on the runner: " + runner + " (organization)")
		return w.lines
	}
	if c.rng.IntN(2) == 0 {
		w.out("Job is waiting for a hosted runner to come online.")
	}
	w.out("Job is about to start running on the hosted runner: " + runner + " (hosted)")
	return w.lines
}

func writeSetup(c *logCtx, w *logWriter, _ Step, _ bool) {
	w.head("Current runner version: '" + runnerVersion + "'")
	if c.selfHosted() {
		c.selfHostedRunnerInfo(w)
	} else {
		c.hostedImageInfo(w)
	}
	w.head("##[group]GITHUB_TOKEN Permissions", "Contents: read", "Metadata: read")
	if strings.HasPrefix(c.ref.job.Name, "deploy") || strings.HasPrefix(c.ref.job.Name, "apply") {
		w.head("Deployments: write", "IdToken: write")
	}
	w.head("##[endgroup]")
	source := "Actions"
	if c.ref.run.Actor.Bot {
		source = "Dependabot"
	}
	w.head("Secret source: "+source, "Prepare workflow directory")
	w.out("Prepare all required actions", "Getting action download info")
	for _, action := range c.actionsUsed() {
		w.out(fmt.Sprintf("Download action repository '%s' (SHA:%s)", action, fakeHex(40, action)))
	}
	if c.ref.attempt.DebugLogging {
		w.out("##[debug]Primary repository: "+c.fullName(), "##[debug]Runner is running in debug mode")
	}
	w.out("Complete job name: " + c.ref.job.Name)
}

// actionsUsed lists the distinct actions of the job's steps, in order.
func (c *logCtx) actionsUsed() []string {
	var out []string
	seen := map[string]bool{}
	for _, st := range c.ref.job.Steps {
		if a, ok := actionPins[st.kind]; ok && !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}

func (c *logCtx) selfHostedRunnerInfo(w *logWriter) {
	job := c.ref.job
	w.head("Runner name: '"+deref(job.RunnerName)+"'",
		"Runner group name: '"+deref(job.RunnerGroupName)+"'",
		fmt.Sprintf("Machine name: 'ip-10-0-%d-%d'", 1+c.rng.IntN(8), 10+c.rng.IntN(240)))
}

func (c *logCtx) hostedImageInfo(w *logWriter) {
	w.head("##[group]Runner Image Provisioner", "Hosted Compute Agent", "Version: 20250912.392",
		"Commit: "+fakeHex(40, "hosted-compute-agent"), "Build Date: 2025-09-12T15:23:14Z",
		"Worker ID: {"+fakeUUID("worker", c.ref.job.ID)+"}",
		"Azure Region: "+pick(c.rng, "eastus", "eastus2", "westus", "westus3", "centralus"), "##[endgroup]")
	switch c.os {
	case osMacOS:
		w.head("##[group]Operating System", "macOS", "14.7.6", "23H626", "##[endgroup]",
			"##[group]Runner Image", "Image: macos-14-arm64", "Version: 20250929.1791",
			"Included Software: https://github.com/actions/runner-images/blob/macos-14-arm64/20250929.1791/images/macos/macos-14-arm64-Readme.md",
			"Image Release: https://github.com/actions/runner-images/releases/tag/macos-14-arm64%2F20250929.1791", "##[endgroup]")
	case osWindows:
		w.head("##[group]Operating System", "Microsoft Windows Server 2022", "10.0.20348", "Datacenter", "##[endgroup]",
			"##[group]Runner Image", "Image: windows-2022", "Version: 20250929.1.0",
			"Included Software: https://github.com/actions/runner-images/blob/win22/20250929.1/images/windows/Windows2022-Readme.md",
			"Image Release: https://github.com/actions/runner-images/releases/tag/win22%2F20250929.1", "##[endgroup]")
	default:
		w.head("##[group]Operating System", "Ubuntu", "24.04.3", "LTS", "##[endgroup]",
			"##[group]Runner Image", "Image: ubuntu-24.04", "Version: 20250929.60.1",
			"Included Software: https://github.com/actions/runner-images/blob/ubuntu24/20250929.60/images/ubuntu/Ubuntu2404-Readme.md",
			"Image Release: https://github.com/actions/runner-images/releases/tag/ubuntu24%2F20250929.60", "##[endgroup]")
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func writeComplete(c *logCtx, w *logWriter, _ Step, _ bool) {
	if c.rng.IntN(4) == 0 {
		w.head("Evaluate and set job outputs")
	}
	w.out("Cleaning up orphan processes")
}

// scriptedStep is the script and output of a named `run:` step.
type scriptedStep struct {
	script []string
	output []string
}

// scriptedSteps are the monorepo's plain `run:` steps, by step name.
var scriptedSteps = map[string]scriptedStep{
	"Detect changed packages": {
		script: []string{`node scripts/changed-packages.mjs --base origin/main >> "$GITHUB_OUTPUT"`},
		output: []string{"Comparing HEAD with origin/main", "tsconfig.base.json changed: every workspace is affected",
			"227 of 227 workspaces changed"},
	},
	"Lint": {script: []string{"npx eslint . --max-warnings=0"}},
	"Build": {
		script: []string{"npx tsc -b", "npm run build --workspaces --if-present"},
		output: []string{"", "> build", "> tsup src/index.ts --format esm,cjs --dts", "",
			"CLI Building entry: src/index.ts", "CLI Target: es2022", "ESM Build success in 412ms", "CJS Build success in 431ms",
			"DTS Build success in 2210ms"},
	},
	"Build docs": {
		script: []string{"npm run docs:build"},
		output: []string{"", "> docs:build", "> vitepress build docs", "", "  vitepress v1.6.4", "",
			"- building client + server bundles...", "✓ building client + server bundles...",
			"- rendering pages...", "✓ rendering pages...", "build complete in 14.21s."},
	},
}

// writeGeneric writes a `run:` step: a known script's output, or for a
// step the data set does not know, its name run as a command.
func writeGeneric(c *logCtx, w *logWriter, st Step, failed bool) {
	known, ok := scriptedSteps[st.Name]
	if !ok {
		known = scriptedStep{script: []string{strings.TrimPrefix(st.Name, "Run ")}, output: []string{"Done."}}
	}
	c.runHeader(w, known.script, nil)
	w.out(known.output...)
	if failed {
		w.out("##[error]Process completed with exit code 1.")
	}
}

func (c *logCtx) checkoutInputs() [][2]string {
	return [][2]string{
		{"repository", c.fullName()}, {"token", "***"}, {"ssh-strict", "true"}, {"ssh-user", "git"},
		{"persist-credentials", "true"}, {"clean", "true"}, {"sparse-checkout-cone-mode", "true"},
		{"fetch-depth", "1"}, {"fetch-tags", "false"}, {"show-progress", "true"}, {"lfs", "false"},
		{"submodules", "false"}, {"set-safe-directory", "true"},
	}
}

func (c *logCtx) gitVersion() string {
	if c.os == osWindows {
		return "git version 2.51.0.windows.1"
	}
	return "git version 2.51.0"
}

func writeCheckout(c *logCtx, w *logWriter, _ Step, _ bool) {
	git, dir := c.git(), c.workDir()
	c.usesHeader(w, actionPins[kindCheckout], c.checkoutInputs())
	w.out("Syncing repository: " + c.fullName())
	w.head("##[group]Getting Git version info", "Working directory is '"+dir+"'",
		"[command]"+git+" version", c.gitVersion(), "##[endgroup]")
	c.gitSafeDirectory(w)
	w.head("Deleting the contents of '"+dir+"'", "##[group]Initializing the repository",
		"[command]"+git+" init "+dir)
	w.out("Initialized empty Git repository in " + dir + "/.git/")
	w.head("[command]"+git+" remote add origin https://github.com/"+c.fullName(), "##[endgroup]",
		"##[group]Disabling automatic garbage collection", "[command]"+git+" config --local gc.auto 0",
		"##[endgroup]", "##[group]Setting up auth")
	c.gitAuthCleanup(w)
	w.head("[command]"+git+" config --local http.https://github.com/.extraheader AUTHORIZATION: basic ***",
		"##[endgroup]")
	c.gitFetch(w)
	w.head("[command]"+git+" log -1 --format=%H", c.sha())
}

func (c *logCtx) gitSafeDirectory(w *logWriter) {
	w.head("Temporarily overriding HOME='"+c.tempDir()+"/"+fakeUUID("home", c.ref.job.ID, c.rng.Int())+
		"' before making global git config changes",
		"Adding repository directory to the temporary git global config as a safe directory",
		"[command]"+c.git()+" config --global --add safe.directory "+c.workDir())
}

func (c *logCtx) gitAuthCleanup(w *logWriter) {
	git := c.git()
	w.head(`[command]`+git+` config --local --name-only --get-regexp core\.sshCommand`,
		`[command]`+git+` submodule foreach --recursive sh -c "git config --local --name-only --get-regexp 'core\.sshCommand' && git config --local --unset-all 'core.sshCommand' || :"`,
		`[command]`+git+` config --local --name-only --get-regexp http\.https\:\/\/github\.com\/\.extraheader`)
}

func (c *logCtx) gitFetch(w *logWriter) {
	git, branch := c.git(), c.ref.run.HeadBranch
	objects := 300 + c.rng.IntN(900)
	w.head("##[group]Fetching the repository",
		fmt.Sprintf("[command]%s -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +%s:refs/remotes/origin/%s", git, c.sha(), branch))
	w.outf("remote: Enumerating objects: %d, done.        ", objects)
	w.outf("remote: Counting objects: 100%% (%d/%d), done.        ", objects, objects)
	w.outf("remote: Compressing objects: 100%% (%d/%d), done.        ", objects*3/4, objects*3/4)
	w.outf("remote: Total %d (delta %d), reused %d (delta %d), pack-reused 0 (from 0)        ",
		objects, objects/7, objects/2, objects/11)
	w.head("From https://github.com/"+c.fullName(),
		fmt.Sprintf(" * [new ref]         %s -> origin/%s", c.sha(), branch), "##[endgroup]",
		"##[group]Determining the checkout info", "##[endgroup]",
		"[command]"+git+" sparse-checkout disable",
		"[command]"+git+" config --local --unset-all extensions.worktreeConfig",
		"##[group]Checking out the ref",
		fmt.Sprintf("[command]%s checkout --progress --force -B %s refs/remotes/origin/%s", git, branch, branch),
		"Switched to a new branch '"+branch+"'",
		"branch '"+branch+"' set up to track 'origin/"+branch+"'.", "##[endgroup]")
}

func writePostCheckout(c *logCtx, w *logWriter, _ Step, _ bool) {
	git := c.git()
	w.out("Post job cleanup.")
	w.head("[command]"+git+" version", c.gitVersion())
	c.gitSafeDirectory(w)
	c.gitAuthCleanup(w)
	w.head("http.https://github.com/.extraheader",
		"[command]"+git+" config --local --unset-all http.https://github.com/.extraheader",
		`[command]`+git+` submodule foreach --recursive sh -c "git config --local --name-only --get-regexp 'http\.https\:\/\/github\.com\/\.extraheader' && git config --local --unset-all 'http.https://github.com/.extraheader' || :"`)
}

func writePostGeneric(_ *logCtx, w *logWriter, _ Step, _ bool) {
	w.out("Post job cleanup.")
}

// cacheKey is the dependency-cache key a setup-* action computes.
func (c *logCtx) cacheKey(tool string) string {
	hash := fakeHex(64, c.fullName(), tool, c.plan.python, c.os)
	switch tool {
	case "go":
		return "setup-go-" + c.platformTriple() + "-ubuntu24-go-" + goVersion + "-" + hash
	case "node":
		return "node-cache-" + c.platformTriple() + "-npm-" + hash
	}
	return "setup-python-" + c.platformTriple() + "-python-" + pythonPatch(c.plan.python) + "-pip-" + hash
}

// writePostCache saves the dependency cache, or warns that a sibling
// matrix job is saving the same key (a common real warning).
func writePostCache(c *logCtx, w *logWriter, st Step, _ bool) {
	w.out("Post job cleanup.")
	tool := "python"
	if strings.Contains(st.Name, "Go") {
		tool = "go"
	} else if strings.Contains(st.Name, "Node") {
		tool = "node"
	}
	key := c.cacheKey(tool)
	switch c.rng.IntN(5) {
	case 0:
		w.out("##[warning]Failed to save: Unable to reserve cache with key " + key + ", another job may be creating this cache.")
	case 1:
		size := 20_000_000 + c.rng.IntN(40_000_000)
		w.head("[command]/usr/bin/tar --posix -cf cache.tzst --exclude cache.tzst -P -C " + c.workDir() + " --files-from manifest.txt --use-compress-program zstdmt")
		w.outf("Cache Size: ~%d MB (%d B)", size/1_048_576, size)
		w.out("Cache saved successfully", "Cache saved with the key: "+key)
	default:
		w.out("Cache hit occurred on the primary key " + key + ", not saving cache.")
	}
}

// restoreCache prints a setup-* action restoring its dependency cache.
func (c *logCtx) restoreCache(w *logWriter, tool string) {
	key := c.cacheKey(tool)
	size := 20_000_000 + c.rng.IntN(40_000_000)
	w.out("Cache hit for: " + key)
	w.outf("Received %d of %d (%.1f%%), %.1f MBs/sec", size/3, size, 33.3, 8+c.rng.Float64()*30)
	w.outf("Received %d of %d (100.0%%), %.1f MBs/sec", size, size, 20+c.rng.Float64()*40)
	w.outf("Cache Size: ~%d MB (%d B)", size/1_048_576, size)
	w.head("[command]/usr/bin/tar -xf " + c.tempDir() + "/" + fakeUUID("cache", c.ref.job.ID, tool) + "/cache.tzst -P -C " + c.workDir() + " --use-compress-program unzstd")
	w.out("Cache restored successfully", "Cache restored from key: "+key)
}
