package fakegh

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// listedRepo is the part of a listed repository the tests look at.
type listedRepo struct {
	Name     string `json:"name"`
	FullName string `json:"full_name"`
	Private  bool   `json:"private"`
	Fork     bool   `json:"fork"`
	Archived bool   `json:"archived"`
	Owner    struct {
		Login string `json:"login"`
		Type  string `json:"type"`
	} `json:"owner"`
	Visibility    string    `json:"visibility"`
	DefaultBranch string    `json:"default_branch"`
	Language      *string   `json:"language"`
	Topics        []string  `json:"topics"`
	CreatedAt     time.Time `json:"created_at"`
	PushedAt      time.Time `json:"pushed_at"`
	Permissions   *struct {
		Push bool `json:"push"`
	} `json:"permissions"`
}

// listRepos GETs a repository listing and decodes it, wanting 200.
func listRepos(t *testing.T, url string, headers ...string) ([]listedRepo, *http.Response) {
	t.Helper()
	resp, body := fetch(t, url, headers...)
	wantStatus(t, resp, body, http.StatusOK)
	var repos []listedRepo
	decode(t, body, &repos)
	return repos, resp
}

func names(repos []listedRepo) []string {
	var out []string
	for _, r := range repos {
		out = append(out, r.Name)
	}
	return out
}

// TestOrgReposPagesWithLinks walks the organization's listing at
// per_page=7: each page's Link leads to the next, the pages hold every
// public repository once, newest first, and the last page has no "next".
func TestOrgReposPagesWithLinks(t *testing.T) {
	s := startServer(t, Options{})
	var all []listedRepo
	url := s.URL() + "/orgs/" + DemoOwner + "/repos?per_page=7"
	pages := 0
	for url != "" {
		repos, resp := listRepos(t, url)
		pages++
		all = append(all, repos...)
		link := resp.Header.Get("Link")
		if pages == 1 && (!strings.Contains(link, `rel="last"`) || strings.Contains(link, `rel="prev"`)) {
			t.Errorf("first page's Link %q: want next and last, no prev", link)
		}
		url = nextLink(link)
	}
	want := 0
	for _, r := range Default().Repos {
		if r.Owner == DemoOwner && !r.Private {
			want++
		}
	}
	if want < 18 || len(all) != want || pages != (want+6)/7 {
		t.Fatalf("%d repositories on %d pages, want all %d public ones on %d pages", len(all), pages, want, (want+6)/7)
	}
	for i := 1; i < len(all); i++ {
		if all[i].CreatedAt.After(all[i-1].CreatedAt) {
			t.Errorf("%s (created %s) after %s (created %s): the default order is newest first", all[i].Name, all[i].CreatedAt, all[i-1].Name, all[i-1].CreatedAt)
		}
	}
	if slices.ContainsFunc(all, func(r listedRepo) bool { return r.Private }) {
		t.Error("an anonymous caller sees a private repository")
	}
}

func nextLink(link string) string {
	for _, part := range strings.Split(link, ",") {
		if strings.Contains(part, `rel="next"`) {
			return strings.Trim(strings.TrimSpace(strings.Split(part, ";")[0]), "<>")
		}
	}
	return ""
}

// TestOrgReposFiltersAndSorts: each type keeps what it names, each sort
// orders by its field in the default or asked direction.
func TestOrgReposFiltersAndSorts(t *testing.T) {
	s := startServer(t, Options{})
	base := s.URL() + "/orgs/" + DemoOwner + "/repos?per_page=100"
	token := []string{"Authorization", "Bearer ghp_mona"}
	tests := []struct {
		query string
		keep  func(listedRepo) bool
	}{
		{"&type=private", func(r listedRepo) bool { return r.Private && r.Visibility == "private" }},
		{"&type=public", func(r listedRepo) bool { return !r.Private && r.Visibility == "public" }},
		{"&type=forks", func(r listedRepo) bool { return r.Fork }},
		{"&type=sources", func(r listedRepo) bool { return !r.Fork }},
	}
	all, _ := listRepos(t, base+"&type=all", token...)
	for _, tt := range tests {
		got, _ := listRepos(t, base+tt.query, token...)
		var want []string
		for _, r := range all {
			if tt.keep(r) {
				want = append(want, r.Name)
			}
		}
		if len(got) == 0 || len(got) == len(all) || !slices.Equal(names(got), want) {
			t.Errorf("%s: %v, want %v", tt.query, names(got), want)
		}
	}
	member, _ := listRepos(t, base+"&type=member", token...)
	outsider, _ := listRepos(t, base+"&type=member")
	if len(member) != len(all) || len(outsider) != 0 {
		t.Errorf("type=member: %d repositories for a member (want %d), %d anonymously (want 0)", len(member), len(all), len(outsider))
	}

	sorted := func(query string, less func(a, b listedRepo) bool) {
		got, _ := listRepos(t, base+query)
		for i := 1; i < len(got); i++ {
			if less(got[i], got[i-1]) {
				t.Errorf("%s: %s before %s", query, got[i-1].FullName, got[i].FullName)
			}
		}
	}
	sorted("&sort=full_name", func(a, b listedRepo) bool { return strings.ToLower(a.FullName) < strings.ToLower(b.FullName) })
	sorted("&sort=full_name&direction=desc", func(a, b listedRepo) bool { return strings.ToLower(a.FullName) > strings.ToLower(b.FullName) })
	sorted("&sort=pushed", func(a, b listedRepo) bool { return a.PushedAt.After(b.PushedAt) })
	sorted("&sort=created&direction=asc", func(a, b listedRepo) bool { return a.CreatedAt.Before(b.CreatedAt) })

	for _, bad := range []string{"&type=secret", "&sort=stars", "&direction=up"} {
		resp, body := fetch(t, base+bad)
		wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	}
}

// TestOwnersOfRepositories: an organization answers on /orgs and /users, a
// user on /users only, an unknown name on neither.
func TestOwnersOfRepositories(t *testing.T) {
	s := startServer(t, Options{})
	org, _ := listRepos(t, s.URL()+"/users/"+DemoOwner+"/repos?per_page=100")
	if len(org) < 18 || org[0].Owner.Type != "Organization" {
		t.Errorf("/users/%s/repos: %d repositories, first owner %+v; want the organization's", DemoOwner, len(org), org[0].Owner)
	}
	mona, _ := listRepos(t, s.URL()+"/users/"+DemoUser+"/repos")
	if got := names(mona); !slices.Equal(got, []string{"dotfiles", "webapp"}) || mona[0].Owner.Type != "User" {
		t.Errorf("/users/%s/repos: %v owned by %+v; want her public dotfiles and webapp (a fork), by a User", DemoUser, got, mona[0].Owner)
	}
	if !mona[1].Fork {
		t.Error("mona/webapp is a fork")
	}
	for _, path := range []string{"/orgs/" + DemoUser + "/repos", "/orgs/no-such-owner/repos", "/users/no-such-owner/repos"} {
		resp, body := fetch(t, s.URL()+path)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
}

// TestPrivateRepositoriesByCaller: mona's token sees octo-org's private
// repositories and her own; octocat's sees octo-org's but not hers;
// anonymous callers see neither.
func TestPrivateRepositoriesByCaller(t *testing.T) {
	s := startServer(t, Options{TokenLogins: map[string]string{"ghp_octocat": "octocat"}})
	mona := []string{"Authorization", "Bearer ghp_mona"}
	octocat := []string{"Authorization", "Bearer ghp_octocat"}
	privateOf := func(url string, headers ...string) []string {
		repos, _ := listRepos(t, url, headers...)
		var out []string
		for _, r := range repos {
			if r.Private {
				out = append(out, r.FullName)
			}
		}
		slices.Sort(out)
		return out
	}
	orgList := s.URL() + "/orgs/" + DemoOwner + "/repos?per_page=100"
	want := []string{"octo-org/customer-data-etl", "octo-org/infra-runbooks", PrivateRepo}
	if got := privateOf(orgList, mona...); !slices.Equal(got, want) {
		t.Errorf("private octo-org repositories with mona's token: %v, want %v", got, want)
	}
	if got := privateOf(orgList); len(got) != 0 {
		t.Errorf("anonymous: %v", got)
	}
	if got := privateOf(s.URL()+"/user/repos?per_page=100", mona...); !slices.Contains(got, "mona/journal") || !slices.Contains(got, PrivateRepo) {
		t.Errorf("/user/repos for mona: private %v; want her journal and octo-org's", got)
	}
	if got := privateOf(s.URL()+"/user/repos?per_page=100", octocat...); slices.Contains(got, "mona/journal") || !slices.Contains(got, PrivateRepo) {
		t.Errorf("/user/repos for octocat: private %v; want octo-org's, not mona's journal", got)
	}
	own, _ := listRepos(t, s.URL()+"/user/repos?affiliation=owner", mona...)
	if got := names(own); !slices.Equal(got, []string{"dotfiles", "journal", "webapp"}) {
		t.Errorf("/user/repos?affiliation=owner: %v", got)
	}
	for _, tt := range []struct {
		path, token string
		status      int
	}{
		{"/repos/mona/journal", "", http.StatusNotFound},
		{"/repos/mona/journal", "ghp_octocat", http.StatusNotFound},
		{"/repos/mona/journal", "ghp_mona", http.StatusOK},
		{"/user/repos", "", http.StatusUnauthorized},
		{"/user", "", http.StatusUnauthorized},
		{"/user/repos?type=owner&visibility=all", "ghp_mona", http.StatusUnprocessableEntity},
	} {
		var h []string
		if tt.token != "" {
			h = []string{"Authorization", "Bearer " + tt.token}
		}
		resp, body := fetch(t, s.URL()+tt.path, h...)
		if resp.StatusCode != tt.status {
			t.Errorf("%s with token %q: %d %s, want %d", tt.path, tt.token, resp.StatusCode, body, tt.status)
		}
	}
	for token, login := range map[string]string{"ghp_mona": DemoUser, "ghp_octocat": "octocat"} {
		resp, body := fetch(t, s.URL()+"/user", "Authorization", "Bearer "+token)
		wantStatus(t, resp, body, http.StatusOK)
		var u struct{ Login, Type string }
		decode(t, body, &u)
		if u.Login != login || u.Type != "User" {
			t.Errorf("/user with %s: %+v, want %s", token, u, login)
		}
	}
}

// TestGetRepository serves the repository object as listed, plus a fork's
// parent.
func TestGetRepository(t *testing.T) {
	s := startServer(t, Options{})
	resp, body := fetch(t, s.URL()+"/repos/"+ArchivedRepo)
	wantStatus(t, resp, body, http.StatusOK)
	var r listedRepo
	decode(t, body, &r)
	if r.FullName != ArchivedRepo || !r.Archived || r.DefaultBranch != "master" || r.Language == nil || *r.Language != "Java" || len(r.Topics) == 0 {
		t.Errorf("%s: %+v", ArchivedRepo, r)
	}
	keys := objectKeys(t, body)
	for _, k := range []string{"id", "node_id", "owner", "html_url", "created_at", "pushed_at", "visibility", "default_branch", "organization"} {
		if !slices.Contains(keys, k) {
			t.Errorf("repository object without %q", k)
		}
	}
	resp, body = fetch(t, s.URL()+"/repos/mona/webapp")
	wantStatus(t, resp, body, http.StatusOK)
	var fork struct {
		Fork   bool `json:"fork"`
		Parent struct {
			FullName string `json:"full_name"`
		} `json:"parent"`
	}
	decode(t, body, &fork)
	if !fork.Fork || fork.Parent.FullName != DemoRepo {
		t.Errorf("mona/webapp: %+v, want a fork of %s", fork, DemoRepo)
	}
	resp, body = fetch(t, s.URL()+"/repos/"+PrivateRepo)
	wantStatus(t, resp, body, http.StatusNotFound)
}

// TestSAMLSingleSignOn: sso-org answers a member's unauthorized token 403
// with GitHub's message and the X-GitHub-SSO header, on its listing and on
// every repository endpoint; an authorized token, an outsider's token and
// anonymous callers are served (public repositories only for the last two).
func TestSAMLSingleSignOn(t *testing.T) {
	s := startServer(t, Options{
		TokenLogins:         map[string]string{"ghp_octocat": "octocat"},
		SSOAuthorizedTokens: []string{"ghp_authorized"},
	})
	paths := []string{
		"/orgs/" + SSOOrg + "/repos",
		"/repos/" + SSOOrg + "/handbook",
		"/repos/" + SSOOrg + "/handbook/actions/runs",
		"/repos/" + SSOOrg + "/vault-config/actions/workflows",
		"/repos/" + SSOOrg + "/no-such-repo/actions/runs",
	}
	for _, p := range paths {
		resp, body := fetch(t, s.URL()+p, "Authorization", "Bearer ghp_mona")
		wantStatus(t, resp, body, http.StatusForbidden)
		var e apiError
		decode(t, body, &e)
		sso := resp.Header.Get("X-GitHub-SSO")
		if e.Message != samlMessage || !strings.HasPrefix(sso, "required; url=https://github.com/orgs/sso-org/sso?authorization_request=") {
			t.Errorf("%s: message %q, X-GitHub-SSO %q", p, e.Message, sso)
		}
	}
	listed := func(headers ...string) []string {
		repos, _ := listRepos(t, s.URL()+"/orgs/"+SSOOrg+"/repos", headers...)
		return names(repos)
	}
	if got := listed("Authorization", "Bearer ghp_authorized"); !slices.Equal(got, []string{"vault-config", "handbook"}) {
		t.Errorf("authorized token: %v, want both repositories", got)
	}
	if got := listed(); !slices.Equal(got, []string{"handbook"}) {
		t.Errorf("anonymous: %v, want the public handbook", got)
	}
	if got := listed("Authorization", "Bearer ghp_octocat"); !slices.Equal(got, []string{"handbook"}) {
		t.Errorf("a non-member's token: %v, want the public handbook", got)
	}
	mine, resp := listRepos(t, s.URL()+"/user/repos?per_page=100", "Authorization", "Bearer ghp_mona")
	if slices.ContainsFunc(mine, func(r listedRepo) bool { return r.Owner.Login == SSOOrg }) ||
		resp.Header.Get("X-GitHub-SSO") != "partial-results; organizations=9919400" {
		t.Errorf("/user/repos with an unauthorized token: X-GitHub-SSO %q, repositories %v", resp.Header.Get("X-GitHub-SSO"), names(mine))
	}
}

// TestArchivedAndActionlessRepositories: an archived repository still lists
// its runs; one without Actions lists none, with total_count 0.
func TestArchivedAndActionlessRepositories(t *testing.T) {
	s := startServer(t, Options{})
	var runs runsListing
	resp, body := fetch(t, s.URL()+"/repos/"+ArchivedRepo+"/actions/runs")
	wantStatus(t, resp, body, http.StatusOK)
	decode(t, body, &runs)
	if runs.TotalCount == 0 || len(runs.WorkflowRuns) != runs.TotalCount {
		t.Errorf("%s: total_count %d, %d runs; want its runs", ArchivedRepo, runs.TotalCount, len(runs.WorkflowRuns))
	}
	for _, path := range []string{"/actions/runs", "/actions/workflows"} {
		resp, body := fetch(t, s.URL()+"/repos/"+NoActionsRepo+path)
		wantStatus(t, resp, body, http.StatusOK)
		if !strings.HasPrefix(string(body), `{"total_count":0,`) {
			t.Errorf("%s%s: %s, want total_count 0", NoActionsRepo, path, body)
		}
	}
}

type runsListing struct {
	TotalCount   int              `json:"total_count"`
	WorkflowRuns []map[string]any `json:"workflow_runs"`
}

// TestOrgAnswersDifferPerRepository: the org-wide cookbook finds
// something: StaleRepo's default branch failed every run of the last
// seven days and passed before; the other active repositories passed
// there lately.
func TestOrgAnswersDifferPerRepository(t *testing.T) {
	week := BaseTime.AddDate(0, 0, -7)
	for _, repo := range Default().Repos {
		var recent, recentOK, everOK int
		for _, run := range repo.Runs {
			c := run.Latest().Conclusion
			if run.HeadBranch != repo.DefaultBranch || run.Event == "pull_request" || c == nil {
				continue
			}
			ok := *c == "success"
			if ok {
				everOK++
			}
			if run.CreatedAt.After(week) {
				recent++
				if ok {
					recentOK++
				}
			}
		}
		switch {
		case repo.FullName() == StaleRepo:
			if recent < 2 || recentOK != 0 || everOK == 0 {
				t.Errorf("%s: %d default-branch runs in the last week, %d green, %d ever; want failures only, after greens", StaleRepo, recent, recentOK, everOK)
			}
		case recent > 0 && recentOK == 0:
			t.Errorf("%s: no green run on %s in the last week either", repo.FullName(), repo.DefaultBranch)
		}
	}
}
