package vtab

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// repos: one row per repository of an owner, an organization's or else a
// user's. An owner-wide scan of another table (EachRepoScope) reads the
// same listing to learn which repositories to read, so a statement that
// asks both pays for it once.
var _ = declare(&Table{
	Name:    "repos",
	Scope:   OwnerScope,
	Needs:   []Need{{Cost: 100, Rows: 30}},
	Example: "WHERE owner = 'octo-org'",
}, columnMap[repository]{}, generateRepos)

// repository is a repository as the owner's listing gives it.
type repository struct {
	owner         string   // as the query spelled it
	ID            *int64   `json:"id"`
	Name          *string  `json:"name"`
	Private       bool     `json:"private"`
	Visibility    *string  `json:"visibility"`
	Archived      bool     `json:"archived"`
	Fork          bool     `json:"fork"`
	DefaultBranch *string  `json:"default_branch"`
	Language      *string  `json:"language"`
	Topics        []string `json:"topics"`
	PushedAt      *apiTime `json:"pushed_at"`
	CreatedAt     *apiTime `json:"created_at"`
	UpdatedAt     *apiTime `json:"updated_at"`
	HTMLURL       *string  `json:"html_url"`
}

func (r *repository) repository() Repo   { return Repo{Owner: r.owner, Name: text(r.Name)} }
func (r *repository) setRepo(owner Repo) { r.owner = owner.Owner }

func generateRepos(ctx context.Context, s *Session, q *Query) (func() (*repository, error), error) {
	st := q.st
	parts := make([]part[*repository], len(q.Repos))
	for i, o := range q.Repos {
		parts[i] = part[*repository]{
			warm: func() { orgRepos(o.Owner).start(st, 1) },
			rows: func() pull[*repository] {
				l, err := st.reposOf(ctx, o.Owner)
				if err != nil {
					return failed[*repository](err)
				}
				return each(l.rows(ctx, st, q.want), copyIn[repository](o))
			},
		}
	}
	return ahead(parts, s.readAhead()), nil
}

// orgRepos is the listing of an organization's repositories.
func orgRepos(org string) listing[repository] {
	return reposListing(Request{Path: "/orgs/" + ghapi.PathSegment(org) + "/repos",
		Subject: "the repositories of " + org})
}

func reposListing(r Request) listing[repository] {
	return listing[repository]{Request: r, id: func(r *repository) int64 { return deref(r.ID) }}
}

// reposOf is the listing of owner's repositories: the organization's when
// owner is one, else the user's, their private ones too when the token is
// theirs. The organization's page 1 says which, and it is the page the
// listing reads first: the question costs no request of its own. Any
// failure but a 404 is left for the listing's rows to report.
func (st *statement) reposOf(ctx context.Context, owner string) (listing[repository], error) {
	org := orgRepos(owner)
	if _, err := org.first(ctx, st); !ghapi.IsStatus(err, http.StatusNotFound) {
		return org, nil
	}
	subject := "organization or user " + owner
	if login := st.login(ctx); login != "" && strings.EqualFold(login, owner) {
		return reposListing(Request{Path: "/user/repos", Query: map[string][]string{"affiliation": {"owner"}},
			Subject: subject}), nil
	}
	return reposListing(Request{Path: "/users/" + ghapi.PathSegment(owner) + "/repos", Subject: subject}), nil
}

// login is the login of the token's user, "" with no token or when the
// token is not a user's (an app's installation token).
func (st *statement) login(ctx context.Context) string {
	if !st.conn.session.hasToken() {
		return ""
	}
	user, err := one[struct {
		Login string `json:"login"`
	}]{Request{Path: "/user"}}.get(ctx, st)
	if err != nil {
		return ""
	}
	return user.Login
}

// ownerRepos lists the repositories an owner-wide scan reads: every one
// of the owner's, archived ones included, as repos lists them. The owner
// keeps the query's spelling, each name the API's.
func (st *statement) ownerRepos(ctx context.Context, owner string) ([]Repo, error) {
	l, err := st.reposOf(ctx, owner)
	if err != nil {
		return nil, err
	}
	items, err := collect(l.rows(ctx, st, 0))
	if err != nil {
		return nil, fmt.Errorf("list the repositories of %s: %w", owner, err)
	}
	repos := make([]Repo, len(items))
	for i, r := range items {
		repos[i] = Repo{Owner: owner, Name: text(r.Name), listed: true}
	}
	return repos, nil
}

// failed is a pull that fails with err.
func failed[T any](err error) pull[T] {
	return func() (T, error) {
		var zero T
		return zero, err
	}
}
