// Package stmt runs SQL statements the way the command line and the
// interactive shell share: a script cut into statements that know their
// line, parameters bound by name, a result printed only once all of it was
// read, and the notes about missing data handed back, or turned into the
// statement's error under --strict.
package stmt

import (
	"context"
	"database/sql"
	"io"
	"strings"

	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/vtab"
)

// Runner runs statements on one database.
type Runner struct {
	DB      *sql.DB
	Session *vtab.Session
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

// Run runs one statement and writes its rows, if it returns any, to out in
// the named format. It returns the notes about missing data, for the caller
// to print after the result. A failed statement writes nothing: its rows are
// spooled until all of them were read.
func (r *Runner) Run(ctx context.Context, text, formatName string, opts format.Options, out io.Writer) (notes []string, err error) {
	spool := newSpool()
	defer spool.Close()
	w, err := format.New(formatName, spool, opts)
	if err != nil {
		return nil, err
	}
	err = r.query(ctx, text, w)
	notes = r.Session.TakeNotes()
	if err != nil {
		return notes, err
	}
	if r.Strict && len(notes) > 0 {
		return nil, &NoteError{notes}
	}
	return notes, spool.CopyTo(out)
}

func (r *Runner) query(ctx context.Context, text string, w format.Writer) error {
	args, err := r.Params.args(text)
	if err != nil {
		return err
	}
	rows, err := r.DB.QueryContext(ctx, text, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		return err
	}
	if len(columns) == 0 {
		return rows.Err() // a statement that returns no rows (CREATE, INSERT, ...)
	}
	if err := w.Begin(columns); err != nil {
		return err
	}
	values := make([]any, len(columns))
	pointers := make([]any, len(columns))
	for i := range values {
		pointers[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(pointers...); err != nil {
			return err
		}
		if err := w.Row(values); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return w.End()
}
