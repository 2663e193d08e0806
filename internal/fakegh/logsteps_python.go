package fakegh

import (
	"fmt"
	"strings"
	"time"
)

// The webapp repository is a Python web service: its logs show pip, ruff,
// pytest with coverage, and python -m build.

// pythonPatch is the interpreter the runner images ship for each minor.
func pythonPatch(minor string) string {
	switch minor {
	case "3.11":
		return "3.11.13"
	case "3.13":
		return "3.13.7"
	}
	return "3.12.11"
}

// pythonEnv is the environment setup-python exports, echoed by later steps.
func (c *logCtx) pythonEnv() [][2]string {
	if c.plan.python == "" {
		return nil
	}
	patch := pythonPatch(c.plan.python)
	if c.os == osWindows {
		loc := c.toolCache() + `\Python\` + patch + `\x64`
		return [][2]string{{"pythonLocation", loc}, {"PKG_CONFIG_PATH", loc + `/lib/pkgconfig`},
			{"Python_ROOT_DIR", loc}, {"Python2_ROOT_DIR", loc}, {"Python3_ROOT_DIR", loc}}
	}
	arch := "x64"
	if c.os == osMacOS {
		arch = "arm64"
	}
	loc := c.toolCache() + "/Python/" + patch + "/" + arch
	env := [][2]string{{"pythonLocation", loc}, {"PKG_CONFIG_PATH", loc + "/lib/pkgconfig"},
		{"Python_ROOT_DIR", loc}, {"Python2_ROOT_DIR", loc}, {"Python3_ROOT_DIR", loc}}
	if c.os == osLinux {
		env = append(env, [2]string{"LD_LIBRARY_PATH", loc + "/lib"})
	}
	return env
}

func writeSetupPython(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.usesHeader(w, actionPins[kindSetupPython], [][2]string{
		{"python-version", c.plan.python}, {"cache", "pip"}, {"check-latest", "false"}, {"token", "***"},
		{"update-environment", "true"}, {"allow-prereleases", "false"}, {"freethreaded", "false"},
	})
	w.out("##[group]Installed versions")
	w.head("Successfully set up CPython ("+pythonPatch(c.plan.python)+")", "##[endgroup]")
	pip := c.pythonEnv()[0][1] + "/bin/pip"
	cacheDir := "/home/runner/.cache/pip"
	switch c.os {
	case osWindows:
		pip, cacheDir = `C:\hostedtoolcache\windows\Python\`+pythonPatch(c.plan.python)+`\x64\Scripts\pip.exe`, `C:\Users\runneradmin\AppData\Local\pip\cache`
	case osMacOS:
		cacheDir = "/Users/runner/Library/Caches/pip"
	}
	w.out("[command]"+pip+" cache dir", cacheDir)
	c.restoreCache(w, "python")
}

// webappRequirements are the dev dependencies pip installs.
var webappRequirements = []string{
	"fastapi==0.118.0", "uvicorn==0.37.0", "sqlalchemy==2.0.43", "pydantic==2.11.9", "httpx==0.28.1",
	"alembic==1.16.5", "pytest==8.4.2", "pytest-cov==7.0.0", "pytest-asyncio==1.2.0", "ruff==0.13.2",
}

func writePipInstall(c *logCtx, w *logWriter, _ Step, _ bool) {
	reqs := webappRequirements
	script := "pip install -r requirements-dev.txt"
	if strings.Contains(c.ref.job.Name, "lint") {
		reqs, script = []string{"ruff==0.13.2"}, "pip install ruff==0.13.2"
	}
	c.runHeader(w, []string{script}, c.pythonEnv())
	var installed []string
	for _, r := range reqs {
		name, version, _ := strings.Cut(r, "==")
		wheel := strings.ReplaceAll(name, "-", "_") + "-" + version + "-py3-none-any.whl"
		w.outf("Collecting %s (from -r requirements-dev.txt (line %d))", r, len(installed)+1)
		w.head(fmt.Sprintf("  Using cached %s.metadata (%d kB)", wheel, 3+c.rng.IntN(60)))
		installed = append(installed, name+"-"+version)
	}
	w.out("Installing collected packages: " + strings.Join(reverse(installed), ", "))
	w.out("Successfully installed " + strings.Join(installed, " "))
	w.out("")
	w.head("[notice] A new release of pip is available: 25.0.1 -> 25.2",
		"[notice] To update, run: pip install --upgrade pip")
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func writeRuff(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"ruff check --output-format=github ."}, c.pythonEnv())
	w.out("All checks passed!")
}

func writeRuffFormat(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"ruff format --check ."}, c.pythonEnv())
	w.outf("%d files already formatted", 80+c.rng.IntN(6))
}

// testFile is one module of the webapp test suite.
type testFile struct {
	path  string
	tests int
}

var webappTests = []testFile{
	{"tests/test_api.py", 86}, {"tests/test_auth.py", 54}, {"tests/test_billing.py", 61},
	{"tests/test_models.py", 92}, {"tests/test_sessions.py", 38}, {"tests/test_views.py", 71},
	{"tests/test_utils.py", 16},
}

// failingTest is the test that breaks the job, by failure kind.
func (c *logCtx) failingTest() (file, test, errType, message string) {
	if c.plan.failure == failAssertion {
		return "tests/test_auth.py", "test_login_rate_limit", "AssertionError", "assert 200 == 429"
	}
	return "tests/test_api.py", "test_upstream_timeout", "TimeoutError",
		"GET http://127.0.0.1:8081/upstream/health timed out after 5.0s"
}

// banner centres text in a line of '=' the way pytest does.
func banner(text string) string {
	text = " " + text + " "
	left := (80 - len(text)) / 2
	right := 80 - len(text) - left
	return strings.Repeat("=", max(left, 1)) + text + strings.Repeat("=", max(right, 1))
}

func (c *logCtx) pytestPlatform() string {
	switch c.os {
	case osWindows:
		return "win32"
	case osMacOS:
		return "darwin"
	}
	return "linux"
}

func writePytest(c *logCtx, w *logWriter, st Step, failed bool) {
	if c.plan.verbose {
		writeLongSuite(c, w, st, failed)
		return
	}
	c.runHeader(w, []string{"pytest --cov=webapp --cov-report=xml --durations=5"}, c.pythonEnv())
	c.pytestSessionStart(w, 418)
	failFile, failTest, errType, msg := c.failingTest()
	total := 0
	for _, f := range webappTests {
		dots := []byte(strings.Repeat(".", f.tests))
		if f.path == "tests/test_models.py" {
			dots[17], dots[18] = 's', 's'
		}
		if failed && f.path == failFile {
			dots[f.tests/2] = 'F'
		}
		path := f.path
		if c.os == osWindows {
			path = strings.ReplaceAll(path, "/", `\`)
		}
		total = progressLines(w, path+" ", string(dots), total, 418)
	}
	w.out("")
	if failed {
		c.pytestFailure(w, failFile, failTest, errType, msg)
	}
	c.coverageReport(w)
	elapsed := stepSeconds(st) - 2.4
	w.out(banner("slowest 5 durations"))
	for i, name := range []string{"test_billing.py::test_invoice_pdf", "test_api.py::test_bulk_import",
		"test_sessions.py::test_expiry_sweep", "test_views.py::test_dashboard_render", "test_models.py::test_migrations_roundtrip"} {
		w.outf("%.2fs call     tests/%s", elapsed*float64(12-2*i)/100, name)
	}
	summary := fmt.Sprintf("416 passed, 2 skipped in %s", pytestElapsed(elapsed))
	if failed {
		summary = fmt.Sprintf("1 failed, 415 passed, 2 skipped in %s", pytestElapsed(elapsed))
		w.out(banner("short test summary info"))
		w.outf("FAILED %s::%s - %s: %s", failFile, failTest, errType, msg)
	}
	w.out(banner(summary))
	if failed {
		w.out("##[error]Process completed with exit code 1.")
	}
}

// progressLines prints a test module's result characters the way pytest
// does on an 80-column terminal: wrapped, each line ending with the suite
// progress so far. It returns the number of tests done after the module.
func progressLines(w *logWriter, prefix, results string, done, total int) int {
	const width = 73 // 80 columns minus " [100%]"
	line := prefix
	for len(results) > 0 {
		n := min(len(results), max(width-len(line), 1))
		line += results[:n]
		results, done = results[n:], done+n
		w.outf("%-73s [%3d%%]", line, done*100/total)
		line = ""
	}
	return done
}

// stepSeconds is the step's duration as the API reports it.
func stepSeconds(st Step) float64 {
	if st.StartedAt == nil || st.CompletedAt == nil {
		return 0
	}
	return st.CompletedAt.Sub(st.StartedAt.Time).Seconds()
}

func pytestElapsed(secs float64) string {
	secs = max(secs, 0.5)
	d := time.Duration(secs * float64(time.Second))
	return fmt.Sprintf("%.2fs (%d:%02d:%02d)", secs, int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
}

func (c *logCtx) pytestSessionStart(w *logWriter, collected int) {
	w.out(banner("test session starts"))
	w.head(fmt.Sprintf("platform %s -- Python %s, pytest-8.4.2, pluggy-1.6.0", c.pytestPlatform(), pythonPatch(c.plan.python)),
		"rootdir: "+c.workDir(), "configfile: pyproject.toml", "plugins: cov-7.0.0, asyncio-1.2.0, anyio-4.11.0")
	w.outf("collected %d items", collected)
	w.out("")
}

func (c *logCtx) pytestFailure(w *logWriter, file, test, errType, msg string) {
	w.out(banner("FAILURES"))
	w.head(strings.Repeat("_", 30)+" "+test+" "+strings.Repeat("_", max(1, 48-len(test))), "")
	if errType == "AssertionError" {
		w.head("client = <webapp.testing.Client object at 0x7f3a2c1d9e50>", "",
			"    def "+test+"(client):",
			"        for _ in range(10):",
			`            client.post("/login", json={"user": "mona", "password": "wrong"})`,
			`        resp = client.post("/login", json={"user": "mona", "password": "wrong"})`,
			">       assert resp.status_code == 429",
			"E       "+msg,
			"E        +  where 200 = <Response [200 OK]>.status_code", "",
			file+":41: AssertionError")
		return
	}
	w.head("client = <webapp.testing.Client object at 0x7f3a2c1d9e50>", "",
		"    def "+test+"(client):",
		`>       resp = client.get("/api/orders/sync", timeout=5.0)`, "",
		file+":88: ", strings.Repeat("_ ", 40),
		"src/webapp/testing.py:41: in get",
		`    return self._send("GET", path, timeout=timeout)`,
		"src/webapp/upstream.py:112: in fetch_health",
		"    raise TimeoutError(f\"GET {url} timed out after {timeout}s\")",
		"E   "+errType+": "+msg, "",
		"src/webapp/upstream.py:112: "+errType)
}

func (c *logCtx) coverageReport(w *logWriter) {
	w.out(fmt.Sprintf("%s coverage: platform %s, python %s-final-0 %s",
		strings.Repeat("_", 15), c.pytestPlatform(), pythonPatch(c.plan.python), strings.Repeat("_", 15)), "")
	w.head("Coverage XML written to file coverage.xml", "")
}

// writeLongSuite is the nightly integration suite run with pytest -v: one
// line per test, tens of thousands of lines, for streaming tests.
func writeLongSuite(c *logCtx, w *logWriter, st Step, failed bool) {
	c.runHeader(w, []string{"pytest -v tests/integration"}, c.pythonEnv())
	n := c.plan.tests
	c.pytestSessionStart(w, n)
	modules := []string{"orders", "payments", "inventory", "shipping", "accounts", "search", "reports", "webhooks"}
	for i := range n {
		mod := modules[i*len(modules)/n]
		outcome := "PASSED"
		if i%997 == 500 {
			outcome = "SKIPPED (needs S3 credentials)"
		}
		test := fmt.Sprintf("tests/integration/test_%s.py::test_%s_flow[case-%05d] %s", mod, mod, i, outcome)
		w.outf("%-73s [%3d%%]", test, (i+1)*100/n)
	}
	w.out("")
	skipped := (n + 496) / 997
	w.out(banner(fmt.Sprintf("%d passed, %d skipped in %s", n-skipped, skipped, pytestElapsed(stepSeconds(st)-3))))
	if failed {
		w.out("##[error]Process completed with exit code 1.")
	}
}

func writeCoverage(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.usesHeader(w, actionPins[kindCoverage], [][2]string{{"files", "coverage.xml"}, {"fail_ci_if_error", "false"}})
	w.out("==> linux OS detected", "https://cli.codecov.io/latest/linux/codecov.SHA256SUM",
		"==> SHASUM file signed by key id 806bb28aed779869", "==> Uploader SHASUM verified ("+fakeHex(64, "codecov")+"  codecov)",
		"==> Running version latest")
	stamp := c.ref.job.StartedAt.UTC().Format("2006-01-02 15:04:05")
	w.out("info - "+stamp+",112 -- ci service found: github-actions",
		"info - "+stamp+",301 -- Found 1 coverage files to report",
		"info - "+stamp+",302 -- > "+c.workDir()+"/coverage.xml",
		"info - "+stamp+",913 -- Process Upload complete")
	pct := 86.0 + float64(c.ref.run.ID%30)/10
	w.outf("##[notice]Coverage %.1f%% on %s (%s)", pct, c.ref.run.HeadBranch, c.shortSHA())
}

func writeBuildPy(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.runHeader(w, []string{"python -m build"}, c.pythonEnv())
	for _, target := range []string{"sdist", "wheel"} {
		w.out("* Creating isolated environment: venv+pip...")
		w.head("* Installing packages in isolated environment:", "  - hatchling >= 1.26")
		w.outf("* Getting build dependencies for %s...", target)
		w.outf("* Building %s...", target)
	}
	w.out("Successfully built webapp-1.8.0.tar.gz and webapp-1.8.0-py3-none-any.whl")
}
