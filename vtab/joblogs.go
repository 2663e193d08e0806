package vtab

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/actionsql/actionsql/internal/joblog"
)

// job_logs: one row per line of a job's log, streamed from the download.
var _ = declare(&Table{
	Name:  "job_logs",
	Scope: RepoScope,
	Keys:  equalKeys("job_id", "run_id"),
	Needs: []Need{
		{Columns: []string{"job_id"}, Cost: 1e4, Rows: 5000},
		{Columns: []string{"run_id"}, Cost: 1e6, Rows: 100000},
	},
	Example: "WHERE job_id = 123",
	Exact:   []string{"job_id"},
}, logColumns, generateLogs).warmsWith(func(s *Session, q *Query) {
	warmAll(s.logScanParts(context.Background(), q))
})

type logRow struct {
	repo  Repo
	jobID int64
	job   *job // nil when the query reads nothing the log lacks
	line  joblog.Line
}

func (r *logRow) repository() Repo { return r.repo }

var logColumns = columnMap[logRow]{
	"job_id": func(r *logRow) Value { return r.jobID },
	"run_id": func(r *logRow) Value {
		if r.job == nil {
			return nil
		}
		return integerOrNull(r.job.RunID)
	},
	"line":      func(r *logRow) Value { return r.line.Number },
	"timestamp": func(r *logRow) Value { return nullIfEmpty(r.line.Timestamp) },
	"step_number": func(r *logRow) Value {
		if r.line.Step == 0 {
			return nil
		}
		return r.line.Step
	},
	"level":   func(r *logRow) Value { return nullIfEmpty(r.line.Level) },
	"content": func(r *logRow) Value { return r.line.Content },
	"raw":     func(r *logRow) Value { return r.line.Raw },
}

func nullIfEmpty(s string) Value {
	if s == "" {
		return nil
	}
	return s
}

// logTarget is one job whose log a scan reads.
type logTarget struct {
	repo  Repo
	jobID int64
	job   *job
	logReads
}

// logReads is what a scan reads beyond the lines themselves, so that it
// fetches and computes no more.
type logReads struct {
	needJob bool          // the job object: for run_id, and the steps of step_number
	steps   bool          // step_number: attribute each line to its step
	detail  joblog.Detail // how much of each line the scan reads
}

func readsOf(q *Query) logReads {
	steps := q.Reads("step_number")
	detail := joblog.NumberOnly
	switch {
	case q.Reads("timestamp") || q.Reads("level") || q.Reads("content"):
		detail = joblog.Parsed
	case q.Reads("raw"):
		detail = joblog.RawText
	}
	return logReads{needJob: steps || q.Reads("run_id"), steps: steps, detail: detail}
}

func generateLogs(ctx context.Context, s *Session, q *Query) (func() (*logRow, error), error) {
	return ahead(s.logScanParts(ctx, q), s.readAhead()), nil
}

// logScanParts is one part per job or run whose logs q asks for.
func (s *Session) logScanParts(ctx context.Context, q *Query) []part[*logRow] {
	st := q.st
	var parts []part[*logRow]
	ids, byID := q.Ints("job_id")
	runs, _ := q.Ints("run_id")
	reads := readsOf(q)
	for _, r := range q.Repos {
		if byID {
			for _, id := range ids {
				parts = append(parts, part[*logRow]{
					warm: func() { s.warmJobLog(st, r, id, reads.needJob) },
					rows: func() pull[*logRow] { return s.logOfJob(ctx, st, logTarget{repo: r, jobID: id, logReads: reads}) },
				})
			}
			continue
		}
		for _, run := range runs {
			parts = append(parts, part[*logRow]{
				warm: func() { jobListing(st, r, run, 0, "all").start(st, 1) },
				rows: func() pull[*logRow] { return s.logsOfRun(ctx, st, r, run, reads) },
			})
		}
	}
	return parts
}

// warmJobLog starts fetching what a job's log scan reads: the log, and the
// job when the scan needs it; the log only if the job has one, when the
// job is known (a listing of the statement had it, or the scan needs it).
func (s *Session) warmJobLog(st *statement, r Repo, id int64, needJob bool) {
	o := oneJob(r, id)
	if !needJob {
		if fl := st.fetches.lookup(o.key()); fl == nil || !fl.finished() {
			s.warmLog(st, r, id)
		} else if j, ok := fl.val.(*job); ok && noLogReason(j) == "" {
			s.warmLog(st, r, id)
		}
		return
	}
	startFetch(st.fetches, "job+log:"+o.key(), func(ctx context.Context) (struct{}, error) {
		if j, err := o.get(ctx, st); err == nil && noLogReason(j) == "" {
			s.warmLog(st, r, id)
		}
		return struct{}{}, nil // the scan itself reports what went wrong
	})
}

// logOfJob yields the lines of one job's log.
func (s *Session) logOfJob(ctx context.Context, st *statement, t logTarget) pull[*logRow] {
	missing := s.noteMissingLog(st, t.repo, t.jobID)
	if !t.needJob {
		return s.logLines(ctx, st, t, missing)
	}
	jobs := oneJob(t.repo, t.jobID).rows(ctx, st)
	return flatMap(jobs, func(j *job) pull[*logRow] {
		t.job = j
		if reason := noLogReason(j); reason != "" {
			if !neverLogs(reason) {
				missing(reason) // a skipped job has no log by design: nothing is missing
			}
			return fromSlice[*logRow](nil)
		}
		return s.logLines(ctx, st, t, missing)
	})
}

// noLogReason says why a job has no log to ask for, or "" when it should
// have one: a job writes its log while it runs, and one that never reached
// a runner (skipped, or cancelled while queued) has no steps and no log.
func noLogReason(j *job) string {
	switch {
	case text(j.Status) != "completed":
		return "still running"
	case len(j.Steps) > 0:
		return ""
	case text(j.Conclusion) == "skipped":
		return reasonSkipped
	}
	return reasonNeverStarted
}

// Reasons a job has no log that mean it never will.
const (
	reasonSkipped      = "skipped"
	reasonNeverStarted = "never started"
)

// neverLogs reports whether a job without a log for reason will never have
// one: a run-wide scan says nothing of such jobs, as nothing is missing.
func neverLogs(reason string) bool {
	return reason == reasonSkipped || reason == reasonNeverStarted
}

// logNotFound is the reason a log answered 404: the job has not finished,
// does not exist, or is in a repository the token may not read.
const logNotFound = "not found"

func (s *Session) noteMissingLog(st *statement, r Repo, id int64) func(reason string) {
	return func(reason string) {
		if reason == logNotFound {
			reason += "; " + s.notFoundHint()
		}
		st.note("no log for job %d in %s (%s)", id, r, reason)
	}
}

// logsOfRun yields the logs of every completed job of a run; when some have
// none, one note says how many and why.
func (s *Session) logsOfRun(ctx context.Context, st *statement, r Repo, runID int64, reads logReads) pull[*logRow] {
	var missing missingLogs
	var lines pull[*logRow]
	return func() (*logRow, error) {
		if lines == nil {
			// The whole listing first: the logs are what cost, and knowing
			// every job lets them be fetched ahead of the rows.
			jobs, err := collect(listJobs(ctx, st, 0, r, runID, 0, "all"))
			if err != nil {
				return nil, err
			}
			lines = ahead(s.logParts(ctx, st, r, jobs, reads, &missing), s.readAhead())
		}
		row, err := lines()
		if err == io.EOF && missing.count > 0 {
			hint := ""
			if missing.byReason[logNotFound] > 0 {
				hint = "; " + s.notFoundHint()
			}
			st.note("no log for %d of %d jobs of run %d in %s (%s)%s", missing.count, missing.jobs, runID, r, missing, hint)
		}
		return row, err
	}
}

// logParts is one part per job of a run: its log's lines, or nothing (and a
// count in missing) when it has no log.
func (s *Session) logParts(ctx context.Context, st *statement, r Repo, jobs []*job, reads logReads, missing *missingLogs) []part[*logRow] {
	parts := make([]part[*logRow], 0, len(jobs))
	for _, j := range jobs {
		reason := noLogReason(j)
		if neverLogs(reason) {
			continue // not missing: there was never going to be one
		}
		missing.jobs++
		if reason != "" {
			missing.add(reason)
			continue
		}
		t := logTarget{repo: r, jobID: j.id(), job: j, logReads: reads}
		parts = append(parts, part[*logRow]{
			warm: func() { s.warmLog(st, r, t.jobID) },
			rows: func() pull[*logRow] { return s.logLines(ctx, st, t, missing.add) },
		})
	}
	return parts
}

// missingLogs counts the jobs of a run that have no log, by reason.
type missingLogs struct {
	jobs, count int
	reasons     []string
	byReason    map[string]int
}

func (m *missingLogs) add(reason string) {
	if m.byReason == nil {
		m.byReason = map[string]int{}
	}
	if m.byReason[reason] == 0 {
		m.reasons = append(m.reasons, reason)
	}
	m.byReason[reason]++
	m.count++
}

func (m missingLogs) String() string {
	parts := make([]string, len(m.reasons))
	for i, r := range m.reasons {
		parts[i] = fmt.Sprintf("%s: %d", r, m.byReason[r])
	}
	return strings.Join(parts, ", ")
}

// logLines downloads one log and yields its lines as it reads them. A log
// that is not there (404: not yet, or no such job; 410: expired) yields
// nothing and is reported through missing.
func (s *Session) logLines(ctx context.Context, st *statement, t logTarget, missing func(reason string)) pull[*logRow] {
	var (
		reader *joblog.Reader
		body   io.ReadCloser
		stop   func() bool
		// One row, rewritten for each line: SQLite reads the current row
		// only, and a log has millions of them.
		row = &logRow{repo: t.repo, jobID: t.jobID, job: t.job}
	)
	finish := func() {
		if body != nil {
			stop()
			body.Close()
			body = nil
		}
	}
	return func() (*logRow, error) {
		if reader == nil {
			b, err := s.openLog(ctx, st, t.repo, t.jobID)
			switch {
			case ghapi.IsStatus(err, http.StatusNotFound):
				missing(logNotFound)
				return nil, io.EOF
			case ghapi.IsStatus(err, http.StatusGone):
				missing("expired")
				return nil, io.EOF
			case err != nil:
				return nil, err
			}
			body = b
			stop = context.AfterFunc(ctx, func() { b.Close() })
			opts := joblog.Options{Detail: t.detail}
			if t.steps {
				opts.Steps = stepsOf(t.job)
			}
			reader = joblog.NewReaderOptions(body, opts)
		}
		line, err := reader.Next()
		if err != nil {
			finish()
			if err != io.EOF {
				err = fmt.Errorf("read the log of job %d in %s: %w", t.jobID, t.repo, err)
			}
			return nil, err
		}
		row.line = line
		return row, nil
	}
}

// stepsOf converts a job's steps for attributing its log lines.
func stepsOf(j *job) []joblog.Step {
	if j == nil {
		return nil
	}
	steps := make([]joblog.Step, 0, len(j.Steps))
	for _, st := range j.Steps {
		if st == nil {
			continue
		}
		step := joblog.Step{
			Number:     deref(st.Number),
			Name:       text(st.Name),
			Status:     text(st.Status),
			Conclusion: text(st.Conclusion),
		}
		step.StartedAt, _ = st.StartedAt.parse()
		step.CompletedAt, _ = st.CompletedAt.parse()
		steps = append(steps, step)
	}
	return steps
}
