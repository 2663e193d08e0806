package fakegh

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// This file turns declarative job specs into API jobs: it decides when each
// job is created, queued and started, lays its steps end to end, and applies
// failures, cancellation and the data set's "now" (jobs still running).

// osKind selects paths, shells and tool output in generated logs.
type osKind int

const (
	osLinux osKind = iota
	osMacOS
	osWindows
)

// runnerPool is where a job runs: its runs-on labels, the runners that can
// pick it up and how long a job typically waits for one.
type runnerPool struct {
	labels     []string
	os         osKind
	selfHosted bool
	names      []string // self-hosted runner names; hosted ones are numbered
	firstID    int64    // runner id of names[0]; the others follow
	groupID    int64
	groupName  string
	queueMin   time.Duration
	queueMax   time.Duration
}

// stepSpec is a main or post step before it is scheduled.
type stepSpec struct {
	name string
	kind stepKind
	secs int
}

// jobSpec declares one job of a workflow attempt.
type jobSpec struct {
	name   string
	pool   *runnerPool
	needs  []int // indexes of earlier specs this job waits for
	skip   bool  // its `if:` is false: skipped once its needs finish
	steps  []stepSpec
	posts  []stepSpec // post steps, in the order they run
	failAt int        // index in steps of the step that fails, or -1
	plan   jobPlan
	// minQueue holds the job in the queue at least this long: no runner
	// free (self-hosted pool busy, or the org's concurrency limit reached).
	minQueue time.Duration
}

// attemptSpec declares one attempt of a run.
type attemptSpec struct {
	jobs     []*jobSpec
	start    time.Time
	cancelAt time.Time // zero: not cancelled
	now      time.Time // the data set's present: later events have not happened
}

// scheduled is a job with the facts its dependents need.
type scheduled struct {
	job     *Job
	end     time.Time
	outcome string // "success", "failure", "cancelled", "skipped" or "" (unfinished)
}

func str(s string) *string { return &s }

func ptrTime(t time.Time) *Time { return &Time{Time: t} }

// runAttempt schedules every job of the attempt. Jobs whose needs have not
// finished by spec.now do not exist yet, as on GitHub.
func runAttempt(rng *rand.Rand, spec attemptSpec) []*Job {
	results := make([]*scheduled, len(spec.jobs))
	var jobs []*Job
	for i, js := range spec.jobs {
		created, blocked, depsOK := creationTime(rng, spec, js, results)
		if blocked || created.After(spec.now) {
			continue
		}
		var res *scheduled
		switch {
		case !depsOK && isCancelled(spec, created):
			res = cancelledBeforeStart(js, created, created)
		case !depsOK || js.skip:
			res = skippedJob(js, created)
		default:
			res = runJob(rng, spec, js, created)
		}
		res.job.plan = &js.plan
		results[i] = res
		jobs = append(jobs, res.job)
	}
	slices.SortStableFunc(jobs, func(a, b *Job) int { return a.CreatedAt.Compare(b.CreatedAt.Time) })
	return jobs
}

func isCancelled(spec attemptSpec, t time.Time) bool {
	return !spec.cancelAt.IsZero() && !t.Before(spec.cancelAt)
}

// creationTime is when the job's check run is created: at the start of the
// attempt, or just after the last of its needs finished. blocked reports a
// need that has not finished (so the job does not exist yet); depsOK is false
// when a need did not succeed.
func creationTime(rng *rand.Rand, spec attemptSpec, js *jobSpec, results []*scheduled) (created time.Time, blocked, depsOK bool) {
	if len(js.needs) == 0 {
		// Jobs without needs are created together, in workflow order.
		return spec.start.Add(time.Second), false, true
	}
	depsOK = true
	for _, n := range js.needs {
		dep := results[n]
		if dep == nil || dep.outcome == "" {
			return time.Time{}, true, false
		}
		if dep.outcome != "success" {
			depsOK = false
		}
		if dep.end.After(created) {
			created = dep.end
		}
	}
	return created.Add(time.Duration(1+rng.IntN(2)) * time.Second), false, depsOK
}

// skippedJob is a job whose `if:` was false or whose needs failed: GitHub
// reports it completed at its creation second, with no steps, labels or
// runner.
func skippedJob(js *jobSpec, created time.Time) *scheduled {
	j := newJob(js, created)
	j.Status = "completed"
	j.Conclusion = str("skipped")
	j.StartedAt = ptrTime(created)
	j.CompletedAt = ptrTime(created)
	j.Labels = []string{}
	return &scheduled{job: j, end: created, outcome: "skipped"}
}

func cancelledBeforeStart(js *jobSpec, created, at time.Time) *scheduled {
	j := newJob(js, created)
	j.Status = "completed"
	j.Conclusion = str("cancelled")
	j.StartedAt = ptrTime(created)
	j.CompletedAt = ptrTime(at)
	return &scheduled{job: j, end: at, outcome: "cancelled"}
}

func newJob(js *jobSpec, created time.Time) *Job {
	return &Job{
		Name:      js.name,
		CreatedAt: Time{Time: created},
		Steps:     []Step{},
		Labels:    slices.Clone(js.pool.labels),
	}
}

// queueDelay draws the wait for a runner: log-uniform over the pool's
// typical range, with an occasional long tail (a busy pool).
func queueDelay(rng *rand.Rand, p *runnerPool) time.Duration {
	lo, hi := math.Log(p.queueMin.Seconds()), math.Log(p.queueMax.Seconds())
	secs := math.Exp(lo + rng.Float64()*(hi-lo))
	if rng.IntN(20) == 0 {
		secs *= 3
	}
	return time.Duration(math.Max(2, math.Round(secs))) * time.Second
}

// runJob schedules a job that gets (or waits for) a runner.
func runJob(rng *rand.Rand, spec attemptSpec, js *jobSpec, created time.Time) *scheduled {
	started := created.Add(max(queueDelay(rng, js.pool), js.minQueue))
	if isCancelled(spec, started) {
		return cancelledBeforeStart(js, created, spec.cancelAt)
	}
	if started.After(spec.now) {
		return queuedJob(js, created)
	}
	j := newJob(js, created)
	j.StartedAt = ptrTime(started)
	assignRunner(rng, j, js.pool)
	steps, outcome := layOutSteps(rng, js, started, spec.cancelAt)
	j.Steps = steps
	last := steps[len(steps)-1].CompletedAt.Time
	if last.After(spec.now) {
		j.Status = "in_progress"
		j.Steps = freezeAt(steps, spec.now)
		return &scheduled{job: j}
	}
	j.Status = "completed"
	j.Conclusion = str(outcome)
	j.CompletedAt = ptrTime(last)
	return &scheduled{job: j, end: last, outcome: outcome}
}

// queuedJob still waits for a runner. GitHub already reports started_at for
// such jobs, equal to their creation time.
func queuedJob(js *jobSpec, created time.Time) *scheduled {
	j := newJob(js, created)
	j.Status = "queued"
	j.StartedAt = ptrTime(created)
	return &scheduled{job: j}
}

func assignRunner(rng *rand.Rand, j *Job, p *runnerPool) {
	var name string
	var id int64
	if p.selfHosted {
		k := rng.IntN(len(p.names))
		name, id = p.names[k], p.firstID+int64(k)
	} else {
		n := 1 + rng.IntN(200)
		name, id = "GitHub Actions "+strconv.Itoa(n), int64(n)
	}
	j.RunnerID, j.RunnerName = &id, &name
	j.RunnerGroupID, j.RunnerGroupName = &p.groupID, &p.groupName
}

// layOutSteps places "Set up job", the main steps, the post steps of the
// main steps that ran and "Complete job" end to end. Post steps are numbered
// from twice the number of main steps, leaving the gap GitHub leaves.
func layOutSteps(rng *rand.Rand, js *jobSpec, started, cancelAt time.Time) ([]Step, string) {
	mains := append([]stepSpec{{"Set up job", kindSetup, 1 + rng.IntN(3)}}, js.steps...)
	failAt := js.failAt
	if failAt >= 0 {
		failAt++ // shifted by "Set up job"
	}
	var steps []Step
	outcome := "success"
	t := started
	ran := 0
	for i, ss := range mains {
		if outcome != "success" && !(outcome == "failure" && ss.kind == kindUploadResults) {
			steps = append(steps, skippedStep(ss, i+1, t))
			continue
		}
		start := t
		if i > 0 && rng.IntN(6) == 0 {
			start = start.Add(time.Second) // runner bookkeeping between steps
		}
		end := start.Add(time.Duration(ss.secs) * time.Second)
		st := completedStep(ss, i+1, start, end, "success")
		switch {
		case !cancelAt.IsZero() && end.After(cancelAt):
			st = cancelledStep(ss, i+1, start, cancelAt)
			end, outcome = cancelAt, "cancelled"
		case i == failAt:
			st.Conclusion, outcome = str("failure"), "failure"
		}
		steps = append(steps, st)
		t = end
		ran = i + 1
	}
	number := 2 * len(mains)
	for _, ps := range js.posts {
		if !postRuns(ps, mains[:ran]) {
			continue
		}
		end := t.Add(time.Duration(ps.secs) * time.Second)
		steps = append(steps, completedStep(ps, number, t, end, "success"))
		t, number = end, number+1
	}
	complete := stepSpec{"Complete job", kindComplete, rng.IntN(2)}
	steps = append(steps, completedStep(complete, number, t, t.Add(time.Duration(complete.secs)*time.Second), "success"))
	return steps, outcome
}

// postRuns reports whether a post step's main step ran: only those leave a
// cleanup behind ("Post Run actions/checkout@v4" follows "Run
// actions/checkout@v4").
func postRuns(post stepSpec, ran []stepSpec) bool {
	for _, m := range ran {
		if "Post "+m.name == post.name {
			return true
		}
	}
	return false
}

func completedStep(ss stepSpec, number int, start, end time.Time, conclusion string) Step {
	return Step{
		Name: ss.name, Status: "completed", Conclusion: str(conclusion), Number: number,
		StartedAt: ptrTime(start), CompletedAt: ptrTime(end), kind: ss.kind,
	}
}

// cancelledStep was running (or about to start) when the run was cancelled.
func cancelledStep(ss stepSpec, number int, start, at time.Time) Step {
	if start.After(at) {
		start = at
	}
	return completedStep(ss, number, start, at, "cancelled")
}

// skippedStep follows a failed or cancelled step: it never ran and GitHub
// stamps it with the time it was skipped.
func skippedStep(ss stepSpec, number int, at time.Time) Step {
	return Step{
		Name: ss.name, Status: "completed", Conclusion: str("skipped"), Number: number,
		StartedAt: ptrTime(at), CompletedAt: ptrTime(at), kind: ss.kind,
	}
}

// freezeAt shows the steps of a running job as they are at now: finished
// ones completed, the current one in progress, the rest queued with no
// times.
func freezeAt(steps []Step, now time.Time) []Step {
	out := make([]Step, len(steps))
	for i, st := range steps {
		switch {
		case !st.CompletedAt.After(now):
			out[i] = st
		case !st.StartedAt.After(now):
			st.Status, st.Conclusion, st.CompletedAt = "in_progress", nil, nil
			out[i] = st
		default:
			st.Status, st.Conclusion, st.StartedAt, st.CompletedAt = "queued", nil, nil, nil
			out[i] = st
		}
	}
	return out
}

// attemptOutcome derives a run attempt's status and conclusion from its
// jobs, as GitHub does: any unfinished job keeps the run going; otherwise a
// failure wins over a cancellation, which wins over success.
func attemptOutcome(jobs []*Job, expected int) (status string, conclusion *string) {
	if len(jobs) < expected {
		return "in_progress", nil
	}
	allQueued, finished := true, true
	for _, j := range jobs {
		if j.Status != "completed" {
			finished = false
		}
		if j.Status != "queued" {
			allQueued = false
		}
	}
	switch {
	case allQueued:
		return "queued", nil
	case !finished:
		return "in_progress", nil
	}
	result := "success"
	for _, j := range jobs {
		switch *j.Conclusion {
		case "failure":
			return "completed", str("failure")
		case "cancelled":
			result = "cancelled"
		}
	}
	return "completed", str(result)
}
