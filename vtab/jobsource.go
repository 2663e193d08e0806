package vtab

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// jobsPerPage is the most jobs the list endpoints return per page.
const jobsPerPage = 100

func jobKey(r Repo, id int64) string {
	return strings.ToLower(r.String()) + "#" + fmt.Sprint(id)
}

func listingKey(l ghapi.JobListing) string {
	return strings.ToLower(fmt.Sprintf("jobs:%s/%s#%d@%d/%s", l.Owner, l.Repo, l.RunID, l.Attempt, l.Filter))
}

// jobPager reads a job listing's pages; the jobs on them are kept for the
// statement, so that reading one of them by id later costs no request.
func (s *Session) jobPager(st *statement, l ghapi.JobListing) pager[*ghapi.Job] {
	r := Repo{l.Owner, l.Repo}
	return pager[*ghapi.Job]{
		id:      (*ghapi.Job).GetID,
		key:     func(n int) string { return fmt.Sprintf("%s?page=%d", listingKey(l), n) },
		perPage: jobsPerPage,
		fetch: func(ctx context.Context, n int) (page[*ghapi.Job], error) {
			p, err := s.Client().ListJobsPage(ctx, l, n)
			if err != nil {
				return page[*ghapi.Job]{}, err
			}
			for _, j := range p.Jobs {
				st.fetches.put("job:"+jobKey(r, j.GetID()), j)
			}
			return page[*ghapi.Job]{items: p.Jobs, total: p.Total, next: p.NextPage}, nil
		},
	}
}

// listJobs yields the jobs of a listing in the API's order, and records
// each page's jobs in the statement's sequence as the scan reaches it, for
// inner scans of a join to read ahead of. A run that does not exist yields
// nothing and leaves a note.
func (s *Session) listJobs(ctx context.Context, st *statement, l ghapi.JobListing) pull[*ghapi.Job] {
	r := Repo{l.Owner, l.Repo}
	p := s.jobPager(st, l)
	p.taken = func(jobs []*ghapi.Job) {
		for _, j := range jobs {
			st.seen.add(repoJob{r, j})
		}
	}
	jobs := listing(ctx, st.fetches, p)
	first := true
	return func() (*ghapi.Job, error) {
		j, err := jobs()
		if first && ghapi.IsStatus(err, http.StatusNotFound) {
			s.noteListingNotFound(ctx, st, l)
			return nil, io.EOF
		}
		first = false
		return j, err
	}
}

// warmListing starts fetching a listing's first page in the background.
func (s *Session) warmListing(st *statement, l ghapi.JobListing) {
	p := s.jobPager(st, l)
	startFetch(st.fetches, p.key(1), func(ctx context.Context) (page[*ghapi.Job], error) { return p.fetch(ctx, 1) })
}

// job reads one job, at most once per statement, and not at all when a
// listing of this statement already had it.
func (s *Session) job(ctx context.Context, st *statement, r Repo, id int64) (*ghapi.Job, error) {
	return fetchOnce(ctx, st.fetches, "job:"+jobKey(r, id), s.jobFetch(r, id))
}

func (s *Session) jobFetch(r Repo, id int64) func(context.Context) (*ghapi.Job, error) {
	return func(ctx context.Context) (*ghapi.Job, error) {
		return s.Client().GetJob(ctx, r.Owner, r.Name, id)
	}
}

// warmJob starts reading a job in the background.
func (s *Session) warmJob(st *statement, r Repo, id int64) {
	startFetch(st.fetches, "job:"+jobKey(r, id), s.jobFetch(r, id))
}

// jobByID yields the job, or nothing (and a note) when it does not exist.
func (s *Session) jobByID(ctx context.Context, st *statement, r Repo, id int64) pull[*ghapi.Job] {
	done := false
	return func() (*ghapi.Job, error) {
		if done {
			return nil, io.EOF
		}
		done = true
		j, err := s.job(ctx, st, r, id)
		if ghapi.IsStatus(err, http.StatusNotFound) {
			s.noteNotFound(ctx, st, r, fmt.Sprintf("job %d", id), checkJobID)
			return nil, io.EOF
		}
		return j, err
	}
}

// jobsOf yields the jobs a query names: by id when it constrains one, else
// the jobs of its runs (one attempt's when run_attempt is constrained).
// The requests for the runs or jobs named are fetched ahead of the rows
// (Session.readAhead), the client bounding how many are in flight.
func (s *Session) jobsOf(ctx context.Context, q *Query, idColumn string, filters []string) pull[repoJob] {
	return ahead(s.jobParts(ctx, q, idColumn, filters), s.readAhead())
}

// jobParts is jobsOf as parts: one per job or listing the query names.
func (s *Session) jobParts(ctx context.Context, q *Query, idColumn string, filters []string) []part[repoJob] {
	st := q.st
	var parts []part[repoJob]
	add := func(r Repo, warm func(), jobs func() pull[*ghapi.Job]) {
		parts = append(parts, part[repoJob]{warm: warm, rows: func() pull[repoJob] {
			return each(jobs(), func(j *ghapi.Job) repoJob { return repoJob{r, j} })
		}})
	}
	addListing := func(r Repo, l ghapi.JobListing) {
		add(r, func() { s.warmListing(st, l) }, func() pull[*ghapi.Job] { return s.listJobs(ctx, st, l) })
	}
	ids, byID := q.Ints(idColumn)
	runs, _ := q.Ints("run_id")
	attempts, byAttempt := q.Ints("run_attempt")
	for _, r := range q.Repos {
		switch {
		case byID:
			for _, id := range ids {
				add(r, func() { s.warmJob(st, r, id) }, func() pull[*ghapi.Job] { return s.jobByID(ctx, st, r, id) })
			}
		case byAttempt:
			for _, run := range runs {
				for _, a := range attempts {
					addListing(r, ghapi.JobListing{Owner: r.Owner, Repo: r.Name, RunID: run, Attempt: a})
				}
			}
		default:
			for _, run := range runs {
				for _, f := range filters {
					addListing(r, ghapi.JobListing{Owner: r.Owner, Repo: r.Name, RunID: run, Filter: f})
				}
			}
		}
	}
	return parts
}
