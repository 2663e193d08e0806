package fakegh

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// snapshot serialises everything the API can show about a data set.
func snapshot(t *testing.T, d *Dataset) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, repo := range d.Repos {
		for _, run := range repo.Runs {
			for _, att := range run.Attempts {
				b, err := marshalJSON(runView(repo, run, att))
				if err != nil {
					t.Fatal(err)
				}
				buf.Write(b)
				for _, j := range att.Jobs {
					b, _ := json.Marshal(j)
					buf.Write(b)
				}
			}
		}
		b, _ := json.Marshal(repo.Workflows)
		buf.Write(b)
	}
	return buf.Bytes()
}

func TestDefaultIsDeterministic(t *testing.T) {
	if first, second := Default(), Default(); first != second {
		t.Fatal("Default should build once and share")
	}
	a, b := buildDefault(), buildDefault()
	if !bytes.Equal(snapshot(t, a), snapshot(t, b)) || !bytes.Equal(snapshot(t, a), snapshot(t, Default())) {
		t.Fatal("two builds of the data set differ")
	}
	for _, id := range []int64{FlakyJobID, LongLogJobID, BigRunID} {
		la, _ := a.Log(id)
		lb, _ := b.Log(id)
		lc, _ := Default().Log(id)
		if !bytes.Equal(la, lb) || !bytes.Equal(la, lc) {
			t.Errorf("log of job %d differs between builds or calls", id)
		}
	}
}

func TestNotableIDs(t *testing.T) {
	d := Default()
	runs := map[string]int64{
		"flaky": FlakyRunID, "three-attempts": ThreeAttemptRunID, "failed": FailedRunID, "cancelled": CancelledRunID,
		"in-progress": InProgressRunID, "expired": ExpiredRunID, "nightly": NightlyRunID, "big": BigRunID,
		"api-failed": APIServerFailedRunID, "api-queued": APIServerQueuedRunID, "private": PrivateRunID,
		"storefront-main": StorefrontMainRunID, "storefront-broken": StorefrontBrokenRunID,
		"storefront-rerun": StorefrontRerunRunID, "storefront-expired": StorefrontExpiredRunID,
		"storefront-large": StorefrontLargeRunID,
	}
	for tag, id := range runs {
		if d.notable[tag] != id {
			t.Errorf("run %q is %d, the constant says %d", tag, d.notable[tag], id)
		}
	}
	job := func(id int64) *Job {
		j, ok := d.Job(id)
		if !ok {
			t.Fatalf("job %d not in the data set", id)
		}
		return j
	}
	checks := []struct {
		id                       int64
		run                      int64
		attempt                  int
		name, status, conclusion string
	}{
		{FlakyJobID, FlakyRunID, 1, "test (macos-14, 3.12)", "completed", "failure"},
		{InProgressJobID, InProgressRunID, 1, "test (macos-14, 3.13)", "in_progress", ""},
		{QueuedJobID, InProgressRunID, 1, "test (windows-latest, 3.12)", "queued", ""},
		{LongLogJobID, NightlyRunID, 1, "integration (full suite)", "completed", "success"},
		{QueuedSelfHostedJobID, APIServerQueuedRunID, 1, "integration", "queued", ""},
		{StorefrontGoJobID, StorefrontMainRunID, 1, "go", "completed", "success"},
		{StorefrontBrokenGoJobID, StorefrontBrokenRunID, 1, "go", "completed", "failure"},
		{StorefrontBrokenPytestJobID, StorefrontBrokenRunID, 1, "pytest", "completed", "failure"},
		{StorefrontBrokenJestJobID, StorefrontBrokenRunID, 1, "jest", "completed", "failure"},
		{StorefrontRerunGoJobID1, StorefrontRerunRunID, 1, "go", "completed", "failure"},
		{StorefrontRerunGoJobID2, StorefrontRerunRunID, 2, "go", "completed", "success"},
		{StorefrontRerunPytestJobID1, StorefrontRerunRunID, 1, "pytest", "completed", "failure"},
		{StorefrontRerunPytestJobID2, StorefrontRerunRunID, 2, "pytest", "completed", "success"},
		{StorefrontRerunJestJobID1, StorefrontRerunRunID, 1, "jest", "completed", "failure"},
		{StorefrontRerunJestJobID2, StorefrontRerunRunID, 2, "jest", "completed", "success"},
	}
	for _, c := range checks {
		j := job(c.id)
		if j.RunID != c.run || j.RunAttempt != c.attempt || j.Name != c.name || j.Status != c.status || deref(j.Conclusion) != c.conclusion {
			t.Errorf("job %d: run %d attempt %d %q %s %s", c.id, j.RunID, j.RunAttempt, j.Name, j.Status, deref(j.Conclusion))
		}
	}
	_, big := findRun(t, BigRunID)
	if n := len(big.Latest().Jobs); n != BigRunJobCount {
		t.Errorf("big run has %d jobs", n)
	}
	if r := d.Repo("octo-org", "secret-infra"); r == nil || !r.Private || r.Run(PrivateRunID) == nil {
		t.Error("PrivateRunID should be a run of the private repository")
	}
	artifacts := []struct {
		id      int64
		run     int64
		name    string
		expired bool
	}{
		{StorefrontBrokenJavaArtifactID, StorefrontBrokenRunID, "test-results-java-attempt-1", false},
		{StorefrontBrokenDotnetArtifactID, StorefrontBrokenRunID, "test-results-dotnet-attempt-1", false},
		{StorefrontNotZipArtifactID, StorefrontBrokenRunID, "Invoicing.Tests.trx", false},
		{StorefrontRerunJavaArtifactID1, StorefrontRerunRunID, "test-results-java-attempt-1", false},
		{StorefrontRerunJavaArtifactID2, StorefrontRerunRunID, "test-results-java-attempt-2", false},
		{StorefrontRerunDotnetArtifactID1, StorefrontRerunRunID, "test-results-dotnet-attempt-1", false},
		{StorefrontRerunDotnetArtifactID2, StorefrontRerunRunID, "test-results-dotnet-attempt-2", false},
		{StorefrontExpiredJavaArtifactID, StorefrontExpiredRunID, "test-results-java-attempt-1", true},
		{StorefrontLargeArtifactID, StorefrontLargeRunID, "test-results-conformance-attempt-1", false},
	}
	for _, c := range artifacts {
		a, ok := d.Artifact(c.id)
		if !ok || a.run.ID != c.run || a.Name != c.name || a.Expired() != c.expired || a.repo.FullName() != StorefrontRepo {
			t.Errorf("artifact %d: %+v, want run %d %q expired %v", c.id, a, c.run, c.name, c.expired)
		}
	}
	_, three := findRun(t, ThreeAttemptRunID)
	if len(three.Attempts) != 3 || !three.Attempts[2].DebugLogging {
		t.Error("ThreeAttemptRunID: want 3 attempts, the last with debug logging")
	}
}

// TestJobsAreConsistent checks every job against the rules GitHub's data
// follows.
func TestJobsAreConsistent(t *testing.T) {
	ids := map[int64]bool{}
	for _, repo := range Default().Repos {
		for _, run := range repo.Runs {
			for _, att := range run.Attempts {
				var prev int64
				for _, j := range att.Jobs {
					if ids[j.ID] || j.ID <= prev {
						t.Fatalf("job ids must be unique and increasing within an attempt: %d", j.ID)
					}
					ids[j.ID], prev = true, j.ID
					if j.RunID != run.ID || j.RunAttempt != att.Number || j.HeadSHA != run.HeadSHA {
						t.Errorf("job %d: run fields disagree with its run", j.ID)
					}
					checkJob(t, j)
				}
			}
		}
	}
}

func checkJob(t *testing.T, j *Job) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Errorf("job %d %q: %s", j.ID, j.Name, fmt.Sprintf(format, args...))
	}
	if j.StartedAt == nil || j.StartedAt.Before(j.CreatedAt.Time) {
		fail("started_at %v before created_at %v", j.StartedAt, j.CreatedAt)
	}
	switch j.Status {
	case "queued":
		if j.CompletedAt != nil || j.Conclusion != nil || len(j.Steps) != 0 || j.RunnerName != nil {
			fail("queued job with completion, steps or runner")
		}
		return
	case "in_progress":
		if j.CompletedAt != nil || j.Conclusion != nil {
			fail("in-progress job with completion")
		}
	case "completed":
		if j.CompletedAt == nil || j.Conclusion == nil || j.CompletedAt.Before(j.StartedAt.Time) {
			fail("completed job without a consistent completion")
		}
	}
	if len(j.Steps) == 0 {
		if j.Status != "completed" || *j.Conclusion != "skipped" && *j.Conclusion != "cancelled" {
			fail("only skipped or cancelled jobs have no steps")
		}
		return
	}
	checkSteps(t, j)
}

func checkSteps(t *testing.T, j *Job) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Errorf("job %d %q: %s", j.ID, j.Name, fmt.Sprintf(format, args...))
	}
	first, last := j.Steps[0], j.Steps[len(j.Steps)-1]
	if first.Name != "Set up job" || first.Number != 1 || last.Name != "Complete job" {
		fail("steps must run from Set up job (1) to Complete job")
	}
	if !first.StartedAt.Equal(j.StartedAt.Time) {
		fail("job started_at %v differs from Set up job's %v", j.StartedAt, first.StartedAt)
	}
	if j.Status == "completed" && !last.CompletedAt.Equal(j.CompletedAt.Time) {
		fail("job completed_at differs from Complete job's")
	}
	var prevEnd *Time
	for i, st := range j.Steps {
		if i > 0 && st.Number <= j.Steps[i-1].Number {
			fail("step numbers not increasing at %d", st.Number)
		}
		switch st.Status {
		case "queued":
			if st.StartedAt != nil || st.CompletedAt != nil || st.Conclusion != nil {
				fail("queued step %d has times", st.Number)
			}
			continue
		case "in_progress":
			if st.StartedAt == nil || st.CompletedAt != nil || st.Conclusion != nil {
				fail("in-progress step %d malformed", st.Number)
			}
		case "completed":
			if st.StartedAt == nil || st.CompletedAt == nil || st.Conclusion == nil || st.CompletedAt.Before(st.StartedAt.Time) {
				fail("completed step %d malformed", st.Number)
			}
		}
		if st.StartedAt.Nanosecond() != 0 || prevEnd != nil && st.StartedAt.Before(prevEnd.Time) {
			fail("step %d starts before the previous one ended or off the second", st.Number)
		}
		prevEnd = st.CompletedAt
	}
}

var logLineRE = regexp.MustCompile(`^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z) (.*)$`)

// parsedLine is one line of a downloaded log.
type parsedLine struct {
	at   time.Time
	text string
}

func parseLog(t *testing.T, jobID int64, body []byte) []parsedLine {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, utf8BOM)
	if !ok || !bytes.HasSuffix(rest, []byte("\n")) || bytes.Contains(rest, []byte("\r")) {
		t.Fatalf("job %d: log must start with a BOM and be LF-terminated", jobID)
	}
	var lines []parsedLine
	for _, l := range strings.Split(strings.TrimSuffix(string(rest), "\n"), "\n") {
		m := logLineRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("job %d: malformed line %q", jobID, l)
		}
		at, err := time.Parse(time.RFC3339Nano, m[1])
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, parsedLine{at, m[2]})
	}
	return lines
}

// ranSteps are the steps that wrote log lines.
func ranSteps(j *Job) []Step {
	var out []Step
	for _, st := range j.Steps {
		if st.Status == "completed" && *st.Conclusion != "skipped" {
			out = append(out, st)
		}
	}
	return out
}

// within reports whether t's second lies in the step's window.
func within(at time.Time, st Step) bool {
	sec := at.Truncate(time.Second)
	return !sec.Before(st.StartedAt.Time) && !sec.After(st.CompletedAt.Time)
}

// stepMarkers are lines whose step is known from their text.
func markerStep(text string, steps []Step) (string, bool) {
	switch {
	case text == "Current runner version: '"+runnerVersion+"'":
		return "Set up job", true
	case text == "Cleaning up orphan processes":
		return "Complete job", true
	case text == "##[group]Run actions/checkout@v4":
		return "Run actions/checkout@v4", true
	case text == "##[error]Process completed with exit code 1.":
		for _, st := range steps {
			if *st.Conclusion == "failure" {
				return st.Name, true
			}
		}
	}
	return "", false
}

// TestLogLinesFallInTheirStepWindows checks every log of the data set: the
// preamble precedes the first step, timestamps never go backwards, each
// line can be attributed, in order, to a step whose second-precision
// window holds it, and lines whose step is evident from their text sit in
// that step's window.
func TestLogLinesFallInTheirStepWindows(t *testing.T) {
	d := Default()
	logs := 0
	for id, ref := range d.index() {
		body, ok := d.Log(id)
		if !ok {
			continue
		}
		logs++
		lines := parseLog(t, id, body)
		steps := ranSteps(ref.job)
		checkLogLines(t, ref.job, steps, lines)
	}
	if logs < 500 {
		t.Fatalf("only %d logs checked", logs)
	}
}

func checkLogLines(t *testing.T, j *Job, steps []Step, lines []parsedLine) {
	t.Helper()
	if !strings.HasPrefix(lines[0].text, "Requested labels: ") || !strings.HasPrefix(lines[1].text, "Job defined at: ") {
		t.Fatalf("job %d: log must open with the runner preamble", j.ID)
	}
	k := -1 // index into steps of the current line's step; -1 is the preamble
	for i, l := range lines {
		if i > 0 && l.at.Before(lines[i-1].at) {
			t.Fatalf("job %d line %d: timestamp goes backwards", j.ID, i+1)
		}
		if k == -1 && l.at.Truncate(time.Second).Before(steps[0].StartedAt.Time) {
			continue
		}
		for k < len(steps) && (k < 0 || !within(l.at, steps[k])) {
			k++
		}
		if k == len(steps) {
			t.Fatalf("job %d line %d %q at %v fits no step window in order", j.ID, i+1, l.text, l.at)
		}
		if name, ok := markerStep(l.text, steps); ok {
			st := steps[slices.IndexFunc(steps, func(s Step) bool { return s.Name == name })]
			if !within(l.at, st) {
				t.Errorf("job %d line %d %q at %v is outside step %q [%v, %v]", j.ID, i+1, l.text, l.at, name, st.StartedAt, st.CompletedAt)
			}
		}
	}
}

func TestLogContent(t *testing.T) {
	d := Default()
	logOf := func(id int64) string {
		b, ok := d.Log(id)
		if !ok {
			t.Fatalf("no log for job %d", id)
		}
		return string(b)
	}
	flaky := logOf(FlakyJobID)
	for _, want := range []string{
		"Z Requested labels: macos-14\n",
		"Z Job defined at: octo-org/webapp/.github/workflows/ci.yml@refs/heads/main\n",
		"Z Waiting for a runner to pick up this job...\n",
		"Z Job is about to start running on the hosted runner: GitHub Actions ",
		"Z Current runner version: '2.329.0'\n",
		"Z ##[group]Run pytest --cov=webapp --cov-report=xml --durations=5\n",
		"Z \x1b[36;1mpytest --cov=webapp --cov-report=xml --durations=5\x1b[0m\n",
		"Z [command]/opt/homebrew/bin/git version\n",
		"Z [notice] A new release of pip is available: 25.0.1 -> 25.2\n",
		"Z FAILED tests/test_api.py::test_upstream_timeout - TimeoutError: ",
		"Z ##[error]Process completed with exit code 1.\n",
		"Z Post job cleanup.\n",
		"Z Cleaning up orphan processes\n",
	} {
		if !strings.Contains(flaky, want) {
			t.Errorf("flaky job log lacks %q", want)
		}
	}
	if n := strings.Count(logOf(LongLogJobID), "\n"); n < 19_000 || n > 21_000 {
		t.Errorf("long log has %d lines", n)
	}
	all := map[string]bool{}
	for id := range d.index() {
		if b, ok := d.Log(id); ok {
			for _, mark := range []string{"##[warning]", "##[notice]", "##[debug]", "##[error]The operation was canceled.", "(organization)\n"} {
				if bytes.Contains(b, []byte("Z "+mark)) || bytes.Contains(b, []byte(mark)) {
					all[mark] = true
				}
			}
		}
	}
	if len(all) != 5 {
		t.Errorf("the data set should show warnings, notices, debug lines, a cancellation and self-hosted runners; found %v", all)
	}
}

func TestAPIServerTimesCarryAnOffset(t *testing.T) {
	s := startServer(t, Options{})
	resp, body := fetch(t, s.URL()+jobsPath(APIServerRepo, APIServerFailedRunID))
	wantStatus(t, resp, body, http.StatusOK)
	job := regexp.MustCompile(`"started_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-08:00"`)
	step := regexp.MustCompile(`"started_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000-08:00"`)
	if !job.Match(body) || !step.Match(body) || bytes.Contains(body, []byte(`Z"`)) {
		t.Errorf("api-server times should carry -08:00: %s", truncate(body))
	}
	_, body = fetch(t, s.URL()+jobsPath(DemoRepo, FlakyRunID))
	if bytes.Contains(body, []byte("-08:00")) || !bytes.Contains(body, []byte(`:00Z"`)) && !bytes.Contains(body, []byte(`Z"`)) {
		t.Errorf("webapp times should be UTC: %s", truncate(body))
	}
}

// TestDataAnswersTheProductQuestions checks the trends the demo queries
// rely on.
func TestDataAnswersTheProductQuestions(t *testing.T) {
	repo := Default().Repo("octo-org", "webapp")
	var durations []float64
	for _, run := range slices.Backward(repo.Runs) {
		if run.Workflow.Name != "CI" || run.LogsExpired {
			continue
		}
		for _, j := range run.Latest().Jobs {
			for _, st := range j.Steps {
				if j.Name == "test (ubuntu-latest, 3.12)" && st.Name == "Run tests" && st.CompletedAt != nil {
					durations = append(durations, stepSeconds(st))
				}
			}
		}
	}
	n := len(durations)
	if n < 20 || mean(durations[n-5:]) < 1.6*mean(durations[:5]) {
		t.Errorf("Run tests should slow down over the history: %v", durations)
	}
	hosted, selfHosted := queueTimes(Default(), false), queueTimes(Default(), true)
	if mean(selfHosted) < 5*mean(hosted) {
		t.Errorf("self-hosted jobs should queue far longer: %.0fs vs %.0fs", mean(selfHosted), mean(hosted))
	}
}

func mean(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func queueTimes(d *Dataset, selfHosted bool) []float64 {
	var out []float64
	for _, ref := range d.index() {
		j := ref.job
		if j.RunnerName == nil || slices.Contains(j.Labels, "self-hosted") != selfHosted || ref.repo.Name == "big-monorepo" {
			continue
		}
		out = append(out, j.StartedAt.Sub(j.CreatedAt.Time).Seconds())
	}
	return out
}

// TestHandBuiltDataset serves a data set written by hand, as another
// package's test would: logs come from LogBody or are inferred from step
// names, and nil slices still serialise as [].
func TestHandBuiltDataset(t *testing.T) {
	at := func(s string) *Time {
		v, _ := time.Parse(time.RFC3339, s)
		return &Time{Time: v}
	}
	step := func(n int, name, from, to string) Step {
		return Step{Name: name, Status: "completed", Conclusion: str("success"), Number: n, StartedAt: at(from), CompletedAt: at(to)}
	}
	generated := &Job{ID: 101, Name: "build", Status: "completed", Conclusion: str("success"),
		CreatedAt: *at("2026-01-02T03:04:00Z"), StartedAt: at("2026-01-02T03:04:05Z"), CompletedAt: at("2026-01-02T03:04:09Z"),
		Labels: []string{"ubuntu-latest"}, Steps: []Step{
			step(1, "Set up job", "2026-01-02T03:04:05Z", "2026-01-02T03:04:06Z"),
			step(2, "Run actions/checkout@v4", "2026-01-02T03:04:06Z", "2026-01-02T03:04:07Z"),
			step(3, "Run make", "2026-01-02T03:04:07Z", "2026-01-02T03:04:09Z"),
			step(4, "Complete job", "2026-01-02T03:04:09Z", "2026-01-02T03:04:09Z"),
		}}
	replayed := &Job{ID: 102, Name: "replay", Status: "completed", Conclusion: str("success"),
		CreatedAt: *at("2026-01-02T03:04:00Z"), StartedAt: at("2026-01-02T03:04:00Z"), CompletedAt: at("2026-01-02T03:04:00Z"),
		LogBody: []byte("2026-01-02T03:04:00.0000000Z hello\n")}
	d := &Dataset{Repos: []*Repo{{Owner: "me", Name: "tiny", DefaultBranch: "main", Runs: []*Run{{
		ID: 7, Workflow: &Workflow{ID: 1, Name: "CI", Path: ".github/workflows/ci.yml"}, HeadBranch: "main",
		HeadSHA: strings.Repeat("a", 40), Attempts: []*Attempt{{Number: 1, Status: "completed", Jobs: []*Job{generated, replayed}}},
	}}}}}
	s := startServer(t, Options{Data: d})
	resp, body := fetch(t, s.URL()+"/repos/me/tiny/actions/jobs/102")
	wantStatus(t, resp, body, http.StatusOK)
	if !bytes.Contains(body, []byte(`"steps":[],`)) || !bytes.Contains(body, []byte(`"labels":[],`)) {
		t.Errorf("nil slices should serialise as []: %s", body)
	}
	for id, want := range map[int64]string{101: "Z ##[group]Run make\n", 102: "\xEF\xBB\xBF2026-01-02T03:04:00.0000000Z hello\n"} {
		resp, body = fetch(t, s.URL()+"/repos/me/tiny/actions/jobs/"+itoa64(id)+"/logs")
		wantStatus(t, resp, body, http.StatusFound)
		resp, body = fetch(t, resp.Header.Get("Location"))
		wantStatus(t, resp, body, http.StatusOK)
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("job %d log lacks %q:\n%s", id, want, body)
		}
	}
	checkLogLines(t, generated, ranSteps(generated), parseLog(t, 101, mustLog(t, d, 101)))
}

func mustLog(t *testing.T, d *Dataset, id int64) []byte {
	t.Helper()
	b, ok := d.Log(id)
	if !ok {
		t.Fatalf("no log for %d", id)
	}
	return b
}

// BenchmarkBuildDefault measures building the bundled data set, which
// every process serving --demo or a test's emulated GitHub pays once.
func BenchmarkBuildDefault(b *testing.B) {
	for b.Loop() {
		buildDefault()
	}
}
