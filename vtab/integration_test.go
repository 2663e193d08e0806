package vtab_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/vtab"
)

// emulated starts the emulated GitHub and opens a database whose tables read
// from it, with octo-org/webapp as the default repository.
func emulated(t *testing.T, opts fakegh.Options) (*sql.DB, *fakegh.Server, *vtab.Session) {
	t.Helper()
	opts.AnonymousRateLimit = 1 << 30
	srv, err := fakegh.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	// A fault a test injects for good fails the query once a second of
	// retries is spent, not the default minute.
	db, session := connect(t, config.Config{APIURL: srv.URL(), Owner: "octo-org", Repo: "webapp", MaxRetryWait: time.Second})
	return db, srv, session
}

// queryRows runs q and returns its rows as text, one string per row.
func queryRows(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out, err := scanAll(rows)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func TestPushdownRequestCounts(t *testing.T) {
	db, srv, _ := emulated(t, fakegh.Options{})
	bigRepo := "owner = 'octo-org' AND repo = 'big-monorepo'"
	tests := []struct {
		name     string
		query    string
		wantAPI  int
		wantBlob int
	}{
		{"one job by id", fmt.Sprintf("SELECT * FROM jobs WHERE id = %d", fakegh.FlakyJobID), 1, 0},
		{"one attempt of a 230-job run: ceil(230/100) pages", fmt.Sprintf("SELECT * FROM jobs WHERE %s AND run_id = %d AND run_attempt = 1", bigRepo, fakegh.BigRunID), 3, 0},
		{"LIMIT 5 on a 230-job run reads page 1 only", fmt.Sprintf("SELECT id FROM jobs WHERE %s AND run_id = %d LIMIT 5", bigRepo, fakegh.BigRunID), 1, 0},
		{"content of one log: the log request and its download", fmt.Sprintf("SELECT content FROM job_logs WHERE job_id = %d", fakegh.FlakyJobID), 1, 1},
		{"step numbers need the job object too", fmt.Sprintf("SELECT step_number FROM job_logs WHERE job_id = %d", fakegh.FlakyJobID), 2, 1},
		{"steps joined to their jobs: one listing serves both", fmt.Sprintf("SELECT j.name, s.name FROM jobs j JOIN steps s ON s.job_id = j.id WHERE j.run_id = %d", fakegh.FlakyRunID), 1, 0},
		{"IN reaches one filter call and reads each run once", fmt.Sprintf("SELECT count(*) FROM jobs WHERE run_id IN (%d, %d, %d)", fakegh.FlakyRunID, fakegh.FailedRunID, fakegh.FlakyRunID), 2, 0},
		{"a log read twice in one statement is downloaded once", fmt.Sprintf("SELECT count(*) FROM (SELECT line FROM job_logs WHERE job_id = %[1]d UNION ALL SELECT line FROM job_logs WHERE job_id = %[1]d)", fakegh.FlakyJobID), 1, 1},
		{"an inner loop over a log downloads it once more at most", fmt.Sprintf("SELECT count(*) FROM job_logs a JOIN job_logs b ON b.line = a.line + 1 WHERE a.job_id = %[1]d AND b.job_id = %[1]d AND a.line < 50", fakegh.FlakyJobID), 2, 2},
		{"run-wide logs skip jobs that are not completed", fmt.Sprintf("SELECT count(*) FROM job_logs WHERE run_id = %d", fakegh.InProgressRunID), 1 + 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			queryRows(t, db, tt.query)
			api, blob := srv.RequestsByHost()
			if len(api) != tt.wantAPI || len(blob) != tt.wantBlob {
				t.Errorf("%d API requests and %d downloads, want %d and %d:\n%s", len(api), len(blob), tt.wantAPI, tt.wantBlob, strings.Join(srv.Requests(), "\n"))
			}
		})
	}
}

func TestMissingDataGivesNoRowsAndANote(t *testing.T) {
	db, _, session := emulated(t, fakegh.Options{})
	tests := []struct {
		query string
		note  string
	}{
		{"SELECT * FROM jobs WHERE run_id = 1", "run 1 not found in octo-org/webapp"},
		{"SELECT * FROM steps WHERE job_id = 2", "job 2 not found in octo-org/webapp"},
		{fmt.Sprintf("SELECT * FROM job_logs WHERE job_id = %d", fakegh.InProgressJobID), "(still running)"},
		{fmt.Sprintf("SELECT * FROM job_logs WHERE run_id = %d", fakegh.ExpiredRunID), "expired: "},
		// Skipped jobs never have a log: nothing is missing, nothing to say.
		{fmt.Sprintf("SELECT * FROM job_logs WHERE run_id = %d AND level = 'no such level'", fakegh.FlakyRunID), ""},
		{fmt.Sprintf("SELECT * FROM job_logs WHERE run_id = %d AND level = 'no such level'", fakegh.InProgressRunID), "jobs of run 9458380074 in octo-org/webapp (still running: "},
		{fmt.Sprintf("SELECT * FROM jobs WHERE owner = 'octo-org' AND repo = 'secret-infra' AND run_id = %d", fakegh.PrivateRunID), `needs a token with the "repo" scope`},
	}
	for _, tt := range tests {
		rows := queryRows(t, db, tt.query)
		notes := strings.Join(session.TakeNotes(), "\n")
		if tt.query != fmt.Sprintf("SELECT * FROM job_logs WHERE run_id = %d", fakegh.ExpiredRunID) && len(rows) != 0 {
			t.Errorf("%s: %d rows, want none", tt.query, len(rows))
		}
		if tt.note == "" && notes != "" {
			t.Errorf("%s: notes %q, want none", tt.query, notes)
		}
		if !strings.Contains(notes, tt.note) {
			t.Errorf("%s: notes %q, want one containing %q", tt.query, notes, tt.note)
		}
	}
}

func TestFailuresAreErrorsNotPartialResults(t *testing.T) {
	db, _, _ := emulated(t, fakegh.Options{Fault: func(r *http.Request) int {
		if strings.Contains(r.URL.RawQuery, "page=2") {
			return http.StatusBadGateway
		}
		return 0
	}})
	rows, err := db.Query(fmt.Sprintf("SELECT id FROM jobs WHERE owner = 'octo-org' AND repo = 'big-monorepo' AND run_id = %d", fakegh.BigRunID))
	if err == nil {
		n := 0
		for rows.Next() {
			n++
		}
		err = rows.Err()
		rows.Close()
		if n > 100 {
			t.Errorf("%d rows came through: more than page 1 holds", n)
		}
	}
	want := fmt.Sprintf("GET /repos/octo-org/big-monorepo/actions/runs/%d/jobs: 502 Bad Gateway", fakegh.BigRunID)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestOwnerAndRepoAreCaseInsensitive(t *testing.T) {
	db, _, _ := emulated(t, fakegh.Options{})
	q := fmt.Sprintf("SELECT DISTINCT owner, repo FROM jobs WHERE owner = 'OCTO-ORG' AND repo IN ('WebApp', 'webapp') AND run_id = %d", fakegh.FlakyRunID)
	got := queryRows(t, db, q)
	if want := []string{`[]interface {}{"OCTO-ORG", "WebApp"}`}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v: the spelling the query used, once", got, want)
	}
}

func TestFilterLatestReadsTheLastAttempt(t *testing.T) {
	db, _, _ := emulated(t, fakegh.Options{})
	got := queryRows(t, db, fmt.Sprintf("SELECT DISTINCT run_attempt, filter FROM jobs WHERE run_id = %d AND filter = 'latest'", fakegh.ThreeAttemptRunID))
	if want := []string{`[]interface {}{3, "latest"}`}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := db.Query(fmt.Sprintf("SELECT * FROM jobs WHERE run_id = %d AND filter = 'newest'", fakegh.ThreeAttemptRunID)); err == nil || !strings.Contains(err.Error(), "filter must be 'all' or 'latest'") {
		t.Errorf("bad filter: err = %v", err)
	}
}

func TestARangeOnARequiredColumnSaysWhichOperatorsReachTheAPI(t *testing.T) {
	db, srv, _ := emulated(t, fakegh.Options{})
	_, err := db.Query("SELECT * FROM jobs WHERE run_id > 5")
	want := "jobs: needs run_id or id, e.g. WHERE run_id = 123; only = and IN on run_id reach the API"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want it to contain %q", err, want)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("sent %v", reqs)
	}
}
