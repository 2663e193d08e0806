package synccmd_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/repl"
	_ "github.com/mattn/go-sqlite3" // plain SQLite, to read the synced file as any program would
)

// beActionsql, set in a child's environment, makes the test binary run the
// command as main.go does, so that a test can kill a sync of its own.
const beActionsql = "SYNC_TEST_BE_ACTIONSQL"

func TestMain(m *testing.M) {
	if os.Getenv(beActionsql) == "1" {
		os.Exit(cli.Main(os.Args[1:], config.SystemEnv{}, repl.SystemStreams()))
	}
	os.Exit(m.Run())
}

const token = "good-token"

// env is the environment a command runs in: only what it sets.
type env map[string]string

func (e env) Getenv(name string) string          { return e[name] }
func (e env) GhAuthToken(string) (string, error) { return "", nil }
func (e env) GitOriginURL() (string, error)      { return "", nil }

// gitHub is an emulated GitHub and the environment that reaches it, with
// a disk cache of its own, as a user's machine has.
type gitHub struct {
	srv *fakegh.Server
	env env
}

func startGitHub(t *testing.T, opts fakegh.Options) *gitHub {
	t.Helper()
	opts.ValidTokens = []string{token}
	srv, err := fakegh.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &gitHub{srv: srv, env: env{
		"GITHUB_API_URL": srv.URL(), "GH_TOKEN": token, "GH_REPO": "octo-org/webapp",
		"ACTIONSQL_CACHE_DIR": t.TempDir(),
	}}
}

type result struct {
	code        int
	out, errOut string
}

// run runs actionsql in this process.
func (g *gitHub) run(t *testing.T, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(args, g.env, repl.Streams{In: strings.NewReader(""), Out: &out, Err: &errOut})
	return result{code, out.String(), errOut.String()}
}

// sync runs actionsql sync into file and fails the test unless it succeeds.
func (g *gitHub) sync(t *testing.T, file string, args ...string) result {
	t.Helper()
	r := g.run(t, append([]string{"sync", "--db", file, "--max-requests", "0"}, args...)...)
	if r.code != 0 {
		t.Fatalf("sync %v: exit %d: %s", args, r.code, r.errOut)
	}
	return r
}

// start starts actionsql as a process of its own.
func (g *gitHub) start(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = []string{beActionsql + "=1", "HOME=" + t.TempDir()}
	for k, v := range g.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &errOut
}

// used is how much of the token's rate limit the server counts spent.
func (g *gitHub) used(t *testing.T) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, g.srv.URL()+"/rate_limit", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer struct {
		Resources struct {
			Core struct{ Used int } `json:"core"`
		} `json:"resources"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		t.Fatal(err)
	}
	return answer.Resources.Core.Used
}

// openPlain opens file with plain SQLite (no actionsql in it), read-only.
func openPlain(t *testing.T, file string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+file+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rows returns a query's rows, each as one line of text, in order.
func rows(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rs, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out []string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString("|")
			}
			if s, ok := v.([]byte); ok {
				v = string(s)
			}
			fmt.Fprintf(&b, "%T:%v", v, v)
		}
		out = append(out, b.String())
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// syncedTables are the data tables a sync writes, in a fixed order.
var syncedTables = []string{"runs", "jobs", "steps", "annotations", "workflows", "job_logs", "sync_logs"}

// dump is every row of file's synced tables and of sync_state but its
// synced_at, sorted, for comparing two files.
func dump(t *testing.T, file string) map[string][]string {
	t.Helper()
	db := openPlain(t, file)
	d := map[string][]string{}
	for _, table := range syncedTables {
		var n int
		db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = ?", table).Scan(&n)
		if n == 0 {
			continue
		}
		d[table] = rows(t, db, "SELECT * FROM "+table)
		slices.Sort(d[table])
	}
	d["sync_state"] = rows(t, db, "SELECT owner, repo, newest_created_at, runs, jobs, logs FROM sync_state ORDER BY owner, repo")
	return d
}

func sameDump(t *testing.T, got, want map[string][]string) {
	t.Helper()
	for table, w := range want {
		g := got[table]
		if !slices.Equal(g, w) {
			t.Errorf("%s: %d rows, want %d; first difference: %s", table, len(g), len(w), firstDiff(g, w))
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			t.Errorf("table %s should not be there", table)
		}
	}
}

func firstDiff(got, want []string) string {
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("row %d: got %q, want %q", i, g, w)
		}
	}
	return "none"
}

// liveRows is a query's rows through actionsql's live tables.
func (g *gitHub) liveRows(t *testing.T, query string) []string {
	t.Helper()
	r := g.run(t, "--max-requests", "0", "-f", "json", query)
	if r.code != 0 {
		t.Fatalf("%s: exit %d: %s", query, r.code, r.errOut)
	}
	return jsonRows(t, r.out)
}

// jsonRows turns a JSON array of objects (actionsql -f json, sqlite3
// -json) into one line per row, keys sorted, numbers as float64.
func jsonRows(t *testing.T, out string) []string {
	t.Helper()
	out = strings.TrimSpace(out)
	if out == "" {
		return nil
	}
	var objs []map[string]any
	if err := json.Unmarshal([]byte(out), &objs); err != nil {
		t.Fatalf("not a JSON array of rows: %v\n%s", err, out)
	}
	lines := make([]string, len(objs))
	for i, o := range objs {
		b, _ := json.Marshal(o) // sorts the keys
		lines[i] = string(b)
	}
	return lines
}

// TestSyncEqualsTheLiveTables: every row of runs, jobs, steps,
// annotations, workflows and job_logs of a repository, as plain SQLite
// reads the synced file, equals what the live tables give; sync_state
// counts them.
func TestSyncEqualsTheLiveTables(t *testing.T) {
	g := startGitHub(t, fakegh.Options{})
	file := filepath.Join(t.TempDir(), "history.db")
	const since = "2026-09-20"
	g.sync(t, file, "--repo", "octo-org/webapp", "--since", since, "--logs")
	db := openPlain(t, file)
	runIDs := strings.Join(rows(t, db, "SELECT id FROM runs"), ",")
	runIDs = strings.ReplaceAll(runIDs, "int64:", "")
	jobIDs := strings.ReplaceAll(strings.Join(rows(t, db, "SELECT id FROM jobs"), ","), "int64:", "")
	if strings.Count(runIDs, ",") < 20 {
		t.Fatalf("the sync since %s holds only these runs: %s", since, runIDs)
	}
	where := map[string]string{
		"runs":        "created_at >= '" + since + "'",
		"jobs":        "run_id IN (" + runIDs + ")",
		"steps":       "run_id IN (" + runIDs + ")",
		"annotations": "job_id IN (" + jobIDs + ")",
		"workflows":   "1",
		"job_logs":    "job_id IN (" + jobIDs + ")",
	}
	for table, cond := range where {
		query := "SELECT * FROM " + table + " WHERE owner = 'octo-org' AND repo = 'webapp' AND " + cond
		live := g.liveRows(t, query)
		synced := plainJSON(t, db, query)
		slices.Sort(live)
		slices.Sort(synced)
		if len(live) == 0 {
			t.Errorf("%s: the live table has no rows: the comparison proves nothing", table)
		}
		if !slices.Equal(synced, live) {
			t.Errorf("%s: the file has %d rows, the live table %d; first difference: %s", table, len(synced), len(live), firstDiff(synced, live))
		}
	}
	state := rows(t, db, "SELECT runs = (SELECT count(*) FROM runs), jobs = (SELECT count(*) FROM jobs), logs, newest_created_at = (SELECT max(created_at) FROM runs) FROM sync_state")
	if want := []string{"int64:1|int64:1|int64:1|int64:1"}; !slices.Equal(state, want) {
		t.Errorf("sync_state (runs, jobs counted right; logs; newest run) = %v, want %v", state, want)
	}
}

// plainJSON reads a query's rows from plain SQLite as jsonRows gives
// them, so that they compare with actionsql -f json's.
func plainJSON(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rs, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var objs []map[string]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		o := map[string]any{}
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			o[c] = vals[i]
		}
		objs = append(objs, o)
	}
	if len(objs) == 0 {
		return nil
	}
	b, _ := json.Marshal(objs)
	return jsonRows(t, string(b))
}

// TestSecondSyncAddsNothingAndCostsAlmostNothing: a sync right after
// another changes no row. With the disk cache off, so that every read
// shows: for a repository whose runs are all completed it spends 2
// requests (its workflows and its newest runs) and reads no run's jobs;
// for one with a run in progress, it reads that run again and no other.
func TestSecondSyncAddsNothingAndCostsAlmostNothing(t *testing.T) {
	tests := []struct {
		repo       string
		unfinished int // runs in progress: each read again
	}{
		{"octo-org/website", 0},
		{"octo-org/webapp", 1},
	}
	for _, tt := range tests {
		t.Run(tt.repo, func(t *testing.T) {
			g := startGitHub(t, fakegh.Options{})
			file := filepath.Join(t.TempDir(), "history.db")
			g.sync(t, file, "--repo", tt.repo)
			first := dump(t, file)
			inProgress := rows(t, openPlain(t, file), "SELECT '/runs/' || id || '/jobs' FROM runs WHERE status <> 'completed'")
			unfinished := len(inProgress)
			if unfinished != tt.unfinished {
				t.Fatalf("%s has %d runs in progress, the test expects %d", tt.repo, unfinished, tt.unfinished)
			}
			before := g.used(t)
			g.srv.ResetRequests()
			r := g.sync(t, file, "--repo", tt.repo, "--no-cache")
			// Each unfinished run: by id (unless the listing had it), its
			// jobs and its steps.
			if spent, limit := g.used(t)-before, 2+3*unfinished; spent > limit {
				t.Errorf("the second sync spent %d requests, want at most %d (%s)", spent, limit, r.errOut)
			}
			api, _ := g.srv.RequestsByHost()
			jobs := slices.DeleteFunc(api, func(r string) bool {
				return !strings.Contains(r, "/jobs") || slices.ContainsFunc(inProgress, func(run string) bool {
					return strings.Contains(r, strings.TrimPrefix(run, "string:")+"?")
				})
			})
			if len(jobs) > 0 {
				t.Errorf("the second sync read the jobs of runs it holds completed: %q", jobs)
			}
			sameDump(t, dump(t, file), first)
		})
	}
}

// TestBadInputIsRefusedAndFileUntouched: a file that is no SQLite
// database, or that holds a table of a synced name with other columns, is
// refused with a message saying so, and not a byte of it changes; bad
// flags are bad usage (exit 2).
func TestBadInputIsRefusedAndFileUntouched(t *testing.T) {
	g := startGitHub(t, fakegh.Options{})
	dir := t.TempDir()
	notSQLite := filepath.Join(dir, "notes.txt")
	os.WriteFile(notSQLite, []byte("these are my notes, not a database\n"), 0o644)
	otherRuns := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite3", otherRuns)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE runs (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO runs VALUES (1, 'mine')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tests := []struct {
		name     string
		args     []string
		file     string // must not change
		code     int
		wantText string
	}{
		{"not a SQLite file", []string{"sync", "--db", notSQLite}, notSQLite, 1, "is not a SQLite database"},
		{"a runs table of other columns", []string{"sync", "--db", otherRuns}, otherRuns, 1, "already has a table runs with other columns"},
		{"--repo and --owner", []string{"sync", "--db", otherRuns, "--repo", "octo-org/webapp", "--owner", "octo-org"}, otherRuns, 2, "not both"},
		{"--since not a date", []string{"sync", "--db", otherRuns, "--since", "last week"}, otherRuns, 2, "YYYY-MM-DD"},
		{"no --db", []string{"sync", "--repo", "octo-org/webapp"}, otherRuns, 2, "needs --db FILE"},
		{"--owner without sync", []string{"--owner", "octo-org", "SELECT 1"}, otherRuns, 2, "--owner is for actionsql sync"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.file)
			r := g.run(t, tt.args...)
			if r.code != tt.code || !strings.Contains(r.errOut, tt.wantText) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.errOut, tt.code, tt.wantText)
			}
			if after, _ := os.ReadFile(tt.file); !bytes.Equal(before, after) {
				t.Errorf("%s changed", tt.file)
			}
		})
	}
}

// holdJobsOf makes the emulated GitHub hold every request for the jobs of
// run while held is set, until the client gives up; arrived is closed at
// the first.
func holdJobsOf(run string, held *atomic.Bool) (opts fakegh.Options, arrived <-chan struct{}, release func()) {
	got, done := make(chan struct{}), make(chan struct{})
	var once, releaseOnce sync.Once
	return fakegh.Options{Fault: func(r *http.Request) int {
		if !held.Load() || !strings.HasSuffix(r.URL.Path, "/actions/runs/"+run+"/jobs") {
			return 0
		}
		once.Do(func() { close(got) })
		select {
		case <-r.Context().Done():
		case <-done:
		}
		return http.StatusServiceUnavailable
	}}, got, func() { releaseOnce.Do(func() { close(done) }) }
}

// waitFor polls cond until it holds, failing after a generous minute (no
// test depends on how fast the machine is).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestKilledSyncResumesToTheSameFile: a sync killed with SIGKILL after
// some runs were committed leaves a file whose every run is whole; while
// it runs, a second sync of the same file is refused; the next sync goes
// on and ends with the very rows of a sync that was never stopped.
func TestKilledSyncResumesToTheSameFile(t *testing.T) {
	var held atomic.Bool
	// The 41st run from the oldest: with batches of 2 runs, 40 are
	// committed when the sync waits for its jobs.
	ref := startGitHub(t, fakegh.Options{})
	refFile := filepath.Join(t.TempDir(), "reference.db")
	ref.sync(t, refFile)
	ordered := rows(t, openPlain(t, refFile), "SELECT id FROM runs ORDER BY created_at, id")
	const committed = 40
	stuck := strings.TrimPrefix(ordered[committed], "int64:")

	opts, arrived, release := holdJobsOf(stuck, &held)
	defer release()
	g := startGitHub(t, opts)
	held.Store(true)
	file := filepath.Join(t.TempDir(), "history.db")
	cmd, errOut := g.start(t, "sync", "--db", file, "--concurrency", "2", "--max-requests", "0")
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-arrived:
	case err := <-exited:
		t.Fatalf("the sync ended before reaching run %s: %v\n%s", stuck, err, errOut)
	case <-time.After(time.Minute):
		t.Fatal("the sync never asked for the jobs of run " + stuck)
	}
	waitFor(t, "40 runs committed", func() bool {
		var n int
		openPlain(t, file).QueryRow("SELECT count(*) FROM runs").Scan(&n)
		return n == committed
	})

	second := g.run(t, "sync", "--db", file)
	if second.code != 1 || !strings.Contains(second.errOut, "another actionsql sync is writing") {
		t.Errorf("a second sync at once: exit %d, %q; want exit 1 saying another sync is writing", second.code, second.errOut)
	}

	cmd.Process.Kill()
	<-exited
	release()
	held.Store(false)
	killed := openPlain(t, file)
	if got := rows(t, killed, "PRAGMA integrity_check"); !slices.Equal(got, []string{"string:ok"}) {
		t.Fatalf("the killed sync's file: integrity_check says %v", got)
	}
	// Every run committed is whole: its jobs are all there.
	partial := rows(t, killed, `SELECT r.id FROM runs r WHERE (SELECT count(*) FROM jobs j WHERE j.run_id = r.id) = 0`)
	if len(partial) > 0 {
		t.Errorf("the killed sync left runs without their jobs: %v", partial)
	}
	killed.Close()

	g.sync(t, file)
	sameDump(t, dump(t, file), dump(t, refFile))
}

// TestFullDiskFailsCleanly: a sync whose file cannot grow (a file size
// limit, as a full disk) fails with a message saying to free space,
// leaves the file a sound database of whole runs, and the next sync,
// with room again, ends with the rows of a sync that never failed.
func TestFullDiskFailsCleanly(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to set a file size limit with ulimit -f")
	}
	g := startGitHub(t, fakegh.Options{})
	refFile := filepath.Join(t.TempDir(), "reference.db")
	g.sync(t, refFile)

	file := filepath.Join(t.TempDir(), "history.db")
	// 400 KiB: enough for the tables and some runs, not for all of them.
	cmd := exec.Command(bash, "-c", `ulimit -f 400 && exec "$0" "$@"`, os.Args[0], "sync", "--db", file, "--max-requests", "0")
	cmd.Env = []string{beActionsql + "=1", "HOME=" + t.TempDir()}
	for k, v := range g.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(string(out), "free some space") {
		t.Fatalf("a sync that filled the disk: exit %d (%v), %s; want exit 1 saying to free some space", code, err, out)
	}
	db := openPlain(t, file)
	if got := rows(t, db, "PRAGMA integrity_check"); !slices.Equal(got, []string{"string:ok"}) {
		t.Fatalf("integrity_check says %v", got)
	}
	var n int
	db.QueryRow("SELECT count(*) FROM runs").Scan(&n)
	if n == 0 || n >= len(dump(t, refFile)["runs"]) {
		t.Errorf("the full disk stopped the sync after %d runs: the limit should stop it half-way", n)
	}
	db.Close()
	g.sync(t, file)
	sameDump(t, dump(t, file), dump(t, refFile))
}

// Which cookbook queries a synced file answers: those that read only the
// tables a sync copies, name no other repository than the one synced
// (the file's tables hold what was synced, where a live query reads any
// repository), and use no hidden column (runs.attempt is an argument to
// the API, not data).
var (
	notSynced    = regexp.MustCompile(`(?i)\b(FROM|JOIN)\s+(repos|artifacts|caches|runners)\b`)
	namesRepo    = regexp.MustCompile(`(?i)\brepo\s*(=|IN\b)`)
	hiddenColumn = regexp.MustCompile(`\.attempt\s*=`)
	// actionsqlFunctions are not in a stock SQLite (actionsql.so adds them).
	actionsqlFunctions = regexp.MustCompile(`(?i)\b(median|percentile\w*|regexp\w*)\b`)
)

// TestCookbookRunsUnchangedOnTheSyncedFile: every cookbook query that the
// synced tables can answer gives, on the synced file, the live tables'
// answer: through actionsql --db FILE (where the file's tables hide the
// live ones: no request is sent), and through plain SQLite (the stock
// sqlite3 shell when installed, else SQLite without actionsql) for those
// that need none of actionsql's functions.
func TestCookbookRunsUnchangedOnTheSyncedFile(t *testing.T) {
	g := startGitHub(t, fakegh.Options{})
	file := filepath.Join(t.TempDir(), "history.db")
	g.sync(t, file, "--repo", "octo-org/webapp", "--logs")
	sqlite3, _ := exec.LookPath("sqlite3")
	db := openPlain(t, file)
	var viaDB, viaPlain int
	for _, ex := range examples.All() {
		if notSynced.MatchString(ex.SQL) || namesRepo.MatchString(ex.SQL) || hiddenColumn.MatchString(ex.SQL) {
			continue
		}
		t.Run(ex.File, func(t *testing.T) {
			live := g.liveRows(t, ex.SQL)
			if len(live) == 0 {
				t.Fatal("the live answer is empty: the comparison would prove nothing")
			}
			slices.Sort(live) // rows that tie in ORDER BY may come in either order
			before := g.used(t)
			r := g.run(t, "--db", file, "-f", "json", ex.SQL)
			if r.code != 0 {
				t.Fatalf("actionsql --db: exit %d: %s", r.code, r.errOut)
			}
			if spent := g.used(t) - before; spent != 0 {
				t.Errorf("actionsql --db spent %d requests: the file's tables should hide the live ones", spent)
			}
			same(t, "actionsql --db FILE", jsonRows(t, r.out), live)
			viaDB++
			if actionsqlFunctions.MatchString(ex.SQL) {
				return
			}
			var plain []string
			if sqlite3 != "" {
				cmd := exec.Command(sqlite3, "-json", file)
				cmd.Stdin = strings.NewReader(ex.SQL)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("sqlite3: %v: %s", err, out)
				}
				plain = jsonRows(t, string(out))
			} else {
				plain = plainJSON(t, db, ex.SQL)
			}
			same(t, "plain SQLite", plain, live)
			viaPlain++
		})
	}
	// The cookbook's repository queries, less those of other tables.
	if viaDB < 20 || viaPlain < 12 {
		t.Errorf("only %d cookbook queries ran on the file (%d in plain SQLite): the filter above leaves out too many", viaDB, viaPlain)
	}
}

func same(t *testing.T, how string, got, want []string) {
	t.Helper()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s: %d rows, the live tables %d; first difference: %s", how, len(got), len(want), firstDiff(got, want))
	}
}

// TestSyncStopsWithinItsLimits: a sync stops, exit 1, the file sound,
// before it would spend the last tenth of the hourly rate limit (saying
// when the limit resets), and when the whole sync has spent
// --max-requests, every statement together.
func TestSyncStopsWithinItsLimits(t *testing.T) {
	const hourly = 400
	tests := []struct {
		name     string
		opts     fakegh.Options
		args     []string
		maxSpent int
		wantText []string
	}{
		{"rate limit", fakegh.Options{TokenRateLimit: hourly}, []string{"--max-requests", "0"}, hourly - hourly/10,
			[]string{"would reach the last tenth", "when the limit resets", "UTC"}},
		{"--max-requests", fakegh.Options{}, []string{"--max-requests", "150"}, 150,
			[]string{"spent its limit of 150 API requests", "running the same command again goes on"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := startGitHub(t, tt.opts)
			file := filepath.Join(t.TempDir(), "history.db")
			r := g.run(t, append([]string{"sync", "--db", file}, tt.args...)...)
			if r.code != 1 {
				t.Fatalf("exit %d, want 1: %s", r.code, r.errOut)
			}
			for _, want := range tt.wantText {
				if !strings.Contains(r.errOut, want) {
					t.Errorf("the message %q does not say %q", r.errOut, want)
				}
			}
			if used := g.used(t); used > tt.maxSpent {
				t.Errorf("the sync spent %d requests, want at most %d", used, tt.maxSpent)
			}
			db := openPlain(t, file)
			var runs, partial int
			db.QueryRow("SELECT count(*), sum((SELECT count(*) FROM jobs j WHERE j.run_id = r.id) = 0) FROM runs r").Scan(&runs, &partial)
			if runs == 0 || partial != 0 {
				t.Errorf("the stopped sync committed %d runs, %d of them without their jobs; want some, all whole", runs, partial)
			}
		})
	}
}

// TestREADMEKeepTheHistoryRunsAsShown runs the README's "Keep the
// history" commands as a user would, in order, in a directory of their
// own (./actionsql is this test binary acting as actionsql); a line whose
// tool (sqlite3, python3) is not installed is skipped. Each must succeed
// and print something.
func TestREADMEKeepTheHistoryRunsAsShown(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Keep the history")
	block := regexp.MustCompile("(?s)```sh\n(.*?)```").FindStringSubmatch(section)
	if !ok || block == nil {
		t.Fatal("README.md has no sh block under ## Keep the history")
	}
	dir := t.TempDir()
	wrapper := fmt.Sprintf("#!/bin/sh\nexec env %s=1 %q \"$@\"\n", beActionsql, os.Args[0])
	if err := os.WriteFile(filepath.Join(dir, "actionsql"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "examples"), filepath.Join(dir, "examples")); err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, line := range strings.Split(strings.TrimSpace(block[1]), "\n") {
		tool := strings.Fields(line)[0]
		if tool != "./actionsql" {
			if _, err := exec.LookPath(tool); err != nil {
				t.Logf("skipped (no %s): %s", tool, line)
				continue
			}
		}
		cmd := exec.Command(bash, "-c", line)
		cmd.Dir = dir
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v: %s", line, err, out)
			continue
		}
		if len(bytes.TrimSpace(out)) == 0 {
			t.Errorf("%s: printed nothing", line)
		}
		ran++
	}
	if ran < 2 {
		t.Errorf("only %d of the README's commands ran", ran)
	}
}
