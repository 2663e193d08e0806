package vtab

import (
	"context"
	"os"
	"sync"
)

// statement is what one SQL statement's scans share while any of its
// cursors is open: the resources fetched (each at most once, see flights),
// the logs spooled to temporary files for a second reading, and the order
// in which outer scans produced jobs, which inner scans read ahead of.
// The next statement starts with a fresh one, so it sees fresh data.
type statement struct {
	ctx     context.Context
	cancel  context.CancelCauseFunc
	fetches *flights

	mu        sync.Mutex
	spools    map[string]string  // job key → spooled log file
	dir       string             // made when the first log is spooled
	streaming map[string]bool    // job keys of logs a scan downloads as it reads
	seen      *sequence[repoJob] // jobs in the order scans produced them
	runs      *sequence[repoRun] // runs in the order scans produced them
}

func newStatement() *statement {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &statement{ctx: ctx, cancel: cancel, fetches: newFlights(ctx), spools: map[string]string{}, streaming: map[string]bool{}, seen: newSequence(func(rj repoJob) string { return jobKey(rj.repo, rj.job.GetID()) }),
		runs: newSequence(func(rr repoRun) string { return runKey(rr.repo, rr.run.GetID()) })}
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

// newSpool makes a temporary file for a log being read.
func (st *statement) newSpool() (*os.File, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.dir == "" {
		dir, err := os.MkdirTemp("", "actionsql-logs-*")
		if err != nil {
			return nil, err
		}
		st.dir = dir
	}
	return os.CreateTemp(st.dir, "job-*.log")
}

// keepSpool records a log read to its end.
func (st *statement) keepSpool(key, path string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.spools[key] = path
}
