package vtab_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/config"
)

// oddGitHub serves fixed answers by path (query strings ignored): what a
// broken proxy, an old server or a hostile one might send. A path it does
// not know answers 404.
func oddGitHub(t *testing.T, answers map[string]func(w http.ResponseWriter, r *http.Request)) *sql.DB {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if answer, ok := answers[r.URL.Path]; ok {
			answer(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return dbFor(t, config.Config{APIURL: srv.URL, Owner: "o", Repo: "r", NoCache: true, MaxRetryWait: 100 * time.Millisecond})
}

// body answers with a JSON body and, if given, a Link header.
func body(text, link string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if link != "" {
			w.Header().Set("Link", strings.ReplaceAll(link, "HOST", "http://"+r.Host))
		}
		fmt.Fprint(w, text)
	}
}

// logAnswer serves a job's log through the API's redirect, as GitHub does.
func logAnswer(log string) map[string]func(http.ResponseWriter, *http.Request) {
	return map[string]func(http.ResponseWriter, *http.Request){
		"/repos/o/r/actions/jobs/1/logs": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/blob/1", http.StatusFound)
		},
		"/blob/1": func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, log) },
	}
}

const oneJob = `{"id": 7, "run_id": 5, "status": "completed", "conclusion": "success", "name": "build", "steps": []}`

// TestOddAnswersGiveRowsOrAClearErrorNeverAPanic sends the tables what a
// real API never should, and wants what a user can trust: the rows the data
// holds, or an error that names the request, never a crash or made-up rows.
func TestOddAnswersGiveRowsOrAClearErrorNeverAPanic(t *testing.T) {
	jobs := "/repos/o/r/actions/runs/5/jobs"
	tests := []struct {
		name    string
		answers map[string]func(http.ResponseWriter, *http.Request)
		query   string
		rows    []string // as queryRows prints them; nil when err is set
		err     string
	}{
		{
			name:    "invalid JSON",
			answers: map[string]func(http.ResponseWriter, *http.Request){jobs: body(`{"total_count": 1, "jobs": [{"id": 7,`, "")},
			query:   "SELECT id FROM jobs WHERE run_id = 5",
			err:     "GET /repos/o/r/actions/runs/5/jobs",
		},
		{
			name:    "a field of the wrong type",
			answers: map[string]func(http.ResponseWriter, *http.Request){jobs: body(`{"total_count": 1, "jobs": [{"id": "seven"}]}`, "")},
			query:   "SELECT id FROM jobs WHERE run_id = 5",
			err:     "GET /repos/o/r/actions/runs/5/jobs",
		},
		{
			name:    "missing and null fields are NULL",
			answers: map[string]func(http.ResponseWriter, *http.Request){jobs: body(`{"total_count": 1, "jobs": [{"id": 7, "run_id": 5, "name": null, "steps": null, "labels": null}]}`, "")},
			query:   "SELECT id, name, status, created_at, duration_seconds, labels FROM jobs WHERE run_id = 5",
			rows:    []string{`[]interface {}{7, interface {}(nil), interface {}(nil), interface {}(nil), interface {}(nil), "[]"}`},
		},
		{
			name:    "a null job in a listing",
			answers: map[string]func(http.ResponseWriter, *http.Request){jobs: body(`{"total_count": 2, "jobs": [null, `+oneJob+`]}`, "")},
			query:   "SELECT id FROM jobs WHERE run_id = 5",
			err:     "GET /repos/o/r/actions/runs/5/jobs",
		},
		{
			name: "a Link header without next ends the listing, whatever total_count says",
			answers: map[string]func(http.ResponseWriter, *http.Request){
				jobs: body(`{"total_count": 250, "jobs": [`+oneJob+`]}`, `<HOST/repos/o/r/actions/runs/5/jobs?page=3>; rel="last"`),
			},
			query: "SELECT id FROM jobs WHERE run_id = 5",
			rows:  []string{`[]interface {}{7}`},
		},
		{
			name: "a page that repeats the one before adds no rows",
			answers: map[string]func(http.ResponseWriter, *http.Request){
				jobs: func(w http.ResponseWriter, r *http.Request) {
					next := `<HOST/repos/o/r/actions/runs/5/jobs?page=2>; rel="next"`
					if r.URL.Query().Get("page") == "2" {
						next = ""
					}
					body(`{"total_count": 2, "jobs": [`+oneJob+`]}`, next)(w, r)
				},
			},
			query: "SELECT id FROM jobs WHERE run_id = 5",
			rows:  []string{`[]interface {}{7}`},
		},
		{
			name:    "an empty log has no lines",
			answers: logAnswer(""),
			query:   "SELECT count(*) FROM job_logs WHERE job_id = 1",
			rows:    []string{`[]interface {}{0}`},
		},
		{
			name:    "CRLF, no timestamps, NUL bytes and invalid UTF-8 are lines like any other",
			answers: logAnswer("2024-01-01T00:00:00.0000000Z one\r\nno timestamp here\r\nnul\x00byte\n\xff\xfe not UTF-8\n"),
			query:   "SELECT line, timestamp, length(CAST(content AS BLOB)) FROM job_logs WHERE job_id = 1",
			rows: []string{
				`[]interface {}{1, "2024-01-01T00:00:00.0000000Z", 3}`,
				`[]interface {}{2, interface {}(nil), 17}`,
				`[]interface {}{3, interface {}(nil), 8}`,
				`[]interface {}{4, interface {}(nil), 12}`,
			},
		},
		{
			name:    "a line of 3 MB is one line",
			answers: logAnswer("2024-01-01T00:00:00Z " + strings.Repeat("x", 3<<20) + "\nafter\n"),
			query:   "SELECT line, length(content) FROM job_logs WHERE job_id = 1",
			rows:    []string{`[]interface {}{1, 3145728}`, `[]interface {}{2, 5}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := oddGitHub(t, tt.answers)
			rows, err := db.Query(tt.query)
			if err == nil {
				var got []string
				got, err = scanAll(rows)
				if tt.err == "" && err == nil && fmt.Sprint(got) != fmt.Sprint(tt.rows) {
					t.Errorf("rows %v\nwant %v", got, tt.rows)
				}
			}
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("error %v, want rows", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("error %v, want one naming %q", err, tt.err)
			}
		})
	}
}

// scanAll reads rows as text, one string per row, and closes them.
func scanAll(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("%#v", values))
	}
	return out, rows.Err()
}

// TestOwnerAndRepoStayInTheirPathSegment: an owner or repository name
// from a query is escaped into its own segment of the request's path, so
// "../x" or ".." names a repository that does not exist, never another
// endpoint.
func TestOwnerAndRepoStayInTheirPathSegment(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.RequestURI)
		mu.Unlock()
		http.Error(w, `{"message": "Not Found"}`, http.StatusNotFound)
	}))
	defer srv.Close()
	db, _ := connect(t, config.Config{APIURL: srv.URL, Owner: "o", Repo: "r", MaxRetryWait: time.Second})
	for query, want := range map[string]string{
		"SELECT id FROM runs WHERE owner = '../../orgs' AND repo = 'x'": "/repos/%2E%2E%2F%2E%2E%2Forgs/x/actions/runs?",
		"SELECT id FROM runs WHERE owner = '..' AND repo = '..'":        "/repos/%2E%2E/%2E%2E/actions/runs?",
		"SELECT id FROM workflows WHERE repo = 'a/b?c#d'":               "/repos/o/a%2Fb%3Fc%23d/actions/workflows?",
	} {
		mu.Lock()
		got = nil
		mu.Unlock()
		if rows := queryRows(t, db, query); len(rows) != 0 {
			t.Errorf("%s: %v, want no rows", query, rows)
		}
		mu.Lock()
		if len(got) == 0 || !strings.HasPrefix(got[0], want) {
			t.Errorf("%s: requested %v, want a path starting %s", query, got, want)
		}
		mu.Unlock()
	}
}
