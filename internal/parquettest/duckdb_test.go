package parquettest

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver

	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/repl"
)

// env is the environment the command runs in: only what it sets.
type env map[string]string

func (e env) Getenv(name string) string          { return e[name] }
func (e env) GhAuthToken(string) (string, error) { return "", nil }
func (e env) GitOriginURL() (string, error)      { return "", nil }

// startGitHub serves the emulated GitHub for one test.
func startGitHub(t *testing.T) env {
	t.Helper()
	srv, err := fakegh.Start(fakegh.Options{ValidTokens: []string{"good-token"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return env{"GITHUB_API_URL": srv.URL(), "GH_REPO": "octo-org/webapp", "GH_TOKEN": "good-token"}
}

// actionsql runs the command and returns its stdout, failing the test
// unless it exits 0.
func actionsql(t *testing.T, e env, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := cli.Main(args, e, repl.Streams{In: strings.NewReader(""), Out: &out, Err: &errOut}); code != 0 {
		t.Fatalf("actionsql %q: exit %d: %s", args, code, errOut.String())
	}
	return out.String()
}

func openDuckDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestDuckDBReadsWhatJSONPrints exports queries to Parquet and reads the
// files back with DuckDB: the same columns in the same order, the same
// values row by row, NULLs where json has null, INTEGER columns as BIGINT,
// REAL as DOUBLE, TEXT as VARCHAR and BLOB as BLOB.
func TestDuckDBReadsWhatJSONPrints(t *testing.T) {
	e := startGitHub(t)
	db := openDuckDB(t)
	tests := []struct {
		name, query string
		// types are DuckDB's types of some of the columns (all of them
		// for an empty result, which json cannot tell).
		types map[string]string
		// columns, for an empty result, are its columns in order.
		columns []string
	}{
		{"runs", "SELECT * FROM runs ORDER BY id",
			map[string]string{"id": "BIGINT", "run_number": "BIGINT", "name": "VARCHAR", "conclusion": "VARCHAR", "duration_seconds": "BIGINT"}, nil},
		{"job logs of a run", "SELECT * FROM job_logs WHERE run_id = 9392540670 ORDER BY job_id, line",
			map[string]string{"job_id": "BIGINT", "line": "BIGINT", "step_number": "BIGINT", "level": "VARCHAR", "content": "VARCHAR"}, nil},
		{"NULL-heavy, REAL and BLOB expressions", `SELECT name, conclusion, completed_at,
			duration_seconds / 60.0 AS minutes,
			CASE WHEN conclusion = 'failure' THEN duration_seconds / 60.0 END AS failed_minutes,
			CASE WHEN conclusion = 'failure' THEN CAST(name AS BLOB) END AS failed_blob,
			CASE WHEN conclusion = 'failure' THEN X'00ff1b' END AS failed_bytes,
			NULL AS no_value
			FROM jobs WHERE run_id IN (SELECT id FROM runs) ORDER BY id`,
			map[string]string{"minutes": "DOUBLE", "failed_minutes": "DOUBLE", "failed_blob": "BLOB", "failed_bytes": "BLOB", "no_value": "VARCHAR", "completed_at": "VARCHAR"}, nil},
		{"empty result", "SELECT id, name, duration_seconds / 60.0 AS minutes FROM runs WHERE name = 'no such workflow'",
			map[string]string{"id": "BIGINT", "name": "VARCHAR", "minutes": "VARCHAR"}, []string{"id", "name", "minutes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "result.parquet")
			actionsql(t, e, "-f", "parquet", "--output", file, tt.query)
			columns, rows := parseJSON(t, actionsql(t, e, "-f", "json", tt.query))
			if tt.columns != nil {
				columns = tt.columns
			}
			gotColumns, gotRows := readParquet(t, db, file)
			if strings.Join(gotColumns, ",") != strings.Join(columns, ",") {
				t.Fatalf("DuckDB reads the columns %q, want json's %q", gotColumns, columns)
			}
			if len(gotRows) != len(rows) {
				t.Fatalf("DuckDB reads %d rows, json printed %d", len(gotRows), len(rows))
			}
			for i := range rows {
				for j, name := range columns {
					if err := sameValue(gotRows[i][j], rows[i][j]); err != nil {
						t.Fatalf("row %d, column %s: %v", i+1, name, err)
					}
				}
			}
			types := columnTypes(t, db, file)
			for name, want := range tt.types {
				if types[name] != want {
					t.Errorf("column %s is %s in DuckDB, want %s", name, types[name], want)
				}
			}
		})
	}
}

// TestTheFileIsCompressedWithZstd: the file's column chunks are compressed,
// as the README says, and the row count is in the footer.
func TestTheFileIsCompressedWithZstd(t *testing.T) {
	e := startGitHub(t)
	db := openDuckDB(t)
	file := filepath.Join(t.TempDir(), "logs.parquet")
	actionsql(t, e, "-f", "parquet", "--output", file, "SELECT * FROM job_logs WHERE run_id = 9392540670")
	var codecs string
	var rows int64
	err := db.QueryRow("SELECT string_agg(DISTINCT compression, ','), max(row_group_num_rows) FROM parquet_metadata(?)", file).Scan(&codecs, &rows)
	if err != nil {
		t.Fatal(err)
	}
	if codecs != "ZSTD" || rows != 1543 {
		t.Errorf("the column chunks are compressed with %s, in a row group of %d rows; want ZSTD and the run's 1543 lines", codecs, rows)
	}
}

// parseJSON reads -f json's array of objects, keeping the keys' order
// and the numbers as written.
func parseJSON(t *testing.T, text string) (columns []string, rows [][]any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	next := func() json.Token {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("read the json output: %v\n%s", err, text)
		}
		return tok
	}
	next() // [
	for dec.More() {
		next() // {
		var row []any
		for i := 0; dec.More(); i++ {
			key := next().(string)
			if len(rows) == 0 {
				columns = append(columns, key)
			}
			row = append(row, next())
		}
		next() // }
		rows = append(rows, row)
	}
	return columns, rows
}

// readParquet reads the file with DuckDB, every value as DuckDB's driver
// scans it: int64, float64, string, []byte or nil.
func readParquet(t *testing.T, db *sql.DB, file string) ([]string, [][]any) {
	t.Helper()
	rows, err := db.Query("SELECT * FROM read_parquet(?)", file)
	if err != nil {
		t.Fatalf("DuckDB cannot read %s: %v", file, err)
	}
	defer rows.Close()
	return scanValues(t, rows)
}

// scanValues reads every row of rows, each value as the driver scans it.
func scanValues(t *testing.T, rows *sql.Rows) ([]string, [][]any) {
	t.Helper()
	columns, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var all [][]any
	for rows.Next() {
		values := make([]any, len(columns))
		pointers := make([]any, len(columns))
		for i := range values {
			pointers[i] = &values[i]
		}
		if err := rows.Scan(pointers...); err != nil {
			t.Fatal(err)
		}
		all = append(all, values)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return columns, all
}

// columnTypes are DuckDB's types of the file's columns, by name.
func columnTypes(t *testing.T, db *sql.DB, file string) map[string]string {
	t.Helper()
	rows, err := db.Query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", file)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types := map[string]string{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		types[name] = typ
	}
	return types
}

// sameValue compares what DuckDB read with what -f json printed, types
// included: a BIGINT is a json integer, a DOUBLE a json number written as
// a REAL (100.0, not 100), a BLOB json's X'..' literal.
func sameValue(parquet, printed any) error {
	switch p := parquet.(type) {
	case nil:
		if printed != nil {
			return fmt.Errorf("NULL in the Parquet file, %v in json", printed)
		}
		return nil
	case int64:
		if n, ok := printed.(json.Number); ok && n.String() == strconv.FormatInt(p, 10) {
			return nil
		}
	case float64:
		n, ok := printed.(json.Number)
		if ok && strings.ContainsAny(n.String(), ".e") {
			if f, err := n.Float64(); err == nil && f == p {
				return nil
			}
		}
	case string:
		if printed == p {
			return nil
		}
	case []byte:
		if printed == "X'"+hex.EncodeToString(p)+"'" {
			return nil
		}
	}
	return fmt.Errorf("%T %v in the Parquet file, %v in json", parquet, parquet, printed)
}

// asStandIn, set in the environment, makes the test binary run as the
// actionsql command: a shell script can then run actionsql without a build
// of its own (which would compile SQLite again).
const asStandIn = "PARQUETTEST_RUN_ACTIONSQL"

func TestMain(m *testing.M) {
	if os.Getenv(asStandIn) != "" {
		os.Exit(cli.Main(os.Args[1:], config.SystemEnv{}, repl.SystemStreams()))
	}
	// The tables' disk cache would otherwise go to the user's.
	dir, err := os.MkdirTemp("", "parquettest-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestIntegersAmongRealsAreDoubles: a column without a declared type that
// holds INTEGERs and REALs is DOUBLE, each INTEGER its exact value.
func TestIntegersAmongRealsAreDoubles(t *testing.T) {
	e := startGitHub(t)
	db := openDuckDB(t)
	file := filepath.Join(t.TempDir(), "mixed.parquet")
	actionsql(t, e, "-f", "parquet", "--output", file, "SELECT 1 AS x UNION ALL SELECT NULL UNION ALL SELECT 2.5 UNION ALL SELECT 9007199254740992")
	_, rows := readParquet(t, db, file)
	want := []any{1.0, nil, 2.5, 9007199254740992.0}
	if len(rows) != len(want) {
		t.Fatalf("DuckDB reads %d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		if rows[i][0] != w {
			t.Errorf("row %d is %T %v, want %T %v", i+1, rows[i][0], rows[i][0], w, w)
		}
	}
	if types := columnTypes(t, db, file); types["x"] != "DOUBLE" {
		t.Errorf("x is %s, want DOUBLE", types["x"])
	}
}
