package driver_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/fakegh/fakeghtest"
	"github.com/actionsql/actionsql/internal/ghapi"
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

// watchedChildEnv marks the child process TestSlowQueriesDoNotCrash starts.
const watchedChildEnv = "ACTIONSQL_TEST_WATCHED_CHILD"

// TestSlowQueriesDoNotCrash runs TestWatchedQueriesChild in a process of its
// own and wants it to exit cleanly. A query waiting on GitHub makes the
// bridge ask SQLite every 100ms whether the statement was interrupted
// (sqlite3_is_interrupted, through the routines table the bridge was
// compiled against): asked through the wrong slot, that call crashes the
// process, which a test in this process could not report.
func TestSlowQueriesDoNotCrash(t *testing.T) {
	if os.Getenv(watchedChildEnv) != "" {
		t.Skip("this is the child")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestWatchedQueriesChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), watchedChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the child process failed (%v); a SIGSEGV means the bridge called sqlite3_is_interrupted through the wrong slot of SQLite's routines table:\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestWatchedQueriesChild") {
		t.Fatalf("the child process did not run its test:\n%s", out)
	}
}

// TestWatchedQueriesChild is the child's part of TestSlowQueriesDoNotCrash:
// a query whose every request takes a second answers in full, and a query
// whose request never comes back stops when its context is cancelled,
// which only the bridge's asking sqlite3_is_interrupted can bring about.
func TestWatchedQueriesChild(t *testing.T) {
	if os.Getenv(watchedChildEnv) == "" {
		t.Skip("run by TestSlowQueriesDoNotCrash in a process of its own")
	}
	cleanEnv(t)
	var hang atomic.Bool
	arrived := make(chan struct{}, 1)
	srv, err := fakegh.Start(fakegh.Options{Intercept: fakeghtest.Inject(func(*http.Request) fakeghtest.Injection {
		if !hang.Load() {
			return fakeghtest.Injection{Kind: fakeghtest.FaultSlow, Delay: time.Second}
		}
		select {
		case arrived <- struct{}{}:
		default:
		}
		return fakeghtest.Injection{Kind: fakeghtest.FaultSlow, Delay: 10 * time.Minute}
	})})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("actionsql", "no_cache=1&api_url="+srv.URL()+"&repo="+fakegh.DemoRepo)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	_, want, _ := srv.Dataset().LogSize(fakegh.FlakyJobID)
	var lines int64
	if err := db.QueryRow(`SELECT count(*) FROM job_logs WHERE job_id = ?`, fakegh.FlakyJobID).Scan(&lines); err != nil {
		t.Fatalf("the slow query failed: %v", err)
	}
	if lines != want || want == 0 {
		t.Errorf("the slow query counted %d log lines, want %d", lines, want)
	}

	hang.Store(true)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-arrived // the scan waits on GitHub now: only the watch can stop it
		cancel()
	}()
	done := make(chan error, 1)
	go func() {
		var n int64
		done <- db.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE run_id = ?`, fakegh.FlakyRunID).Scan(&n)
	}()
	// A generous wait for what takes a poll interval (100ms), yet shorter
	// than the API client's own response timeout, which would end the
	// request without any interrupt check (and the driver would still
	// report the cancelled context).
	ceiling := ghapi.DefaultResponseTimeout / 2
	select {
	case err := <-done:
		// The driver reports an interrupted statement as its context's error.
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the cancelled query returned %v, want %v", err, context.Canceled)
		}
	case <-time.After(ceiling):
		t.Fatalf("the cancelled query still waits on GitHub after %v: the bridge never saw the interrupt", ceiling)
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
