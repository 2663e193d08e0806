package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// numbers is a query of 5,000 rows; boom fails the statement at row 4,000,
// after the rows before it were written.
const numbers = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) `

// TestAFailedParquetExportLeavesNoFile: a statement that fails half-way
// (SQLite's integer overflow at row 4,000) writes no file, leaves no
// temporary file behind, and leaves a file of that name as it was.
func TestAFailedParquetExportLeavesNoFile(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	const failing = numbers + `SELECT i, CASE WHEN i = 4000 THEN abs(-9223372036854775807 - 1) ELSE i * 2 END AS boom FROM n`
	for _, existing := range []string{"", "the result of yesterday's export"} {
		dir := t.TempDir()
		file := filepath.Join(dir, "out.parquet")
		if existing != "" {
			if err := os.WriteFile(file, []byte(existing), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		r := run(t, e, "", "-f", "parquet", "--output", file, failing)
		if r.code != 1 || !strings.Contains(r.errOut, "integer overflow") {
			t.Errorf("exit %d, stderr %q; want exit 1 and SQLite's error", r.code, r.errOut)
		}
		got, err := os.ReadFile(file)
		switch {
		case existing == "" && !os.IsNotExist(err):
			t.Errorf("the failed export left %s (%d bytes, %v)", file, len(got), err)
		case existing != "" && string(got) != existing:
			t.Errorf("the failed export replaced the file that was there with %d bytes (%v)", len(got), err)
		}
		want := 0 // files in the folder: none, or the one that was there
		if existing != "" {
			want = 1
		}
		if entries, _ := os.ReadDir(dir); len(entries) != want {
			t.Errorf("the folder holds %v after the failed export, want only what was there", entries)
		}
	}
}

// TestAParquetColumnHasOneType: a value of another type than its column's
// fails the statement with a message that names the column, the row and
// the CAST that fixes it.
func TestAParquetColumnHasOneType(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	tests := []struct{ name, query, want string }{
		{"a TEXT among INTEGERs", numbers + `SELECT CASE WHEN i = 3 THEN 'three' ELSE i END AS v FROM n`,
			`column "v" is INTEGER (INT64) from its first values, but row 3 holds the TEXT value three: a Parquet column has one type; convert the column in the query, e.g. CAST(v AS TEXT)`},
		{"a TEXT in a declared INTEGER column", `SELECT id FROM runs UNION ALL SELECT 'none'`,
			`column "id" is INTEGER (INT64) from its declared type, but row `},
		{"a REAL in a declared INTEGER column, rows after the first ones", `CREATE TABLE t (n INTEGER);
			INSERT INTO t ` + numbers + `SELECT i FROM n;
			INSERT INTO t VALUES (2.5);
			SELECT n FROM t ORDER BY rowid`,
			`but row 5001 holds the REAL value 2.5`},
		{"two columns of one name", `SELECT 1 AS a, 2 AS a`, `the result has two columns named "a", which a Parquet file cannot: name them apart with AS`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "out.parquet")
			r := run(t, e, "", "-f", "parquet", "--output", file, tt.query)
			if r.code != 1 || !strings.Contains(r.errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", r.code, r.errOut, tt.want)
			}
			if _, err := os.Stat(file); !os.IsNotExist(err) {
				t.Errorf("the failed export left %s", file)
			}
		})
	}
}

// TestParquetHoldsOneResult: a script whose second statement returns rows
// too fails at it, rather than replace or garble the first result;
// statements without a result set (CREATE TABLE) do not count.
func TestParquetHoldsOneResult(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	file := filepath.Join(t.TempDir(), "out.parquet")
	r := run(t, e, "", "-f", "parquet", "--output", file, "CREATE TABLE t AS SELECT 1 AS a; SELECT a FROM t; SELECT 2 AS b")
	if r.code != 1 || !strings.Contains(r.errOut, "--output "+file+" holds the result of an earlier statement, and a Parquet file holds one: give each statement a file of its own with .once FILE") {
		t.Errorf("exit %d, stderr %q; want the second result refused", r.code, r.errOut)
	}
	if b, err := os.ReadFile(file); err != nil || !strings.HasPrefix(string(b), "PAR1") {
		t.Errorf("the first result's file: %v, %.4q", err, b)
	}
}
