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
	t, err := r.tally(ctx, conn)
	if err != nil {
		return nil, err
	}
	stop := report(progress, t.stats)
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
	res.Notes, res.Stats, res.ByRepo = notes, t.stats(), t.byRepo()
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

// tally is what a statement on a connection costs: conn's part of the
// session, looked up once before the statement, and its counts then.
type tally struct {
	vc     *vtab.Conn // nil when conn reads through a session actionsql_config replaced
	before ghapi.StatsSnapshot
}

// tally starts counting a statement about to run on conn, forgetting the
// requests per repository an earlier statement on conn left untaken.
func (r *Runner) tally(ctx context.Context, conn *sql.Conn) (*tally, error) {
	vc, err := r.vconn(ctx, conn)
	if err != nil {
		return &tally{}, err
	}
	t := &tally{vc: vc}
	if vc != nil {
		vc.TakeRepoRequests()
		t.before = vc.Stats()
	}
	return t, nil
}

// stats are the requests made on the connection since the tally began.
func (t *tally) stats() ghapi.StatsSnapshot {
	if t.vc == nil {
		return ghapi.StatsSnapshot{RateRemaining: -1}
	}
	return t.vc.Stats().Sub(t.before)
}

// byRepo is the requests per repository of the statement the connection
// just ran, when it sent requests to more than one.
func (t *tally) byRepo() map[string]int64 {
	if t.vc == nil {
		return nil
	}
	if by := t.vc.TakeRepoRequests(); len(by) > 1 {
		return by
	}
	return nil
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
