// Package stmt runs SQL statements the way the command line, the
// interactive shell and the web page (package serve) share: a script cut
// into statements that know their line, parameters bound by name, a result
// printed only once all of it was read (Run) or handed over row by row to
// a caller that bounds what it keeps (Query), and the notes about missing
// data handed back, or turned into the statement's error under --strict.
package stmt

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/vtab"
)

// Runner runs statements on one database. Each statement runs on a
// connection of its own for as long as it takes, and takes that
// connection's notes and request counts: statements run at once (a server's
// requests) never see each other's.
type Runner struct {
	DB      *sql.DB
	Session *vtab.Session // the session of DB's tables, for Query's progress
	Params  Params
	// Strict turns the notes about missing data into errors, for scripts
	// that must not pass on an empty answer.
	Strict bool
}

// NoteError is how a statement fails under Strict: its notes are the
// message.
type NoteError struct {
	Notes []string
}

func (e *NoteError) Error() string { return strings.Join(e.Notes, "; ") }

// Outcome is what a statement Run ran left besides its rows.
type Outcome struct {
	Notes []string // about missing data (and advice), to print after the result
	// ByRepo is the API requests the statement sent to each repository's
	// endpoints ("owner/repo", lower case), when it sent some to more than
	// one: what an owner-wide query cost, repository by repository.
	ByRepo map[string]int64
	// ResultSet says the statement returned a result set (columns, even
	// with no rows), as SELECT does and CREATE TABLE does not.
	ResultSet bool
}

// Run runs one statement and writes its rows, if it returns any, to out in
// the named format. It returns the notes about missing data, for the caller
// to print after the result (on failure too). A failed statement writes
// nothing: its rows are spooled until all of them were read, unless out is
// a Pending, which holds them back itself: Run then writes to it as the rows
// arrive, and the caller commits it only when Run succeeded.
func (r *Runner) Run(ctx context.Context, text, formatName string, opts format.Options, out io.Writer) (Outcome, error) {
	var sink io.Writer = out
	spool := newSpool()
	defer spool.Close()
	_, direct := out.(Pending)
	if !direct {
		sink = spool
	}
	w, err := format.New(formatName, sink, opts)
	if err != nil {
		return Outcome{}, err
	}
	conn, err := r.DB.Conn(ctx)
	if err != nil {
		return Outcome{}, err
	}
	defer conn.Close()
	t, _ := r.tally(ctx, conn) // without it, only the line per repository is missing
	returned, err := r.query(ctx, conn, text, w)
	notes, notesErr := takeNotes(conn)
	outcome := Outcome{Notes: notes, ByRepo: t.byRepo(), ResultSet: returned}
	if err != nil {
		return outcome, err
	}
	if notesErr != nil {
		return Outcome{}, notesErr
	}
	if r.Strict && len(missingData(notes)) > 0 {
		return Outcome{}, &NoteError{missingData(notes)}
	}
	if direct {
		return outcome, nil
	}
	return outcome, spool.CopyTo(out)
}

// Pending is an output that keeps what is written to it out of sight until
// the caller commits it (a file written under a temporary name, renamed
// into place), so that Run can write to it as rows arrive without a failed
// statement leaving a partial result.
type Pending interface {
	io.Writer
	Commit() error // puts what was written in place
	Discard()      // drops it, leaving things as they were
}

// missingData are the notes about data that is missing, which Strict turns
// into errors, without the advice on how to fetch less.
func missingData(notes []string) []string {
	var missing []string
	for _, n := range notes {
		if !vtab.IsAdvice(n) {
			missing = append(missing, n)
		}
	}
	return missing
}

// takeNotes reads the notes the connection's statements left: the
// connection's own, so a statement run at the same time on another one never
// adds to them. It does not heed the statement's context: an interrupted
// statement's notes are still worth saying.
func takeNotes(conn *sql.Conn) ([]string, error) {
	var list string
	if err := conn.QueryRowContext(context.Background(), "SELECT actionsql_notes()").Scan(&list); err != nil {
		return nil, fmt.Errorf("read the notes of the statement: %w", err)
	}
	var notes []string
	if err := json.Unmarshal([]byte(list), &notes); err != nil {
		return nil, fmt.Errorf("read the notes of the statement: %w", err)
	}
	return notes, nil
}

// query runs a statement, writing its result set, if it returns one, to w;
// returned says whether it did.
func (r *Runner) query(ctx context.Context, conn *sql.Conn, text string, w format.Writer) (returned bool, err error) {
	args, err := r.Params.args(text)
	if err != nil {
		return false, err
	}
	rows, err := conn.QueryContext(ctx, text, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return false, err
	}
	if len(columns) == 0 {
		return false, rows.Err() // a statement that returns no rows (CREATE, INSERT, ...)
	}
	format.DeclareTypes(w, declaredTypes(rows))
	if err := w.Begin(columns); err != nil {
		return true, err
	}
	values := make([]any, len(columns))
	pointers := make([]any, len(columns))
	for i := range values {
		pointers[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(pointers...); err != nil {
			return true, err
		}
		if err := w.Row(values); err != nil {
			return true, err
		}
	}
	if err := rows.Err(); err != nil {
		return true, err
	}
	return true, w.End()
}

// declaredTypes are the declared types of the result's columns ("" for an
// expression), which a Parquet file's columns are typed from.
func declaredTypes(rows *sql.Rows) []string {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil // the values type the columns then
	}
	declared := make([]string, len(types))
	for i, t := range types {
		declared[i] = t.DatabaseTypeName()
	}
	return declared
}
