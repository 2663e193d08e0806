package vtab_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// test_results against a reference copy worked out apart from the table:
// the run's artifacts listed, each zip downloaded and unzipped whole, and
// every report decoded by encoding/xml's Unmarshal into structs (not the
// streaming reader the table uses), converted by the contract's rules.

const resultColumns = `owner TEXT, repo TEXT, run_id INTEGER, run_attempt INTEGER, job_id INTEGER, artifact_id INTEGER,
	source TEXT, suite TEXT, name TEXT, file TEXT, status TEXT, duration_seconds REAL, message TEXT`

// junitRuns are webapp's first runs with test-results artifacts, a run
// whose reports hold failures among them, and a run whose test-results
// artifact expired.
type junitRuns struct {
	ids     []int64
	expired int64 // a run with an expired test-results artifact
	rows    [][]any
}

var junitReference = sync.OnceValues(readJUnitReference)

func readJUnitReference() (junitRuns, error) {
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 30})
	if err != nil {
		return junitRuns{}, err
	}
	defer srv.Close()
	api := apiClient{base: srv.URL(), http: &http.Client{Timeout: time.Minute}}
	arts, err := api.list("/repos/octo-org/webapp/actions/artifacts", "artifacts")
	if err != nil {
		return junitRuns{}, err
	}
	var ref junitRuns
	seen := map[int64]bool{}
	failed := false
	for _, a := range arts {
		name, _ := a["name"].(string)
		run, err := jsonInt(a["workflow_run"].(map[string]any), "id")
		if err != nil || !strings.HasPrefix(name, "test-results") {
			continue
		}
		if a["expired"] == true {
			if ref.expired == 0 && !seen[run] {
				ref.expired = run
			}
			continue
		}
		if seen[run] || len(ref.ids) >= 6 && failed {
			continue
		}
		seen[run] = true
		ref.ids = append(ref.ids, run)
		before := len(ref.rows)
		if err := ref.readRun(api, run); err != nil {
			return junitRuns{}, err
		}
		for _, r := range ref.rows[before:] {
			failed = failed || r[10] == "failed"
		}
	}
	if !failed || ref.expired == 0 {
		return junitRuns{}, fmt.Errorf("the data set has no test-results artifact with a failure (%v) or none expired (%d)", failed, ref.expired)
	}
	return ref, nil
}

// readRun adds the results of every test-results artifact of a run.
func (ref *junitRuns) readRun(api apiClient, run int64) error {
	arts, err := api.list(fmt.Sprintf("/repos/octo-org/webapp/actions/runs/%d/artifacts", run), "artifacts")
	if err != nil {
		return err
	}
	for _, a := range arts {
		if a["expired"] == true {
			continue
		}
		id, _ := jsonInt(a, "id")
		resp, err := api.http.Get(fmt.Sprintf("%s/repos/octo-org/webapp/actions/artifacts/%d/zip", api.base, id))
		if err != nil {
			return err
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			return fmt.Errorf("artifact %d: %s %v", id, resp.Status, err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return fmt.Errorf("artifact %d: %w", id, err)
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, ".xml") {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return err
			}
			doc, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return err
			}
			var root xmlSuite
			if err := xml.Unmarshal(doc, &root); err != nil {
				return fmt.Errorf("artifact %d, %s: %w", id, f.Name, err)
			}
			root.rows(run, id, "", &ref.rows)
		}
	}
	return nil
}

// xmlSuite is a <testsuites> or <testsuite> element, as Unmarshal sees it.
type xmlSuite struct {
	Name   string     `xml:"name,attr"`
	Suites []xmlSuite `xml:"testsuite"`
	Cases  []struct {
		Classname string   `xml:"classname,attr"`
		Name      string   `xml:"name,attr"`
		File      string   `xml:"file,attr"`
		Time      *string  `xml:"time,attr"`
		Failure   *outcome `xml:"failure"`
		Error     *outcome `xml:"error"`
		Skipped   *outcome `xml:"skipped"`
	} `xml:"testcase"`
}

type outcome struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func (s xmlSuite) rows(run, artifact int64, parent string, out *[][]any) {
	suite := s.Name
	if suite == "" {
		suite = parent
	}
	for _, c := range s.Cases {
		status, msg := "passed", any(nil)
		for _, o := range []struct {
			status string
			o      *outcome
		}{{"failed", c.Failure}, {"error", c.Error}, {"skipped", c.Skipped}} {
			if o.o != nil {
				status = o.status
				line := strings.TrimSpace(strings.SplitN(strings.TrimSpace(o.o.Message+"\n"+o.o.Text), "\n", 2)[0])
				if line != "" {
					msg = line
				}
				break
			}
		}
		var secs any
		if c.Time != nil {
			if f, err := strconv.ParseFloat(*c.Time, 64); err == nil {
				secs = f
			}
		}
		caseSuite := any(suite)
		if c.Classname != "" {
			caseSuite = c.Classname
		} else if suite == "" {
			caseSuite = nil
		}
		file := any(nil)
		if c.File != "" {
			file = c.File
		}
		*out = append(*out, []any{"octo-org", "webapp", run, nil, nil, artifact, "junit", caseSuite, c.Name, file, status, secs, msg})
	}
	for _, sub := range s.Suites {
		sub.rows(run, artifact, suite, out)
	}
}

func TestTestResultsLikePlainSQLite(t *testing.T) {
	ref, err := junitReference()
	if err != nil {
		t.Fatal(err)
	}
	db, _, _ := emulated(t, fakegh.Options{})
	exec(t, db, "ATTACH ':memory:' AS plain")
	checkPinnedColumns(t, db, "test_results", resultColumns)
	exec(t, db, "CREATE TABLE plain.plain_test_results ("+resultColumns+")")
	insertRows(t, db, "plain.plain_test_results", ref.rows)
	runs := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(ref.ids)), ", "), "[]")
	all := "owner, repo, run_id, run_attempt, job_id, artifact_id, source, suite, name, file, status, duration_seconds, message"
	// The reference holds the artifacts' results only (the logs' have tests
	// of their own, against the log reader's ground truth).
	runs += ") AND (source = 'junit'"
	for _, q := range []string{
		fmt.Sprintf("SELECT * FROM {t} WHERE run_id IN (%s) ORDER BY %s", runs, all),
		fmt.Sprintf("SELECT * FROM {t} WHERE run_id = %d AND source = 'junit' ORDER BY %s", ref.ids[0], all),
		fmt.Sprintf("SELECT status, count(*), count(message), round(sum(duration_seconds), 3) FROM {t} WHERE run_id IN (%s) GROUP BY status ORDER BY status", runs),
		fmt.Sprintf("SELECT suite, name, message FROM {t} WHERE run_id IN (%s) AND status = 'failed' ORDER BY 1, 2, 3", runs),
		fmt.Sprintf("SELECT artifact_id, count(*) FROM {t} WHERE run_id IN (%s) AND source IN ('junit', 'nunit') GROUP BY 1 ORDER BY 1", runs),
		fmt.Sprintf("SELECT name FROM {t} WHERE run_id IN (%s) AND duration_seconds > 0.3 ORDER BY duration_seconds DESC, name LIMIT 7 OFFSET 2", runs),
		// The join hands the runs over one at a time.
		fmt.Sprintf("SELECT a.run_id, a.name, count(t.name) FROM artifacts a JOIN {t} t ON t.run_id = a.run_id AND t.artifact_id = a.id WHERE a.run_id IN (%s) GROUP BY 1, 2 ORDER BY 1, 2", runs),
	} {
		virtual := queryRows(t, db, strings.ReplaceAll(q, "{t}", "test_results"))
		plain := queryRows(t, db, strings.ReplaceAll(q, "{t}", "plain_test_results"))
		if len(plain) == 0 {
			t.Errorf("%s: the reference has no rows: the query checks nothing", q)
		}
		if strings.Join(virtual, "\n") != strings.Join(plain, "\n") {
			t.Errorf("%s\nvirtual (%d rows):\n%s\nplain (%d rows):\n%s", q, len(virtual), strings.Join(virtual, "\n"), len(plain), strings.Join(plain, "\n"))
		}
	}
}

// TestTestResultsReadOnlyWhatTheQueryNames: source, job_id and run_attempt
// decide which downloads a scan makes.
func TestTestResultsReadOnlyWhatTheQueryNames(t *testing.T) {
	ref, err := junitReference()
	if err != nil {
		t.Fatal(err)
	}
	db, srv, _ := emulated(t, fakegh.Options{})
	run := ref.ids[0]
	var job int64
	if err := db.QueryRow(fmt.Sprintf("SELECT id FROM jobs WHERE run_id = %d AND conclusion IS NOT NULL LIMIT 1", run)).Scan(&job); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		where           string
		logs, artifacts bool
	}{
		{fmt.Sprintf("run_id = %d", run), true, true},
		{fmt.Sprintf("run_id = %d AND source = 'junit'", run), false, true},
		{fmt.Sprintf("run_id = %d AND source IN ('go', 'pytest', 'jest')", run), true, false},
		{fmt.Sprintf("run_id = %d AND run_attempt = 1", run), true, false},
		{fmt.Sprintf("job_id = %d", job), true, false},
		{fmt.Sprintf("run_id = %d AND source = 'nunit'", run), false, false},
	}
	for _, tt := range tests {
		srv.ResetRequests()
		queryRows(t, db, "SELECT * FROM test_results WHERE "+tt.where)
		var logs, artifacts int
		for _, r := range srv.Requests() {
			logs += strings.Count(r, "/logs")
			artifacts += strings.Count(r, "/artifacts")
		}
		if (logs > 0) != tt.logs || (artifacts > 0) != tt.artifacts {
			t.Errorf("WHERE %s: %d log and %d artifact requests; want logs read: %v, artifacts read: %v\n%s",
				tt.where, logs, artifacts, tt.logs, tt.artifacts, strings.Join(srv.Requests(), "\n"))
		}
	}
}

func TestTestResultsNotes(t *testing.T) {
	ref, err := junitReference()
	if err != nil {
		t.Fatal(err)
	}
	db, _, session := emulated(t, fakegh.Options{})
	queryRows(t, db, fmt.Sprintf("SELECT * FROM test_results WHERE run_id = %d AND source = 'junit'", ref.expired))
	notes := strings.Join(session.TakeNotes(), "\n")
	if !strings.Contains(notes, fmt.Sprintf("artifacts of run %d in octo-org/webapp (expired: ", ref.expired)) {
		t.Errorf("notes %q, want one saying the run's test-results artifact expired", notes)
	}
	_, err = db.Query("SELECT * FROM test_results WHERE source = 'junit'")
	if err == nil || !strings.Contains(err.Error(), "test_results: needs run_id or job_id, e.g. WHERE run_id = 123") {
		t.Errorf("without run_id or job_id: got %v, want the needs error", err)
	}
}
