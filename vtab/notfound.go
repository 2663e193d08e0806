package vtab

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// GitHub answers 404 alike for a repository that does not exist, for a
// private one the token may not read, and for a run or job missing from a
// repository that exists. A note that only said "not found" would leave the
// user guessing which of their inputs is wrong, so on a 404 the repository
// is probed once per statement and the note names what to check.

const (
	checkRunID = "check the run id (the number after /actions/runs/ in the run's URL)"
	checkJobID = "check the job id (the number after /job/ in the job's URL)"
)

// missing reports whether err says the resource req asks for is not
// there, or not for this token (a 403 for want of a permission, or of a
// single sign-on authorization), and if so notes what to check: the scan
// then yields nothing for it (and --strict fails on the note). Any other
// error is the scan's to return.
func (st *statement) missing(ctx context.Context, req Request, err error) bool {
	if forbidden, ok := ghapi.Forbidden(err); ok {
		st.noteForbidden(req, forbidden)
		return true
	}
	if !ghapi.IsStatus(err, http.StatusNotFound) {
		return false
	}
	st.noteNotFound(ctx, req)
	return true
}

// noteNotFound notes that what req reads is not there. Either way the note
// ends with the token advice (as the contract pins for every 404): a token
// that may read the repository but not its Actions also answers 404.
func (st *statement) noteNotFound(ctx context.Context, req Request) {
	r := req.Repo
	hint := st.conn.session.notFoundHint()
	switch {
	case r.listed && req.Check != "":
		return // an id looked for in each repository of an owner is in one at most
	case r == (Repo{}):
		st.note("%s not found; %s", req.Subject, hint)
	case req.Check == "" || !st.repoExists(ctx, r):
		st.note("repository %s not found: check the OWNER/REPO spelling (in the query, or the default repository); %s", r, hint)
	default:
		st.note("%s not found in %s: %s; %s", req.Subject, r, req.Check, hint)
	}
}

// defaultPermission is what the Actions endpoints need of a token.
const defaultPermission = `"Actions: read" (fine-grained token) or the repo scope (classic token)`

// noteForbidden notes a 403 that is no rate limit: the token may not read
// what req asks for. It names what would let it, and where the token came
// from; asking again would change nothing.
func (st *statement) noteForbidden(req Request, e *ghapi.Error) {
	what := req.Subject
	if req.Repo.Name != "" {
		what += " of " + req.Repo.String()
	}
	token := st.conn.session.tokenPhrase()
	if e.SSO != "" {
		st.note("%s: forbidden: %s enforces SAML single sign-on, and the token is not authorized for it: "+
			"authorize it at %s (or in the token's settings on GitHub: Configure SSO); %s",
			what, ssoOrganization(e.SSO, req), e.SSO, token)
		return
	}
	need := cmp.Or(req.Permission, defaultPermission)
	accepted := ""
	if e.Accepted != "" {
		accepted = " (GitHub accepts: " + e.Accepted + ")"
	}
	st.note("%s: forbidden (%s): the token needs %s%s; %s", what, cmp.Or(e.Message, e.Status), need, accepted, token)
}

// ssoOrganization names the organization whose single sign-on refused a
// request: its SSO URL's /orgs/{name}/ segment, else the request's owner.
func ssoOrganization(sso string, req Request) string {
	if u, err := url.Parse(sso); err == nil {
		if rest, ok := strings.CutPrefix(u.Path, "/orgs/"); ok {
			if name, _, _ := strings.Cut(rest, "/"); name != "" {
				return name
			}
		}
	}
	return cmp.Or(req.Repo.Owner, "the organization")
}

// repoExists probes r once per statement: the cheapest request of the
// Actions API that a repository answers even when it has no runs. A probe
// that fails for another reason counts as found: the note then blames the
// id, which the 404 was about.
func (st *statement) repoExists(ctx context.Context, r Repo) bool {
	probe := Request{Path: r.path("/actions/runs"), Query: map[string][]string{"per_page": {"1"}}}
	_, err := one[struct{}]{probe}.get(ctx, st)
	return !ghapi.IsStatus(err, http.StatusNotFound)
}
