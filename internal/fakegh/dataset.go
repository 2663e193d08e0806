package fakegh

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/url"
	"slices"
	"sync"
	"time"
)

// BaseTime is the present of the bundled data set: runs still going are
// frozen as they were at this instant, and logs of runs more than 90 days
// older have expired.
var BaseTime = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

// logRetention is GitHub's default log retention for public repositories.
const logRetention = 90 * 24 * time.Hour

var (
	defaultOnce sync.Once
	defaultData *Dataset
)

// Default returns the bundled data set. It is built once, on first use, and
// shared: callers must not modify it. Every build is identical.
func Default() *Dataset {
	defaultOnce.Do(func() { defaultData = buildDefault() })
	return defaultData
}

// Users of the data set.
var (
	userMona       = User{Login: "mona", ID: 9_919_101}
	userHubot      = User{Login: "hubot", ID: 480_938}
	userOctocat    = User{Login: "octocat", ID: 583_231}
	userDependabot = User{Login: "dependabot[bot]", ID: 49_699_333, Bot: true}
)

const octoOrgID = 9_919_000

// runDraft is a run plus what ID assignment needs to know about it.
type runDraft struct {
	repo      *Repo
	run       *Run
	firstRunN int // run number to use, or 0 to continue the workflow's count
}

// builder accumulates the repositories, then assigns ids across all of
// them in creation order, as GitHub's global sequences do.
type builder struct {
	repos   []*Repo
	drafts  []*runDraft
	history []*runDraft // runs numbered after the others, from a sequence of their own (history.go)
	org     []*runDraft // the other repositories' runs, numbered after the history (orgrepos.go)
	// storefront's runs, numbered after all the others (storefront.go)
	storefront []*runDraft
	notable    map[string]*Run
}

func buildDefault() *Dataset {
	b := &builder{notable: map[string]*Run{}}
	b.addWebapp()
	b.addAPIServer()
	b.addMonorepo()
	b.addSecretInfra()
	b.addWebappHistory()
	b.addOrganization()
	b.addStorefront()
	b.assignIDs()
	for _, r := range b.repos {
		slices.SortFunc(r.Runs, func(x, y *Run) int { return cmp.Compare(y.ID, x.ID) })
	}
	zoneRepoTimes(b.repo(APIServerRepo), time.FixedZone("", -8*3600))
	d := &Dataset{Repos: b.repos, Accounts: demoAccounts(), notable: map[string]int64{}}
	for tag, run := range b.notable {
		d.notable[tag] = run.ID
	}
	return d
}

func (b *builder) repo(full string) *Repo {
	for _, r := range b.repos {
		if r.FullName() == full {
			return r
		}
	}
	return nil
}

// repoRand gives each repository its own random stream, so changing one
// repository's history leaves the others' untouched.
func repoRand(name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(h.Sum64(), 20261001))
}

func newRepo(name string, id int64, private bool, description string) *Repo {
	return &Repo{ID: id, NodeID: repoNodeID(id), Owner: DemoOwner, Name: name, Private: private,
		Description: description, DefaultBranch: "main", OwnerID: octoOrgID}
}

func newWorkflow(repo *Repo, id int64, name, file, state string, created time.Time) *Workflow {
	base := "https://api.github.com/repos/" + repo.FullName()
	return &Workflow{
		ID: id, NodeID: workflowNodeID(repo.ID, id), Name: name, Path: ".github/workflows/" + file, State: state,
		CreatedAt: Time{Time: created}, UpdatedAt: Time{Time: created.Add(41 * 24 * time.Hour)},
		URL:      fmt.Sprintf("%s/actions/workflows/%d", base, id),
		HTMLURL:  "https://github.com/" + repo.FullName() + "/blob/main/.github/workflows/" + file,
		BadgeURL: "https://github.com/" + repo.FullName() + "/workflows/" + url.PathEscape(name) + "/badge.svg",
	}
}

// runIdea describes one run of a repository's history.
type runIdea struct {
	at       string // creation time, "2006-01-02T15:04:05" UTC
	workflow *Workflow
	branch   string
	event    string
	pr       int
	actor    User
	title    string
	number   int    // run number, when the history jumps; 0 continues
	tag      string // names a notable run (see the Run ID constants)
}

// pushOrPR is the idea of a run on branch at the given time: a pull_request
// run when pr is set, else a push.
func pushOrPR(ci *Workflow, at, branch string, pr int, actor User, title string) runIdea {
	event := "push"
	if pr > 0 {
		event = "pull_request"
	}
	return runIdea{at: at, workflow: ci, branch: branch, event: event, pr: pr, actor: actor, title: title}
}

// attemptPlan is what one attempt of a run does.
type attemptPlan struct {
	specs       []*jobSpec
	again       bool          // another attempt follows (a re-run)
	debug       bool          // re-run with debug logging enabled
	cancelAfter time.Duration // cancelled this long after it started; 0: not
}

// addRun creates the run and its attempts; plan describes attempt n
// (1-based).
func (b *builder) addRun(rng *rand.Rand, repo *Repo, idea runIdea, plan func(n int) attemptPlan) *Run {
	created, err := time.Parse("2006-01-02T15:04:05", idea.at)
	if err != nil {
		panic(err)
	}
	run := &Run{
		Workflow: idea.workflow, Event: idea.event, HeadBranch: idea.branch, PullRequest: idea.pr,
		Actor: idea.actor, CreatedAt: created, DisplayTitle: idea.title,
		CommitMessage: idea.title, HeadSHA: fakeHex(40, repo.Name, idea.at, idea.title),
		BaseSHA:     fakeHex(40, repo.Name, idea.at, "base"),
		LogsExpired: BaseTime.Sub(created) > logRetention,
	}
	if idea.pr > 0 && idea.actor.Bot {
		run.CommitMessage = idea.title + "\n\nSigned-off-by: dependabot[bot] <support@github.com>"
	}
	start := created
	for n := 1; ; n++ {
		p := plan(n)
		att := runOneAttempt(rng, p, start, n, triggeringActor(idea.actor, n))
		run.Attempts = append(run.Attempts, att)
		if !p.again {
			break
		}
		start = att.UpdatedAt.Add(time.Duration(4+rng.IntN(40)) * time.Minute)
	}
	repo.Runs = append(repo.Runs, run)
	b.drafts = append(b.drafts, &runDraft{repo: repo, run: run, firstRunN: idea.number})
	if idea.tag != "" {
		b.notable[idea.tag] = run
	}
	return run
}

// triggeringActor is who started attempt n of a run started by actor: the
// actor, then mona, the maintainer who re-runs failed jobs, so a re-run of
// someone else's run names another user than the run's actor, as on GitHub.
func triggeringActor(actor User, n int) User {
	if n > 1 {
		return userMona
	}
	return actor
}

func runOneAttempt(rng *rand.Rand, p attemptPlan, start time.Time, n int, actor User) *Attempt {
	spec := attemptSpec{jobs: p.specs, start: start, now: BaseTime}
	if p.cancelAfter > 0 {
		spec.cancelAt = start.Add(p.cancelAfter)
	}
	jobs := runAttempt(rng, spec)
	status, conclusion := attemptOutcome(jobs, len(p.specs))
	att := &Attempt{Number: n, TriggeringActor: actor, CreatedAt: start, Status: status,
		Conclusion: conclusion, DebugLogging: p.debug, Jobs: jobs}
	att.UpdatedAt = lastActivity(att)
	return att
}

// lastActivity is the latest timestamp among the attempt's jobs and steps.
func lastActivity(att *Attempt) time.Time {
	last := att.CreatedAt
	later := func(t *Time) {
		if t != nil && t.After(last) {
			last = t.Time
		}
	}
	for _, j := range att.Jobs {
		later(&j.CreatedAt)
		later(j.StartedAt)
		later(j.CompletedAt)
		for _, st := range j.Steps {
			later(st.StartedAt)
			later(st.CompletedAt)
		}
	}
	return last
}

// idEpoch anchors the id sequences: ids grow with creation time from here.
var idEpoch = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// assignIDs numbers runs and jobs in creation order across all
// repositories, at roughly the rate GitHub's sequences grow, then fills
// every field derived from ids (URLs, node ids, run numbers).
func (b *builder) assignIDs() {
	rng := rand.New(rand.NewPCG(1, 20261001))
	slices.SortStableFunc(b.drafts, func(x, y *runDraft) int { return x.run.CreatedAt.Compare(y.run.CreatedAt) })
	var last int64
	for _, d := range b.drafts {
		last = max(last+1, 9_100_000_000+int64(d.run.CreatedAt.Sub(idEpoch).Seconds())*34+rng.Int64N(30))
		d.run.ID = last
		d.run.NodeID = runNodeID(d.repo.ID, last)
		d.run.CheckSuiteID = 2*last + 4_000_000_000 + rng.Int64N(1000)
	}
	b.assignJobIDs(rng)
	assignLaterIDs(b.history, 2, b.drafts)
	assignLaterIDs(b.org, 3, b.drafts, b.history)
	assignLaterIDs(b.storefront, 4, b.drafts, b.history, b.org)
	all := slices.Concat(b.drafts, b.history, b.org, b.storefront)
	slices.SortStableFunc(all, func(x, y *runDraft) int { return x.run.CreatedAt.Compare(y.run.CreatedAt) })
	assignRunNumbers(all)
	for _, d := range all {
		fillJobFields(d.repo, d.run)
	}
}

// assignLaterIDs numbers the runs and jobs of seq the way assignIDs
// numbers the drafts, from their creation times, with a random stream of
// their own (seed): the ids of taken stay as they were, and seq's fall
// between them in creation order (the sequences leave 34 run ids and 105
// job ids a second, far more than any run takes). The webapp history
// (seed 2, after the drafts) and the organization's other repositories
// (seed 3, after both) are numbered so.
func assignLaterIDs(seq []*runDraft, seed uint64, taken ...[]*runDraft) {
	rng := rand.New(rand.NewPCG(seed, 20261001))
	usedRuns, usedJobs := map[int64]bool{}, map[int64]bool{}
	for _, d := range slices.Concat(taken...) {
		usedRuns[d.run.ID] = true
		for _, j := range d.run.AllJobs() {
			usedJobs[j.ID] = true
		}
	}
	slices.SortStableFunc(seq, func(x, y *runDraft) int { return x.run.CreatedAt.Compare(y.run.CreatedAt) })
	for _, d := range seq {
		id := 9_100_000_000 + int64(d.run.CreatedAt.Sub(idEpoch).Seconds())*34 + rng.Int64N(30)
		for usedRuns[id] {
			id++
		}
		usedRuns[id] = true
		d.run.ID = id
		d.run.NodeID = runNodeID(d.repo.ID, id)
		d.run.CheckSuiteID = 2*id + 4_000_000_000 + rng.Int64N(1000)
		for _, att := range d.run.Attempts {
			for _, j := range att.Jobs {
				jid := 17_000_000_000 + int64(j.CreatedAt.Sub(idEpoch).Seconds())*105 + rng.Int64N(6)
				for usedJobs[jid] {
					jid++
				}
				usedJobs[jid] = true
				j.ID = jid
			}
			slices.SortFunc(att.Jobs, func(x, y *Job) int { return cmp.Compare(x.ID, y.ID) })
		}
	}
}

type jobDraft struct {
	job   *Job
	order int
}

func (b *builder) assignJobIDs(rng *rand.Rand) {
	var all []jobDraft
	for _, d := range b.drafts {
		for _, j := range d.run.AllJobs() {
			all = append(all, jobDraft{job: j, order: len(all)})
		}
	}
	slices.SortStableFunc(all, func(x, y jobDraft) int {
		return cmp.Or(x.job.CreatedAt.Compare(y.job.CreatedAt.Time), cmp.Compare(x.order, y.order))
	})
	var last int64
	for _, jd := range all {
		last = max(last+1, 17_000_000_000+int64(jd.job.CreatedAt.Sub(idEpoch).Seconds())*105+rng.Int64N(6))
		jd.job.ID = last
	}
	// Jobs are listed in id order, which is also their creation order.
	for _, d := range b.drafts {
		for _, att := range d.run.Attempts {
			slices.SortFunc(att.Jobs, func(x, y *Job) int { return cmp.Compare(x.ID, y.ID) })
		}
	}
}

func assignRunNumbers(drafts []*runDraft) {
	next := map[*Workflow]int{}
	for _, d := range drafts {
		n := next[d.run.Workflow]
		if d.firstRunN > 0 || n == 0 {
			n = max(d.firstRunN, 1)
		}
		d.run.RunNumber = n
		next[d.run.Workflow] = n + 1
	}
}

// fillJobFields sets the fields every job of a run shares or derives from
// ids.
func fillJobFields(repo *Repo, run *Run) {
	api := "https://api.github.com/repos/" + repo.FullName()
	for _, att := range run.Attempts {
		for _, j := range att.Jobs {
			j.RunID = run.ID
			j.RunAttempt = att.Number
			j.WorkflowName = run.Workflow.Name
			j.HeadBranch = run.HeadBranch
			j.HeadSHA = run.HeadSHA
			j.RunURL = fmt.Sprintf("%s/actions/runs/%d", api, run.ID)
			j.NodeID = jobNodeID(repo.ID, j.ID)
			j.URL = fmt.Sprintf("%s/actions/jobs/%d", api, j.ID)
			j.HTMLURL = fmt.Sprintf("https://github.com/%s/actions/runs/%d/job/%d", repo.FullName(), run.ID, j.ID)
			j.CheckRunURL = fmt.Sprintf("%s/check-runs/%d", api, j.ID)
		}
	}
}

// zoneRepoTimes rewrites a repository's job and step times in loc, the way
// GitHub's official example writes them (steps with milliseconds).
func zoneRepoTimes(repo *Repo, loc *time.Location) {
	in := func(t *Time, layout string) {
		if t != nil {
			t.Time, t.Layout = t.In(loc), layout
		}
	}
	for _, run := range repo.Runs {
		for _, j := range run.AllJobs() {
			in(&j.CreatedAt, "")
			in(j.StartedAt, "")
			in(j.CompletedAt, "")
			for i := range j.Steps {
				in(j.Steps[i].StartedAt, LayoutMillisOffset)
				in(j.Steps[i].CompletedAt, LayoutMillisOffset)
			}
		}
	}
}
