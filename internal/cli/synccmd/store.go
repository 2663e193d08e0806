package synccmd

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/actionsql/actionsql/vtab"
)

// storeSchema is "store", the name FILE is attached under on the sync's
// connection. The connection's own main database is in memory and empty,
// so main.runs is the live virtual table and store.runs the file's copy.
const storeSchema = "store"

// copied describes one table the sync copies into FILE: its columns are
// the virtual table's (vtab.Schemas, hidden ones left out: they are
// arguments, not data), its key and indexes are FILE's own.
type copied struct {
	name string
	// key is the primary key. Ids are unique across GitHub, so they lead:
	// the cookbook's joins name the id alone (j.run_id = r.id), and so
	// reach the key's index; owner and repo complete the key, as a
	// query's owner and repo do. Empty: the table has none of its own
	// (annotations: a job's are replaced whole, in their order).
	key string
	// indexes serve the cookbook's queries and the sync's own.
	indexes []string
	// withoutRowid stores the rows in the key's order (a log, line after
	// line), with no second copy of the key in an index.
	withoutRowid bool
	columns      []vtab.Column
}

// copiedTables lists the tables the sync keeps, job_logs only with --logs;
// runs first.
func copiedTables(logs bool) []*copied {
	tables := []*copied{
		{name: "runs", key: "id, owner, repo", indexes: []string{"owner, repo, created_at", "created_at", "workflow_id"}},
		{name: "jobs", key: "id, owner, repo", indexes: []string{"run_id"}},
		{name: "steps", key: "job_id, number, owner, repo", indexes: []string{"run_id"}},
		{name: "annotations", indexes: []string{"job_id"}},
		// A repository's workflows cost one request a sync, and the
		// cookbook picks runs by workflow name.
		{name: "workflows", key: "id, owner, repo"},
	}
	if logs {
		tables = append(tables, &copied{name: "job_logs", key: "job_id, line, owner, repo", withoutRowid: true})
	}
	for _, t := range tables {
		t.columns = liveColumns(t.name)
	}
	return tables
}

// liveColumns are the columns of the virtual table name that hold data.
func liveColumns(name string) []vtab.Column {
	for _, s := range vtab.Schemas() {
		if s.Name != name {
			continue
		}
		var cols []vtab.Column
		for _, c := range s.Columns {
			if !c.Hidden {
				cols = append(cols, c)
			}
		}
		return cols
	}
	panic("synccmd: no virtual table " + name) // the list above is static
}

// columnList is "owner, repo, id, ...", for SELECT and INSERT.
func (t *copied) columnList() string {
	names := make([]string, len(t.columns))
	for i, c := range t.columns {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// create is the CREATE TABLE of the table in schema. owner and repo
// compare without case, as GitHub's names do (and the live tables'): a
// sync of Octo-Org/WebApp after one of octo-org/webapp updates the same
// rows rather than adding a second copy.
func (t *copied) create(schema, name string) string {
	defs := make([]string, 0, len(t.columns)+1)
	for _, c := range t.columns {
		def := c.Name + " " + c.Type
		if c.Name == "owner" || c.Name == "repo" {
			def += " COLLATE NOCASE"
		}
		defs = append(defs, def)
	}
	if t.key != "" {
		defs = append(defs, "PRIMARY KEY ("+t.key+")")
	}
	stmt := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s.%s (%s)", schema, name, strings.Join(defs, ", "))
	if t.withoutRowid {
		stmt += " WITHOUT ROWID"
	}
	return stmt
}

// createIndexes are the CREATE INDEX statements of the table in FILE.
func (t *copied) createIndexes() []string {
	var stmts []string
	for _, cols := range t.indexes {
		name := t.name + "_" + strings.NewReplacer(", ", "_").Replace(cols)
		stmts = append(stmts, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s.%s ON %s (%s)", storeSchema, name, t.name, cols))
	}
	return stmts
}

// keyColumns are the primary key's columns, in order.
func (t *copied) keyColumns() []string {
	if t.key == "" {
		return nil
	}
	return strings.Split(t.key, ", ")
}

// Bookkeeping tables: what the sync did, for the next sync and for scripts.
var (
	// stateTable says, per repository, when it was last synced, the
	// newest run's created_at, how many runs and jobs FILE holds, and
	// whether logs are synced.
	stateTable = &copied{name: "sync_state", key: "owner, repo", columns: []vtab.Column{
		{Name: "owner", Type: "TEXT"}, {Name: "repo", Type: "TEXT"},
		{Name: "synced_at", Type: "TEXT"}, {Name: "newest_created_at", Type: "TEXT"},
		{Name: "runs", Type: "INTEGER"}, {Name: "jobs", Type: "INTEGER"}, {Name: "logs", Type: "INTEGER"},
	}}
	// logsTable lists the jobs whose log was read (lines: how many; 0 when
	// GitHub had none, expired or never written), so that no sync asks
	// for a log twice.
	logsTable = &copied{name: "sync_logs", key: "job_id, owner, repo", columns: []vtab.Column{
		{Name: "owner", Type: "TEXT"}, {Name: "repo", Type: "TEXT"},
		{Name: "job_id", Type: "INTEGER"}, {Name: "lines", Type: "INTEGER"},
	}}
)

// sqliteHeader opens every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// checkFile refuses a FILE that is no SQLite database before anything
// opens it: SQLite would only say "file is not a database" at the first
// write. A missing or empty file is a new database.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if info.IsDir() {
		return fmt.Errorf("%s is a directory: give --db the SQLite file to sync into, e.g. --db %s", path, strings.TrimSuffix(path, "/")+"/history.db")
	}
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil
	}
	if !bytes.Equal(head[:n], sqliteHeader) {
		return fmt.Errorf("%s is not a SQLite database; it was left as it was: give --db a new file name, or a database an earlier sync wrote", path)
	}
	return nil
}

// checkTables refuses FILE when a table of a name the sync uses holds
// other columns or another key than the sync's: it would mix its rows with
// something else. Nothing is written before this passes.
func checkTables(ctx context.Context, conn *sql.Conn, path string, tables []*copied) error {
	for _, t := range tables {
		got, err := tableShape(ctx, conn, t.name)
		if err != nil {
			return err
		}
		if got == nil {
			continue
		}
		if want := t.shape(); !equalShapes(got, want) {
			return fmt.Errorf("%s already has a table %s with other columns than actionsql sync's (%s, key %s; it has %s): it was left as it was; sync into another file, or rename that table",
				path, t.name, t.columnList(), keyOrNone(t.key), describeShape(got))
		}
	}
	return nil
}

// column is a column's name, declared type and place in the primary key
// (0: not in it), as PRAGMA table_info gives them.
type column struct {
	name, typ string
	pk        int
}

func (t *copied) shape() []column {
	key := t.keyColumns()
	cols := make([]column, len(t.columns))
	for i, c := range t.columns {
		cols[i] = column{name: c.Name, typ: c.Type}
		for k, name := range key {
			if name == c.Name {
				cols[i].pk = k + 1
			}
		}
	}
	return cols
}

// tableShape reads FILE's table name, nil when there is none. (Asked
// of a name FILE lacks, pragma_table_info would describe the live table.)
func tableShape(ctx context.Context, conn *sql.Conn, name string) ([]column, error) {
	var kind string
	err := conn.QueryRowContext(ctx, "SELECT type FROM "+storeSchema+".sqlite_master WHERE name = ? COLLATE NOCASE", name).Scan(&kind)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read the tables: %w", err)
	case kind != "table":
		return []column{{name: "(a " + kind + ", not a table)"}}, nil
	}
	rows, err := conn.QueryContext(ctx, fmt.Sprintf("SELECT name, type, pk FROM pragma_table_info('%s', '%s')", name, storeSchema))
	if err != nil {
		return nil, fmt.Errorf("read the columns of %s: %w", name, err)
	}
	defer rows.Close()
	var cols []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.name, &c.typ, &c.pk); err != nil {
			return nil, fmt.Errorf("read the columns of %s: %w", name, err)
		}
		c.typ = strings.ToUpper(c.typ)
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the columns of %s: %w", name, err)
	}
	return cols, nil
}

func equalShapes(a, b []column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func describeShape(cols []column) string {
	names := make([]string, len(cols))
	var key []string
	for i, c := range cols {
		names[i] = c.name
		if c.pk > 0 {
			key = append(key, c.name)
		}
	}
	return strings.Join(names, ", ") + ", key " + keyOrNone(strings.Join(key, ", "))
}

func keyOrNone(key string) string {
	if key == "" {
		return "none"
	}
	return "(" + key + ")"
}
