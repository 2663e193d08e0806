package stmt_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actionsql/actionsql/driver"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/actionsql/actionsql/internal/stmt"
)

// runner opens a database of several connections on srv, as a server's.
func runner(t *testing.T, srv *fakegh.Server) *stmt.Runner {
	t.Helper()
	connector, err := driver.NewConnector(config.Config{APIURL: srv.URL(), Owner: "octo-org", Repo: "webapp", NoCache: true})
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(4)
	t.Cleanup(func() { db.Close() })
	return &stmt.Runner{DB: db, Session: connector.Session()}
}

// TestStatementsAtOnceKeepTheirNotesAndCountsApart runs two statements at
// the same time on one database: one meets a missing run, the other not.
// Each gets its own notes and request counts, and a progress report while
// its request is in flight (the server holds the request until it sees it).
func TestStatementsAtOnceKeepTheirNotesAndCountsApart(t *testing.T) {
	seen := make(chan struct{})
	var once sync.Once
	var unseen atomic.Bool // the hold gave up: no progress was reported
	hold := func(r *http.Request) int {
		if strings.Contains(r.URL.Path, fmt.Sprint(fakegh.FlakyRunID)) {
			select {
			case <-seen:
			case <-time.After(20 * time.Second): // a ceiling, below the client's 30 s wait for an answer
				unseen.Store(true) // let it through: a 5xx would be retried and hide this
			}
		}
		return 0
	}
	srv, err := fakegh.Start(fakegh.Options{Fault: hold, AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	r := runner(t, srv)
	var wg sync.WaitGroup
	var missing, found *stmt.Result
	var missingErr, foundErr error
	var missingRows, foundRows [][]any
	wg.Add(2)
	go func() {
		defer wg.Done()
		missing, missingErr = r.Query(context.Background(), "SELECT * FROM jobs WHERE run_id = 1", nil, keep(&missingRows))
	}()
	go func() {
		defer wg.Done()
		found, foundErr = r.Query(context.Background(), fmt.Sprintf("SELECT count(*) AS n FROM jobs WHERE run_id = %d", fakegh.FlakyRunID),
			func(s ghapi.StatsSnapshot) {
				if s.Requests == 1 {
					once.Do(func() { close(seen) })
				}
			}, keep(&foundRows))
	}()
	wg.Wait()
	if unseen.Load() {
		t.Error("no progress report came while the request was in flight")
	}
	if missingErr != nil || foundErr != nil {
		t.Fatalf("errors: %v, %v", missingErr, foundErr)
	}
	if len(missing.Notes) != 1 || !strings.HasPrefix(missing.Notes[0], "run 1 not found in octo-org/webapp") || len(found.Notes) != 0 {
		t.Errorf("notes %q and %q: want the missing run's note on its own statement only", missing.Notes, found.Notes)
	}
	if !reflect.DeepEqual(found.Columns, []string{"n"}) || !reflect.DeepEqual(foundRows, [][]any{{int64(18)}}) || found.Rows != 1 ||
		len(missingRows) != 0 || missing.Rows != 0 {
		t.Errorf("result %v %v (%d rows), and %v (%d rows) for the missing run", found.Columns, foundRows, found.Rows, missingRows, missing.Rows)
	}
	// The missing run costs its listing and the probe of the repository.
	if missing.Stats.Requests != 2 || found.Stats.Requests != 1 {
		t.Errorf("requests %d and %d, want 2 and 1", missing.Stats.Requests, found.Stats.Requests)
	}
}

func TestQueryUnderStrictFailsOnANote(t *testing.T) {
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	r := runner(t, srv)
	r.Strict = true
	_, err = r.Query(context.Background(), "SELECT * FROM jobs WHERE run_id = 1", nil, keep(new([][]any)))
	if _, ok := err.(*stmt.NoteError); !ok || !strings.Contains(err.Error(), "run 1 not found") {
		t.Errorf("error %v, want the note as a *NoteError", err)
	}
}

// keep is a RowFunc that appends copies of the rows to rows.
func keep(rows *[][]any) stmt.RowFunc {
	return func(_ []string, row []any) error {
		*rows = append(*rows, slices.Clone(row))
		return nil
	}
}

func TestAnErrorFromTheRowsStopsTheStatement(t *testing.T) {
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	enough := errors.New("enough")
	seen := 0
	_, err = runner(t, srv).Query(context.Background(), fmt.Sprintf("SELECT * FROM jobs WHERE run_id IN (%d, %d) ORDER BY id", fakegh.FlakyRunID, fakegh.FailedRunID), nil,
		func([]string, []any) error {
			if seen++; seen == 3 {
				return enough
			}
			return nil
		})
	if !errors.Is(err, enough) || seen != 3 {
		t.Errorf("error %v after %d rows, want the row function's after 3", err, seen)
	}
}
