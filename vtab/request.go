package vtab

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// Request is one GET a scan makes, described by what it asks for: every
// table turns its constraints into Requests, and everything else is
// derived from them here and in listing.go: the key that names the answer
// among a statement's fetches (so nothing is fetched twice), the same
// request started ahead of need (read-ahead), the note when the API says
// the resource is not there, and how a listing is paged.
type Request struct {
	Path  string     // relative to the API root, segments escaped (see Repo.path)
	Query url.Values // the API's filters; a listing's page and per_page are added per page
	// Items names the field of a listing's answer that holds its items
	// ("workflow_runs"); "" when the answer is the array itself. Unused for
	// a request of one object.
	Items string
	// Subject says what the request reads, for notes: "run 5", "the
	// workflows". The repository is added where it matters.
	Subject string
	// Check says how to check the id in Subject when the repository
	// exists but the API says the resource does not: "check the run id
	// (the number after /actions/runs/ in the run's URL)".
	Check string
	// Permission names what a token needs for the request when it needs
	// more than read access to the repository, for the note on a 403:
	// `admin rights (classic: the repo scope; fine-grained: "Administration: read")`.
	// "" says the Actions default, "Actions: read".
	Permission string
	Repo       Repo // the repository it reads from; zero for none
}

// String is the request as messages show it: path and query.
func (r Request) String() string {
	if len(r.Query) == 0 {
		return r.Path
	}
	return r.Path + "?" + r.Query.Encode()
}

// key names the request's answer among a statement's fetches. Owner and
// repository names are case-insensitive (GitHub ignores case), so the
// path is compared without it; query values (a branch) keep theirs.
func (r Request) key() string {
	if len(r.Query) == 0 {
		return strings.ToLower(r.Path)
	}
	return strings.ToLower(r.Path) + "?" + r.Query.Encode()
}

// path is the path of one of the repository's endpoints, its names escaped.
func (r Repo) path(format string, args ...any) string {
	return ghapi.RepoPath(r.Owner, r.Name) + fmt.Sprintf(format, args...)
}

// one is a request for a single object, decoded into a T.
type one[T any] struct{ Request }

// get returns the object, fetched at most once per statement.
func (o one[T]) get(ctx context.Context, st *statement) (*T, error) {
	return fetchOnce(ctx, st.fetches, o.key(), o.fetch(st))
}

// start begins fetching the object ahead of need.
func (o one[T]) start(st *statement) { startFetch(st.fetches, o.key(), o.fetch(st)) }

func (o one[T]) fetch(st *statement) func(context.Context) (*T, error) {
	client := st.client()
	return func(ctx context.Context) (*T, error) {
		var v T
		if _, err := client.Get(ctx, o.Path, o.Query, &v); err != nil {
			return nil, err
		}
		return &v, nil
	}
}

// rows yields the object, or nothing (and a note) when the API says it
// is not there.
func (o one[T]) rows(ctx context.Context, st *statement) pull[*T] {
	done := false
	return func() (*T, error) {
		if done {
			return nil, io.EOF
		}
		done = true
		v, err := o.get(ctx, st)
		if err != nil && st.missing(ctx, o.Request, err) {
			return nil, io.EOF
		}
		return v, err
	}
}

// idKey names a run or job of a repository among a statement's: the
// repository without case, as GitHub compares it.
func idKey(r Repo, id int64) string {
	return strings.ToLower(r.String()) + "#" + fmt.Sprint(id)
}
