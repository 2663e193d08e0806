package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/repl"
)

// env is the environment a test runs the command in: only what it sets.
type env map[string]string

func (e env) Getenv(name string) string          { return e[name] }
func (e env) GhAuthToken(string) (string, error) { return "", nil }
func (e env) GitOriginURL() (string, error)      { return "", nil }

type result struct {
	code        int
	out, errOut string
}

func run(t *testing.T, e env, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(args, e, repl.Streams{In: strings.NewReader(stdin), Out: &out, Err: &errOut})
	return result{code, out.String(), errOut.String()}
}

func startGitHub(t *testing.T, opts fakegh.Options) (*fakegh.Server, env) {
	t.Helper()
	if opts.ValidTokens == nil {
		opts.ValidTokens = []string{"good-token"}
	}
	srv, err := fakegh.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, env{"GITHUB_API_URL": srv.URL(), "GH_REPO": "octo-org/webapp", "GH_TOKEN": "good-token"}
}

const flakyQuery = "SELECT id, name, conclusion, duration_seconds, completed_at FROM jobs WHERE run_id = 9398595218 AND run_attempt = 1 AND name LIKE 'test (macos%' ORDER BY id"

func TestEveryFormatPrintsTheResult(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	tests := []struct {
		format string
		want   string
	}{
		{"list", "id|name|conclusion|duration_seconds|completed_at\n17922132371|test (macos-14, 3.12)|failure|139|"},
		{"csv", "id,name,conclusion,duration_seconds,completed_at\n17922132371,\"test (macos-14, 3.12)\",failure,139,"},
		{"tsv", "id\tname\tconclusion\tduration_seconds\tcompleted_at\n17922132371\ttest (macos-14, 3.12)\tfailure\t139\t"},
		{"jsonl", `{"id":17922132371,"name":"test (macos-14, 3.12)","conclusion":"failure","duration_seconds":139,"completed_at":"`},
		{"markdown", "|------------:|-----------------------|"},
		{"table", "| 17922132371 | test (macos-14, 3.12) | failure    |              139 |"},
		{"line", "              id = 17922132371\n            name = test (macos-14, 3.12)"},
		{"box", "│ 17922132371 │ test (macos-14, 3.12) │"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			r := run(t, e, "", "-f", tt.format, flakyQuery)
			if r.code != 0 || !strings.Contains(r.out, tt.want) {
				t.Errorf("exit %d, stderr %q, output:\n%s\nwant it to contain:\n%s", r.code, r.errOut, r.out, tt.want)
			}
		})
	}
}

func TestJSONIsOneArrayPerStatementWithTypedValues(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	r := run(t, e, "", "--format", "json", flakyQuery+"; SELECT 1 AS n WHERE 0; SELECT NULL AS x, 1.5 AS y")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.errOut)
	}
	dec := json.NewDecoder(strings.NewReader(r.out))
	var first, empty, third []map[string]any
	for _, v := range []*[]map[string]any{&first, &empty, &third} {
		if err := dec.Decode(v); err != nil {
			t.Fatalf("output is not JSON arrays: %v\n%s", err, r.out)
		}
	}
	if len(first) != 2 || first[0]["id"] != float64(17922132371) || first[0]["conclusion"] != "failure" {
		t.Errorf("first result: %v", first)
	}
	if empty == nil || len(empty) != 0 {
		t.Errorf("an empty result should print [], got %v", empty)
	}
	if third[0]["x"] != nil || third[0]["y"] != 1.5 {
		t.Errorf("NULL and REAL: %v", third)
	}
}

func TestScriptFromStdinAndHeaders(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	script := "CREATE TABLE t AS SELECT name FROM jobs WHERE run_id = 9398595218;\n-- a comment\nSELECT count(*) FROM t;\n"
	r := run(t, e, script, "--no-header")
	if r.code != 0 || r.out != "18\n" {
		t.Errorf("exit %d, output %q, stderr %q; want 18", r.code, r.out, r.errOut)
	}
}

func TestErrorsSayWhatToDo(t *testing.T) {
	srv, e := startGitHub(t, fakegh.Options{Fault: func(r *http.Request) int {
		if strings.Contains(r.URL.Path, "/runs/9392540670/") {
			return http.StatusBadGateway
		}
		return 0
	}})
	e["ACTIONSQL_MAX_RETRY_WAIT"] = "1s" // the 502 never clears: give up after a second of retries
	badToken := env{"GITHUB_API_URL": srv.URL(), "GH_REPO": "octo-org/webapp", "GH_TOKEN": "expired"}
	tests := []struct {
		name   string
		e      env
		args   []string
		code   int
		stderr string
	}{
		{"missing constraint", e, []string{"SELECT * FROM steps"}, 1, "actionsql: steps: needs job_id or run_id, e.g. WHERE run_id = 123"},
		{"bad token", badToken, []string{"SELECT * FROM jobs WHERE run_id = 9398595218"}, 1, "401 Unauthorized (the token is missing, expired or wrong"},
		{"server error", e, []string{"SELECT * FROM jobs WHERE run_id = 9392540670"}, 1, "actionsql: GET /repos/octo-org/webapp/actions/runs/9392540670/jobs: 502 Bad Gateway"},
		{"SQL error", e, []string{"SELEC 1"}, 1, `actionsql: near "SELEC": syntax error`},
		{"unknown format", e, []string{"-f", "yaml", "SELECT 1"}, 2, "unknown output format"},
		{"unknown flag", e, []string{"--frobnicate", "SELECT 1"}, 2, "flag provided but not defined"},
		{"no repository", env{"GITHUB_API_URL": srv.URL()}, []string{"SELECT * FROM jobs WHERE run_id = 1"}, 1, "--repo OWNER/REPO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.e, "", tt.args...)
			if r.code != tt.code || !strings.Contains(r.errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.errOut, tt.code, tt.stderr)
			}
			if tt.code != 0 && r.out != "" {
				t.Errorf("a failed statement printed rows:\n%s", r.out)
			}
		})
	}
}

func TestUnknownRunGivesNoRowsAndANote(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	r := run(t, e, "", "SELECT * FROM jobs WHERE run_id = 12345")
	if r.code != 0 || strings.Count(r.out, "\n") != 1 {
		t.Errorf("exit %d, output %q; want exit 0 and only the header", r.code, r.out)
	}
	if !strings.HasPrefix(r.errOut, "actionsql: note: run 12345 not found in octo-org/webapp: check the run id (the number after /actions/runs/ in the run's URL); ") ||
		!strings.Contains(r.errOut, "the token came from GH_TOKEN") {
		t.Errorf("stderr %q: want the run id to check and the token advice", r.errOut)
	}
}

func TestUnknownRepositoryIsNamedAsWhatToCheck(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	r := run(t, e, "", "--repo", "octo-org/nosuch", "SELECT * FROM jobs WHERE run_id = 9398595218")
	if r.code != 0 || !strings.Contains(r.errOut, "actionsql: note: repository octo-org/nosuch not found: check the OWNER/REPO spelling") ||
		!strings.Contains(r.errOut, "the token came from GH_TOKEN") {
		t.Errorf("exit %d, stderr %q", r.code, r.errOut)
	}
	if r = run(t, e, "", "--strict", "--repo", "octo-org/nosuch", "SELECT * FROM jobs WHERE run_id = 9398595218"); r.code != 1 {
		t.Errorf("--strict: exit %d, want 1", r.code)
	}
}

func TestAJoinProbingAnAttemptAfterTheLastSaysNothing(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	r := run(t, e, "", "--strict", "SELECT count(*) FROM jobs a JOIN jobs b ON b.run_id = a.run_id AND b.run_attempt = a.run_attempt + 1 WHERE a.run_id = 9392540670")
	if r.code != 0 || r.out != "count(*)\n0\n" || r.errOut != "" {
		t.Errorf("exit %d, stdout %q, stderr %q: want no rows and no note", r.code, r.out, r.errOut)
	}
}

func TestDemoNeedsNoTokenAndNoSetup(t *testing.T) {
	r := run(t, env{}, "", "--demo", "SELECT count(*) FROM jobs WHERE run_id = 9398595218")
	if r.code != 0 || r.out != "count(*)\n18\n" {
		t.Errorf("exit %d, output %q, stderr %q", r.code, r.out, r.errOut)
	}
	// A 404 note carries the token advice there too (the sample data has a
	// private repository), saying that the demo sends no token.
	r = run(t, env{}, "", "--demo", "SELECT * FROM jobs WHERE run_id = 1")
	if want := "actionsql: note: run 1 not found in octo-org/webapp: check the run id (the number after /actions/runs/ in the run's URL); " +
		"a private repository needs a token with the \"repo\" scope (classic) or \"Actions: read\" (fine-grained); the demo sends no token, as a user who may not read a private repository\n"; r.code != 0 || r.errOut != want {
		t.Errorf("exit %d, stderr %q, want %q", r.code, r.errOut, want)
	}
}

// TestNotesSayWhatToCheck: an answer that is empty for a reason the user
// can act on says so on stderr, and the query still succeeds.
func TestNotesSayWhatToCheck(t *testing.T) {
	for _, tt := range []struct{ query, note string }{
		{"SELECT * FROM runs WHERE owner = 'octo-org' AND repo = 'secret-infra'",
			"actionsql: note: repository octo-org/secret-infra not found: check the OWNER/REPO spelling (in the query, or the default repository); a private repository needs a token"},
		{"SELECT * FROM jobs WHERE run_id = 'abc'",
			"actionsql: note: jobs: run_id = 'abc' matches no row: run_id holds integer values"},
	} {
		r := run(t, env{}, "", "--demo", tt.query)
		if r.code != 0 || strings.Count(r.out, "\n") != 1 || !strings.HasPrefix(r.errOut, tt.note) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q, want the header, no rows and a note starting %q", tt.query, r.code, r.out, r.errOut, tt.note)
		}
	}
}

// TestOneValueAtATimeGetsAdvice: a join SQLite hands to jobs one run at a
// time, from a VALUES list no actionsql scan produced, answers and says
// once how to fetch the runs at once; --strict does not fail on advice.
func TestOneValueAtATimeGetsAdvice(t *testing.T) {
	var ids []string
	for _, repo := range fakegh.Default().Repos {
		if repo.Owner+"/"+repo.Name != fakegh.DemoRepo {
			continue
		}
		for _, r := range repo.Runs[:12] {
			ids = append(ids, fmt.Sprintf("(%d)", r.ID))
		}
	}
	q := "WITH ids(id) AS (VALUES " + strings.Join(ids, ", ") + ") SELECT count(DISTINCT j.run_id) FROM ids JOIN jobs j ON j.run_id = ids.id"
	r := run(t, env{}, "", "--demo", "--strict", q)
	want := "actionsql: note: performance: jobs: SQLite asked for run_id one value at a time (10 times so far), a round trip each; write run_id IN (SELECT ...)"
	if r.code != 0 || r.out != "count(DISTINCT j.run_id)\n12\n" || strings.Count(r.errOut, "\n") != 1 || !strings.HasPrefix(r.errOut, want) {
		t.Errorf("exit %d, stdout %q, stderr %q; want 12 runs and one note starting %q", r.code, r.out, r.errOut, want)
	}
}

// TestMaxRequestsSaysHowToRaiseIt: a statement past --max-requests fails
// (exit 1, no rows) naming the request, the limit and the flag.
func TestMaxRequestsSaysHowToRaiseIt(t *testing.T) {
	r := run(t, env{}, "", "--demo", "--no-cache", "--max-requests", "1", "SELECT count(*) FROM job_logs WHERE run_id = 9398595218")
	want := "not sent: the statement spent its limit of 1 API requests; narrow the query, or raise the limit: --max-requests N (0: no limit)"
	if r.code != 1 || r.out != "" || !strings.Contains(r.errOut, "GET /repos/octo-org/webapp/") || !strings.Contains(r.errOut, want) {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1, no rows, and %q", r.code, r.out, r.errOut, want)
	}
}
