package vtab

import (
	"context"
	"errors"
	"io"
	"os"

	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/actionsql/actionsql/internal/tee"
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
	key := idKey(r, id)
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
	return s.downloadLog(ctx, st, r, id)
}

// downloadLog downloads a job's log, kept as it is read: by the disk cache
// when there is one, else in a spool file of the statement.
func (s *Session) downloadLog(ctx context.Context, st *statement, r Repo, id int64) (io.ReadCloser, error) {
	client := s.Client()
	body, err := client.OpenJobLog(ctx, r.Owner, r.Name, id)
	if err != nil || client.CachesLogs() {
		return body, err
	}
	spool, err := st.newSpool(idKey(r, id))
	if err != nil {
		return body, nil // spooling only saves a second download: go on without it
	}
	return tee.Reader(body, spool), nil
}

// warmLog downloads a job's log in the background, for openLog to find
// when the scan reaches it.
func (s *Session) warmLog(st *statement, r Repo, id int64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.streaming[idKey(r, id)] {
		return // a scan is downloading it already
	}
	startFetch(st.fetches, "log:"+idKey(r, id), func(ctx context.Context) (struct{}, error) {
		body, err := s.downloadLog(ctx, st, r, id)
		if err != nil {
			return struct{}{}, err
		}
		defer body.Close()
		_, err = io.Copy(io.Discard, body) // kept as it goes by
		return struct{}{}, err
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
