package driver_test

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// plainSQLiteErrors are what a connection without actionsql answers.
var plainSQLiteErrors = map[string]string{
	`SELECT count(*) FROM jobs WHERE run_id = 1`: "no such table: jobs",
	`SELECT actionsql_config('repo')`:            "no such function: actionsql_config",
}

// assertPlain fails unless db is a SQLite connection that opens and has
// neither actionsql's tables nor its functions.
func assertPlain(t *testing.T, db *sql.DB) {
	t.Helper()
	if err := db.Ping(); err != nil {
		t.Fatalf("a connection of mattn/go-sqlite3's own driver failed to open: %v", err)
	}
	for query, want := range plainSQLiteErrors {
		_, err := db.Exec(query)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s on a plain SQLite connection: %v, want %q", query, err, want)
		}
	}
}

// assertTables fails unless db has actionsql's tables and settings.
func assertTables(t *testing.T, db *sql.DB) {
	t.Helper()
	var jobs int
	if err := db.QueryRow(`SELECT count(*) FROM jobs WHERE run_id = ?`, fakegh.FlakyRunID).Scan(&jobs); err != nil || jobs == 0 {
		t.Errorf("jobs of the demo's flaky run on an actionsql connection: %d, %v", jobs, err)
	}
	var demo int
	if err := db.QueryRow(`SELECT actionsql_config('demo')`).Scan(&demo); err != nil || demo != 1 {
		t.Errorf("actionsql_config('demo') = %d, %v; want 1", demo, err)
	}
}

// TestOnlyTheDriversConnectionsGetTheTables opens, in one process that uses
// the actionsql driver, connections of mattn/go-sqlite3's own driver: they
// get no tables, and no settings are resolved for them, so an actionsql
// variable they have no use for cannot make them fail.
func TestOnlyTheDriversConnectionsGetTheTables(t *testing.T) {
	cleanEnv(t)
	// From its first connection on, the driver's entry point is installed
	// in the SQLite every connection of the process shares.
	db, err := sql.Open("actionsql", "demo=1&no_cache=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	assertTables(t, db)

	for _, tt := range []struct {
		concurrency string
		wantErr     string // from sql.Open("actionsql", ...); "" for none
	}{
		{concurrency: "4"},
		{concurrency: "lots", wantErr: `ACTIONSQL_CONCURRENCY="lots": want a whole number of requests in flight`},
	} {
		t.Run("ACTIONSQL_CONCURRENCY="+tt.concurrency, func(t *testing.T) {
			t.Setenv("ACTIONSQL_CONCURRENCY", tt.concurrency)
			plain, err := sql.Open("sqlite3", ":memory:")
			if err != nil {
				t.Fatal(err)
			}
			defer plain.Close()
			assertPlain(t, plain)

			own, err := sql.Open("actionsql", "demo=1&no_cache=1")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf(`sql.Open("actionsql", ...) = %v, want an error with %q`, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer own.Close()
			assertTables(t, own)
		})
	}
}

// TestConnectionsOpenedAtOnceKeepTheirKind opens actionsql and plain
// connections from many goroutines at once: the claim the driver makes on
// the connection it opens must never reach another goroutine's.
func TestConnectionsOpenedAtOnceKeepTheirKind(t *testing.T) {
	cleanEnv(t)
	const workers, rounds = 8, 8
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				driverName, dsn := "sqlite3", ":memory:"
				if (w+r)%2 == 0 {
					driverName, dsn = "actionsql", "demo=1&no_cache=1"
				}
				db, err := sql.Open(driverName, dsn)
				if err != nil {
					t.Error(err)
					return
				}
				t.Run(fmt.Sprintf("%s/%d/%d", driverName, w, r), func(t *testing.T) {
					if driverName == "sqlite3" {
						assertPlain(t, db)
					} else {
						assertTables(t, db)
					}
				})
				db.Close()
			}
		})
	}
	wg.Wait()
}
