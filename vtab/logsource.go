package vtab

import (
	"context"
	"errors"
	"io"
	"os"

	"github.com/actionsql/actionsql/internal/ghapi"
)

// isAPIError reports whether err is the API's answer rather than a failure
// to get one.
func isAPIError(err error) bool {
	var apiErr *ghapi.Error
	return errors.As(err, &apiErr)
}

// openLog opens a job's log: this statement's copy when an earlier scan
// read it to the end or fetched it ahead, else the download, kept as it is
// read (by the disk cache when there is one, else in a spool file).
func (s *Session) openLog(ctx context.Context, st *statement, r Repo, id int64) (io.ReadCloser, error) {
	key := jobKey(r, id)
	if fl := st.fetchedAheadOrStreaming(key); fl != nil {
		// A log fetched ahead that the API refused stays refused; any other
		// failure of the fetch ahead (a spool file, the network) earns the
		// log a download of its own.
		if _, err := fl.wait(ctx); err != nil && (isAPIError(err) || ctx.Err() != nil) {
			return nil, err
		}
	}
	if path, ok := st.spooled(key); ok {
		if f, err := os.Open(path); err == nil {
			return f, nil
		}
	}
	client := s.Client()
	body, err := client.OpenJobLog(ctx, r.Owner, r.Name, id)
	if err != nil || client.CachesLogs() {
		return body, err
	}
	spool, err := st.newSpool()
	if err != nil {
		return body, nil // spooling only saves a second download: go on without it
	}
	return &spoolingLog{body: body, spool: spool, done: func() { st.keepSpool(key, spool.Name()) }}, nil
}

// warmLog downloads a job's log in the background, for openLog to find
// when the scan reaches it.
func (s *Session) warmLog(st *statement, r Repo, id int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.streaming[jobKey(r, id)] {
		return // a scan is downloading it already
	}
	startFetch(st.fetches, "log:"+jobKey(r, id), func(ctx context.Context) (struct{}, error) {
		client := s.Client()
		body, err := client.OpenJobLog(ctx, r.Owner, r.Name, id)
		if err != nil {
			return struct{}{}, err
		}
		defer body.Close()
		if client.CachesLogs() {
			_, err = io.Copy(io.Discard, body) // the disk cache keeps it as it goes by
			return struct{}{}, err
		}
		return struct{}{}, st.spoolWhole(jobKey(r, id), body)
	})
}

// fetchedAheadOrStreaming returns the fetch ahead of a job's log, or, when
// there is none, marks the log as being downloaded by the scan asking, so
// that no read-ahead starts downloading it a second time. A scan never waits
// for another scan's download: in a self-join the other scan is the outer
// loop, which cannot move on until the inner one is done.
func (st *statement) fetchedAheadOrStreaming(key string) *flight {
	st.mu.Lock()
	defer st.mu.Unlock()
	if fl := st.fetches.lookup("log:" + key); fl != nil {
		return fl
	}
	st.streaming[key] = true
	return nil
}

// spoolWhole copies a whole log to a spool file and keeps it for the statement.
func (st *statement) spoolWhole(key string, body io.Reader) error {
	spool, err := st.newSpool()
	if err != nil {
		return err
	}
	_, err = io.Copy(spool, body)
	if cerr := spool.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(spool.Name())
		return err
	}
	st.keepSpool(key, spool.Name())
	return nil
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
