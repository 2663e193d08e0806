package stmt

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/actionsql/actionsql/vtab"
)

// progressEvery is how often Query reports a running statement's requests.
const progressEvery = 250 * time.Millisecond

// Result is what a statement left besides its rows, which Query hands out
// one by one as it reads them.
type Result struct {
	Columns []string
	Rows    int64 // how many
	Notes   []string
	Stats   ghapi.StatsSnapshot // the requests the statement made
	ByRepo  map[string]int64    // as Outcome's
}

// RowFunc takes a statement's rows one at a time, as they are read, typed
// as database/sql scans SQLite values: nil, int64, float64, string or
// []byte. row is reused for the next row: keep what it holds, not it. An
// error stops the statement, which fails with it.
type RowFunc func(columns []string, row []any) error

// Query runs one statement on a connection of its own, handing its rows to
// each, and returns what else it left; progress, if not nil, is called
// about every progressEvery with the statement's request counts so far.
// Under Strict, notes make it fail with *NoteError. Cancelling ctx stops
// the statement and its requests. Nothing here holds the rows: the caller
// keeps them as it needs (a server, encoded once, within a bound).
func (r *Runner) Query(ctx context.Context, text string, progress func(ghapi.StatsSnapshot), each RowFunc) (*Result, error) {
	conn, err := r.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	counts, err := r.counter(ctx, conn)
	if err != nil {
		return nil, err
	}
	r.repoRequests(ctx, conn) // forget what an earlier statement on conn left
	stop := report(progress, counts)
	res, err := r.collect(ctx, conn, text, each)
	stop()
	notes, notesErr := takeNotes(conn)
	switch {
	case err != nil:
		return nil, err
	case notesErr != nil:
		return nil, notesErr
	case r.Strict && len(missingData(notes)) > 0:
		return nil, &NoteError{missingData(notes)}
	}
	res.Notes, res.Stats = notes, counts()
	res.ByRepo = r.repoRequests(ctx, conn)
	return res, nil
}

// vconn is conn's part of the session: its request counts; nil when the
// connection reads through a session actionsql_config replaced.
func (r *Runner) vconn(ctx context.Context, conn *sql.Conn) (*vtab.Conn, error) {
	var id int64
	if err := conn.QueryRowContext(ctx, "SELECT actionsql_connection_id()").Scan(&id); err != nil {
		return nil, fmt.Errorf("find the connection's request counts: %w", err)
	}
	return r.Session.Conn(id), nil
}

// counter returns a function giving the requests made on conn since now.
func (r *Runner) counter(ctx context.Context, conn *sql.Conn) (func() ghapi.StatsSnapshot, error) {
	vc, err := r.vconn(ctx, conn)
	if err != nil {
		return nil, err
	}
	if vc == nil { // the connection reads through a session actionsql_config replaced
		return func() ghapi.StatsSnapshot { return ghapi.StatsSnapshot{RateRemaining: -1} }, nil
	}
	before := vc.Stats()
	return func() ghapi.StatsSnapshot { return vc.Stats().Sub(before) }, nil
}

// report calls progress with counts every progressEvery until stop.
func report(progress func(ghapi.StatsSnapshot), counts func() ghapi.StatsSnapshot) (stop func()) {
	if progress == nil {
		return func() {}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				progress(counts())
			}
		}
	}()
	return func() { close(done); <-finished }
}

// collect reads a statement's rows, handing each to each.
func (r *Runner) collect(ctx context.Context, conn *sql.Conn, text string, each RowFunc) (*Result, error) {
	args, err := r.Params.args(text)
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	res := &Result{}
	if res.Columns, err = rows.Columns(); err != nil {
		return nil, err
	}
	row := make([]any, len(res.Columns))
	pointers := make([]any, len(row))
	for i := range row {
		pointers[i] = &row[i]
	}
	for rows.Next() {
		if err := rows.Scan(pointers...); err != nil {
			return nil, err
		}
		if err := each(res.Columns, row); err != nil {
			return nil, err
		}
		res.Rows++
	}
	return res, rows.Err()
}
