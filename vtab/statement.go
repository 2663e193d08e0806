package vtab

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// statement is what one SQL statement's scans share while any of its
// cursors is open: the resources fetched (each at most once, see flights),
// the logs spooled to temporary files for a second reading, the order in
// which outer scans produced jobs, which inner scans read ahead of, its
// notes. The next statement of the connection starts
// with a fresh one, so it sees fresh data; a statement on another
// connection has its own.
type statement struct {
	ctx     context.Context // its requests' context: they count in the connection's Stats
	cancel  context.CancelCauseFunc
	fetches *flights
	conn    *Conn         // where its notes go
	budget  *ghapi.Budget // the API requests it may still spend (--max-requests)

	mu        sync.Mutex
	spools    map[string]string // job key → spooled log file
	dir       string            // made when the first log is spooled
	streaming map[string]bool   // job keys of logs a scan downloads as it reads
	jobs      *sequence         // jobs in the order scans produced them
	runs      *sequence         // runs in the order scans produced them
	noted     map[string]bool   // its notes, said once each
}

func newStatement(conn *Conn) *statement {
	budget := conn.session.budget()
	ctx, cancel := context.WithCancelCause(ghapi.WithBudget(ghapi.WithStats(context.Background(), &conn.stats), budget))
	return &statement{
		ctx: ctx, cancel: cancel, fetches: newFlights(ctx), conn: conn, budget: budget,
		spools: map[string]string{}, streaming: map[string]bool{}, noted: map[string]bool{},
		jobs: newSequence(), runs: newSequence(),
	}
}

// client is the API client the statement reads through.
func (st *statement) client() *ghapi.Client { return st.conn.session.Client() }

// producedBy is the sequence of the runs or jobs whose ids an inner scan
// filtered on col takes from an outer scan; nil for any other column.
func (st *statement) producedBy(col string) *sequence {
	switch col {
	case "run_id":
		return st.runs
	case "job_id":
		return st.jobs
	}
	return nil
}

// doneWith appends to an owner-wide scan's parts, after the last one of a
// repository, one that counts the repository done when the scan reaches
// it: the rows of every part before it are read.
func doneWith[T any](q *Query, parts []part[T]) []part[T] {
	if !q.ownerWide {
		return parts
	}
	st := q.st
	return append(parts, part[T]{rows: func() pull[T] {
		st.client().Stats().RepoDone(st.ctx)
		return fromSlice[T](nil)
	}})
}

// note tells the user something is missing, once per statement: an inner
// loop of a join may meet the same missing run many times.
func (st *statement) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	st.mu.Lock()
	seen := st.noted[msg]
	st.noted[msg] = true
	st.mu.Unlock()
	if !seen {
		st.conn.addNote(msg)
	}
}

// end stops the statement's fetches still in flight and deletes its spooled logs.
func (st *statement) end() {
	st.cancel(errStatementOver)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.dir != "" {
		os.RemoveAll(st.dir)
		st.dir = ""
	}
	st.spools = map[string]string{}
}

// spooled returns the file holding a log this statement read to the end.
func (st *statement) spooled(key string) (string, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	path, ok := st.spools[key]
	return path, ok
}

// newSpool makes a temporary file for the log of job key being read; it
// counts for the statement once committed (read to the end).
func (st *statement) newSpool(key string) (*spool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.dir == "" {
		dir, err := os.MkdirTemp("", "actionsql-logs-*")
		if err != nil {
			return nil, err
		}
		st.dir = dir
	}
	f, err := os.CreateTemp(st.dir, "job-*.log")
	if err != nil {
		return nil, err
	}
	return &spool{File: f, st: st, key: key}, nil
}

// spool is a tee.Sink: a log's copy in a temporary file of the statement.
type spool struct {
	*os.File
	st     *statement
	key    string
	closed bool
}

// Commit keeps the spool for the rest of the statement.
func (sp *spool) Commit() error {
	sp.closed = true
	if err := sp.Close(); err != nil {
		os.Remove(sp.Name())
		return err
	}
	sp.st.keepSpool(sp.key, sp.Name())
	return nil
}

// Abort deletes a spool not committed.
func (sp *spool) Abort() {
	if !sp.closed {
		sp.closed = true
		sp.Close()
		os.Remove(sp.Name())
	}
}

// keepSpool records a log read to its end.
func (st *statement) keepSpool(key, path string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.spools[key] = path
}
