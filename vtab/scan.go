package vtab

import (
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/google/go-github/v92/github"
)

// pull yields a scan's items one at a time, io.EOF at the end.
type pull[T any] func() (T, error)

// chain yields the items of each part in turn, starting a part only when the
// one before it is exhausted, so a LIMIT never pays for parts it stops short of.
func chain[T any](parts []func() pull[T]) pull[T] {
	var current pull[T]
	return func() (T, error) {
		for {
			if current == nil {
				if len(parts) == 0 {
					var zero T
					return zero, io.EOF
				}
				current, parts = parts[0](), parts[1:]
			}
			item, err := current()
			if err != io.EOF {
				return item, err
			}
			current = nil
		}
	}
}

// fromSlice yields the items of a slice.
func fromSlice[T any](items []T) pull[T] {
	return func() (T, error) {
		if len(items) == 0 {
			var zero T
			return zero, io.EOF
		}
		item := items[0]
		items = items[1:]
		return item, nil
	}
}

// each maps every item of p through f.
func each[T, U any](p pull[T], f func(T) U) pull[U] {
	return func() (U, error) {
		item, err := p()
		if err != nil {
			var zero U
			return zero, err
		}
		return f(item), nil
	}
}

// flatMap yields, for each item of p, the items of f(item).
func flatMap[T, U any](p pull[T], f func(T) pull[U]) pull[U] {
	var inner pull[U]
	return func() (U, error) {
		for {
			if inner == nil {
				item, err := p()
				if err != nil {
					var zero U
					return zero, err
				}
				inner = f(item)
			}
			u, err := inner()
			if err != io.EOF {
				return u, err
			}
			inner = nil
		}
	}
}

// listJobs yields the jobs of a listing, reading each page only when the
// rows before it are consumed. A run that does not exist yields nothing and
// leaves a note.
func (s *Session) listJobs(ctx context.Context, l ghapi.JobListing) pull[*ghapi.Job] {
	page, next := 1, 1
	var buf []*ghapi.Job
	return func() (*ghapi.Job, error) {
		for len(buf) == 0 {
			if next == 0 {
				return nil, io.EOF
			}
			p, err := s.jobsPage(ctx, l, next)
			if ghapi.IsStatus(err, http.StatusNotFound) && page == 1 {
				s.noteOnce("%s not found in %s/%s%s", l.Subject(), l.Owner, l.Repo, s.hintIf(true))
				return nil, io.EOF
			}
			if err != nil {
				return nil, err
			}
			buf, next, page = p.Jobs, p.NextPage, page+1
		}
		j := buf[0]
		buf = buf[1:]
		return j, nil
	}
}

// jobByID yields the job, or nothing (and a note) when it does not exist.
func (s *Session) jobByID(ctx context.Context, r Repo, id int64) pull[*ghapi.Job] {
	done := false
	return func() (*ghapi.Job, error) {
		if done {
			return nil, io.EOF
		}
		done = true
		j, err := s.job(ctx, r, id)
		if ghapi.IsStatus(err, http.StatusNotFound) {
			s.noteOnce("job %d not found in %s%s", id, r, s.hintIf(true))
			return nil, io.EOF
		}
		return j, err
	}
}

// jobsOf yields the jobs a query names: by id when it constrains one, else
// the jobs of its runs (one attempt's when run_attempt is constrained).
func (s *Session) jobsOf(ctx context.Context, q *Query, idColumn string, filters []string) pull[repoJob] {
	var parts []func() pull[repoJob]
	add := func(r Repo, p func() pull[*ghapi.Job]) {
		parts = append(parts, func() pull[repoJob] {
			return each(p(), func(j *ghapi.Job) repoJob { return repoJob{r, j} })
		})
	}
	ids, byID := q.Ints(idColumn)
	runs, _ := q.Ints("run_id")
	attempts, byAttempt := q.Ints("run_attempt")
	for _, r := range q.Repos {
		switch {
		case byID:
			for _, id := range ids {
				add(r, func() pull[*ghapi.Job] { return s.jobByID(ctx, r, id) })
			}
		case byAttempt:
			for _, run := range runs {
				for _, a := range attempts {
					l := ghapi.JobListing{Owner: r.Owner, Repo: r.Name, RunID: run, Attempt: a}
					add(r, func() pull[*ghapi.Job] { return s.listJobs(ctx, l) })
				}
			}
		default:
			for _, run := range runs {
				for _, f := range filters {
					l := ghapi.JobListing{Owner: r.Owner, Repo: r.Name, RunID: run, Filter: f}
					add(r, func() pull[*ghapi.Job] { return s.listJobs(ctx, l) })
				}
			}
		}
	}
	return chain(parts)
}

// repoJob is a job with the repository the query named it by.
type repoJob struct {
	repo Repo
	job  *ghapi.Job
}

// Value helpers: the API's optional fields become SQL NULL when absent.

func text(p *string) Value {
	if p == nil {
		return nil
	}
	return *p
}

func integer(p *int64) Value {
	if p == nil {
		return nil
	}
	return *p
}

// timestamp formats t in UTC with second precision, as every table does.
func timestamp(t *github.Timestamp) Value {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

// seconds is to - from in whole seconds, NULL when either is unknown.
func seconds(from, to *github.Timestamp) Value {
	if from == nil || to == nil || from.IsZero() || to.IsZero() {
		return nil
	}
	return to.Unix() - from.Unix()
}

func jsonList(items []string) Value {
	if items == nil {
		items = []string{}
	}
	b, err := json.Marshal(items)
	if err != nil {
		return nil
	}
	return string(b)
}
