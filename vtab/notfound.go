package vtab

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// GitHub answers 404 alike for a repository that does not exist, for a
// private one the token may not read, and for a run or job missing from a
// repository that exists. A note that only said "not found" would leave the
// user guessing which of their inputs is wrong, so on a 404 the repository
// is probed once per statement and the note names what to check.

// noteNotFound notes that what (e.g. "run 5") is not in r; check says how
// to check the id, for when the repository exists. Either way the note
// ends with the token advice (as the contract pins for every 404): a token
// that may read the repository but not its Actions also answers 404.
func (s *Session) noteNotFound(ctx context.Context, st *statement, r Repo, what, check string) {
	if !s.repoExists(ctx, st, r) {
		st.note("repository %s not found: check the OWNER/REPO spelling (in the query, --repo or GH_REPO)%s", r, s.hintIf(true))
		return
	}
	st.note("%s not found in %s: %s%s", what, r, check, s.hintIf(true))
}

// repoExists probes r once per statement. A probe that fails for another
// reason counts as found: the note then blames the id, which the 404 was
// about.
func (s *Session) repoExists(ctx context.Context, st *statement, r Repo) bool {
	ok, err := fetchOnce(ctx, st.fetches, "repo:"+strings.ToLower(r.String()), func(ctx context.Context) (bool, error) {
		return s.Client().RepoHasActions(ctx, r.Owner, r.Name)
	})
	return ok || err != nil
}

const (
	checkRunID = "check the run id (the number after /actions/runs/ in the run's URL)"
	checkJobID = "check the job id (the number after /job/ in the job's URL)"
)

// noteListingNotFound explains a job listing's 404. An attempt after a
// run's last one is no mistake (a join asking each run for attempt N + 1
// meets it all the time) and gets no note.
func (s *Session) noteListingNotFound(ctx context.Context, st *statement, l ghapi.JobListing) {
	r := Repo{l.Owner, l.Repo}
	if l.Attempt == 0 {
		s.noteNotFound(ctx, st, r, fmt.Sprintf("run %d", l.RunID), checkRunID)
		return
	}
	run, err := fetchOnce(ctx, st.fetches, "run:"+runKey(r, l.RunID), func(ctx context.Context) (*ghapi.Run, error) {
		return s.Client().GetRun(ctx, r.Owner, r.Name, l.RunID)
	})
	switch {
	case err == nil && l.Attempt > int64(run.GetRunAttempt()):
		return
	case ghapi.IsStatus(err, http.StatusNotFound):
		s.noteNotFound(ctx, st, r, fmt.Sprintf("run %d", l.RunID), checkRunID)
	default:
		s.noteNotFound(ctx, st, r, l.Subject(), checkRunID)
	}
}
