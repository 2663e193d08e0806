package fakegh

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The repository endpoints: one repository, an organization's, a user's
// and the authenticated user's listings, and the authenticated user.
// Parameters, defaults and shapes follow GitHub's REST documentation
// ("List organization repositories", "List repositories for a user",
// "List repositories for the authenticated user"); a value outside a
// parameter's enumeration gets 422 naming the accepted ones.

const reposDocs = docsURL + "/repos/repos"

// getRepo is GET /repos/{owner}/{repo}: the full repository object.
func (s *Server) getRepo(r *http.Request) *response {
	repo := s.repoOf(r)
	if repo == nil {
		return notFound()
	}
	return jsonResponse(s.fullRepoView(repo, callerOf(r)))
}

// listOrgRepos is GET /orgs/{org}/repos: type=all|public|private|forks|
// sources|member, sort=created (default)|updated|pushed|full_name.
func (s *Server) listOrgRepos(r *http.Request) *response {
	org := s.data.account(r.PathValue("org"))
	if org == nil || !org.Org {
		return notFound()
	}
	c := callerOf(r)
	q := r.URL.Query()
	typ, resp := enumParam(q, "type", "all", "all", "public", "private", "forks", "sources", "member")
	if resp != nil {
		return resp
	}
	repos := s.data.reposOf(c, org.Login)
	repos = slices.DeleteFunc(repos, func(repo *Repo) bool {
		switch typ {
		case "public":
			return repo.Private
		case "private":
			return !repo.Private
		case "forks":
			return !repo.Fork
		case "sources":
			return repo.Fork
		case "member":
			return !org.isMember(c) // the repositories the caller reaches as a member
		}
		return false
	})
	return s.repoPage(r, repos, "created")
}

// listUserRepos is GET /users/{username}/repos: an account's public
// repositories (an organization's too, as on GitHub): type=owner
// (default)|all|member, sort=full_name (default)|created|updated|pushed.
// Private ones are listed only by /user/repos and /orgs/{org}/repos.
func (s *Server) listUserRepos(r *http.Request) *response {
	acct := s.data.account(r.PathValue("username"))
	if acct == nil {
		return notFound()
	}
	typ, resp := enumParam(r.URL.Query(), "type", "owner", "all", "owner", "member")
	if resp != nil {
		return resp
	}
	var repos []*Repo
	if typ != "member" { // the data set has no collaborators outside the owners
		repos = slices.DeleteFunc(s.data.reposOf(caller{}, acct.Login), func(repo *Repo) bool { return repo.Private })
	}
	return s.repoPage(r, repos, "full_name")
}

// listOwnRepos is GET /user/repos: what the authenticated user owns and
// what their organizations own, private ones included. visibility=all|
// public|private and affiliation=owner,collaborator,organization_member
// choose, or type=all|owner|public|private|member (not with either);
// sort=full_name (default)|created|updated|pushed. Repositories of an
// organization whose SAML single sign-on the token is not authorized for
// are left out, and X-GitHub-SSO: partial-results names the organization.
func (s *Server) listOwnRepos(r *http.Request) *response {
	c := callerOf(r)
	if c.anonymous() {
		return requiresAuthentication()
	}
	sel, resp := ownReposSelection(r.URL.Query())
	if resp != nil {
		return resp
	}
	var repos []*Repo
	var withheld []string
	for _, repo := range s.data.Repos {
		if !s.data.canSee(c, repo) || !sel.keeps(repo) {
			continue
		}
		mine := repo.OwnerIsUser && strings.EqualFold(repo.Owner, c.login)
		org := s.data.account(repo.Owner)
		member := !repo.OwnerIsUser && org != nil && org.isMember(c)
		if !(mine && sel.owner || member && sel.orgMember) {
			continue
		}
		if member && org.SAMLSSO && !s.ssoAuthorized(c) {
			if id := fmt.Sprint(org.ID); !slices.Contains(withheld, id) {
				withheld = append(withheld, id)
			}
			continue
		}
		repos = append(repos, repo)
	}
	out := s.repoPage(r, repos, "full_name")
	if len(withheld) > 0 && out.status == http.StatusOK {
		out.header.Set("X-GitHub-SSO", "partial-results; organizations="+strings.Join(withheld, ","))
	}
	return out
}

// ownRepos is what /user/repos selects.
type ownRepos struct {
	owner, orgMember bool   // affiliations asked for (collaborator adds nothing here)
	visibility       string // all, public or private
}

func (o ownRepos) keeps(r *Repo) bool {
	return o.visibility == "all" || (o.visibility == "private") == r.Private
}

func ownReposSelection(q url.Values) (ownRepos, *response) {
	typ := q.Get("type")
	if typ != "" && (q.Get("visibility") != "" || q.Get("affiliation") != "") {
		return ownRepos{}, errorResponse(http.StatusUnprocessableEntity,
			"If you specify visibility or affiliation, you cannot specify type.", reposDocs+"#list-repositories-for-the-authenticated-user")
	}
	if typ != "" {
		typ, resp := enumParam(q, "type", "all", "all", "owner", "public", "private", "member")
		if resp != nil {
			return ownRepos{}, resp
		}
		sel := ownRepos{owner: true, orgMember: true, visibility: "all"}
		switch typ {
		case "owner":
			sel.orgMember = false
		case "member":
			sel.owner = false
		case "public", "private":
			sel.visibility = typ
		}
		return sel, nil
	}
	vis, resp := enumParam(q, "visibility", "all", "all", "public", "private")
	if resp != nil {
		return ownRepos{}, resp
	}
	sel := ownRepos{visibility: vis}
	aff := cmp.Or(q.Get("affiliation"), "owner,collaborator,organization_member")
	for _, a := range strings.Split(aff, ",") {
		switch strings.TrimSpace(a) {
		case "owner":
			sel.owner = true
		case "organization_member":
			sel.orgMember = true
		case "collaborator":
		default:
			return ownRepos{}, errorResponse(http.StatusUnprocessableEntity,
				fmt.Sprintf("Invalid affiliation %q: use owner, collaborator or organization_member, separated by commas.", a),
				reposDocs+"#list-repositories-for-the-authenticated-user")
		}
	}
	return sel, nil
}

func requiresAuthentication() *response {
	return errorResponse(http.StatusUnauthorized, "Requires authentication", docsURL+"/users/users#get-the-authenticated-user")
}

// getAuthenticatedUser is GET /user: the token's user.
func (s *Server) getAuthenticatedUser(r *http.Request) *response {
	c := callerOf(r)
	if c.anonymous() {
		return requiresAuthentication()
	}
	acct := s.data.account(c.login)
	if acct == nil || acct.Org {
		// A data set that does not know the token's user: an account of its own.
		acct = &Account{Login: c.login, ID: tokenUserID(c.token)}
	}
	u := userObject(acct.Login, acct.ID, userNodeID(User{Login: acct.Login, ID: acct.ID}), "User")
	public := len(s.data.reposOf(caller{}, acct.Login))
	return jsonResponse(append(u,
		field{"name", nullable(acct.Name)}, field{"company", nil}, field{"blog", ""}, field{"location", nil},
		field{"email", nil}, field{"hireable", nil}, field{"bio", nil}, field{"twitter_username", nil},
		field{"public_repos", public}, field{"public_gists", 0}, field{"followers", 0}, field{"following", 0},
		field{"created_at", Time{Time: time.Date(2011, 1, 25, 18, 44, 36, 0, time.UTC)}},
		field{"updated_at", Time{Time: BaseTime.Add(-36 * time.Hour)}},
	))
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// enumParam reads a parameter that takes one of values, fallback when
// absent.
func enumParam(q url.Values, name, fallback string, values ...string) (string, *response) {
	v := q.Get(name)
	if v == "" {
		return fallback, nil
	}
	if !slices.Contains(values, v) {
		return "", errorResponse(http.StatusUnprocessableEntity,
			fmt.Sprintf("Invalid value %q for parameter %s: use one of %s.", v, name, strings.Join(values, ", ")), reposDocs)
	}
	return v, nil
}

// repoPage sorts the repositories as asked (sort, direction: ascending by
// default for full_name, else descending) and serves the requested page
// with a Link header.
func (s *Server) repoPage(r *http.Request, repos []*Repo, defaultSort string) *response {
	q := r.URL.Query()
	by, resp := enumParam(q, "sort", defaultSort, "created", "updated", "pushed", "full_name")
	if resp != nil {
		return resp
	}
	dir := "desc"
	if by == "full_name" {
		dir = "asc"
	}
	if dir, resp = enumParam(q, "direction", dir, "asc", "desc"); resp != nil {
		return resp
	}
	repos = slices.Clone(repos)
	slices.SortStableFunc(repos, func(a, b *Repo) int {
		c := cmp.Compare(strings.ToLower(a.FullName()), strings.ToLower(b.FullName()))
		switch by {
		case "created":
			c = cmp.Or(a.CreatedAt.Compare(b.CreatedAt), c)
		case "updated":
			c = cmp.Or(a.UpdatedAt.Compare(b.UpdatedAt), c)
		case "pushed":
			c = cmp.Or(a.PushedAt.Compare(b.PushedAt), c)
		}
		if dir == "desc" {
			return -c
		}
		return c
	})
	lo, hi, link := s.paginate(r, len(repos))
	c := callerOf(r)
	page := make([]object, 0, hi-lo)
	for _, repo := range repos[lo:hi] {
		page = append(page, s.listedRepoView(repo, c))
	}
	out := withLink(jsonResponse(page), link)
	if out.header == nil {
		out.header = http.Header{}
	}
	return out
}

// ownerView is the owner object of a repository.
func ownerView(r *Repo) object {
	if r.OwnerIsUser {
		return userObject(r.Owner, r.OwnerID, userNodeID(User{Login: r.Owner, ID: r.OwnerID}), "User")
	}
	return userObject(r.Owner, r.OwnerID, orgNodeID(r.OwnerID), "Organization")
}

// listedRepoView is a repository as the listings serve it: repoView's
// fields, then dates, clone URLs, counts, flags, topics, visibility and
// the default branch, and for an authenticated caller their permissions.
func (s *Server) listedRepoView(r *Repo, c caller) object {
	o := repoView(r)
	full := r.FullName()
	visibility := "public"
	if r.Private {
		visibility = "private"
	}
	var language any
	if r.Language != "" {
		language = r.Language
	}
	topics := r.Topics
	if topics == nil {
		topics = []string{}
	}
	forks, issues := int(r.ID%7), int(r.ID%13)
	o = append(o,
		field{"created_at", Time{Time: r.CreatedAt}}, field{"updated_at", Time{Time: r.UpdatedAt}},
		field{"pushed_at", Time{Time: r.PushedAt}},
		field{"git_url", "git://github.com/" + full + ".git"}, field{"ssh_url", "git@github.com:" + full + ".git"},
		field{"clone_url", "https://github.com/" + full + ".git"}, field{"svn_url", "https://github.com/" + full},
		field{"homepage", nullable(r.Homepage)}, field{"size", r.SizeKB},
		field{"stargazers_count", r.Stars}, field{"watchers_count", r.Stars}, field{"language", language},
		field{"has_issues", !r.Fork}, field{"has_projects", true}, field{"has_downloads", true},
		field{"has_wiki", !r.Private}, field{"has_pages", false}, field{"has_discussions", false},
		field{"forks_count", forks}, field{"mirror_url", nil}, field{"archived", r.Archived}, field{"disabled", false},
		field{"open_issues_count", issues}, field{"license", nil}, field{"allow_forking", !r.Private},
		field{"is_template", false}, field{"web_commit_signoff_required", false}, field{"topics", topics},
		field{"visibility", visibility}, field{"forks", forks}, field{"open_issues", issues},
		field{"watchers", r.Stars}, field{"default_branch", r.DefaultBranch},
	)
	if !c.anonymous() {
		o = append(o, field{"permissions", s.permissions(r, c)})
	}
	return o
}

// permissions are the caller's rights on the repository: its owner
// administers it, an organization's members write (an archived
// repository is read-only), anyone else reads.
func (s *Server) permissions(r *Repo, c caller) object {
	admin := r.OwnerIsUser && strings.EqualFold(r.Owner, c.login)
	write := admin
	if org := s.data.account(r.Owner); !r.OwnerIsUser && org != nil && org.isMember(c) {
		write = !r.Archived
	}
	return object{{"admin", admin}, {"maintain", admin}, {"push", write}, {"triage", write || admin}, {"pull", true}}
}

// fullRepoView is GET /repos/{owner}/{repo}'s object: the listed fields,
// the owning organization, a fork's parent and source, and the counts.
func (s *Server) fullRepoView(r *Repo, c caller) object {
	o := s.listedRepoView(r, c)
	if !r.OwnerIsUser {
		o = append(o, field{"organization", ownerView(r)})
	}
	if r.Fork && r.Parent != nil {
		source := r.Parent
		for source.Fork && source.Parent != nil {
			source = source.Parent
		}
		o = append(o, field{"parent", s.listedRepoView(r.Parent, caller{})}, field{"source", s.listedRepoView(source, caller{})})
	}
	return append(o, field{"network_count", int(r.ID % 7)}, field{"subscribers_count", 1 + int(r.ID%5)})
}
