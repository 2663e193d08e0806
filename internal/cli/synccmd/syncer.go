package synccmd

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/ghapi"
)

// syncer is one sync on its connection: main is in memory (its runs,
// jobs, ... are the live tables), store is FILE, and temp holds what a
// batch of runs fetched until each run is committed.
type syncer struct {
	a      *app.App
	conn   *sql.Conn
	o      Options
	budget *ghapi.Budget
	tables []*copied
	batch  int // runs read at once
	now    func() time.Time

	done               int // runs committed by this sync
	repos              int // repositories synced
	repoDone, repoTodo int // runs of the repository being synced
	shown              bool
}

// work is one run a sync commits: its jobs (and steps, annotations) are
// read when jobs is set; its jobs' missing logs are read with --logs.
type work struct {
	id        int64
	createdAt string
	jobs      bool
}

// open attaches FILE, checks that the tables it already has are the
// sync's, and creates the missing ones; nothing is written before the
// check passes.
func (s *syncer) open(ctx context.Context) error {
	if _, err := s.conn.ExecContext(ctx, "ATTACH DATABASE ? AS "+storeSchema, s.o.DB); err != nil {
		return fmt.Errorf("open %s: %w", s.o.DB, err)
	}
	// A reader (sqlite3, Datasette) holding FILE a moment delays a commit
	// rather than failing it.
	if _, err := s.conn.ExecContext(ctx, "PRAGMA busy_timeout = 10000"); err != nil {
		return fmt.Errorf("open %s: %w", s.o.DB, err)
	}
	all := append(append([]*copied{}, s.tables...), stateTable, logsTable)
	if err := checkTables(ctx, s.conn, s.o.DB, all); err != nil {
		return err
	}
	var ddl []string
	for _, t := range all {
		ddl = append(ddl, t.create(storeSchema, t.name))
		ddl = append(ddl, t.createIndexes()...)
	}
	if err := s.inTransaction(ctx, ddl, nil); err != nil {
		return s.writeError(err)
	}
	var temp []string
	for _, t := range append(s.tables, liveRunsTable()) {
		temp = append(temp, t.create("temp", "f_"+t.name))
	}
	temp = append(temp,
		"CREATE TEMP TABLE batch (id INTEGER PRIMARY KEY)",
		"CREATE TEMP TABLE need (id INTEGER PRIMARY KEY, run_id INTEGER)",
		"CREATE TEMP TABLE need_logs (id INTEGER PRIMARY KEY, run_id INTEGER)")
	for _, stmt := range temp {
		if _, err := s.conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("prepare the sync: %w", err)
		}
	}
	return nil
}

// liveRunsTable is the runs table, for the temp copy a listing fills
// whether or not logs are synced (s.tables always holds runs; this keeps
// open's loop simple when it does).
func liveRunsTable() *copied { return copiedTables(false)[0] }

// table returns the copied table named name.
func (s *syncer) table(name string) *copied {
	for _, t := range s.tables {
		if t.name == name {
			return t
		}
	}
	return nil
}

// inTransaction runs the statements, each with args, in one transaction
// of FILE, started IMMEDIATE so that it never fails half-way for a lock.
func (s *syncer) inTransaction(ctx context.Context, stmts []string, args [][]any) (err error) {
	if _, err := s.conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			s.conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	for i, stmt := range stmts {
		var a []any
		if i < len(args) {
			a = args[i]
		}
		if _, err := s.conn.ExecContext(ctx, stmt, a...); err != nil {
			return err
		}
	}
	_, err = s.conn.ExecContext(ctx, "COMMIT")
	return err
}

// writeError explains a failed write to FILE: a read-only file, a full
// disk. SQLite rolled the transaction back, so FILE is as it was.
func (s *syncer) writeError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "readonly"):
		return fmt.Errorf("cannot write to %s (%v): make it writable (and its directory, where SQLite keeps its journal), or sync into another file; it holds every run committed before", s.o.DB, err)
	case strings.Contains(msg, "full"), strings.Contains(msg, "file too large"): // ENOSPC, EFBIG
		return fmt.Errorf("cannot write to %s (%v): free some space and sync again; it holds every run committed before, and the next sync goes on from there", s.o.DB, err)
	}
	return fmt.Errorf("write to %s: %w; it holds every run committed before", s.o.DB, err)
}

// syncRepo brings FILE's copy of one repository up to date.
func (s *syncer) syncRepo(ctx context.Context, repo string) error {
	s.repoDone, s.repoTodo = 0, 0
	if err := s.clearTemp(ctx, "f_runs"); err != nil {
		return err
	}
	if err := s.syncWorkflows(ctx, repo); err != nil {
		return err
	}
	if err := s.listRuns(ctx, repo); err != nil {
		return err
	}
	todo, err := s.workList(ctx, repo)
	if err != nil {
		return err
	}
	s.repoTodo = len(todo)
	s.progress(repo)
	doneBefore := s.done
	for len(todo) > 0 {
		n := min(s.batch, len(todo))
		if err := s.syncBatch(ctx, repo, todo[:n]); err != nil {
			return err
		}
		todo = todo[n:]
	}
	// The repository's sync_state says when it was last synced even when
	// nothing was new.
	if err := s.inTransaction(ctx, []string{stateUpsert}, [][]any{s.stateArgs(repo, 0)}); err != nil {
		return s.writeError(err)
	}
	s.repos++
	s.endProgress()
	s.repoLine(ctx, repo, s.done-doneBefore)
	return nil
}

// syncWorkflows replaces the repository's workflows in FILE with the
// live ones (renamed, disabled or new), in one transaction.
func (s *syncer) syncWorkflows(ctx context.Context, repo string) error {
	if err := s.clearTemp(ctx, "f_workflows"); err != nil {
		return err
	}
	if err := s.guard(1); err != nil {
		return err
	}
	cols := s.table("workflows").columnList()
	stmt := fmt.Sprintf("INSERT OR IGNORE INTO temp.f_workflows SELECT %s FROM main.workflows WHERE owner = ? AND repo = ?", cols)
	if err := s.read(ctx, fmt.Sprintf("list the workflows of %s/%s", s.o.Owner, repo), stmt, s.o.Owner, repo); err != nil {
		return err
	}
	err := s.inTransaction(ctx, []string{fmt.Sprintf("INSERT OR REPLACE INTO store.workflows (%s) SELECT %s FROM temp.f_workflows", cols, cols)}, nil)
	if err != nil {
		return s.writeError(err)
	}
	return nil
}

// listRuns fills temp.f_runs with the runs the repository's listing has
// since the newest run FILE holds (less Overlap), or since --since on a
// first sync, and with the runs FILE holds unfinished, read again by id.
func (s *syncer) listRuns(ctx context.Context, repo string) error {
	var oldest, newest sql.NullString
	err := s.conn.QueryRowContext(ctx, "SELECT min(created_at), max(created_at) FROM store.runs WHERE owner = ? AND repo = ?", s.o.Owner, repo).Scan(&oldest, &newest)
	if err != nil {
		return fmt.Errorf("read %s: %w", s.o.DB, err)
	}
	from := s.o.Since
	if newest.Valid && (s.o.Since == "" || s.o.Since >= oldest.String) {
		t, err := time.Parse(timeLayout, newest.String)
		if err != nil {
			return fmt.Errorf("%s: runs of %s/%s: created_at %q is not a time as actionsql writes them", s.o.DB, s.o.Owner, repo, newest.String)
		}
		from = t.Add(-Overlap).Format(timeLayout)
	}
	if err := s.guard(1); err != nil {
		return err
	}
	cols := liveRunsTable().columnList()
	list := fmt.Sprintf("INSERT OR IGNORE INTO temp.f_runs SELECT %s FROM main.runs WHERE owner = ? AND repo = ?", cols)
	args := []any{s.o.Owner, repo}
	if from != "" {
		list += " AND created_at >= ?"
		args = append(args, from)
	}
	if err := s.read(ctx, fmt.Sprintf("list the runs of %s/%s", s.o.Owner, repo), list, args...); err != nil {
		return err
	}
	unfinished := fmt.Sprintf(`INSERT OR IGNORE INTO temp.f_runs SELECT %s FROM main.runs WHERE owner = ? AND repo = ? AND id IN (
		SELECT id FROM store.runs WHERE owner = ? AND repo = ? AND status <> 'completed' AND id NOT IN (SELECT id FROM temp.f_runs))`, cols)
	var count int
	if err := s.conn.QueryRowContext(ctx, "SELECT count(*) FROM store.runs WHERE owner = ? AND repo = ? AND status <> 'completed'", s.o.Owner, repo).Scan(&count); err != nil {
		return fmt.Errorf("read %s: %w", s.o.DB, err)
	}
	if count == 0 {
		return nil
	}
	if err := s.guard(int64(count)); err != nil {
		return err
	}
	return s.read(ctx, fmt.Sprintf("read again the unfinished runs of %s/%s", s.o.Owner, repo), unfinished, s.o.Owner, repo, s.o.Owner, repo)
}

// workList is what the repository needs, oldest run first, so that a
// sync that stops leaves no gap below the newest run FILE holds: runs
// listed that FILE lacks, holds unfinished, or holds otherwise (a re-run
// since); with --logs, runs FILE holds whose completed jobs' logs were
// never read (a first sync with --logs after syncs without).
func (s *syncer) workList(ctx context.Context, repo string) ([]work, error) {
	query := `SELECT f.id, f.created_at, 1 FROM temp.f_runs f
		LEFT JOIN store.runs r ON r.id = f.id AND r.owner = f.owner AND r.repo = f.repo
		WHERE r.id IS NULL OR r.status <> 'completed' OR r.updated_at IS NOT f.updated_at OR r.run_attempt IS NOT f.run_attempt`
	args := []any{}
	if s.o.Logs {
		query += ` UNION ALL SELECT r.id, r.created_at, 0 FROM store.runs r
		WHERE r.owner = ? AND r.repo = ? AND r.id NOT IN (SELECT id FROM temp.f_runs)
		  AND EXISTS (SELECT 1 FROM store.jobs j WHERE j.run_id = r.id AND j.owner = r.owner AND j.repo = r.repo AND j.status = 'completed'
		    AND NOT EXISTS (SELECT 1 FROM store.sync_logs l WHERE l.job_id = j.id AND l.owner = j.owner AND l.repo = j.repo))`
		args = append(args, s.o.Owner, repo)
	}
	query += " ORDER BY 2, 1"
	rows, err := s.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.o.DB, err)
	}
	defer rows.Close()
	var todo []work
	for rows.Next() {
		var w work
		if err := rows.Scan(&w.id, &w.createdAt, &w.jobs); err != nil {
			return nil, fmt.Errorf("read %s: %w", s.o.DB, err)
		}
		todo = append(todo, w)
	}
	return todo, rows.Err()
}

// syncBatch reads what a batch of runs needs, each table in one statement
// across the batch (so the live tables read ahead across runs), into
// temp, then commits each run whole.
func (s *syncer) syncBatch(ctx context.Context, repo string, batch []work) error {
	if err := s.clearTemp(ctx, "batch", "need", "need_logs", "f_jobs", "f_steps", "f_annotations", "f_job_logs"); err != nil {
		return err
	}
	withJobs := 0
	for _, w := range batch {
		if !w.jobs {
			continue
		}
		withJobs++
		if _, err := s.conn.ExecContext(ctx, "INSERT INTO temp.batch (id) VALUES (?)", w.id); err != nil {
			return fmt.Errorf("prepare the sync: %w", err)
		}
	}
	of := fmt.Sprintf("of %s/%s", s.o.Owner, repo)
	if withJobs > 0 {
		for _, name := range []string{"jobs", "steps"} {
			if err := s.guard(int64(withJobs)); err != nil {
				return err
			}
			t := s.table(name)
			stmt := fmt.Sprintf("INSERT OR IGNORE INTO temp.f_%s SELECT %s FROM main.%s WHERE owner = ? AND repo = ? AND run_id IN (SELECT id FROM temp.batch)", name, t.columnList(), name)
			if err := s.read(ctx, fmt.Sprintf("read the %s %s runs %s", name, of, ids(batch)), stmt, s.o.Owner, repo); err != nil {
				return err
			}
		}
		// The jobs completed since FILE last saw them: their annotations
		// (and logs) are final now, and read once.
		if _, err := s.conn.ExecContext(ctx, `INSERT INTO temp.need (id, run_id) SELECT f.id, f.run_id FROM temp.f_jobs f
			LEFT JOIN store.jobs j ON j.id = f.id AND j.owner = f.owner AND j.repo = f.repo
			WHERE f.status = 'completed' AND (j.id IS NULL OR j.status IS NOT 'completed')`); err != nil {
			return fmt.Errorf("prepare the sync: %w", err)
		}
		if err := s.readFor(ctx, repo, "need", "annotations"); err != nil {
			return err
		}
	}
	if s.o.Logs {
		if err := s.findMissingLogs(ctx, batch); err != nil {
			return err
		}
		if err := s.readFor(ctx, repo, "need_logs", "job_logs"); err != nil {
			return err
		}
	}
	for _, w := range batch {
		if err := s.commitRun(ctx, repo, w); err != nil {
			return err
		}
		s.done++
		s.repoDone++
		s.progress(repo)
	}
	return nil
}

// findMissingLogs fills temp.need_logs with the completed jobs of the
// batch's runs whose log was never read: those just fetched, and those
// FILE holds.
func (s *syncer) findMissingLogs(ctx context.Context, batch []work) error {
	stmts := []string{
		`INSERT OR IGNORE INTO temp.need_logs (id, run_id) SELECT f.id, f.run_id FROM temp.f_jobs f
		 WHERE f.status = 'completed' AND NOT EXISTS (SELECT 1 FROM store.sync_logs l WHERE l.job_id = f.id AND l.owner = f.owner AND l.repo = f.repo)`,
		`INSERT OR IGNORE INTO temp.need_logs (id, run_id) SELECT j.id, j.run_id FROM store.jobs j
		 WHERE j.run_id = ? AND j.owner = ? AND j.status = 'completed' AND j.id NOT IN (SELECT id FROM temp.f_jobs)
		   AND NOT EXISTS (SELECT 1 FROM store.sync_logs l WHERE l.job_id = j.id AND l.owner = j.owner AND l.repo = j.repo)`,
	}
	if _, err := s.conn.ExecContext(ctx, stmts[0]); err != nil {
		return fmt.Errorf("prepare the sync: %w", err)
	}
	for _, w := range batch {
		if _, err := s.conn.ExecContext(ctx, stmts[1], w.id, s.o.Owner); err != nil {
			return fmt.Errorf("prepare the sync: %w", err)
		}
	}
	return nil
}

// readFor reads table's rows of the jobs listed in temp.<jobs> into
// temp.f_<table>, in one statement.
func (s *syncer) readFor(ctx context.Context, repo, jobs, table string) error {
	var n int64
	if err := s.conn.QueryRowContext(ctx, "SELECT count(*) FROM temp."+jobs).Scan(&n); err != nil {
		return fmt.Errorf("prepare the sync: %w", err)
	}
	if n == 0 {
		return nil
	}
	if err := s.guard(n); err != nil {
		return err
	}
	// owner and repo come from the query: the jobs are the repository's.
	t := s.table(table)
	stmt := fmt.Sprintf("INSERT INTO temp.f_%s SELECT %s FROM main.%s WHERE owner = ? AND repo = ? AND job_id IN (SELECT id FROM temp.%s)", table, t.columnList(), table, jobs)
	return s.read(ctx, fmt.Sprintf("read the %s of %d jobs of %s/%s", table, n, s.o.Owner, repo), stmt, s.o.Owner, repo)
}

// read runs a statement that reads the live tables, passing on their
// notes; a spent --max-requests becomes a StopError.
func (s *syncer) read(ctx context.Context, what, stmt string, args ...any) error {
	_, err := s.conn.ExecContext(ctx, stmt, args...)
	s.printNotes()
	if err == nil {
		return nil
	}
	if s.isBudgetSpent(err) {
		return s.stopForBudget()
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%s: %w", what, err)
}

// commitRun writes one run and everything read for it in one transaction.
func (s *syncer) commitRun(ctx context.Context, repo string, w work) error {
	var stmts []string
	var args [][]any
	add := func(stmt string, a ...any) {
		stmts = append(stmts, stmt)
		args = append(args, a)
	}
	var before int64
	if w.jobs {
		if err := s.conn.QueryRowContext(ctx, "SELECT count(*) FROM store.jobs WHERE run_id = ? AND owner = ? AND repo = ?", w.id, s.o.Owner, repo).Scan(&before); err != nil {
			return fmt.Errorf("read %s: %w", s.o.DB, err)
		}
		for _, name := range []string{"runs", "jobs", "steps"} {
			key := "run_id"
			if name == "runs" {
				key = "id"
			}
			cols := s.table(name).columnList()
			add(fmt.Sprintf("INSERT OR REPLACE INTO store.%s (%s) SELECT %s FROM temp.f_%s WHERE %s = ?", name, cols, cols, name, key), w.id)
		}
		// A job's annotations are replaced whole, in the order GitHub gave them.
		cols := s.table("annotations").columnList()
		add("DELETE FROM store.annotations WHERE owner = ? AND repo = ? AND job_id IN (SELECT id FROM temp.need WHERE run_id = ?)", s.o.Owner, repo, w.id)
		add(fmt.Sprintf("INSERT INTO store.annotations (%s) SELECT %s FROM temp.f_annotations WHERE job_id IN (SELECT id FROM temp.need WHERE run_id = ?) ORDER BY rowid", cols, cols), w.id)
	}
	if s.o.Logs {
		cols := s.table("job_logs").columnList()
		add("DELETE FROM store.job_logs WHERE owner = ? AND repo = ? AND job_id IN (SELECT id FROM temp.need_logs WHERE run_id = ?)", s.o.Owner, repo, w.id)
		add(fmt.Sprintf("INSERT INTO store.job_logs (%s) SELECT %s FROM temp.f_job_logs WHERE job_id IN (SELECT id FROM temp.need_logs WHERE run_id = ?)", cols, cols), w.id)
		add(`INSERT OR REPLACE INTO store.sync_logs (owner, repo, job_id, lines)
			SELECT ?, ?, n.id, (SELECT count(*) FROM temp.f_job_logs l WHERE l.job_id = n.id) FROM temp.need_logs n WHERE n.run_id = ?`, s.o.Owner, repo, w.id)
	}
	if w.jobs {
		add(stateUpsertAfterRun, s.stateArgsAfterRun(repo, w.id, before)...)
	} else {
		add(stateUpsert, s.stateArgs(repo, 0)...)
	}
	if err := s.inTransaction(ctx, stmts, args); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return s.writeError(err)
	}
	return nil
}

// stateArgs are stateUpsert's arguments for the repository.
func (s *syncer) stateArgs(repo string, jobsAdded int64) []any {
	logs := 0
	if s.o.Logs {
		logs = 1
	}
	return []any{s.o.Owner, repo, s.now().UTC().Format(timeLayout), s.o.Owner, repo, s.o.Owner, repo, jobsAdded, logs}
}

// stateArgsAfterRun are stateUpsertAfterRun's arguments for run id of
// the repository, which held before jobs before.
func (s *syncer) stateArgsAfterRun(repo string, id, before int64) []any {
	a := s.stateArgs(repo, 0)
	jobs := []any{id, s.o.Owner, repo, before}
	return append(append(a[:len(a)-2:len(a)-2], jobs...), a[len(a)-1])
}

// stateUpsert records a repository's sync: its newest run and run count
// from FILE as it stands, jobs by what was added.
const stateUpsert = `INSERT INTO store.sync_state (owner, repo, synced_at, newest_created_at, runs, jobs, logs)
	VALUES (?, ?, ?, (SELECT max(created_at) FROM store.runs WHERE owner = ? AND repo = ?),
	        (SELECT count(*) FROM store.runs WHERE owner = ? AND repo = ?), ?, ?)
	ON CONFLICT (owner, repo) DO UPDATE SET synced_at = excluded.synced_at,
	  newest_created_at = excluded.newest_created_at, runs = excluded.runs,
	  jobs = sync_state.jobs + excluded.jobs, logs = max(sync_state.logs, excluded.logs)`

// stateUpsertAfterRun is stateUpsert counting the run's jobs added: the
// jobs FILE holds of the run now, less those it held before.
var stateUpsertAfterRun = strings.Replace(stateUpsert, "), ?, ?)",
	"), (SELECT count(*) FROM store.jobs WHERE run_id = ? AND owner = ? AND repo = ?) - ?, ?)", 1)

// guard stops the sync before a statement that may spend n requests when
// that would pass --max-requests, or reach the last tenth of the hourly
// rate limit (left for the user's other work).
func (s *syncer) guard(n int64) error {
	if s.o.MaxRequests > 0 && s.budget.Spent() >= s.o.MaxRequests {
		return s.stopForBudget()
	}
	snap := s.a.Session.Client().Stats().Snapshot()
	if snap.RateRemaining < 0 || snap.RateLimit <= 0 {
		return nil // the server has not said (or has no rate limit)
	}
	reserve := snap.RateLimit / 10
	if snap.RateRemaining-n >= reserve {
		return nil
	}
	return &StopError{Done: s.done, Reason: fmt.Sprintf(
		"%d of the hourly rate limit's %d requests are left, and the next ones would reach the last tenth, kept for your other work; run it again after %s, when the limit resets",
		snap.RateRemaining, snap.RateLimit, s.resetTime())}
}

// resetTime asks GitHub when the rate limit resets (GET /rate_limit costs
// none of it); "an hour" when it does not say.
func (s *syncer) resetTime() string {
	var answer struct {
		Resources struct {
			Core struct {
				Reset int64 `json:"reset"`
			} `json:"core"`
		} `json:"resources"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := s.a.Session.Client().Get(ctx, "rate_limit", nil, &answer); err != nil || answer.Resources.Core.Reset == 0 {
		return "an hour"
	}
	return time.Unix(answer.Resources.Core.Reset, 0).UTC().Format("15:04 UTC (2006-01-02)")
}

// clearTemp empties temp tables.
func (s *syncer) clearTemp(ctx context.Context, names ...string) error {
	for _, n := range names {
		if n == "f_job_logs" && !s.o.Logs {
			continue
		}
		if _, err := s.conn.ExecContext(ctx, "DELETE FROM temp."+n); err != nil {
			return fmt.Errorf("prepare the sync: %w", err)
		}
	}
	return nil
}

// ids lists a batch's run ids for messages: "1, 2 and 3".
func ids(batch []work) string {
	parts := make([]string, len(batch))
	for i, w := range batch {
		parts[i] = fmt.Sprint(w.id)
	}
	if len(parts) > 3 {
		return fmt.Sprintf("%s, ... (%d runs)", strings.Join(parts[:3], ", "), len(parts))
	}
	return strings.Join(parts, ", ")
}
