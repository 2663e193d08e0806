package cli

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"github.com/actionsql/actionsql/driver"
	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/vtab"
)

// RunScript runs each statement of script in turn and prints the result of
// each one that returns rows. It stops at the first error; a statement's
// rows are printed only once all of them were read, so a failure never
// leaves a partial result on out.
func RunScript(ctx context.Context, db *sql.DB, session *vtab.Session, script, formatName string, opts format.Options, out, errOut io.Writer) error {
	for _, stmt := range SplitStatements(script) {
		err := RunStatement(ctx, db, stmt, formatName, opts, out)
		printNotes(session, errOut)
		if err != nil {
			return err
		}
	}
	return nil
}

// RunStatement runs one statement and prints its rows, if it returns any.
func RunStatement(ctx context.Context, db *sql.DB, stmt, formatName string, opts format.Options, out io.Writer) error {
	spool := newSpool()
	defer spool.Close()
	w, err := format.New(formatName, spool, opts)
	if err != nil {
		return err
	}
	if err := query(ctx, db, stmt, w); err != nil {
		return err
	}
	return spool.CopyTo(out)
}

func query(ctx context.Context, db *sql.DB, stmt string, w format.Writer) error {
	rows, err := db.QueryContext(ctx, stmt)
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

func printNotes(session *vtab.Session, errOut io.Writer) {
	for _, n := range session.TakeNotes() {
		fmt.Fprintf(errOut, "actionsql: note: %s\n", n)
	}
}

// SplitStatements cuts a script into its statements, by SQLite's own idea of
// where a statement ends (a ';' outside strings, comments and trigger
// bodies). Text after the last ';' is a statement too, and blank or
// comment-only pieces are dropped.
func SplitStatements(script string) []string {
	var stmts []string
	start := 0
	for i := 0; i < len(script); i++ {
		if script[i] != ';' || !driver.Complete(script[start:i+1]) {
			continue
		}
		stmts = appendStatement(stmts, script[start:i+1])
		start = i + 1
	}
	return appendStatement(stmts, script[start:])
}

func appendStatement(stmts []string, s string) []string {
	if strings.TrimSpace(s) == "" || strings.TrimSpace(s) == ";" || driver.Complete(s+";") && onlyComments(s) {
		return stmts
	}
	return append(stmts, strings.TrimSpace(s))
}

// onlyComments reports whether s holds nothing but comments and ';'.
func onlyComments(s string) bool {
	for len(s) > 0 {
		s = strings.TrimLeft(s, " \t\r\n;")
		switch {
		case strings.HasPrefix(s, "--"):
			if i := strings.IndexByte(s, '\n'); i >= 0 {
				s = s[i+1:]
			} else {
				s = ""
			}
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s, "*/")
			if i < 0 {
				return true
			}
			s = s[i+2:]
		default:
			return s == ""
		}
	}
	return true
}
