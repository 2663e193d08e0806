package vtab_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// The artifacts, caches and runners tables against their reference copy:
// the emulator's JSON answers converted by the contract's rules, here and
// apart from the tables, as reference_test.go does for the others.

var storageSchema = []struct{ table, columns string }{
	{"artifacts", `owner TEXT, repo TEXT, id INTEGER, run_id INTEGER, name TEXT, size_in_bytes INTEGER, expired INTEGER,
		digest TEXT, created_at TEXT, updated_at TEXT, expires_at TEXT, head_branch TEXT, head_sha TEXT`},
	{"caches", `owner TEXT, repo TEXT, id INTEGER, key TEXT, ref TEXT, version TEXT, size_in_bytes INTEGER,
		created_at TEXT, last_accessed_at TEXT`},
	{"runners", `owner TEXT, repo TEXT, id INTEGER, name TEXT, os TEXT, status TEXT, busy INTEGER, ephemeral INTEGER,
		labels TEXT, runner_group_id INTEGER`},
}

var storageCopy = sync.OnceValues(readStorageReference)

// readStorageReference reads every public repository's artifacts and
// caches, the runners of those whose runners answer, and the
// organization's runners.
func readStorageReference() (reference, error) {
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 1 << 30})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	api := apiClient{base: srv.URL(), http: &http.Client{Timeout: time.Minute}}
	rows := reference{}
	add := func(table string, r *row) error {
		if r.err != nil {
			return fmt.Errorf("%s row: %w", table, r.err)
		}
		rows[table] = append(rows[table], r.values)
		return nil
	}
	read := func(path, items, table string, conv func(map[string]any) *row) error {
		objs, err := api.list(path, items)
		if err != nil {
			return err
		}
		for _, o := range objs {
			if err := add(table, conv(o)); err != nil {
				return err
			}
		}
		return nil
	}
	for _, repo := range fakegh.Default().Repos {
		if repo.Private {
			continue
		}
		base := "/repos/" + repo.FullName() + "/actions"
		owner, name := repo.Owner, repo.Name
		if err := read(base+"/artifacts", "artifacts", "artifacts", func(o map[string]any) *row { return artifactRow(owner, name, o) }); err != nil {
			return nil, err
		}
		if err := read(base+"/caches", "actions_caches", "caches", func(o map[string]any) *row {
			return newRow(o).value(owner, name).integer("id").text("key").text("ref").text("version").integer("size_in_bytes").
				timestamp("created_at").timestamp("last_accessed_at")
		}); err != nil {
			return nil, err
		}
		if repo.FullName() == fakegh.ForbiddenRunnersRepo {
			continue
		}
		if err := read(base+"/runners", "runners", "runners", func(o map[string]any) *row { return runnerRow(owner, name, o) }); err != nil {
			return nil, err
		}
	}
	err = read("/orgs/"+fakegh.DemoOwner+"/actions/runners", "runners", "runners", func(o map[string]any) *row {
		return runnerRow(fakegh.DemoOwner, nil, o)
	})
	return rows, err
}

func artifactRow(owner, repo string, a map[string]any) *row {
	r := newRow(a).value(owner, repo).integer("id")
	run, ok := a["workflow_run"].(map[string]any)
	if !ok {
		r.err = fmt.Errorf("no workflow_run in %v", a)
		return r
	}
	fromRun := newRow(run).integer("id").text("head_branch").text("head_sha")
	if fromRun.err != nil {
		return fromRun
	}
	r = r.value(fromRun.values[0]).text("name").integer("size_in_bytes").field("expired", toBoolean).text("digest").
		timestamp("created_at").timestamp("updated_at").timestamp("expires_at")
	return r.value(fromRun.values[1:]...)
}

func runnerRow(owner string, repo any, o map[string]any) *row {
	return newRow(o).value(owner, repo).integer("id").text("name").text("os").text("status").
		field("busy", toBoolean).field("ephemeral", toBoolean).field("labels", labelNames).integer("runner_group_id")
}

func toBoolean(v any) (any, error) {
	b, ok := v.(bool)
	if !ok {
		return nil, fmt.Errorf("%v is not a boolean", v)
	}
	if b {
		return int64(1), nil
	}
	return int64(0), nil
}

// labelNames is the JSON array of the names of a runner's label objects.
func labelNames(v any) (any, error) {
	objs, err := asObjects(v)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(objs))
	for i, o := range objs {
		names[i], _ = o["name"].(string)
	}
	return `["` + strings.Join(names, `","`) + `"]`, nil
}

// loadStorageCopies adds plain_artifacts, plain_caches and plain_runners to
// the plain copies, after checking the virtual tables' pinned columns.
func loadStorageCopies(t *testing.T, db *sql.DB) {
	t.Helper()
	ref, err := storageCopy()
	if err != nil {
		t.Fatalf("reading artifacts, caches and runners from the emulated GitHub: %v", err)
	}
	for _, s := range storageSchema {
		checkPinnedColumns(t, db, s.table, s.columns)
		exec(t, db, fmt.Sprintf("CREATE TABLE plain.plain_%s (%s)", s.table, s.columns))
		insertRows(t, db, "plain.plain_"+s.table, ref[s.table])
	}
	exec(t, db, "CREATE VIEW plain.plain_webapp_artifacts AS SELECT * FROM plain_artifacts WHERE owner = 'octo-org' AND repo = 'webapp'")
	exec(t, db, "CREATE VIEW plain.plain_webapp_caches AS SELECT * FROM plain_caches WHERE owner = 'octo-org' AND repo = 'webapp'")
}

// storageTables writes a query with {table} marks for the virtual tables
// or their plain copies: {artifacts} and {caches} are the default
// repository's (webapp's), {all_artifacts} and {all_caches} any
// repository's, as the query's owner and repo say; the others as onTables
// has them.
func storageTables(q, prefix string) string {
	if prefix != "" {
		q = strings.NewReplacer("{artifacts}", "plain_webapp_artifacts", "{caches}", "plain_webapp_caches").Replace(q)
	}
	q = strings.NewReplacer("{all_artifacts}", "{artifacts}", "{all_caches}", "{caches}").Replace(q)
	return onTables(q, prefix)
}

func storageDifferentialQueries() []string {
	webapp := "owner = 'octo-org' AND repo = 'webapp'"
	runs := fmt.Sprintf("%d, %d", fakegh.FlakyRunID, fakegh.FailedRunID)
	return []string{
		// artifacts: every pushdown, alone and together.
		"SELECT * FROM {all_artifacts} WHERE " + webapp + " ORDER BY id",
		fmt.Sprintf("SELECT * FROM {artifacts} WHERE run_id = %d ORDER BY id", fakegh.FlakyRunID),
		fmt.Sprintf("SELECT run_id, name, size_in_bytes FROM {artifacts} WHERE run_id IN (%s) ORDER BY 1, 2, 3", runs),
		fmt.Sprintf("SELECT * FROM {artifacts} WHERE run_id = '%d' AND name = 'dist'", fakegh.FlakyRunID),
		"SELECT * FROM {artifacts} WHERE name = 'dist' ORDER BY created_at DESC",
		"SELECT name, count(*) FROM {artifacts} WHERE name IN ('dist', 'test-results-windows-latest-3.13', 'no-such-name') GROUP BY 1 ORDER BY 1",
		"SELECT * FROM {artifacts} WHERE id IN (SELECT id FROM {artifacts} WHERE name = 'dist' ORDER BY id LIMIT 3) ORDER BY id",
		"SELECT * FROM {all_artifacts} WHERE owner = 'octo-org' AND repo = 'big-monorepo' ORDER BY size_in_bytes DESC, id LIMIT 5",
		"SELECT * FROM {all_artifacts} WHERE owner = 'octo-org' AND repo IN ('webapp', 'api-server') AND name = 'test-results' ORDER BY id",
		// Expired artifacts: still listed, still sized.
		"SELECT expired, count(*), sum(size_in_bytes) FROM {artifacts} GROUP BY expired ORDER BY expired",
		"SELECT name, count(*) FROM {artifacts} WHERE expired = 1 AND expires_at < '2026-09-01' GROUP BY name ORDER BY name",
		// Artifacts joined to their runs, both orders.
		`SELECT r.head_branch, a.name, count(*), sum(a.size_in_bytes) FROM {runs} r JOIN {artifacts} a ON a.run_id = r.id
			WHERE r.head_branch = 'main' AND r.created_at >= '2026-09-20' GROUP BY 1, 2 ORDER BY 1, 2`,
		`SELECT a.id, r.display_title FROM {artifacts} a JOIN {runs} r ON r.id = a.run_id
			WHERE a.name = 'dist' AND a.created_at >= '2026-09-25' ORDER BY a.id`,
		// caches: ref, key =, IN, LIKE, GLOB, and what the API cannot narrow.
		"SELECT * FROM {caches} ORDER BY id",
		"SELECT * FROM {caches} WHERE ref = 'refs/heads/main' ORDER BY id",
		"SELECT ref, count(*) FROM {caches} WHERE ref IN ('refs/pull/50/merge', 'refs/pull/51/merge', 'refs/heads/nope') GROUP BY 1 ORDER BY 1",
		"SELECT id, key FROM {caches} WHERE key LIKE 'setup-python-Linux%' ORDER BY id",
		"SELECT id, key FROM {caches} WHERE key LIKE 'SETUP-PYTHON-linux%' ORDER BY id",
		"SELECT id, key FROM {caches} WHERE key LIKE 'pytest_cache%' ORDER BY id",
		"SELECT id, key FROM {caches} WHERE key GLOB 'pytest-cache-Linux-*' ORDER BY id",
		"SELECT id, key FROM {caches} WHERE key LIKE '%pip%' AND ref = 'refs/heads/main' ORDER BY id",
		"SELECT id FROM {caches} WHERE key = (SELECT key FROM {caches} WHERE ref = 'refs/pull/50/merge' ORDER BY id LIMIT 1) ORDER BY id",
		`SELECT id FROM {caches} WHERE key IN ('pytest-cache-Linux-3.12-',
			(SELECT key FROM {caches} WHERE key GLOB 'pytest-cache-*' ORDER BY id LIMIT 1), 'setup-go') ORDER BY id`,
		"SELECT owner, repo, count(*), sum(size_in_bytes) FROM {all_caches} WHERE owner = 'octo-org' AND repo IN ('webapp', 'api-server', 'big-monorepo') GROUP BY 1, 2 ORDER BY 1, 2",
		// runners: the organization's, and jobs joined to them on the runner's name.
		"SELECT * FROM {runners} WHERE owner = 'octo-org' ORDER BY id",
		"SELECT name, labels FROM {runners} WHERE owner = 'octo-org' AND status = 'offline' ORDER BY name",
		`SELECT j.name, j.runner_name, r.status, r.busy FROM {jobs} j JOIN {runners} r ON r.name = j.runner_name
			WHERE j.owner = 'octo-org' AND j.repo = 'api-server' AND j.run_id IN (SELECT id FROM {all_runs} WHERE owner = 'octo-org' AND repo = 'api-server')
			AND r.owner = 'octo-org' ORDER BY j.id`,
		fmt.Sprintf(`SELECT r.name, count(j.id) FROM {runners} r LEFT JOIN {jobs} j ON j.runner_name = r.name AND j.run_id IN (%s)
			WHERE r.owner = 'octo-org' GROUP BY r.name ORDER BY r.name`, runs),
	}
}

// TestStorageTablesAnswerLikePlainSQLite runs each query on the virtual
// tables and on the plain copies and wants the same rows.
func TestStorageTablesAnswerLikePlainSQLite(t *testing.T) {
	db, _, _ := emulated(t, fakegh.Options{})
	loadPlainCopies(t, db)
	loadStorageCopies(t, db)
	for _, q := range storageDifferentialQueries() {
		checkOnTables(t, db, q, storageTables)
	}
}

var perPage = regexp.MustCompile(`&?per_page=\d+`)

// TestStorageRequests: what each pushdown asks the API, and how often.
func TestStorageRequests(t *testing.T) {
	db, srv, _ := emulated(t, fakegh.Options{})
	base := "GET /repos/octo-org/webapp/actions"
	var id int64
	if err := db.QueryRow(fmt.Sprintf("SELECT min(id) FROM artifacts WHERE run_id = %d", fakegh.FlakyRunID)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	artifactID := fmt.Sprint(id)
	tests := []struct {
		name  string
		query string
		want  []string // the requests, without per_page
	}{
		{"run_id IN (a, b): one listing per run",
			fmt.Sprintf("SELECT count(*) FROM artifacts WHERE run_id IN (%d, %d)", fakegh.FlakyRunID, fakegh.FailedRunID),
			[]string{fmt.Sprintf("%s/runs/%d/artifacts?page=1", base, fakegh.FlakyRunID), fmt.Sprintf("%s/runs/%d/artifacts?page=1", base, fakegh.FailedRunID)}},
		{"an artifact by id", "SELECT name FROM artifacts WHERE id = " + artifactID, []string{base + "/artifacts/" + artifactID}},
		{"a name is the listing's filter", "SELECT count(*) FROM artifacts WHERE name = 'dist'", []string{base + "/artifacts?name=dist&page=1"}},
		{"a LIMIT reads the first page of the listing only", "SELECT id FROM artifacts LIMIT 5", []string{base + "/artifacts?page=1"}},
		{"ref and key =", "SELECT id FROM caches WHERE ref = 'refs/heads/main' AND key = 'setup-go'",
			[]string{base + "/caches?key=setup-go&page=1&ref=refs%2Fheads%2Fmain"}},
		{"key IN whose one value prefixes the other: one listing",
			"SELECT id FROM caches WHERE key IN ('pytest-cache-Linux-3.12-abc', 'pytest-cache-')", []string{base + "/caches?key=pytest-cache-&page=1"}},
		{"GLOB pushes its whole prefix", "SELECT id FROM caches WHERE key GLOB 'setup-python-Linux*'", []string{base + "/caches?key=setup-python-Linux&page=1"}},
		{"LIKE ignores case: its prefix counts up to the first letter", "SELECT id FROM caches WHERE key LIKE 'setup-python%'", []string{base + "/caches?page=1"}},
		{"LIKE with a prefix of no letters", "SELECT id FROM caches WHERE key LIKE '2026-%'", []string{base + "/caches?key=2026-&page=1"}},
		{"owner alone lists the organization's runners", "SELECT id FROM runners WHERE owner = 'octo-org'", []string{"GET /orgs/octo-org/actions/runners?page=1"}},
		{"a repository's runners", "SELECT id FROM runners WHERE repo = 'api-server'", []string{"GET /repos/octo-org/api-server/actions/runners?page=1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			queryRows(t, db, tt.query)
			var got []string
			for _, r := range srv.Requests() {
				got = append(got, strings.TrimSuffix(perPage.ReplaceAllString(r, ""), "?"))
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s\nrequests %q\nwant     %q", tt.query, got, want)
			}
		})
	}
}

// TestRunnersForbiddenGiveNoRowsAndANote: a repository whose runners
// answer 403 (the token lacks admin rights) gives no rows and a note that
// names the permission. It needs the generic 403 handling (issue 17's
// machinery part), which turns a permission 403 into that note.
func TestRunnersForbiddenGiveNoRowsAndANote(t *testing.T) {
	db, _, session := emulated(t, fakegh.Options{})
	owner, repo, _ := strings.Cut(fakegh.ForbiddenRunnersRepo, "/")
	rows, err := db.Query("SELECT * FROM runners WHERE owner = ? AND repo = ?", owner, repo)
	if err != nil {
		t.Fatalf("runners of %s: %v, want no rows and a note", fakegh.ForbiddenRunnersRepo, err)
	}
	got, err := scanAll(rows)
	if err != nil {
		t.Fatalf("runners of %s: %v, want no rows and a note", fakegh.ForbiddenRunnersRepo, err)
	}
	if len(got) != 0 {
		t.Errorf("%d rows, want none", len(got))
	}
	notes := strings.Join(session.TakeNotes(), "\n")
	for _, want := range []string{fakegh.ForbiddenRunnersRepo, "admin rights", `"Administration: read"`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q, want one containing %q", notes, want)
		}
	}
}
