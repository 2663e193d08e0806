// Package synccmd is the actionsql sync command: it copies the runs, jobs,
// steps and annotations (and, with --logs, the job logs) of a repository
// or of every repository of an owner into ordinary tables of a SQLite
// file, named and with the columns of the live tables, so that history
// GitHub deletes (logs after 90 days, runs after 400) stays queryable by
// any SQLite. It reads through the live tables themselves (INSERT ...
// SELECT from them on a connection of an app.App with the file attached),
// so it pages, caches and reads ahead as queries do. Package cli reads the
// flags, opens the App and hands it over here.
//
// A sync is incremental (it asks only for runs created since the newest
// it holds, and re-reads the ones it holds unfinished), commits each run
// whole in a transaction of its own (a killed sync leaves the file
// consistent, and the next one goes on), refuses a second sync of the same
// file at once (an flock on the file), and stops cleanly before the last
// tenth of the hourly rate limit or at --max-requests.
package synccmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/ghapi"
)

// Options are what the command line asked of the sync.
type Options struct {
	DB string // --db FILE
	// Owner and Repo name one repository (both set) or, Repo empty,
	// every repository of Owner (--owner).
	Owner, Repo string
	// Since, "" or YYYY-MM-DDTHH:MM:SSZ, is the oldest creation time the
	// first sync of a repository reads (--since).
	Since string
	Logs  bool // --logs: job_logs too
	// MaxRequests bounds the API requests of the whole sync, every
	// statement together (--max-requests); 0: no bound.
	MaxRequests int64
	// Progress, if set, gets a progress line rewritten in place (a
	// terminal's stderr).
	Progress io.Writer
	Stdout   io.Writer // a line per repository synced, and a summary
	Stderr   io.Writer // notes
	// Now is the clock for sync_state's synced_at; nil means time.Now.
	Now func() time.Time
}

// Overlap is how far before the newest run it holds a sync lists again:
// a run created in the same second as the newest one, or listed a moment
// late, is not missed. Runs listed again that FILE holds completed cost
// no further request.
const Overlap = 10 * time.Minute

// ParseSince reads --since: a date (2026-01-31) or a UTC time
// (2026-01-31T08:00:00Z, or with an offset, converted), as
// YYYY-MM-DDTHH:MM:SSZ.
func ParseSince(s string) (string, error) {
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(timeLayout), nil
		}
	}
	return "", fmt.Errorf("--since %q: want a date, YYYY-MM-DD (e.g. 2026-01-31), or a time, YYYY-MM-DDTHH:MM:SSZ", s)
}

// timeLayout is how the tables write timestamps.
const timeLayout = "2006-01-02T15:04:05Z"

// StopError is a sync that stopped before it was done, with FILE
// consistent: every run it holds was committed whole. Running the same
// command again goes on.
type StopError struct {
	Reason string // why it stopped, and when to go on
	Done   int    // runs committed by this sync
}

func (e *StopError) Error() string {
	return fmt.Sprintf("sync stopped: %s; the file holds every run committed so far (%d by this sync), and running the same command again goes on from there", e.Reason, e.Done)
}

// Run syncs what o asks into o.DB through a's tables. a must have been
// opened with an in-memory main database (Config.DB empty): FILE is
// attached beside it.
func Run(ctx context.Context, a *app.App, o Options) error {
	if err := checkFile(o.DB); err != nil {
		return err
	}
	release, err := lockFile(o.DB)
	if err != nil {
		return err
	}
	defer release()
	budget := ghapi.NewBudget(o.MaxRequests)
	a.Session.SpendFrom(budget) // before the connection opens: see SpendFrom
	conn, err := a.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open the database: %w", err)
	}
	defer conn.Close()
	s := &syncer{
		a: a, conn: conn, o: o, budget: budget,
		tables: copiedTables(o.Logs), batch: max(a.Config.Concurrency, 1),
		now: o.Now,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.open(ctx); err != nil {
		return err
	}
	repos := []string{o.Repo}
	if o.Repo == "" {
		if repos, err = s.ownerRepos(ctx); err != nil {
			return err
		}
	}
	for _, repo := range repos {
		if err := s.syncRepo(ctx, repo); err != nil {
			s.endProgress()
			return err
		}
	}
	s.endProgress()
	s.summary()
	return nil
}

// Usage is actionsql sync --help.
const Usage = `Usage: actionsql sync --db FILE [--repo OWNER/REPO | --owner OWNER] [--since DATE] [--logs] [flags]

Copy the runs, jobs, steps and annotations of a repository (or of every
repository of an owner) into ordinary tables of the SQLite file FILE, named
runs, jobs, steps and annotations, with the columns of actionsql's tables,
so that the history GitHub deletes (logs after 90 days, runs after 400)
stays, and any SQLite can query it: sqlite3, Python, Datasette, or
actionsql --db FILE (where FILE's tables hide the live ones).

A later sync of the same FILE adds the runs created since the newest one
it holds, and reads again the runs it holds unfinished, until they are
completed; a completed run's jobs and logs are never fetched twice, and no
row is ever stored twice. Each run is committed whole: a sync that is
stopped or killed leaves FILE consistent, and the next one goes on. The
table sync_state says, per repository, when it was synced, its newest
run, and how many runs and jobs FILE holds.

  --db FILE              the SQLite file to sync into (created if missing)
  --repo OWNER/REPO      the repository (default: GH_REPO, else the origin
                         remote of the git checkout here)
  --owner OWNER          every repository of OWNER instead (an organization
                         or a user)
  --since DATE           the first sync reads runs created since DATE
                         (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ); default: all
  --logs                 copy the jobs' logs too, into job_logs (a line a row)
  --max-requests N       the most API requests the whole sync may spend
                         (default 2000; 0: no limit); it stops, FILE
                         consistent, and the next sync goes on

A sync also stops (exit 1) before it would spend the last tenth of the
hourly rate limit, saying when the limit resets. Two syncs of one FILE at
once are refused. Every flag of actionsql works here too (--demo,
--api-url, --cache-dir, --concurrency, ...).

Examples:
  actionsql sync --db history.db --repo octo-org/webapp --since 2026-01-01
  actionsql sync --db org.db --owner octo-org --logs
  sqlite3 history.db "SELECT conclusion, count(*) FROM runs GROUP BY conclusion"
`

// isBudgetSpent reports whether err came from the sync's request budget
// running out: SQLite hands a table's error back as text, so the budget
// itself says.
func (s *syncer) isBudgetSpent(err error) bool {
	return err != nil && s.o.MaxRequests > 0 && s.budget.Spent() >= s.o.MaxRequests
}

// stopForBudget is the StopError of a spent --max-requests.
func (s *syncer) stopForBudget() error {
	return &StopError{Done: s.done, Reason: fmt.Sprintf("it spent its limit of %d API requests (--max-requests; 0: no limit)", s.o.MaxRequests)}
}

// errNoRepo is an owner with no repository to sync.
var errNoRepo = errors.New("no repository")

func (s *syncer) ownerRepos(ctx context.Context) ([]string, error) {
	rows, err := s.conn.QueryContext(ctx, "SELECT repo FROM main.repos WHERE owner = ? ORDER BY repo", s.o.Owner)
	if err != nil {
		return nil, fmt.Errorf("list the repositories of %s: %w", s.o.Owner, err)
	}
	defer rows.Close()
	var repos []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("list the repositories of %s: %w", s.o.Owner, err)
		}
		repos = append(repos, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list the repositories of %s: %w", s.o.Owner, err)
	}
	s.printNotes()
	if len(repos) == 0 {
		return nil, fmt.Errorf("%s: %w to sync (is the owner's name right?)", s.o.Owner, errNoRepo)
	}
	return repos, nil
}

// notesShown is how many of one statement's notes are printed whole: a
// batch's logs that expired are each a note, and a hundred lines of them
// would bury the rest.
const notesShown = 3

// printNotes passes the tables' notes (a log that expired, a run that is
// gone) on to the user, the first few whole and the rest counted.
func (s *syncer) printNotes() {
	notes := s.a.Session.TakeNotes()
	if s.o.Stderr == nil || len(notes) == 0 {
		return
	}
	s.endProgress()
	for i, n := range notes {
		if i == notesShown && len(notes) > notesShown+1 {
			fmt.Fprintf(s.o.Stderr, "actionsql: note: ... and %d more like these\n", len(notes)-notesShown)
			break
		}
		fmt.Fprintf(s.o.Stderr, "actionsql: note: %s\n", n)
	}
}

// progress rewrites the progress line.
func (s *syncer) progress(repo string) {
	if s.o.Progress == nil {
		return
	}
	fmt.Fprintf(s.o.Progress, "\r\x1b[Ksync %s/%s: %d/%d runs, %d requests%s", s.o.Owner, repo, s.repoDone, s.repoTodo, s.budget.Spent(), s.rateLeft())
	s.shown = true
}

func (s *syncer) endProgress() {
	if s.shown {
		fmt.Fprint(s.o.Progress, "\r\x1b[K")
		s.shown = false
	}
}

// rateLeft is ", rate limit 4,312/5,000 left", or "" when the server
// has not said.
func (s *syncer) rateLeft() string {
	snap := s.a.Session.Client().Stats().Snapshot()
	if snap.RateRemaining < 0 || snap.RateLimit <= 0 {
		return ""
	}
	return fmt.Sprintf(", rate limit %d/%d left", snap.RateRemaining, snap.RateLimit)
}

// repoLine says what the sync did to one repository, on stdout.
func (s *syncer) repoLine(ctx context.Context, repo string, added int) {
	if s.o.Stdout == nil {
		return
	}
	var runs, jobs int64
	s.conn.QueryRowContext(ctx, "SELECT runs, jobs FROM store.sync_state WHERE owner = ? AND repo = ?", s.o.Owner, repo).Scan(&runs, &jobs)
	fmt.Fprintf(s.o.Stdout, "%s/%s: %s added or updated; %s holds %d runs, %d jobs of it\n", s.o.Owner, repo, countRuns(added), s.o.DB, runs, jobs)
}

// summary says what the whole sync cost, on stdout.
func (s *syncer) summary() {
	if s.o.Stdout == nil {
		return
	}
	what := "1 repository"
	if s.repos != 1 {
		what = fmt.Sprintf("%d repositories", s.repos)
	}
	fmt.Fprintf(s.o.Stdout, "synced %s into %s: %s added or updated, %d API requests%s\n",
		what, s.o.DB, countRuns(s.done), s.budget.Spent(), s.rateLeft())
}

// countRuns is "1 run" or "N runs".
func countRuns(n int) string {
	if n == 1 {
		return "1 run"
	}
	return fmt.Sprintf("%d runs", n)
}
