package driver_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// TestCancelStopsAQueryWaitingOnGitHub cancels a query whose requests take
// seconds each: the driver interrupts SQLite, and the scan waiting on the
// network notices and gives up at once.
func TestCancelStopsAQueryWaitingOnGitHub(t *testing.T) {
	cleanEnv(t)
	srv, err := fakegh.Start(fakegh.Options{Latency: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("actionsql", "api_url="+srv.URL()+"&repo="+fakegh.DemoRepo)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = func() error {
		rows, err := db.QueryContext(ctx, `SELECT count(*) FROM job_logs WHERE job_id = ?`, fakegh.FlakyJobID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
		}
		return rows.Err()
	}()
	took := time.Since(start)
	if err == nil {
		t.Fatal("the cancelled query succeeded")
	}
	if took > time.Second {
		t.Errorf("the cancelled query took %v to return (%v), want under 1s", took.Round(time.Millisecond), err)
	}

	// The connection is still good for the next statement.
	var repo string
	if err := db.QueryRow(`SELECT actionsql_config('repo')`).Scan(&repo); err != nil || repo != fakegh.DemoRepo {
		t.Errorf("after the interrupt: repo = %q, %v", repo, err)
	}
}
