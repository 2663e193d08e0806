package driver_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// TestCancelStopsAQueryWaitingOnGitHub cancels a query whose request would
// take an hour: the driver interrupts SQLite, and the scan waiting on the
// network notices and gives up, well before the hour.
func TestCancelStopsAQueryWaitingOnGitHub(t *testing.T) {
	cleanEnv(t)
	srv, err := fakegh.Start(fakegh.Options{Latency: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("actionsql", "api_url="+srv.URL()+"&repo="+fakegh.DemoRepo)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	result := make(chan error, 1)
	go func() {
		rows, err := db.QueryContext(ctx, `SELECT count(*) FROM job_logs WHERE job_id = ?`, fakegh.FlakyJobID)
		if err != nil {
			result <- err
			return
		}
		defer rows.Close()
		for rows.Next() {
		}
		result <- rows.Err()
	}()
	waitUntil(t, "the query's first request reaches GitHub", func() bool { return len(srv.Requests()) > 0 })
	cancel()
	select {
	case err := <-result:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("the cancelled query ended with %v, want it cancelled", err)
		}
	case <-time.After(eventTimeout):
		t.Fatalf("the cancelled query still waits on GitHub %v after the cancel", eventTimeout)
	}

	// The connection is still good for the next statement.
	var repo string
	if err := db.QueryRow(`SELECT actionsql_config('repo')`).Scan(&repo); err != nil || repo != fakegh.DemoRepo {
		t.Errorf("after the interrupt: repo = %q, %v", repo, err)
	}
}

// eventTimeout bounds the wait for something a test expects to happen: a
// ceiling a loaded machine never reaches, not a speed claim.
const eventTimeout = 30 * time.Second

// waitUntil polls cond until it holds, failing the test after eventTimeout.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(eventTimeout); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", eventTimeout, what)
		}
	}
}
