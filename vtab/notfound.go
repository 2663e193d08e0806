package vtab

import (
	"context"
	"net/http"

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
// there, and if so notes what to check: the scan then yields nothing for
// it. Any other error is the scan's to return.
func (st *statement) missing(ctx context.Context, req Request, err error) bool {
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
	case r == (Repo{}):
		st.note("%s not found; %s", req.Subject, hint)
	case req.Check == "" || !st.repoExists(ctx, r):
		st.note("repository %s not found: check the OWNER/REPO spelling (in the query, or the default repository); %s", r, hint)
	default:
		st.note("%s not found in %s: %s; %s", req.Subject, r, req.Check, hint)
	}
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
