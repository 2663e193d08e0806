package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/internal/ghapi"
	"github.com/actionsql/actionsql/internal/stmt"
)

// maxRequestBody bounds what a request may send: a statement, or a result
// to chart.
const maxRequestBody = 32 << 20

// maxResult bounds the JSON of one result: the page sends a result it
// holds back whole to /api/chart, within maxRequestBody, and a table in a
// browser is of no use long before. A statement whose rows pass it is
// stopped and fails, saying what to do instead.
const maxResult = maxRequestBody

// ndjson is the media type of the streamed answer: one JSON value a line.
const ndjson = "application/x-ndjson"

// queryRequest is the body of POST /api/query.
type queryRequest struct {
	SQL string `json:"sql"`
}

// stats is a statement's request and cache figures as the API shows them.
type stats struct {
	Requests      int64   `json:"requests"`       // API requests sent
	LogDownloads  int64   `json:"log_downloads"`  // logs fetched from their signed URLs
	Bytes         int64   `json:"bytes"`          // read from the network
	CacheHits     int64   `json:"cache_hits"`     // answers served from the disk cache
	NotModified   int64   `json:"not_modified"`   // requests answered 304
	Retries       int64   `json:"retries"`        // requests tried again
	RateRemaining int64   `json:"rate_remaining"` // -1 when the API has not said
	RateLimit     int64   `json:"rate_limit"`
	Repos         int64   `json:"repos"`      // repositories owner-wide scans read
	ReposDone     int64   `json:"repos_done"` // of those, the ones read whole
	Seconds       float64 `json:"seconds"`    // since the statement started
}

func newStats(s ghapi.StatsSnapshot, elapsed time.Duration) stats {
	return stats{
		Requests: s.Requests, LogDownloads: s.LogDownloads, Bytes: s.Bytes,
		CacheHits: s.CacheHits, NotModified: s.NotModified, Retries: s.Retries,
		RateRemaining: s.RateRemaining, RateLimit: s.RateLimit,
		Repos: s.Repos, ReposDone: s.ReposDone,
		Seconds: elapsed.Round(time.Millisecond).Seconds(),
	}
}

// serveQuery runs one statement: POST /api/query.
func (s *Server) serveQuery(w http.ResponseWriter, r *http.Request) {
	text, err := readStatement(w, r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	s.begin()
	defer s.end()
	if strings.Contains(r.Header.Get("Accept"), ndjson) {
		s.streamQuery(w, r.Context(), text)
		return
	}
	var out resultJSON
	res, elapsed, err := s.query(r.Context(), text, nil, out.row)
	if r.Context().Err() != nil {
		return // the client went away: nobody reads an answer
	}
	if err != nil {
		writeError(w, statusOf(err), err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out.finish(res, elapsed))
}

// readStatement reads the request's one statement.
func readStatement(w http.ResponseWriter, r *http.Request) (string, error) {
	var req queryRequest
	if err := decodeBody(w, r, &req); err != nil {
		return "", err
	}
	switch stmts := stmt.Split(req.SQL); len(stmts) {
	case 0:
		return "", errors.New(`no statement to run: send {"sql": "SELECT ..."}`)
	case 1:
		return stmts[0].Text, nil
	default:
		// Each query runs on a connection of its own, so statements of one
		// request would not see each other's tables anyway.
		return "", fmt.Errorf("one statement at a time, and this holds %d: send them one by one (keep results across them with --db FILE)", len(stmts))
	}
}

// decodeBody reads a JSON request body into v.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBody))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the request body is not the JSON expected: %v", err)
	}
	return nil
}

// query runs a statement, handing its rows to each and calling progress
// with its figures so far while it runs.
func (s *Server) query(ctx context.Context, text string, progress func(stats), each stmt.RowFunc) (*stmt.Result, time.Duration, error) {
	start := time.Now()
	var report func(ghapi.StatsSnapshot)
	if progress != nil {
		report = func(snap ghapi.StatsSnapshot) { progress(newStats(snap, time.Since(start))) }
	}
	res, err := s.app.Runner(s.params).Query(ctx, text, report, each)
	elapsed := time.Since(start)
	if s.log != nil {
		s.logQuery(res, elapsed, err)
	}
	return res, elapsed, err
}

// logQuery prints a line about a finished query, as --stats does for the
// command line.
func (s *Server) logQuery(res *stmt.Result, elapsed time.Duration, err error) {
	if err != nil {
		fmt.Fprintf(s.log, "actionsql: query failed after %.3f s: %v\n", elapsed.Seconds(), err)
		return
	}
	st := res.Stats
	fmt.Fprintf(s.log, "actionsql: query: %d rows in %.3f s; %d API requests (%d answered 304), %d log downloads, %d from the cache, %d bytes\n",
		res.Rows, elapsed.Seconds(), st.Requests, st.NotModified, st.LogDownloads, st.CacheHits, st.Bytes)
	if len(res.ByRepo) > 0 {
		fmt.Fprintf(s.log, "actionsql: %s\n", stmt.RepoRequestsLine(res.ByRepo))
	}
}

// streamQuery answers a statement as lines of JSON: its progress while it
// runs, then its result or its error.
func (s *Server) streamQuery(w http.ResponseWriter, ctx context.Context, text string) {
	w.Header().Set("Content-Type", ndjson)
	w.WriteHeader(http.StatusOK)
	flusher := http.NewResponseController(w)
	var (
		mu       sync.Mutex // progress comes from another goroutine
		finished bool       // no progress after the result
	)
	send := func(line []byte, last bool) {
		mu.Lock()
		defer mu.Unlock()
		if finished {
			return
		}
		finished = last
		w.Write(append(line, '\n'))
		flusher.Flush()
	}
	out := resultJSON{b: []byte(`{"result":`)}
	res, elapsed, err := s.query(ctx, text, func(st stats) {
		b, _ := json.Marshal(map[string]stats{"progress": st}) // plain numbers always marshal
		send(b, false)
	}, out.row)
	switch {
	case ctx.Err() != nil:
		// Cancelled: the page stopped reading.
	case err != nil:
		b, _ := json.Marshal(map[string]any{"error": errorText(err), "status": statusOf(err)})
		send(b, true)
	default:
		send(append(out.finish(res, elapsed), '}'), true)
	}
}

// resultJSON encodes a result as /api/query answers it, {"columns",
// "rows", "notes", "stats"}, its values typed as -f json types them. The
// rows are encoded as the statement reads them, so they are held once, as
// JSON, and no more than maxResult bytes of them.
type resultJSON struct {
	b       []byte // what comes before the result (a stream's {"result":), then the result so far
	started bool   // the columns and the rows' opening bracket are written
	rows    int64
}

func (j *resultJSON) start(columns []string) {
	if columns == nil {
		columns = []string{} // a statement that returns no rows (CREATE, INSERT)
	}
	j.b = append(j.b, `{"columns":`...)
	j.b = appendJSON(j.b, columns)
	j.b = append(j.b, `,"rows":[`...)
	j.started = true
}

// row is a stmt.RowFunc: it appends one row, or fails once the result
// passes maxResult.
func (j *resultJSON) row(columns []string, row []any) error {
	if !j.started {
		j.start(columns)
	}
	if j.rows > 0 {
		j.b = append(j.b, ',')
	}
	j.b = append(j.b, '[')
	for i, v := range row {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.b = format.AppendJSON(j.b, v)
	}
	j.b = append(j.b, ']')
	j.rows++
	if len(j.b) > maxResult {
		return fmt.Errorf("the result passed %d MB after %d rows, more than the page takes: add a LIMIT, or aggregate (GROUP BY) in the query, "+
			`or run it with the command line, which writes a result of any size: actionsql -f jsonl "SELECT ..." > result.jsonl`, maxResult>>20, j.rows)
	}
	return nil
}

// finish closes the result with its notes and figures and returns it.
func (j *resultJSON) finish(res *stmt.Result, elapsed time.Duration) []byte {
	if !j.started {
		j.start(res.Columns)
	}
	notes := res.Notes
	if notes == nil {
		notes = []string{}
	}
	j.b = append(j.b, `],"notes":`...)
	j.b = appendJSON(j.b, notes)
	j.b = append(j.b, `,"stats":`...)
	j.b = appendJSON(j.b, newStats(res.Stats, elapsed))
	return append(j.b, '}')
}

// appendJSON appends v, which always marshals (strings and numbers).
func appendJSON(b []byte, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// statusOf is the HTTP status a failed statement answers: 502 when GitHub
// failed it (an error status once retries were spent, an answer cut short
// or not as documented, no answer at all), 400 for everything else: the
// SQL's own mistakes and the notes that --strict makes errors.
func statusOf(err error) int {
	var apiErr *ghapi.Error
	var netErr net.Error
	if errors.As(err, &apiErr) || errors.As(err, &netErr) || apiRequestRe.MatchString(err.Error()) {
		return http.StatusBadGateway
	}
	return http.StatusBadRequest
}

// apiRequestRe matches the message of a failed API request: the client's
// errors open with the request they failed, "GET /repos/o/r/...: ". A
// table's error reaches database/sql as SQLite's message, without its Go
// type, so the message is what tells.
var apiRequestRe = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE) /\S*: `)

// errorText is an error as the command line prints it.
func errorText(err error) string {
	return "actionsql: " + err.Error()
}

// writeError answers {"error": "actionsql: ..."} with status.
func writeError(w http.ResponseWriter, status int, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b := appendJSON(nil, map[string]string{"error": errorText(err)})
	w.Write(append(b, '\n'))
}
