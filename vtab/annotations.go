package vtab

import "fmt"

// annotations: the check-run annotations of a job (its check run has the
// job's id).
var _ = declareEndpoint(&Table{
	Name:  "annotations",
	Scope: RepoScope,
	Keys:  equalKeys("job_id"),
	Needs: []Need{
		{Columns: []string{"job_id"}, Cost: 10, Rows: 3},
	},
	Example: "WHERE job_id = 123",
}, columnMap[annotation]{
	"job_id": func(a *annotation) Value { return a.jobID },
}, annotationRequests)

// annotation is a check-run annotation as the API returns it.
type annotation struct {
	repoRow
	jobID           int64   // the job (check run) whose listing it came from
	Path            *string `json:"path"`
	StartLine       *int64  `json:"start_line"`
	EndLine         *int64  `json:"end_line"`
	StartColumn     *int64  `json:"start_column"`
	EndColumn       *int64  `json:"end_column"`
	AnnotationLevel *string `json:"annotation_level"`
	Title           *string `json:"title"`
	Message         *string `json:"message"`
	RawDetails      *string `json:"raw_details"`
}

func annotationRequests(q *Query, r Repo) []fetch[annotation] {
	ids, _ := q.Ints("job_id")
	fetches := make([]fetch[annotation], len(ids))
	for i, id := range ids {
		fetches[i] = annotationsOf(r, id)
	}
	return fetches
}

// annotationsOf is the listing of a job's annotations. The endpoint gives
// no total: its pages follow their next links.
func annotationsOf(r Repo, jobID int64) fetch[annotation] {
	f := list[annotation](Request{Path: r.path("/check-runs/%d/annotations", jobID), Repo: r,
		Subject: fmt.Sprintf("job %d", jobID), Check: checkJobID}, nil)
	f.list.fetched = func(items []*annotation) {
		for _, a := range items {
			a.jobID = jobID
		}
	}
	return f
}
