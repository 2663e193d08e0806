package driver_test

import (
	"database/sql"
	"fmt"
	"regexp"
	"testing"
)

// The regexp functions' results in every host are tested in ext (the CLI,
// the stock sqlite3 shell, Python and this driver, from one table); these
// tests need the process: they count allocations.

// logLinesDB is a connection with a table of n log lines.
func logLinesDB(t testing.TB, n int) *sql.DB {
	t.Helper()
	db, err := sql.Open("actionsql", "api_url=http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	_, err = db.Exec(`CREATE TABLE lines(x TEXT);
		WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ?)
		INSERT INTO lines SELECT printf('2026-09-%02d job %d: Process completed with exit code %d.', n % 28 + 1, n, n % 3) FROM i`, n)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// compileOnceQueries use each function on the first ? rows with one
// constant pattern, and aggregate, so the driver itself does nothing per
// row.
var compileOnceQueries = []struct{ name, sql string }{
	{"regexp_like", `SELECT count(*) FROM lines WHERE rowid <= ? AND regexp_like(x, '%s')`},
	{"REGEXP", `SELECT count(*) FROM lines WHERE rowid <= ? AND x REGEXP '%s'`},
	{"regexp_substr", `SELECT count(regexp_substr(x, '%s')) FROM lines WHERE rowid <= ?`},
	{"regexp_capture", `SELECT sum(regexp_capture(x, '%s', 2)) FROM lines WHERE rowid <= ?`},
	{"regexp_replace", `SELECT sum(length(regexp_replace(x, '%s', '$2 ($1)'))) FROM lines WHERE rowid <= ?`},
}

// compileOncePattern has groups for regexp_capture and regexp_replace, and
// enough parts that compiling it costs many allocations.
const compileOncePattern = `job (\d+): (?:Process|Step) completed with (?:exit )?code (\d+)\.$`

// TestRegexpCompilesAPatternOncePerStatement counts the allocations a
// statement makes per row: compiling the pattern again for each row would
// cost at least as many as compiling it once.
func TestRegexpCompilesAPatternOncePerStatement(t *testing.T) {
	const rows = 2000
	db := logLinesDB(t, rows)
	compile := testing.AllocsPerRun(20, func() { regexp.MustCompile(compileOncePattern) })
	for _, q := range compileOnceQueries {
		query := fmt.Sprintf(q.sql, compileOncePattern)
		var got sql.NullFloat64
		if err := db.QueryRow(query, rows).Scan(&got); err != nil || got.Float64 < rows {
			t.Fatalf("%s: %s: %v, %v: want a result from every row", q.name, query, got, err)
		}
		run := func(n int) func() {
			return func() {
				if err := db.QueryRow(query, n).Scan(&got); err != nil {
					t.Fatal(err)
				}
			}
		}
		// The difference between all the rows and half of them is what the
		// other half cost, without the statement's own allocations.
		perRow := (testing.AllocsPerRun(5, run(rows)) - testing.AllocsPerRun(5, run(rows/2))) / (rows / 2)
		if perRow >= compile/2 {
			t.Errorf("%s: %.1f allocations per row, and compiling the pattern takes %.0f: is it compiled for every row?", q.name, perRow, compile)
		}
		t.Logf("%s: %.2f allocations per row (compiling the pattern: %.0f)", q.name, perRow, compile)
	}
}

// BenchmarkRegexp runs each function over 10,000 log lines per operation.
func BenchmarkRegexp(b *testing.B) {
	const rows = 10000
	db := logLinesDB(b, rows)
	for _, q := range compileOnceQueries {
		query := fmt.Sprintf(q.sql, compileOncePattern)
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			var got sql.NullFloat64
			for b.Loop() {
				if err := db.QueryRow(query, rows).Scan(&got); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
		})
	}
}
