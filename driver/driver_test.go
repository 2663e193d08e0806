package driver_test

import (
	"database/sql"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	_ "github.com/actionsql/actionsql/driver"
)

// officialExample is GitHub's own example answer of the list-jobs endpoint
// (testdata/github/README.md says where it comes from).
const officialExample = "../testdata/github/api_jobs_list_official_example.json"

func TestOfficialExampleBecomesRows(t *testing.T) {
	body, err := os.ReadFile(officialExample)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/repos/octo-org/octo-repo/actions/runs/29679449/jobs" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	defer srv.Close()
	t.Setenv("GH_TOKEN", "")
	t.Setenv("GITHUB_TOKEN", "")

	db, err := sql.Open("actionsql", "api_url="+srv.URL+"&repo=octo-org/octo-repo")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	var started, completed, labels string
	var duration, queued sql.NullInt64
	err = db.QueryRow(`SELECT started_at, completed_at, duration_seconds, queued_seconds, labels
		FROM jobs WHERE run_id = 29679449`).Scan(&started, &completed, &duration, &queued, &labels)
	if err != nil {
		t.Fatal(err)
	}
	if started != "2020-01-20T17:42:40Z" || completed != "2020-01-20T17:44:39Z" || duration.Int64 != 119 {
		t.Errorf("job times %s..%s (%v s), want 2020-01-20T17:42:40Z..17:44:39Z (119 s)", started, completed, duration)
	}
	if queued.Valid {
		t.Errorf("queued_seconds = %d, want NULL: the example has no created_at", queued.Int64)
	}
	if labels != `["self-hosted","foo","bar"]` {
		t.Errorf("labels = %s", labels)
	}

	// Step times are written with a -08:00 offset; the table shows UTC.
	rows, err := db.Query(`SELECT number, started_at, duration_seconds FROM steps WHERE run_id = '29679449' ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var n, d int64
		var s string
		if err := rows.Scan(&n, &s, &d); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if len(got) == 0 || got[0] != "2020-01-20T17:42:40Z" {
		t.Errorf("step start times %v, want the first at 2020-01-20T17:42:40Z", got)
	}
}

func TestMissingConstraintSaysWhatToAdd(t *testing.T) {
	db, err := sql.Open("actionsql", "api_url=http://127.0.0.1:9&repo=o/r")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Query(`SELECT * FROM jobs WHERE name = 'build'`)
	if err == nil || !strings.Contains(err.Error(), "jobs: needs run_id or id, e.g. WHERE run_id = 123") {
		t.Fatalf("err = %v", err)
	}
}
