package vtab

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// annotations: the check-run annotations of a job (its check run has the
// job's id).
var _ = declare(&Table{
	Name: "annotations",
	Keys: equalKeys("owner", "repo", "job_id"),
	Needs: []Need{
		{Columns: []string{"job_id"}, Cost: 10, Rows: 3},
	},
	Example: "WHERE job_id = 123",
}, annotationColumns, generateAnnotations)

type jobAnnotation struct {
	repo  Repo
	jobID int64
	a     *ghapi.Annotation
}

var annotationColumns = columnMap[jobAnnotation]{
	"owner":            func(r *jobAnnotation) Value { return r.repo.Owner },
	"repo":             func(r *jobAnnotation) Value { return r.repo.Name },
	"job_id":           func(r *jobAnnotation) Value { return r.jobID },
	"path":             func(r *jobAnnotation) Value { return text(r.a.Path) },
	"start_line":       func(r *jobAnnotation) Value { return small(r.a.StartLine) },
	"end_line":         func(r *jobAnnotation) Value { return small(r.a.EndLine) },
	"start_column":     func(r *jobAnnotation) Value { return small(r.a.StartColumn) },
	"end_column":       func(r *jobAnnotation) Value { return small(r.a.EndColumn) },
	"annotation_level": func(r *jobAnnotation) Value { return text(r.a.AnnotationLevel) },
	"title":            func(r *jobAnnotation) Value { return text(r.a.Title) },
	"message":          func(r *jobAnnotation) Value { return text(r.a.Message) },
	"raw_details":      func(r *jobAnnotation) Value { return text(r.a.RawDetails) },
}

func generateAnnotations(ctx context.Context, s *Session, q *Query) (func() (*jobAnnotation, error), error) {
	st := q.st
	ids, _ := q.Ints("job_id")
	var parts []part[*jobAnnotation]
	for _, r := range q.Repos {
		for _, id := range ids {
			p := s.annotationPager(r, id)
			parts = append(parts, part[*jobAnnotation]{
				warm: func() { p.startPages(st.fetches, 1, 1) },
				rows: func() pull[*jobAnnotation] { return s.annotationsOf(ctx, st, r, id, p) },
			})
		}
	}
	if len(parts) == 1 {
		s.readAheadAnnotations(st, q.Repos[0], ids[0])
	}
	return ahead(parts, s.readAhead()), nil
}

// annotationPager reads the pages of a job's annotations; the endpoint
// gives no total, so pages follow their next links.
func (s *Session) annotationPager(r Repo, id int64) pager[*ghapi.Annotation] {
	return pager[*ghapi.Annotation]{
		key:     func(n int) string { return fmt.Sprintf("annotations:%s?page=%d", jobKey(r, id), n) },
		perPage: jobsPerPage,
		fetch: func(ctx context.Context, n int) (page[*ghapi.Annotation], error) {
			p, err := s.Client().ListAnnotationsPage(ctx, r.Owner, r.Name, id, n)
			if err != nil {
				return page[*ghapi.Annotation]{}, err
			}
			return page[*ghapi.Annotation]{items: p.Annotations, next: p.NextPage}, nil
		},
	}
}

// annotationsOf yields a job's annotations, nothing (and a note) when the
// job does not exist.
func (s *Session) annotationsOf(ctx context.Context, st *statement, r Repo, id int64, p pager[*ghapi.Annotation]) pull[*jobAnnotation] {
	anns := listing(ctx, st.fetches, p)
	first := true
	return func() (*jobAnnotation, error) {
		a, err := anns()
		if first && ghapi.IsStatus(err, http.StatusNotFound) {
			st.note("job %d not found in %s%s", id, r, s.hintIf(true))
			return nil, io.EOF
		}
		first = false
		if err != nil {
			return nil, err
		}
		return &jobAnnotation{r, id, a}, nil
	}
}

// readAheadAnnotations is the join's read-ahead: when the job asked for is
// one an outer scan of this statement listed, the annotations of the jobs
// listed after it are fetched meanwhile.
func (s *Session) readAheadAnnotations(st *statement, r Repo, id int64) {
	for _, next := range st.seen.after(jobKey(r, id), s.readAhead()) {
		s.annotationPager(next.repo, next.job.GetID()).startPages(st.fetches, 1, 1)
	}
}
