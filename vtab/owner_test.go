package vtab_test

import (
	"database/sql"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/fakegh/fakeghtest"
	"github.com/actionsql/actionsql/vtab"
)

// queryWithNotes runs q and returns its rows and the notes it left.
func queryWithNotes(t *testing.T, db *sql.DB, session *vtab.Session, q string, args ...any) (rows, notes []string) {
	t.Helper()
	session.TakeNotes()
	rows = queryRows(t, db, q, args...)
	return rows, session.TakeNotes()
}

// ownerQueries read an organization or a user as a whole: the repos table,
// and runs and workflows constrained on owner alone, which cover every
// repository the owner has, alone and joined.
func ownerQueries() []string {
	return []string{
		// repos: an organization's, a user's, both, and filtered by SQLite.
		"SELECT * FROM {repos} WHERE owner = 'octo-org' ORDER BY repo",
		"SELECT * FROM {repos} WHERE owner = '" + fakegh.DemoUser + "' ORDER BY repo",
		"SELECT owner, repo, archived, fork FROM {repos} WHERE owner IN ('octo-org', '" + fakegh.DemoUser + "') AND (archived OR fork) ORDER BY 1, 2",
		"SELECT language, count(*) FROM {repos} WHERE owner = 'octo-org' GROUP BY 1 ORDER BY 2 DESC, 1",
		// Owner-wide runs, with each pushed-down filter.
		"SELECT repo, count(*), sum(conclusion = 'failure') FROM {all_runs} WHERE owner = 'octo-org' GROUP BY repo ORDER BY repo",
		"SELECT repo, id FROM {all_runs} WHERE owner = 'octo-org' AND created_at >= '2026-09-20' AND created_at < '2026-09-27' ORDER BY 1, 2",
		"SELECT repo, id FROM {all_runs} WHERE owner = 'octo-org' AND head_branch = 'main' AND conclusion = 'failure' ORDER BY 1, 2",
		"SELECT repo, count(*) FROM {all_runs} WHERE owner = 'octo-org' AND event = 'pull_request' GROUP BY 1 ORDER BY 1",
		"SELECT repo, count(*) FROM {all_runs} WHERE owner = 'octo-org' AND status = 'completed' AND actor = 'hubot' GROUP BY 1 ORDER BY 1",
		"SELECT repo, id, created_at FROM {all_runs} WHERE owner = 'octo-org' ORDER BY created_at DESC, id LIMIT 12",
		"SELECT repo, id FROM {all_runs} WHERE owner = 'octo-org' AND id IN (SELECT max(id) FROM {all_runs} WHERE owner = 'octo-org' GROUP BY repo) ORDER BY 1",
		// Narrowed by the repos table.
		`SELECT repo, count(*) FROM {all_runs} WHERE owner = 'octo-org'
			AND repo IN (SELECT repo FROM {repos} WHERE owner = 'octo-org' AND language = 'Go') GROUP BY 1 ORDER BY 1`,
		`SELECT p.language, count(*), sum(r.conclusion = 'success') FROM {repos} p
			JOIN {all_runs} r ON r.owner = p.owner AND r.repo = p.repo WHERE p.owner = 'octo-org' GROUP BY 1 ORDER BY 1`,
		`SELECT p.repo, p.default_branch, max(r.created_at) FROM {repos} p
			LEFT JOIN {all_runs} r ON r.owner = p.owner AND r.repo = p.repo AND r.head_branch = p.default_branch AND r.conclusion = 'success'
			WHERE p.owner = 'octo-org' GROUP BY 1, 2 ORDER BY 1`,
		// Owner-wide workflows.
		"SELECT * FROM {all_workflows} WHERE owner = 'octo-org' ORDER BY repo, id",
		`SELECT w.repo, w.name, count(r.id) FROM {all_workflows} w LEFT JOIN {all_runs} r
			ON r.owner = w.owner AND r.repo = w.repo AND r.workflow_id = w.id WHERE w.owner = 'octo-org' GROUP BY 1, 2 ORDER BY 1, 2`,
		// Joins across repositories: each run's repository travels to its jobs and steps.
		`SELECT r.repo, j.name, count(*), sum(j.conclusion = 'failure') FROM {all_runs} r
			JOIN {jobs} j ON j.owner = r.owner AND j.repo = r.repo AND j.run_id = r.id
			WHERE r.owner = 'octo-org' AND r.created_at >= '2026-09-28' GROUP BY 1, 2 ORDER BY 1, 2`,
		`SELECT r.repo, s.name, max(s.duration_seconds) FROM {all_runs} r
			JOIN {jobs} j ON j.owner = r.owner AND j.repo = r.repo AND j.run_id = r.id
			JOIN {steps} s ON s.owner = j.owner AND s.repo = j.repo AND s.job_id = j.id
			WHERE r.owner = 'octo-org' AND r.created_at >= '2026-09-29' AND r.conclusion = 'failure' GROUP BY 1, 2 ORDER BY 1, 2`,
	}
}

func TestOwnerWideAnswersLikePlainSQLite(t *testing.T) {
	db, _, _ := emulated(t, fakegh.Options{})
	loadPlainCopies(t, db)
	for _, q := range ownerQueries() {
		checkOnTables(t, db, q, onTables)
	}
}

// publicRepos are the names of the repositories of octo-org an anonymous
// caller sees.
func publicRepos(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, r := range fakegh.Default().Repos {
		if r.Owner == "octo-org" && !r.Private {
			names = append(names, r.Name)
		}
	}
	if len(names) < 20 {
		t.Fatalf("the demo organization has %d public repositories, want 20 or more", len(names))
	}
	return names
}

// TestOwnerWideRequestCounts shows what an owner-wide query asks GitHub:
// the organization's repositories once, then one listing per repository,
// every filter pushed down into each.
func TestOwnerWideRequestCounts(t *testing.T) {
	db, srv, _ := emulated(t, fakegh.Options{})
	repos := publicRepos(t)
	srv.ResetRequests()
	queryRows(t, db, `SELECT p.repo, count(r.id) FROM repos p LEFT JOIN runs r ON r.owner = p.owner AND r.repo = p.repo
		AND r.created_at >= '2026-09-25' WHERE p.owner = 'octo-org' GROUP BY 1`)
	srv.ResetRequests()
	queryRows(t, db, "SELECT repo, count(*) FROM runs WHERE owner = 'octo-org' AND created_at >= '2026-09-25' AND event = 'push' GROUP BY repo")
	requests := srv.Requests()
	if got, want := len(requests), 1+len(repos); got != want {
		t.Errorf("%d requests, want %d (the repositories, then one listing each): %v", got, want, requests)
	}
	listed := map[string]int{}
	for _, r := range requests {
		path, query, _ := strings.Cut(strings.TrimPrefix(r, "GET "), "?")
		if name, ok := strings.CutPrefix(path, "/repos/octo-org/"); ok {
			if !strings.Contains(query, "created=%3E%3D2026-09-25") || !strings.Contains(query, "event=push") {
				t.Errorf("%s: the filters are not pushed down", r)
			}
			listed[strings.TrimSuffix(name, "/actions/runs")]++
		}
	}
	for _, name := range repos {
		if listed[name] != 1 {
			t.Errorf("octo-org/%s listed %d times, want once", name, listed[name])
		}
	}
	if slices.ContainsFunc(requests, func(r string) bool { return strings.Contains(r, "secret-infra") }) {
		t.Error("an anonymous scan asked for a private repository the listing does not show")
	}
}

// TestReposAndOwnerWideScansShareTheListing: a statement that reads the
// repositories and an owner-wide table lists the repositories once.
func TestReposAndOwnerWideScansShareTheListing(t *testing.T) {
	db, srv, _ := emulated(t, fakegh.Options{})
	srv.ResetRequests()
	queryRows(t, db, `SELECT p.repo, (SELECT count(*) FROM workflows w WHERE w.owner = 'octo-org' AND w.repo = p.repo)
		FROM repos p WHERE p.owner = 'octo-org' AND p.repo IN (SELECT repo FROM workflows WHERE owner = 'octo-org')`)
	orgListings := 0
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r, "GET /orgs/octo-org/repos") {
			orgListings++
		}
	}
	if orgListings != 1 {
		t.Errorf("the organization's repositories were listed %d times in one statement, want once", orgListings)
	}
}

// TestOwnersThatAreNotThere: a name that is no organization and no user
// gives no rows and a note that says so, for repos and owner-wide tables
// alike; owner alone on a table that reads one repository at a time is an
// error that says to add repo.
func TestOwnersThatAreNotThere(t *testing.T) {
	db, _, session := emulated(t, fakegh.Options{})
	for _, q := range []string{
		"SELECT * FROM repos WHERE owner = 'no-such-owner'",
		"SELECT * FROM runs WHERE owner = 'no-such-owner'",
		"SELECT * FROM workflows WHERE owner = 'no-such-owner'",
	} {
		rows, notes := queryWithNotes(t, db, session, q)
		if len(rows) != 0 {
			t.Errorf("%s: %d rows, want none", q, len(rows))
		}
		if len(notes) != 1 || !strings.Contains(notes[0], "organization or user no-such-owner not found") {
			t.Errorf("%s: notes %q, want one saying no organization or user has the name", q, notes)
		}
	}
	_, err := db.Query("SELECT * FROM jobs WHERE owner = 'octo-org' AND run_id = 1")
	if err == nil || !strings.Contains(err.Error(), "alone names no repository: add repo = 'REPO'") {
		t.Errorf("jobs with owner alone: error %v, want one saying to add repo", err)
	}
}

// TestAnOwnerWideLookupByIDSaysNothingOfTheOtherRepositories: a run id
// looked for in every repository of the owner is found in one; the 404s
// of the others are expected, not news.
func TestAnOwnerWideLookupByIDSaysNothingOfTheOtherRepositories(t *testing.T) {
	db, _, session := emulated(t, fakegh.Options{})
	rows, notes := queryWithNotes(t, db, session, "SELECT repo, id FROM runs WHERE owner = 'octo-org' AND id = ?", fakegh.APIServerFailedRunID)
	if len(rows) != 1 || !strings.Contains(rows[0], `"api-server"`) {
		t.Errorf("rows %v, want the run in api-server", rows)
	}
	if len(notes) != 0 {
		t.Errorf("notes %q, want none", notes)
	}
}

// TestSingleSignOnIsSaidPlainly: an organization that enforces SAML single
// sign-on refuses a token not authorized for it; the note says so, with
// the URL that authorizes it, and where the token came from.
func TestSingleSignOnIsSaidPlainly(t *testing.T) {
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	db, session := connect(t, config.Config{APIURL: srv.URL(), Token: "not-authorized-for-sso", TokenSource: "GH_TOKEN",
		Owner: "octo-org", Repo: "webapp", MaxRetryWait: time.Second})
	for _, q := range []string{"SELECT * FROM repos WHERE owner = 'sso-org'", "SELECT * FROM runs WHERE owner = 'sso-org'"} {
		rows, notes := queryWithNotes(t, db, session, q)
		if len(rows) != 0 {
			t.Errorf("%s: %d rows, want none", q, len(rows))
		}
		joined := strings.Join(notes, "\n")
		for _, want := range []string{"sso-org enforces SAML single sign-on", "https://github.com/orgs/sso-org/sso", "the token came from GH_TOKEN"} {
			if !strings.Contains(joined, want) {
				t.Errorf("%s: notes %q, want them to say %q", q, notes, want)
			}
		}
	}
}

// TestASecondaryLimitSlowsTheFanOut: a secondary rate limit met by one
// repository's listing holds every request for its Retry-After, and the
// query then answers whole: the fan-out slows down instead of failing or
// sending the rest of its burst into the same limit.
func TestASecondaryLimitSlowsTheFanOut(t *testing.T) {
	var limitedAt time.Time
	var mu sync.Mutex
	var sentDuringPause []string
	limited := false
	inject := func(r *http.Request) fakeghtest.Injection {
		mu.Lock()
		defer mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, "/repos/") {
			return fakeghtest.Injection{}
		}
		if !limited {
			limited, limitedAt = true, time.Now()
			return fakeghtest.Injection{Kind: fakeghtest.FaultSecondaryLimit, RetryAfter: 2 * time.Second}
		}
		if time.Since(limitedAt) < 1500*time.Millisecond {
			sentDuringPause = append(sentDuringPause, r.URL.Path)
		}
		return fakeghtest.Injection{}
	}
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 30, Intercept: fakeghtest.Inject(inject)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	db, _ := connect(t, config.Config{APIURL: srv.URL(), Owner: "octo-org", Repo: "webapp", MaxRetryWait: time.Minute, Concurrency: 4})
	got := queryRows(t, db, "SELECT count(DISTINCT repo) FROM runs WHERE owner = 'octo-org' AND created_at >= '2026-09-25'")
	want := queryRows(t, db, "SELECT count(DISTINCT repo) FROM runs WHERE owner = 'octo-org' AND created_at >= '2026-09-25'")
	if !limited || got[0] != want[0] {
		t.Errorf("with a secondary limit %v, without %v (limited: %v)", got, want, limited)
	}
	// Requests already in flight when the limit came back may arrive in
	// the pause; no request may start in it.
	if len(sentDuringPause) > 3 {
		t.Errorf("%d requests were sent while the secondary limit asked to wait: %v", len(sentDuringPause), sentDuringPause)
	}
}

// TestAFanOutsSecondPagesAreInFlightTogether: the repositories of an
// owner-wide scan with more than one page of runs ask for their further
// pages as soon as each one's page 1 says how many there are, not one
// repository after another as the scan reaches them.
func TestAFanOutsSecondPagesAreInFlightTogether(t *testing.T) {
	const furtherPages = 4 // perf-org: one repository with 3 pages in the window, two with 2
	b := newBarrier(furtherPages, func(r *http.Request) bool {
		return strings.HasPrefix(r.URL.Path, "/repos/"+fakegh.PerfOrg+"/") && r.URL.Query().Get("page") > "1"
	})
	p := fakegh.NewPerfData(fakegh.PerfOptions{})
	srv, err := fakegh.Start(fakegh.Options{Data: p.Data, Fault: b.fault, AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	rows := queryRows(t, openDB(t, srv, 16), "SELECT count(*) FROM runs WHERE owner = ? AND created_at >= ?", fakegh.PerfOrg, fakegh.PerfOrgSince)
	if len(rows) != 1 {
		t.Fatalf("got %v", rows)
	}
	b.check(t)
}
