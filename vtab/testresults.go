package vtab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/actionsql/actionsql/internal/joblog"
	"github.com/actionsql/actionsql/internal/testresults"
)

// test_results: one row per test case result a run reported, read from
// the JUnit files of its artifacts and from its jobs' logs
// (internal/testresults parses both).
var _ = declare(&Table{
	Name:  "test_results",
	Scope: RepoScope,
	Keys: []Key{
		{Column: "run_id", Ops: Equal}, {Column: "job_id", Ops: Equal},
		{Column: "run_attempt", Ops: Equal, Keeps: 0.5}, {Column: "source", Ops: Equal, Keeps: 0.3},
	},
	Needs: []Need{
		{Columns: []string{"run_id"}, Cost: 1e6, Rows: 5000},
		{Columns: []string{"job_id"}, Cost: 1e4, Rows: 500},
	},
	Example: "WHERE run_id = 123",
}, resultColumns, generateResults).warmsWith(func(s *Session, q *Query) {
	warmAll(s.resultParts(context.Background(), q))
})

// resultRow is one result, with where it came from: a job's log (job and
// attempt set) or an artifact.
type resultRow struct {
	repo       Repo
	runID      Value
	attempt    Value
	jobID      Value
	artifactID Value
	testresults.Result
}

func (r *resultRow) repository() Repo { return r.repo }

var resultColumns = columnMap[resultRow]{
	"run_id":      func(r *resultRow) Value { return r.runID },
	"run_attempt": func(r *resultRow) Value { return r.attempt },
	"job_id":      func(r *resultRow) Value { return r.jobID },
	"artifact_id": func(r *resultRow) Value { return r.artifactID },
	"source":      func(r *resultRow) Value { return r.Source },
	"suite":       func(r *resultRow) Value { return nullIfEmpty(r.Suite) },
	"name":        func(r *resultRow) Value { return r.Name },
	"file":        func(r *resultRow) Value { return nullIfEmpty(r.File) },
	"status":      func(r *resultRow) Value { return r.Status },
	"duration_seconds": func(r *resultRow) Value {
		if !r.Timed {
			return nil
		}
		return r.Seconds
	},
	"message": func(r *resultRow) Value { return nullIfEmpty(r.Message) },
}

func generateResults(ctx context.Context, s *Session, q *Query) (func() (*resultRow, error), error) {
	return ahead(s.resultParts(ctx, q), s.readAhead()), nil
}

// sourcesOf says what a scan reads: the artifacts' JUnit files, and the
// log formats, as far as source is constrained. Artifact rows have no job
// and no attempt, so a scan constrained on either reads no artifact.
func sourcesOf(q *Query) (junit bool, logs []string) {
	_, byJob := q.values["job_id"]
	_, byAttempt := q.values["run_attempt"]
	wanted, bySource := q.Texts("source")
	if !bySource {
		return !byJob && !byAttempt, testresults.LogSources
	}
	for _, src := range testresults.LogSources {
		if slices.Contains(wanted, src) {
			logs = append(logs, src)
		}
	}
	return slices.Contains(wanted, testresults.SourceJUnit) && !byJob && !byAttempt, logs
}

// resultParts is one part per job, or per run's artifacts and per run's
// (or attempt's) logs, that q reads.
func (s *Session) resultParts(ctx context.Context, q *Query) []part[*resultRow] {
	st := q.st
	junit, logs := sourcesOf(q)
	ids, byJob := q.Ints("job_id")
	runs, _ := q.Ints("run_id")
	attempts, byAttempt := q.Ints("run_attempt")
	if !byAttempt {
		attempts = []int64{0}
	}
	var parts []part[*resultRow]
	for _, r := range q.Repos {
		if byJob {
			for _, id := range ids {
				if len(logs) == 0 {
					break
				}
				t := logTarget{repo: r, jobID: id, logReads: logReads{needJob: true, detail: joblog.Parsed}}
				parts = append(parts, part[*resultRow]{
					warm: func() { s.warmJobLog(st, r, id, true) },
					rows: func() pull[*resultRow] { return resultsOfLog(s.logOfJob(ctx, st, t), r, logs) },
				})
			}
			continue
		}
		for _, run := range runs {
			if junit {
				parts = append(parts, s.junitOfRun(ctx, st, r, run))
			}
			for _, a := range attempts {
				if len(logs) > 0 {
					parts = append(parts, s.logResultsOfRun(ctx, st, r, run, a, logs))
				}
			}
		}
	}
	return parts
}

// resultsOfLog yields the results a job's log printed, as it reads it.
func resultsOfLog(lines pull[*logRow], r Repo, sources []string) pull[*resultRow] {
	parser, err := testresults.NewLogParser(sources...)
	if err != nil {
		panic(err) // sourcesOf names only known sources
	}
	row := &resultRow{repo: r} // rewritten for each result, as SQLite reads only the current one
	ended := false
	return func() (*resultRow, error) {
		for {
			if res, ok := parser.Next(); ok {
				row.Result = res
				return row, nil
			}
			if ended {
				return nil, io.EOF
			}
			line, err := lines()
			switch {
			case err == io.EOF:
				parser.End()
				ended = true
			case err != nil:
				return nil, err
			default:
				if row.jobID == nil {
					row.jobID = line.jobID
					if line.job != nil {
						row.runID, row.attempt = integerOrNull(line.job.RunID), integerOrNull(line.job.RunAttempt)
					}
				}
				parser.Line(line.line.Content)
			}
		}
	}
}

// logResultsOfRun reads the logs of a run's jobs (of one attempt when
// attempt > 0), fetched ahead as job_logs fetches them; when some jobs
// have no log, one note says how many and why.
func (s *Session) logResultsOfRun(ctx context.Context, st *statement, r Repo, runID, attempt int64, sources []string) part[*resultRow] {
	reads := logReads{needJob: true, detail: joblog.Parsed}
	rows := func() pull[*resultRow] {
		var missing missingLogs
		var results pull[*resultRow]
		return func() (*resultRow, error) {
			if results == nil {
				jobs, err := collect(listJobs(ctx, st, 0, r, runID, attempt, "all"))
				if err != nil {
					return nil, err
				}
				var parts []part[*resultRow]
				for _, p := range s.logParts(ctx, st, r, jobs, reads, &missing) {
					parts = append(parts, part[*resultRow]{warm: p.warm,
						rows: func() pull[*resultRow] { return resultsOfLog(p.rows(), r, sources) }})
				}
				results = ahead(parts, s.readAhead())
			}
			row, err := results()
			if err == io.EOF && missing.count > 0 {
				hint := ""
				if missing.byReason[logNotFound] > 0 {
					hint = "; " + s.notFoundHint()
				}
				st.note("no test results from the logs of %d of %d jobs of run %d in %s (%s)%s", missing.count, missing.jobs, runID, r, missing, hint)
			}
			return row, err
		}
	}
	return part[*resultRow]{warm: func() { jobListing(st, r, runID, attempt, "all").start(st, 1) }, rows: rows}
}

// runArtifacts is the listing of a run's artifacts.
func runArtifacts(r Repo, runID int64) listing[artifact] {
	return listing[artifact]{Request: Request{Path: r.path("/actions/runs/%d/artifacts", runID), Items: "artifacts",
		Subject: fmt.Sprintf("run %d", runID), Check: checkRunID, Repo: r}, id: func(a *artifact) int64 { return deref(a.ID) }}
}

// junitOfRun reads the JUnit files of a run's artifacts: the listing
// first, then every artifact's zip, downloaded ahead of the one read. One
// note says how many had expired.
func (s *Session) junitOfRun(ctx context.Context, st *statement, r Repo, runID int64) part[*resultRow] {
	l := runArtifacts(r, runID)
	rows := func() pull[*resultRow] {
		var results pull[*resultRow]
		expired, listed := 0, 0
		return func() (*resultRow, error) {
			if results == nil {
				arts, err := collect(l.rows(ctx, st, 0))
				if err != nil {
					return nil, err
				}
				var parts []part[*resultRow]
				for _, a := range arts {
					src := artifactSource{repo: r, runID: runID, id: deref(a.ID), name: text(a.Name)}
					listed++
					if a.Expired != nil && *a.Expired {
						expired++
						continue
					}
					parts = append(parts, part[*resultRow]{
						warm: func() { s.artifactZip(st, src) },
						rows: func() pull[*resultRow] { return s.resultsOfArtifact(ctx, st, src) },
					})
				}
				results = ahead(parts, s.readAhead())
			}
			row, err := results()
			if err == io.EOF && expired > 0 {
				st.note("no test results from %d of %d artifacts of run %d in %s (expired: %d)", expired, listed, runID, r, expired)
			}
			return row, err
		}
	}
	return part[*resultRow]{warm: func() { l.start(st, 1) }, rows: rows}
}

// artifactSource names an artifact of a run, for its rows and notes.
type artifactSource struct {
	repo  Repo
	runID int64
	id    int64
	name  string
}

func (a artifactSource) String() string {
	return fmt.Sprintf("artifact %d (%s) of run %d in %s", a.id, a.name, a.runID, a.repo)
}

// artifactZip downloads an artifact's zip into a file of the statement,
// once: a zip is read from its end (its directory), so it is read from a
// file, never held in memory. The flight's value is the file's path.
func (s *Session) artifactZip(st *statement, a artifactSource) *flight {
	return startFetch(st.fetches, "zip:"+idKey(a.repo, a.id), func(ctx context.Context) (string, error) {
		body, err := s.Client().OpenArtifact(ctx, a.repo.Owner, a.repo.Name, a.id)
		if err != nil {
			return "", err
		}
		defer body.Close()
		sp, err := st.newSpool("zip:" + idKey(a.repo, a.id))
		if err != nil {
			return "", fmt.Errorf("download %s: %w", a, err)
		}
		if _, err := io.Copy(sp, body); err != nil {
			sp.Abort()
			return "", fmt.Errorf("download %s: %w", a, err)
		}
		if err := sp.Commit(); err != nil {
			return "", fmt.Errorf("download %s: %w", a, err)
		}
		return sp.Name(), nil
	})
}

// resultsOfArtifact yields the results of every JUnit file in an
// artifact. One that is gone (expired since it was listed, or deleted) or
// is not a zip gives a note, and so does each file that is not
// well-formed XML. A well-formed XML file that is not JUnit (a coverage
// report beside the reports) is routine: it is named in a note only when
// the artifact gave no result at all, to say why.
func (s *Session) resultsOfArtifact(ctx context.Context, st *statement, a artifactSource) pull[*resultRow] {
	var (
		archive *testresults.Archive
		file    *os.File
		stop    func() bool
		row     = &resultRow{repo: a.repo, runID: a.runID, artifactID: a.id}
		results int
		other   []string // XML files that are not JUnit reports
	)
	open := func() error {
		v, err := s.artifactZip(st, a).wait(ctx)
		switch {
		case ghapi.IsStatus(err, http.StatusGone):
			st.note("%s expired: its test results are gone", a)
			return io.EOF
		case ghapi.IsStatus(err, http.StatusNotFound):
			st.note("%s is not there any more (deleted?): no test results from it", a)
			return io.EOF
		case err != nil:
			return err
		}
		if file, err = os.Open(v.(string)); err != nil {
			return fmt.Errorf("read %s: %w", a, err)
		}
		stop = context.AfterFunc(ctx, func() { file.Close() })
		info, err := file.Stat()
		if err == nil {
			archive, err = testresults.OpenArchive(file, info.Size())
		}
		if err != nil {
			st.note("%s: %v: no test results from it", a, err)
			return io.EOF
		}
		archive.Skipped = func(name string, why error) {
			if errors.Is(why, testresults.ErrNotJUnit) {
				other = append(other, fmt.Sprintf("%s (%v)", name, why))
				return
			}
			st.note("%s: skipped %s: %v", a, name, why)
		}
		return nil
	}
	done := func(err error) (*resultRow, error) {
		if file != nil {
			stop()
			file.Close()
			file = nil
		}
		if err != io.EOF {
			return nil, fmt.Errorf("read %s: %w", a, err)
		}
		if results == 0 && len(other) > 0 {
			st.note("%s holds no JUnit report: %s", a, strings.Join(other, "; "))
		}
		return nil, err
	}
	return func() (*resultRow, error) {
		if archive == nil {
			if err := open(); err != nil {
				if err == io.EOF {
					return done(err)
				}
				return nil, err
			}
		}
		res, err := archive.Next()
		if err != nil {
			return done(err)
		}
		row.Result = res
		results++
		return row, nil
	}
}
