package fakegh

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The REST endpoints. Paths follow GitHub's documentation; unknown paths
// and methods get GitHub's JSON 404.

func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	handle := func(pattern string, h func(*http.Request) *response) { m.Handle(pattern, s.endpoint(h)) }
	const repo = "GET /repos/{owner}/{repo}/actions"
	handle(repo+"/runs", s.listRuns)
	handle(repo+"/runs/{run_id}", s.getRun)
	handle(repo+"/runs/{run_id}/attempts/{attempt}", s.getRunAttempt)
	handle(repo+"/runs/{run_id}/jobs", s.listRunJobs)
	handle(repo+"/runs/{run_id}/attempts/{attempt}/jobs", s.listAttemptJobs)
	handle(repo+"/jobs/{job_id}", s.getJob)
	handle(repo+"/jobs/{job_id}/logs", s.jobLogs)
	handle(repo+"/workflows", s.listWorkflows)
	handle(repo+"/workflows/{workflow_id}", s.getWorkflow)
	handle(repo+"/workflows/{workflow_id}/runs", s.listWorkflowRuns)
	handle("GET /repos/{owner}/{repo}/check-runs/{job_id}/annotations", s.listAnnotations)
	handle("GET /repos/{owner}/{repo}", s.getRepo)
	handle("GET /orgs/{org}/repos", s.listOrgRepos)
	handle("GET /users/{username}/repos", s.listUserRepos)
	handle("GET /user/repos", s.listOwnRepos)
	handle("GET /user", s.getAuthenticatedUser)
	handle(repo+"/artifacts", s.listArtifacts)
	handle(repo+"/runs/{run_id}/artifacts", s.listRunArtifacts)
	handle(repo+"/artifacts/{artifact_id}", s.getArtifact)
	handle(repo+"/artifacts/{artifact_id}/{archive_format}", s.downloadArtifact)
	handle(repo+"/caches", s.listCaches)
	handle(repo+"/runners", s.listRepoRunners)
	handle("GET /orgs/{org}/actions/runners", s.listOrgRunners)
	handle("GET /rate_limit", s.rateLimit)
	handle("/", func(*http.Request) *response { return notFound() })
	return m
}

// repoOf resolves {owner}/{repo}. A private repository is invisible to
// callers who may not see it (accounts.go): GitHub answers 404, not 403,
// so as not to reveal it.
func (s *Server) repoOf(r *http.Request) *Repo {
	repo := s.data.Repo(r.PathValue("owner"), r.PathValue("repo"))
	if repo == nil || !s.data.canSee(callerOf(r), repo) {
		return nil
	}
	return repo
}

func pathInt(r *http.Request, name string) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return n, err == nil && n > 0
}

// runOf resolves {owner}/{repo} and {run_id}.
func (s *Server) runOf(r *http.Request) (*Repo, *Run) {
	repo := s.repoOf(r)
	id, ok := pathInt(r, "run_id")
	if repo == nil || !ok {
		return nil, nil
	}
	run := repo.Run(id)
	if run == nil {
		return nil, nil
	}
	return repo, run
}

func (s *Server) attemptOf(r *http.Request) (*Repo, *Run, *Attempt) {
	repo, run := s.runOf(r)
	n, ok := pathInt(r, "attempt")
	if run == nil || !ok || n > int64(len(run.Attempts)) {
		return nil, nil, nil
	}
	return repo, run, run.Attempt(int(n))
}

// jobOf resolves a job id within the requested repository.
func (s *Server) jobOf(r *http.Request) *jobRef {
	repo := s.repoOf(r)
	id, ok := pathInt(r, "job_id")
	if repo == nil || !ok {
		return nil
	}
	ref := s.data.index()[id]
	if ref == nil || ref.repo != repo {
		return nil
	}
	return ref
}

func (s *Server) listRunJobs(r *http.Request) *response {
	_, run := s.runOf(r)
	if run == nil {
		return notFound()
	}
	jobs := run.Latest().Jobs
	if r.URL.Query().Get("filter") == "all" {
		jobs = run.AllJobs()
	}
	return s.jobsPage(r, jobs)
}

func (s *Server) listAttemptJobs(r *http.Request) *response {
	_, _, att := s.attemptOf(r)
	if att == nil {
		return notFound()
	}
	return s.jobsPage(r, att.Jobs)
}

// jobsList is the body of the list-jobs endpoints.
type jobsList struct {
	TotalCount int    `json:"total_count"`
	Jobs       []*Job `json:"jobs"`
}

func (s *Server) jobsPage(r *http.Request, jobs []*Job) *response {
	lo, hi, link := s.paginate(r, len(jobs))
	page := make([]*Job, 0, hi-lo)
	for _, j := range jobs[lo:hi] {
		page = append(page, jobView(j))
	}
	return withLink(jsonResponse(jobsList{TotalCount: len(jobs), Jobs: page}), link)
}

func (s *Server) getJob(r *http.Request) *response {
	ref := s.jobOf(r)
	if ref == nil {
		return notFound()
	}
	return jsonResponse(jobView(ref.job))
}

const jobLogsDocs = docsURL + "/actions/workflow-jobs#download-job-logs-for-a-workflow-run"

// jobLogs redirects to a short-lived signed URL on the blob host, as
// GitHub does. Logs of a job still running do not exist yet (404); logs
// past retention are gone (410, with GitHub's own odd "Server Error").
func (s *Server) jobLogs(r *http.Request) *response {
	ref := s.jobOf(r)
	if ref == nil {
		return notFound()
	}
	switch s.data.logState(ref.job.ID) {
	case logMissing:
		return errorResponse(http.StatusNotFound, "Not Found", jobLogsDocs)
	case logExpired:
		return errorResponse(http.StatusGone, "Server Error", jobLogsDocs)
	}
	h := http.Header{}
	h.Set("Location", s.signedLogURL(ref.job.ID))
	return &response{status: http.StatusFound, header: h}
}

// runsList is the body of the list-runs endpoints.
type runsList struct {
	TotalCount   int      `json:"total_count"`
	WorkflowRuns []object `json:"workflow_runs"`
}

func (s *Server) listRuns(r *http.Request) *response {
	repo := s.repoOf(r)
	if repo == nil {
		return notFound()
	}
	return s.runsPage(r, repo, repo.Runs)
}

func (s *Server) listWorkflowRuns(r *http.Request) *response {
	repo, wf := s.workflowOf(r)
	if wf == nil {
		return notFound()
	}
	var runs []*Run
	for _, run := range repo.Runs {
		if run.Workflow == wf {
			runs = append(runs, run)
		}
	}
	return s.runsPage(r, repo, runs)
}

func (s *Server) runsPage(r *http.Request, repo *Repo, runs []*Run) *response {
	keep, resp := runFilter(r.URL.Query())
	if resp != nil {
		return resp
	}
	var matched []*Run
	for _, run := range runs {
		if keep(run) {
			matched = append(matched, run)
		}
	}
	// A filtered search stops at 1,000 runs; total_count still says how
	// many matched.
	reachable := matched
	if runSearchCapped(r.URL.Query()) && len(reachable) > runSearchCap {
		reachable = reachable[:runSearchCap]
	}
	lo, hi, link := s.paginate(r, len(reachable))
	page := []object{}
	for _, run := range reachable[lo:hi] {
		view := runView(repo, run, run.Latest())
		if r.URL.Query().Get("exclude_pull_requests") == "true" {
			view = withField(view, "pull_requests", []object{})
		}
		page = append(page, view)
	}
	return withLink(jsonResponse(runsList{TotalCount: len(matched), WorkflowRuns: page}), link)
}

// runSearchCap is the most runs a filtered run listing serves.
const runSearchCap = 1000

// runSearchCapped reports whether the query uses a parameter that makes
// the listing a search, capped at runSearchCap.
func runSearchCapped(q url.Values) bool {
	for _, p := range []string{"actor", "branch", "check_suite_id", "created", "event", "head_sha", "status"} {
		if q.Get(p) != "" {
			return true
		}
	}
	return false
}

func withField(o object, key string, value any) object {
	out := append(object(nil), o...)
	for i := range out {
		if out[i].key == key {
			out[i].value = value
		}
	}
	return out
}

func (s *Server) getRun(r *http.Request) *response {
	repo, run := s.runOf(r)
	if run == nil {
		return notFound()
	}
	return jsonResponse(runView(repo, run, run.Latest()))
}

func (s *Server) getRunAttempt(r *http.Request) *response {
	repo, run, att := s.attemptOf(r)
	if att == nil {
		return notFound()
	}
	return jsonResponse(runView(repo, run, att))
}

// workflowsList is the body of the list-workflows endpoint.
type workflowsList struct {
	TotalCount int         `json:"total_count"`
	Workflows  []*Workflow `json:"workflows"`
}

func (s *Server) listWorkflows(r *http.Request) *response {
	repo := s.repoOf(r)
	if repo == nil {
		return notFound()
	}
	lo, hi, link := s.paginate(r, len(repo.Workflows))
	page := append([]*Workflow{}, repo.Workflows[lo:hi]...)
	return withLink(jsonResponse(workflowsList{TotalCount: len(repo.Workflows), Workflows: page}), link)
}

// workflowOf resolves {workflow_id}: a numeric id or the file name
// ("ci.yml"), as GitHub accepts both.
func (s *Server) workflowOf(r *http.Request) (*Repo, *Workflow) {
	repo := s.repoOf(r)
	if repo == nil {
		return nil, nil
	}
	key := r.PathValue("workflow_id")
	for _, wf := range repo.Workflows {
		if strconv.FormatInt(wf.ID, 10) == key || wf.Path[strings.LastIndex(wf.Path, "/")+1:] == key {
			return repo, wf
		}
	}
	return nil, nil
}

func (s *Server) getWorkflow(r *http.Request) *response {
	_, wf := s.workflowOf(r)
	if wf == nil {
		return notFound()
	}
	return jsonResponse(wf)
}

// rateLimit reports the caller's budget; asking does not spend it.
func (s *Server) rateLimit(r *http.Request) *response {
	s.mu.Lock()
	q := *s.quotaOf(callerOf(r))
	s.mu.Unlock()
	core := object{{"limit", q.limit}, {"used", q.used}, {"remaining", max(q.limit-q.used, 0)}, {"reset", q.reset.Unix()}}
	search := object{{"limit", 10}, {"used", 0}, {"remaining", 10}, {"reset", s.now().Add(time.Minute).Unix()}}
	return jsonResponse(object{
		{"resources", object{{"core", core}, {"search", search}}},
		{"rate", core},
	})
}
