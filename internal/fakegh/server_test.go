package fakegh

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestJobsPagination(t *testing.T) {
	s := startServer(t, Options{})
	base := s.URL() + jobsPath(MonorepoRepo, BigRunID)
	host := strings.TrimPrefix(s.URL(), "http://")
	link := func(query string, page int) string {
		return fmt.Sprintf("<http://%s%s?%spage=%d>", host, jobsPath(MonorepoRepo, BigRunID), query, page)
	}
	tests := []struct {
		name      string
		query     string
		wantJobs  int
		wantLinks []string // exact Link header parts, in order
	}{
		{"default per_page is 30", "", 30,
			[]string{link("", 2) + `; rel="next"`, link("", 8) + `; rel="last"`}},
		{"first of three pages", "?per_page=100", 100,
			[]string{link("per_page=100&", 2) + `; rel="next"`, link("per_page=100&", 3) + `; rel="last"`}},
		{"middle page", "?per_page=100&page=2", 100,
			[]string{link("per_page=100&", 1) + `; rel="prev"`, link("per_page=100&", 3) + `; rel="next"`,
				link("per_page=100&", 3) + `; rel="last"`, link("per_page=100&", 1) + `; rel="first"`}},
		{"last page", "?per_page=100&page=3", 30,
			[]string{link("per_page=100&", 2) + `; rel="prev"`, link("per_page=100&", 1) + `; rel="first"`}},
		{"page first keeps query order", "?page=2&per_page=100", 100,
			[]string{fmt.Sprintf("<http://%s%s?page=1&per_page=100>; rel=\"prev\"", host, jobsPath(MonorepoRepo, BigRunID))}},
		{"per_page above 100 is clamped", "?per_page=500", 100,
			[]string{link("per_page=500&", 2) + `; rel="next"`, link("per_page=500&", 3) + `; rel="last"`}},
		{"beyond the last page is empty", "?per_page=100&page=9", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, base+tt.query)
			wantStatus(t, resp, body, http.StatusOK)
			var page jobsPage
			decode(t, body, &page)
			if page.TotalCount != BigRunJobCount || len(page.Jobs) != tt.wantJobs {
				t.Fatalf("total_count %d, %d jobs; want %d, %d", page.TotalCount, len(page.Jobs), BigRunJobCount, tt.wantJobs)
			}
			got := strings.Split(resp.Header.Get("Link"), ", ")
			for _, want := range tt.wantLinks {
				if !slices.Contains(got, want) {
					t.Errorf("Link %q lacks %q", resp.Header.Get("Link"), want)
				}
			}
			if len(tt.wantLinks) > 0 && len(got) != len(tt.wantLinks) && tt.name != "page first keeps query order" {
				t.Errorf("Link has %d parts, want %d: %q", len(got), len(tt.wantLinks), got)
			}
		})
	}
}

func TestJobsPaginationWalksEveryJobOnce(t *testing.T) {
	s := startServer(t, Options{})
	_, run := findRun(t, BigRunID)
	var got []int64
	next := s.URL() + jobsPath(MonorepoRepo, BigRunID) + "?per_page=100"
	linkNext := regexp.MustCompile(`<([^>]+)>; rel="next"`)
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("more than 3 pages")
		}
		resp, body := fetch(t, next)
		var page jobsPage
		decode(t, body, &page)
		for _, j := range page.Jobs {
			got = append(got, j.ID)
		}
		next = ""
		if m := linkNext.FindStringSubmatch(resp.Header.Get("Link")); m != nil {
			next = m[1]
		}
	}
	var want []int64
	for _, j := range run.Latest().Jobs {
		want = append(want, j.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("walked %d jobs, want the run's %d in id order", len(got), len(want))
	}
}

func TestJobsFilterAndAttempts(t *testing.T) {
	s := startServer(t, Options{})
	tests := []struct {
		path      string
		wantCount int
		attempts  []int // distinct run_attempt values, in order
	}{
		{jobsPath(DemoRepo, FlakyRunID), 9, []int{2}},
		{jobsPath(DemoRepo, FlakyRunID) + "?filter=latest", 9, []int{2}},
		{jobsPath(DemoRepo, FlakyRunID) + "?filter=all", 18, []int{1, 2}},
		{jobsPath(DemoRepo, ThreeAttemptRunID) + "?filter=all", 27, []int{1, 2, 3}},
		{"/repos/" + DemoRepo + "/actions/runs/" + itoa64(FlakyRunID) + "/attempts/1/jobs", 9, []int{1}},
		{"/repos/" + DemoRepo + "/actions/runs/" + itoa64(ThreeAttemptRunID) + "/attempts/2/jobs", 9, []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := fetch(t, s.URL()+tt.path)
			wantStatus(t, resp, body, http.StatusOK)
			var page jobsPage
			decode(t, body, &page)
			var attempts []int
			for _, j := range page.Jobs {
				if len(attempts) == 0 || attempts[len(attempts)-1] != j.RunAttempt {
					attempts = append(attempts, j.RunAttempt)
				}
			}
			if page.TotalCount != tt.wantCount || len(page.Jobs) != tt.wantCount || !slices.Equal(attempts, tt.attempts) {
				t.Fatalf("total %d, %d jobs, attempts %v; want %d, %v", page.TotalCount, len(page.Jobs), attempts, tt.wantCount, tt.attempts)
			}
		})
	}
	var first jobsPage
	_, body := fetch(t, s.URL()+"/repos/"+DemoRepo+"/actions/runs/"+itoa64(FlakyRunID)+"/attempts/1/jobs")
	decode(t, body, &first)
	failed := slices.IndexFunc(first.Jobs, func(j *Job) bool { return j.ID == FlakyJobID })
	if failed < 0 || *first.Jobs[failed].Conclusion != "failure" {
		t.Fatalf("attempt 1 lacks the failed flaky job %d", FlakyJobID)
	}
}

func TestNotFound(t *testing.T) {
	s := startServer(t, Options{})
	const want = `{"message":"Not Found","documentation_url":"https://docs.github.com/rest","status":"404"}`
	paths := []string{
		"/repos/octo-org/nope/actions/runs/1/jobs",
		jobsPath(DemoRepo, 1),
		jobsPath(DemoRepo, BigRunID), // a run of another repository
		"/repos/" + DemoRepo + "/actions/runs/" + itoa64(FlakyRunID) + "/attempts/3/jobs",
		"/repos/" + DemoRepo + "/actions/runs/" + itoa64(FlakyRunID) + "/attempts/0/jobs",
		"/repos/" + DemoRepo + "/actions/jobs/12345",
		"/repos/" + APIServerRepo + "/actions/jobs/" + itoa64(FlakyJobID),
		"/repos/" + DemoRepo + "/actions/jobs/notanumber",
		"/repos/" + DemoRepo + "/actions/workflows/nope.yml",
		"/no/such/route",
	}
	for _, p := range paths {
		resp, body := fetch(t, s.URL()+p)
		wantStatus(t, resp, body, http.StatusNotFound)
		if string(body) != want || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s: %s %q", p, body, resp.Header.Get("Content-Type"))
		}
	}
	req, _ := http.NewRequest(http.MethodPost, s.URL()+jobsPath(DemoRepo, FlakyRunID), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST: status %d, want 404", resp.StatusCode)
	}
}

func TestGetJobShape(t *testing.T) {
	s := startServer(t, Options{})
	resp, body := fetch(t, s.URL()+"/repos/"+DemoRepo+"/actions/jobs/"+itoa64(FlakyJobID))
	wantStatus(t, resp, body, http.StatusOK)
	wantKeys := []string{"id", "run_id", "workflow_name", "head_branch", "run_url", "run_attempt", "node_id",
		"head_sha", "url", "html_url", "status", "conclusion", "created_at", "started_at", "completed_at", "name",
		"steps", "check_run_url", "labels", "runner_id", "runner_name", "runner_group_id", "runner_group_name"}
	if got := objectKeys(t, body); !slices.Equal(got, wantKeys) {
		t.Fatalf("job keys\n got %v\nwant %v", got, wantKeys)
	}
	var raw struct {
		Steps []json.RawMessage `json:"steps"`
	}
	decode(t, body, &raw)
	for _, st := range raw.Steps {
		if keys := objectKeys(t, st); !slices.Equal(keys, []string{"name", "status", "conclusion", "number", "started_at", "completed_at"}) {
			t.Fatalf("step keys %v", keys)
		}
	}
	var job Job
	decode(t, body, &job)
	want := fmt.Sprintf("https://github.com/%s/actions/runs/%d/job/%d", DemoRepo, FlakyRunID, FlakyJobID)
	if job.ID != FlakyJobID || job.RunID != FlakyRunID || job.RunAttempt != 1 || job.HTMLURL != want ||
		!strings.HasPrefix(job.NodeID, "CR_kwDO") || job.Name != "test (macos-14, 3.12)" || job.Labels[0] != "macos-14" {
		t.Fatalf("unexpected job %s", truncate(body))
	}
}

func TestNullAndEmptyShapes(t *testing.T) {
	s := startServer(t, Options{})
	var skipped, queued, running *Job
	for _, j := range Default().index() {
		switch {
		case deref(j.job.Conclusion) == "skipped" && skipped == nil:
			skipped = j.job
		}
	}
	queued, _ = Default().Job(QueuedJobID)
	running, _ = Default().Job(InProgressJobID)
	get := func(j *Job) []byte {
		ref := Default().index()[j.ID]
		resp, body := fetch(t, s.URL()+"/repos/"+ref.repo.FullName()+"/actions/jobs/"+itoa64(j.ID))
		wantStatus(t, resp, body, http.StatusOK)
		return body
	}
	checks := []struct {
		job  *Job
		want []string
	}{
		{skipped, []string{`"conclusion":"skipped"`, `"steps":[]`, `"labels":[]`, `"runner_id":null`, `"runner_name":null`,
			`"runner_group_id":null`, `"runner_group_name":null`}},
		{queued, []string{`"status":"queued"`, `"conclusion":null`, `"completed_at":null`, `"steps":[]`,
			`"labels":["windows-latest"]`, `"runner_name":null`}},
		{running, []string{`"status":"in_progress"`, `"conclusion":null`, `"completed_at":null`,
			`"status":"in_progress","conclusion":null`, `"status":"queued","conclusion":null`, `"started_at":null,"completed_at":null`}},
	}
	for _, c := range checks {
		body := get(c.job)
		for _, w := range c.want {
			if !bytes.Contains(body, []byte(w)) {
				t.Errorf("job %d (%s) lacks %s", c.job.ID, c.job.Status, w)
			}
		}
	}
	if q := queued; !q.StartedAt.Equal(q.CreatedAt.Time) {
		t.Errorf("queued job started_at %v, want created_at %v", q.StartedAt, q.CreatedAt)
	}
}

func TestRunsAndWorkflows(t *testing.T) {
	s := startServer(t, Options{})
	repo := Default().Repo("octo-org", "webapp")
	runs := "/repos/" + DemoRepo + "/actions/runs"
	count := func(pred func(*Run) bool) int {
		n := 0
		for _, r := range repo.Runs {
			if pred(r) {
				n++
			}
		}
		return n
	}
	tests := []struct {
		query string
		want  int
	}{
		{"", len(repo.Runs)},
		{"?branch=main", count(func(r *Run) bool { return r.HeadBranch == "main" })},
		{"?event=pull_request", count(func(r *Run) bool { return r.Event == "pull_request" })},
		{"?status=failure", count(func(r *Run) bool { c := r.Latest().Conclusion; return c != nil && *c == "failure" })},
		{"?status=in_progress", 1},
		{"?actor=dependabot%5Bbot%5D", 2},
		{"?created=2026-09-14", count(createdWithin("2026-09-14T00:00:00Z", "2026-09-15T00:00:00Z"))},
		{"?created=2026-09-29..2026-09-30", count(createdWithin("2026-09-29T00:00:00Z", "2026-10-01T00:00:00Z"))},
		{"?created=%3E%3D2026-09-30", 2},
		{"?created=%3C2026-09-01", count(createdWithin("2000-01-01T00:00:00Z", "2026-09-01T00:00:00Z"))},
	}
	for _, tt := range tests {
		resp, body := fetch(t, s.URL()+runs+tt.query)
		wantStatus(t, resp, body, http.StatusOK)
		var list struct {
			TotalCount   int               `json:"total_count"`
			WorkflowRuns []json.RawMessage `json:"workflow_runs"`
		}
		decode(t, body, &list)
		if list.TotalCount != tt.want || len(list.WorkflowRuns) != min(tt.want, 30) {
			t.Errorf("runs%s: total_count %d (%d listed), want %d", tt.query, list.TotalCount, len(list.WorkflowRuns), tt.want)
		}
	}
	resp, body := fetch(t, s.URL()+runs+"?created=yesterday")
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)

	resp, body = fetch(t, s.URL()+runs+"/"+itoa64(FlakyRunID))
	wantStatus(t, resp, body, http.StatusOK)
	wantKeys := []string{"id", "name", "node_id", "head_branch", "head_sha", "path", "display_title", "run_number",
		"event", "status", "conclusion", "workflow_id", "check_suite_id", "check_suite_node_id", "url", "html_url",
		"pull_requests", "created_at", "updated_at", "actor", "run_attempt", "referenced_workflows", "run_started_at",
		"triggering_actor", "jobs_url", "logs_url", "check_suite_url", "artifacts_url", "cancel_url", "rerun_url",
		"previous_attempt_url", "workflow_url", "head_commit", "repository", "head_repository"}
	if got := objectKeys(t, body); !slices.Equal(got, wantKeys) {
		t.Fatalf("run keys\n got %v\nwant %v", got, wantKeys)
	}
	var run struct {
		RunAttempt int     `json:"run_attempt"`
		Conclusion string  `json:"conclusion"`
		Path       string  `json:"path"`
		Previous   *string `json:"previous_attempt_url"`
	}
	decode(t, body, &run)
	if run.RunAttempt != 2 || run.Conclusion != "success" || run.Path != ".github/workflows/ci.yml" || run.Previous == nil {
		t.Errorf("run view %+v", run)
	}
	resp, body = fetch(t, s.URL()+runs+"/"+itoa64(FlakyRunID)+"/attempts/1")
	wantStatus(t, resp, body, http.StatusOK)
	decode(t, body, &run)
	if run.RunAttempt != 1 || run.Conclusion != "failure" || run.Previous != nil {
		t.Errorf("attempt 1 view %+v", run)
	}

	resp, body = fetch(t, s.URL()+"/repos/"+DemoRepo+"/actions/workflows")
	wantStatus(t, resp, body, http.StatusOK)
	var wfs struct {
		TotalCount int         `json:"total_count"`
		Workflows  []*Workflow `json:"workflows"`
	}
	decode(t, body, &wfs)
	if wfs.TotalCount != 3 || wfs.Workflows[0].Name != "CI" || wfs.Workflows[2].State != "disabled_manually" {
		t.Errorf("workflows %s", truncate(body))
	}
	resp, body = fetch(t, s.URL()+"/repos/"+DemoRepo+"/actions/workflows/nightly.yml/runs")
	wantStatus(t, resp, body, http.StatusOK)
	if !bytes.Contains(body, []byte(`"total_count":108,`)) {
		t.Errorf("nightly runs %s", truncate(body))
	}
}

// createdWithin is a run filter on [from, to).
func createdWithin(from, to string) func(*Run) bool {
	lo, _ := time.Parse(time.RFC3339, from)
	hi, _ := time.Parse(time.RFC3339, to)
	return func(r *Run) bool { return !r.CreatedAt.Before(lo) && r.CreatedAt.Before(hi) }
}

func TestPrivateRepoAndCase(t *testing.T) {
	s := startServer(t, Options{ValidTokens: []string{"ghp_good"}})
	_, run := findRun(t, PrivateRunID)
	jobID := itoa64(run.Latest().Jobs[0].ID)
	paths := []string{
		"/repos/" + PrivateRepo + "/actions/runs",
		"/repos/" + PrivateRepo + "/actions/runs/" + itoa64(PrivateRunID),
		jobsPath(PrivateRepo, PrivateRunID),
		"/repos/" + PrivateRepo + "/actions/jobs/" + jobID,
		"/repos/" + PrivateRepo + "/actions/jobs/" + jobID + "/logs",
		"/repos/" + PrivateRepo + "/actions/workflows",
	}
	for _, p := range paths {
		resp, body := fetch(t, s.URL()+p)
		wantStatus(t, resp, body, http.StatusNotFound)
		resp, body = fetch(t, s.URL()+p, "Authorization", "Bearer ghp_good")
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusFound {
			t.Errorf("%s with a token: %d %s", p, resp.StatusCode, body)
		}
	}
	resp, body := fetch(t, s.URL()+jobsPath("Octo-Org/WebApp", FlakyRunID))
	wantStatus(t, resp, body, http.StatusOK)
	if !bytes.Contains(body, []byte(`"run_url":"https://api.github.com/repos/octo-org/webapp/`)) {
		t.Error("case-insensitive lookup should serve the canonical names")
	}
}

func TestAuthentication(t *testing.T) {
	s := startServer(t, Options{ValidTokens: []string{"ghp_good"}})
	url := s.URL() + jobsPath(DemoRepo, FlakyRunID)
	const bad = `{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}`
	tests := []struct {
		auth   string
		status int
	}{
		{"", http.StatusOK},
		{"Bearer ghp_good", http.StatusOK},
		{"token ghp_good", http.StatusOK},
		{"Bearer ghp_bad", http.StatusUnauthorized},
		{"token ", http.StatusUnauthorized},
		{"Basic Z2hwX2dvb2Q=", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		var headers []string
		if tt.auth != "" {
			headers = []string{"Authorization", tt.auth}
		}
		resp, body := fetch(t, url, headers...)
		wantStatus(t, resp, body, tt.status)
		if tt.status == http.StatusUnauthorized && string(body) != bad {
			t.Errorf("%q: body %s", tt.auth, body)
		}
	}
	open := startServer(t, Options{})
	resp, body := fetch(t, open.URL()+jobsPath(DemoRepo, FlakyRunID), "Authorization", "Bearer anything")
	wantStatus(t, resp, body, http.StatusOK)
}

func TestETagAndNotModified(t *testing.T) {
	s := startServer(t, Options{})
	url := s.URL() + jobsPath(DemoRepo, FlakyRunID)
	resp, _ := fetch(t, url)
	etag := resp.Header.Get("ETag")
	if !regexp.MustCompile(`^W/"[0-9a-f]{64}"$`).MatchString(etag) {
		t.Fatalf("ETag %q", etag)
	}
	for _, inm := range []string{etag, strings.TrimPrefix(etag, "W/"), `"other", ` + etag, "*"} {
		resp, body := fetch(t, url, "If-None-Match", inm)
		wantStatus(t, resp, body, http.StatusNotModified)
		if len(body) != 0 || resp.Header.Get("ETag") != etag {
			t.Errorf("If-None-Match %s: body %q, ETag %q", inm, body, resp.Header.Get("ETag"))
		}
	}
	resp, body := fetch(t, url, "If-None-Match", `W/"stale"`)
	wantStatus(t, resp, body, http.StatusOK)
	if resp.Header.Get("ETag") != etag {
		t.Error("ETag changed between identical responses")
	}
}

func TestRateLimit(t *testing.T) {
	clock := newClock()
	s := startServer(t, Options{Now: clock.Now, AnonymousRateLimit: 3})
	url := s.URL() + jobsPath(DemoRepo, FlakyRunID)
	for i := 1; i <= 3; i++ {
		resp, body := fetch(t, url)
		wantStatus(t, resp, body, http.StatusOK)
		h := resp.Header
		if h.Get("X-RateLimit-Limit") != "3" || h.Get("X-RateLimit-Remaining") != itoa64(int64(3-i)) ||
			h.Get("X-RateLimit-Used") != itoa64(int64(i)) || h.Get("X-RateLimit-Resource") != "core" || h.Get("X-RateLimit-Reset") == "" {
			t.Fatalf("request %d: rate headers %v", i, h)
		}
		if h.Get("X-GitHub-Request-Id") == "" || h.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("request %d: headers %v", i, h)
		}
	}
	resp, body := fetch(t, s.URL()+"/rate_limit")
	wantStatus(t, resp, body, http.StatusOK)
	if !bytes.Contains(body, []byte(`"core":{"limit":3,"used":3,"remaining":0,`)) {
		t.Errorf("rate_limit body %s", body)
	}
	resp, body = fetch(t, url)
	wantStatus(t, resp, body, http.StatusForbidden)
	if !bytes.HasPrefix(body, []byte(`{"message":"API rate limit exceeded for 127.0.0.1.`)) || resp.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("exhausted: %s %v", body, resp.Header)
	}
	resp, body = fetch(t, url, "Authorization", "Bearer t1")
	wantStatus(t, resp, body, http.StatusOK)
	if resp.Header.Get("X-RateLimit-Limit") != "5000" || resp.Header.Get("X-RateLimit-Remaining") != "4999" {
		t.Errorf("token quota %v", resp.Header)
	}
	clock.Advance(61 * time.Minute)
	resp, body = fetch(t, url)
	wantStatus(t, resp, body, http.StatusOK)
	if resp.Header.Get("X-RateLimit-Remaining") != "2" {
		t.Errorf("after reset: remaining %s", resp.Header.Get("X-RateLimit-Remaining"))
	}
}

func TestConditionalRequestsAreFreeWithAToken(t *testing.T) {
	s := startServer(t, Options{})
	url := s.URL() + jobsPath(DemoRepo, FlakyRunID)
	resp, _ := fetch(t, url, "Authorization", "token t2")
	etag := resp.Header.Get("ETag")
	resp, _ = fetch(t, url, "Authorization", "token t2", "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || resp.Header.Get("X-RateLimit-Used") != "1" {
		t.Errorf("authenticated 304: status %d, used %s", resp.StatusCode, resp.Header.Get("X-RateLimit-Used"))
	}
	fetch(t, url) // a 200 that counts against the anonymous budget
	resp, _ = fetch(t, url, "If-None-Match", etag)
	if resp.StatusCode != http.StatusNotModified || resp.Header.Get("X-RateLimit-Used") != "2" {
		t.Errorf("anonymous 304: status %d, used %s", resp.StatusCode, resp.Header.Get("X-RateLimit-Used"))
	}
}

func TestPathPrefix(t *testing.T) {
	s := startServer(t, Options{PathPrefix: "/api/v3/"})
	if !strings.HasSuffix(s.URL(), "/api/v3") || !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL %q", s.URL())
	}
	resp, body := fetch(t, s.URL()+jobsPath(MonorepoRepo, BigRunID)+"?per_page=100")
	wantStatus(t, resp, body, http.StatusOK)
	want := "<" + s.URL() + jobsPath(MonorepoRepo, BigRunID) + "?per_page=100&page=2>; rel=\"next\""
	if !strings.Contains(resp.Header.Get("Link"), want) {
		t.Errorf("Link %q lacks %q", resp.Header.Get("Link"), want)
	}
	root := strings.TrimSuffix(s.URL(), "/api/v3")
	for _, p := range []string{jobsPath(MonorepoRepo, BigRunID), "/api/v3", "/api/v3x/rate_limit", "/rate_limit"} {
		resp, body = fetch(t, root+p)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
	resp, body = fetch(t, s.URL()+"/repos/"+DemoRepo+"/actions/jobs/"+itoa64(FlakyJobID)+"/logs")
	wantStatus(t, resp, body, http.StatusFound)
	resp, body = fetch(t, resp.Header.Get("Location"))
	wantStatus(t, resp, body, http.StatusOK)
}

func TestFaultInjection(t *testing.T) {
	s := startServer(t, Options{Fault: func(r *http.Request) int {
		switch {
		case strings.HasSuffix(r.URL.Path, "/jobs"):
			return http.StatusBadGateway
		case strings.HasPrefix(r.URL.Path, "/actions-results/"):
			return http.StatusServiceUnavailable
		}
		return 0
	}})
	resp, body := fetch(t, s.URL()+jobsPath(DemoRepo, FlakyRunID))
	wantStatus(t, resp, body, http.StatusBadGateway)
	if string(body) != `{"message":"Bad Gateway","documentation_url":"https://docs.github.com/rest","status":"502"}` {
		t.Errorf("fault body %s", body)
	}
	resp, body = fetch(t, s.URL()+"/repos/"+DemoRepo+"/actions/jobs/"+itoa64(FlakyJobID))
	wantStatus(t, resp, body, http.StatusOK)
	resp, body = fetch(t, s.URL()+"/repos/"+DemoRepo+"/actions/jobs/"+itoa64(FlakyJobID)+"/logs")
	wantStatus(t, resp, body, http.StatusFound)
	resp, body = fetch(t, resp.Header.Get("Location"))
	wantStatus(t, resp, body, http.StatusServiceUnavailable)
}

func TestRejectAPIVersions(t *testing.T) {
	s := startServer(t, Options{RejectAPIVersions: []string{"2026-03-10"}})
	url := s.URL() + jobsPath(DemoRepo, FlakyRunID)
	tests := []struct {
		version string
		status  int
		message string
	}{
		{"", http.StatusOK, ""},
		{"2022-11-28", http.StatusOK, ""},
		{"2026-03-10", http.StatusBadRequest, "Unsupported 'X-GitHub-Api-Version' header: 2026-03-10. Supported versions are: 2022-11-28."},
		{"1999-01-01", http.StatusBadRequest, "Unsupported 'X-GitHub-Api-Version' header: 1999-01-01. Supported versions are: 2022-11-28."},
	}
	for _, tt := range tests {
		var h []string
		if tt.version != "" {
			h = []string{"X-GitHub-Api-Version", tt.version}
		}
		resp, body := fetch(t, url, h...)
		wantStatus(t, resp, body, tt.status)
		var e apiError
		decode(t, body, &e)
		if tt.message != "" && (e.Message != tt.message || e.Status != "400") {
			t.Errorf("%s: %s", tt.version, body)
		}
	}
	current := startServer(t, Options{})
	resp, body := fetch(t, current.URL()+jobsPath(DemoRepo, FlakyRunID), "X-GitHub-Api-Version", "2026-03-10")
	wantStatus(t, resp, body, http.StatusOK)
	if resp.Header.Get("X-GitHub-Api-Version-Selected") != "2026-03-10" {
		t.Errorf("selected version %q", resp.Header.Get("X-GitHub-Api-Version-Selected"))
	}
}
