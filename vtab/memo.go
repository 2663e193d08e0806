package vtab

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// memo holds what the running statement fetched: job pages, jobs, and the
// logs it read to the end, spooled to temporary files so that a statement
// reading a log twice (a self-join, a UNION) downloads it once without
// holding it in memory.
type memo struct {
	mu    sync.Mutex
	pages map[string]*ghapi.JobPage
	jobs  map[string]*ghapi.Job
	logs  map[string]string // job key → spooled log file
	dir   string            // made when the first log is spooled
}

func newMemo() *memo {
	return &memo{pages: map[string]*ghapi.JobPage{}, jobs: map[string]*ghapi.Job{}, logs: map[string]string{}}
}

// release deletes the spooled logs: the statement is over.
func (m *memo) release() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.dir != "" {
		os.RemoveAll(m.dir)
		m.dir = ""
	}
	m.logs = map[string]string{}
}

func jobKey(r Repo, id int64) string {
	return strings.ToLower(r.String()) + "#" + fmt.Sprint(id)
}

func pageKey(l ghapi.JobListing, page int) string {
	return strings.ToLower(fmt.Sprintf("%s/%s#%d@%d/%s?%d", l.Owner, l.Repo, l.RunID, l.Attempt, l.Filter, page))
}

// lookup returns cache[key] under the memo's lock.
func lookup[T any](m *memo, cache map[string]T, key string) (T, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := cache[key]
	return v, ok
}

// jobsPage reads one page of a job listing, at most once per statement.
func (s *Session) jobsPage(ctx context.Context, l ghapi.JobListing, page int) (*ghapi.JobPage, error) {
	m := s.currentMemo()
	key := pageKey(l, page)
	if p, ok := lookup(m, m.pages, key); ok {
		return p, nil
	}
	p, err := s.Client().ListJobsPage(ctx, l, page)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pages[key] = p
	for _, j := range p.Jobs {
		m.jobs[jobKey(Repo{l.Owner, l.Repo}, j.GetID())] = j
	}
	return p, nil
}

// job reads one job, at most once per statement, and not at all when a
// listing of this statement already had it.
func (s *Session) job(ctx context.Context, r Repo, id int64) (*ghapi.Job, error) {
	m := s.currentMemo()
	key := jobKey(r, id)
	if j, ok := lookup(m, m.jobs, key); ok {
		return j, nil
	}
	j, err := s.Client().GetJob(ctx, r.Owner, r.Name, id)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.jobs[key] = j
	return j, nil
}

// openLog opens a job's log: this statement's spooled copy when an earlier
// scan read it to the end, else the download, spooled as it is read.
func (s *Session) openLog(ctx context.Context, r Repo, id int64) (io.ReadCloser, error) {
	m := s.currentMemo()
	key := jobKey(r, id)
	if path, ok := lookup(m, m.logs, key); ok {
		if f, err := os.Open(path); err == nil {
			return f, nil
		}
	}
	body, err := s.Client().OpenJobLog(ctx, r.Owner, r.Name, id)
	if err != nil {
		return nil, err
	}
	spool, err := m.newSpool()
	if err != nil {
		return body, nil // spooling only saves a second download: go on without it
	}
	return &spoolingLog{body: body, spool: spool, done: func() { m.keepLog(key, spool.Name()) }}, nil
}

func (m *memo) newSpool() (*os.File, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.dir == "" {
		dir, err := os.MkdirTemp("", "actionsql-logs-*")
		if err != nil {
			return nil, err
		}
		m.dir = dir
	}
	return os.CreateTemp(m.dir, "job-*.log")
}

func (m *memo) keepLog(key, path string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.logs[key] = path
}

// spoolingLog copies a download to its spool file as it is read; only a log
// read to its end is kept for the rest of the statement.
type spoolingLog struct {
	body     io.ReadCloser
	spool    *os.File
	spoolErr error
	done     func()
	complete bool
}

func (l *spoolingLog) Read(p []byte) (int, error) {
	n, err := l.body.Read(p)
	if n > 0 && l.spoolErr == nil {
		_, l.spoolErr = l.spool.Write(p[:n])
	}
	if err == io.EOF && l.spoolErr == nil && !l.complete {
		l.complete = l.spool.Close() == nil
		if l.complete {
			l.done()
		}
	}
	return n, err
}

func (l *spoolingLog) Close() error {
	err := l.body.Close()
	if !l.complete {
		l.spool.Close()
		os.Remove(l.spool.Name())
	}
	return err
}
