package fakegh

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Dataset is everything the emulated GitHub knows. Build one by hand for a
// test, or use Default. Once handed to Start or queried with Log, treat it as
// read-only: the server indexes it on first use and shares it between
// goroutines.
type Dataset struct {
	Repos []*Repo
	// Accounts are the organizations and users that own repositories or
	// make requests (accounts.go). An owner of a repository missing here
	// counts as an organization that every token belongs to, so a
	// hand-built data set needs none.
	Accounts []*Account

	indexOnce sync.Once
	jobs      map[int64]*jobRef
	// storage is what the runs left behind, derived on first use:
	// artifacts and caches (storage.go).
	storageOnce sync.Once
	storage     *storage
	notable     map[string]int64 // tag → run id, for checking the exported constants
}

// Repo is one repository with its workflows and their runs (newest first).
type Repo struct {
	ID            int64
	NodeID        string
	Owner         string
	Name          string
	Private       bool
	Description   string
	DefaultBranch string
	OwnerID       int64
	Workflows     []*Workflow
	Runs          []*Run

	// What the repository listings show besides the above (repoapi.go).
	// The zero values describe a repository of an organization, public,
	// neither a fork nor archived.
	OwnerIsUser bool   // owned by a user, not an organization
	Fork        bool   // a fork of Parent
	Parent      *Repo  // the repository forked, when Fork; need not be in Repos
	Archived    bool   // read-only; its runs are still listed
	Language    string // "" is null, as for a repository without code
	Topics      []string
	Homepage    string
	SizeKB      int // the size field: kilobytes
	Stars       int
	CreatedAt   time.Time
	UpdatedAt   time.Time
	PushedAt    time.Time

	// laterStorage numbers the repository's artifacts and caches after
	// everyone else's, so adding it moved no other id (storefront.go).
	laterStorage bool
}

// FullName is "owner/name", as GitHub spells it.
func (r *Repo) FullName() string { return r.Owner + "/" + r.Name }

// Workflow is a workflow file as the workflows API lists it.
type Workflow struct {
	ID        int64  `json:"id"`
	NodeID    string `json:"node_id"`
	Name      string `json:"name"`
	Path      string `json:"path"`
	State     string `json:"state"`
	CreatedAt Time   `json:"created_at"`
	UpdatedAt Time   `json:"updated_at"`
	URL       string `json:"url"`
	HTMLURL   string `json:"html_url"`
	BadgeURL  string `json:"badge_url"`
}

// User is the part of a GitHub account that run objects embed.
type User struct {
	Login string
	ID    int64
	Bot   bool
}

// Run is a workflow run with all its attempts (Attempts[0] is attempt 1).
type Run struct {
	ID           int64
	NodeID       string
	Workflow     *Workflow
	RunNumber    int
	Event        string
	HeadBranch   string
	HeadSHA      string
	DisplayTitle string
	// CommitMessage is the full head commit message; DisplayTitle is usually
	// its first line (or the pull request title).
	CommitMessage string
	Actor         User
	CreatedAt     time.Time
	CheckSuiteID  int64
	PullRequest   int // pull request number for pull_request events, else 0
	BaseSHA       string
	// LogsExpired marks a run older than the log retention period: its job
	// logs answer 410 Gone, as GitHub's do after 90 days.
	LogsExpired bool
	Attempts    []*Attempt
}

// Latest is the run's most recent attempt.
func (r *Run) Latest() *Attempt { return r.Attempts[len(r.Attempts)-1] }

// Attempt is one execution of a run. Each attempt lists its own jobs, with
// their own job ids, as a "Re-run all jobs" produces.
type Attempt struct {
	Number          int
	TriggeringActor User
	CreatedAt       time.Time // when the attempt was requested (run_started_at)
	UpdatedAt       time.Time // last change: the last job's completion, or now
	Status          string
	Conclusion      *string
	// DebugLogging is set on re-runs with "Enable debug logging": their logs
	// carry ##[debug] lines.
	DebugLogging bool
	Jobs         []*Job
}

// Job is a workflow job exactly as the jobs API serialises it; the field
// order follows api.github.com's responses.
type Job struct {
	ID              int64    `json:"id"`
	RunID           int64    `json:"run_id"`
	WorkflowName    string   `json:"workflow_name"`
	HeadBranch      string   `json:"head_branch"`
	RunURL          string   `json:"run_url"`
	RunAttempt      int      `json:"run_attempt"`
	NodeID          string   `json:"node_id"`
	HeadSHA         string   `json:"head_sha"`
	URL             string   `json:"url"`
	HTMLURL         string   `json:"html_url"`
	Status          string   `json:"status"`
	Conclusion      *string  `json:"conclusion"`
	CreatedAt       Time     `json:"created_at"`
	StartedAt       *Time    `json:"started_at"`
	CompletedAt     *Time    `json:"completed_at"`
	Name            string   `json:"name"`
	Steps           []Step   `json:"steps"`
	CheckRunURL     string   `json:"check_run_url"`
	Labels          []string `json:"labels"`
	RunnerID        *int64   `json:"runner_id"`
	RunnerName      *string  `json:"runner_name"`
	RunnerGroupID   *int64   `json:"runner_group_id"`
	RunnerGroupName *string  `json:"runner_group_name"`

	// LogBody, when set, is served verbatim as the job's log (after the
	// byte-order mark), so a test can replay a real log. When nil the log is
	// generated from the job's steps on demand.
	LogBody []byte `json:"-"`

	plan   *jobPlan     // how the bundled data set generates this job's log
	stream generatedLog // set for a log too large to hold: generated as read
}

// generatedLog is a log too large to hold, generated as it is read. Only
// the benchmark's data set has any (NewPerfData), so their generator
// (streamlog.go) is behind this interface: a binary that never builds one,
// such as actionsql's --demo, does not link it.
type generatedLog interface {
	size() int64         // bytes of the whole download, BOM included
	lines() int64        // lines of the log
	open() io.ReadSeeker // reads the log, generating it as it goes
}

// Step is one step of a job, as the jobs API serialises it.
type Step struct {
	Name        string  `json:"name"`
	Status      string  `json:"status"`
	Conclusion  *string `json:"conclusion"`
	Number      int     `json:"number"`
	StartedAt   *Time   `json:"started_at"`
	CompletedAt *Time   `json:"completed_at"`

	kind stepKind // what the step's log shows; inferred from Name when unset
}

// Time is an API timestamp. It marshals in the zone it carries: UTC as
// "2006-01-02T15:04:05Z", other zones with their offset. Layout, when set,
// overrides the format (the official example writes step times as
// "2020-01-20T09:42:40.000-08:00").
type Time struct {
	time.Time
	Layout string
}

// LayoutMillisOffset is the step-time layout of GitHub's official example.
const LayoutMillisOffset = "2006-01-02T15:04:05.000-07:00"

// MarshalJSON writes the timestamp to the second, in its own zone.
func (t Time) MarshalJSON() ([]byte, error) {
	layout := t.Layout
	if layout == "" {
		layout = time.RFC3339
	}
	return json.Marshal(t.Time.Format(layout))
}

// UnmarshalJSON accepts any RFC 3339 timestamp, so tests can round-trip.
func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	parsed, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("fakegh: bad timestamp %q: %w", s, err)
	}
	t.Time = parsed
	return nil
}

// jobRef locates a job inside the data set.
type jobRef struct {
	repo    *Repo
	run     *Run
	attempt *Attempt
	job     *Job
}

func (d *Dataset) index() map[int64]*jobRef {
	d.indexOnce.Do(func() {
		d.jobs = make(map[int64]*jobRef)
		for _, repo := range d.Repos {
			for _, run := range repo.Runs {
				for _, att := range run.Attempts {
					for _, job := range att.Jobs {
						d.jobs[job.ID] = &jobRef{repo, run, att, job}
					}
				}
			}
		}
	})
	return d.jobs
}

// Repo finds a repository; owner and name compare case-insensitively, as on
// GitHub.
func (d *Dataset) Repo(owner, name string) *Repo {
	for _, r := range d.Repos {
		if strings.EqualFold(r.Owner, owner) && strings.EqualFold(r.Name, name) {
			return r
		}
	}
	return nil
}

// Job finds a job by id in any repository.
func (d *Dataset) Job(id int64) (*Job, bool) {
	ref, ok := d.index()[id]
	if !ok {
		return nil, false
	}
	return ref.job, true
}

// Run finds a run of the repository by id.
func (r *Repo) Run(id int64) *Run {
	for _, run := range r.Runs {
		if run.ID == id {
			return run
		}
	}
	return nil
}

// Attempt returns attempt n (1-based) or nil.
func (r *Run) Attempt(n int) *Attempt {
	if n < 1 || n > len(r.Attempts) {
		return nil
	}
	return r.Attempts[n-1]
}

// AllJobs lists the jobs of every attempt, oldest attempt first.
func (r *Run) AllJobs() []*Job {
	var all []*Job
	for _, att := range r.Attempts {
		all = append(all, att.Jobs...)
	}
	return all
}

// logState says whether a job's log can be downloaded.
type logState int

const (
	logAvailable logState = iota
	logMissing            // unknown job, or not completed yet: 404
	logExpired            // past retention: 410
)

func (d *Dataset) logState(jobID int64) logState {
	ref, ok := d.index()[jobID]
	switch {
	case !ok || ref.job.Status != "completed":
		return logMissing
	case len(ref.job.Steps) == 0 && ref.job.LogBody == nil:
		return logMissing // skipped, or cancelled before a runner took it: nothing ran
	case ref.run.LogsExpired:
		return logExpired
	}
	return logAvailable
}

// utf8BOM starts every single-job log download, as GitHub's often do.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Log returns the body a client downloads for the job's log: a UTF-8
// byte-order mark, then LF-terminated lines "<timestamp> <text>". It is
// generated on demand and is the same on every call. ok is false when the
// download would fail: the job is unknown, not completed yet or never ran
// (404), or its logs expired (410).
func (d *Dataset) Log(jobID int64) (body []byte, ok bool) {
	if d.logState(jobID) != logAvailable {
		return nil, false
	}
	ref := d.index()[jobID]
	if s := ref.job.stream; s != nil { // OpenLog streams it instead
		buf := bytes.NewBuffer(make([]byte, 0, s.size()))
		buf.ReadFrom(s.open()) // a generated log never fails
		return buf.Bytes(), true
	}
	if ref.job.LogBody != nil {
		return append(append([]byte{}, utf8BOM...), ref.job.LogBody...), true
	}
	return append(append([]byte{}, utf8BOM...), renderLog(ref)...), true
}

// OpenLog returns a reader of the body Log would return for the job, and
// false when Log would. A streamed log (see PerfOptions.HugeLogSizes) is
// generated as it is read, in constant memory; others are rendered whole.
func (d *Dataset) OpenLog(jobID int64) (io.ReadSeeker, bool) {
	if d.logState(jobID) != logAvailable {
		return nil, false
	}
	if s := d.index()[jobID].job.stream; s != nil {
		return s.open(), true
	}
	body, ok := d.Log(jobID)
	return bytes.NewReader(body), ok
}

// LogSize returns the length in bytes (BOM included) and the number of
// lines of the job's log, without generating a streamed one; ok is false
// when the log cannot be downloaded.
func (d *Dataset) LogSize(jobID int64) (size, lines int64, ok bool) {
	if d.logState(jobID) != logAvailable {
		return 0, 0, false
	}
	if s := d.index()[jobID].job.stream; s != nil {
		return s.size(), s.lines(), true
	}
	body, _ := d.Log(jobID)
	return int64(len(body)), int64(bytes.Count(body, []byte{'\n'})), true
}
