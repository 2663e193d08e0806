package vtab_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/driver"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
)

// TestNotesAndErrorsNeverShowTheToken reads through a token and collects
// every note and error a user could see: missing runs, jobs and logs (whose
// notes say where the token came from), and failed requests.
func TestNotesAndErrorsNeverShowTheToken(t *testing.T) {
	const token = "ghp_notesTOKENmustNotLeak1122334455"
	srv, err := fakegh.Start(fakegh.Options{ValidTokens: []string{token}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	open := func(tok string) (*sql.DB, *driver.Connector) {
		connector, err := driver.NewConnector(config.Config{APIURL: srv.URL(), Token: tok, TokenSource: "GH_TOKEN", Owner: "octo-org", Repo: "webapp", NoCache: true})
		if err != nil {
			t.Fatal(err)
		}
		db := sql.OpenDB(connector)
		t.Cleanup(func() { db.Close() })
		return db, connector
	}
	db, connector := open(token)
	var seen []string
	for _, q := range []string{
		"SELECT * FROM jobs WHERE run_id = 1",
		"SELECT * FROM steps WHERE job_id = 2",
		fmt.Sprintf("SELECT * FROM job_logs WHERE run_id = %d", fakegh.ExpiredRunID),
		fmt.Sprintf("SELECT * FROM job_logs WHERE job_id = %d", fakegh.InProgressJobID),
		"SELECT * FROM jobs WHERE owner = 'octo-org' AND repo = 'secret-infra' AND run_id = 1",
		"SELECT * FROM jobs WHERE owner = 'octo-org' AND repo = 'nosuch' AND run_id = 1",
		"SELECT * FROM steps",
	} {
		if _, err := countRows(db, q); err != nil {
			seen = append(seen, err.Error())
		}
		seen = append(seen, connector.Session().TakeNotes()...)
	}
	bad, _ := open(token + "x") // a wrong token: 401
	if _, err := countRows(bad, "SELECT * FROM jobs WHERE run_id = 1"); err != nil {
		seen = append(seen, err.Error())
	}
	all := strings.Join(seen, "\n")
	if !strings.Contains(all, "the token came from GH_TOKEN") || !strings.Contains(all, "401") {
		t.Fatalf("the notes and errors lack what the test looks at:\n%s", all)
	}
	if strings.Contains(all, "notesTOKEN") {
		t.Errorf("a note or error shows the token:\n%s", all)
	}
}
