package vtab_test

import (
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
)

func exec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// TestVirtualTablesAnswerLikePlainSQLite runs each query twice, once on the
// virtual tables and once on ordinary tables holding the same data, worked
// out from the emulator's answers apart from the tables (reference_test.go),
// and wants the same rows: neither the planner's choices (join order, IN
// handling, pushdown) nor the decoding of a column may change a result.
func TestVirtualTablesAnswerLikePlainSQLite(t *testing.T) {
	db, _, _ := emulated(t, fakegh.Options{})
	loadPlainCopies(t, db)
	for _, q := range differentialQueries() {
		checkLikePlain(t, db, q)
	}
}

// TestEveryRowAndColumnIsTheEmulatorsData reads every row of the reference
// copy back through the virtual tables, every column: each value must be
// what the contract makes of the emulator's answer, and each query must
// cover its whole plain table, so no row goes unchecked.
func TestEveryRowAndColumnIsTheEmulatorsData(t *testing.T) {
	db, _, _ := emulated(t, fakegh.Options{})
	loadPlainCopies(t, db)
	detailed := fmt.Sprintf("%d, %d, %d", fakegh.FlakyRunID, fakegh.FailedRunID, notableHistory(t).nightlyFailed)
	everyRepo := "r.owner IN (" + publicOwners() + ")" // owner alone: every repository of each
	fromRuns := func(table string) string {
		return fmt.Sprintf("FROM {all_runs} r JOIN {%s} x ON x.owner = r.owner AND x.repo = r.repo AND x.run_id = r.id WHERE %s", table, everyRepo)
	}
	tests := []struct{ table, query string }{
		{"runs", "SELECT r.* FROM {all_runs} r WHERE " + everyRepo + " ORDER BY r.id"},
		{"workflows", "SELECT r.* FROM {all_workflows} r WHERE " + everyRepo + " ORDER BY r.id"},
		{"repos", "SELECT * FROM {repos} WHERE owner IN ('octo-org', '" + fakegh.DemoUser + "') ORDER BY owner, repo"},
		{"jobs", "SELECT x.* " + fromRuns("jobs") + " ORDER BY x.id"},
		{"steps", "SELECT x.* " + fromRuns("steps") + " ORDER BY x.job_id, x.number"},
		{"annotations", fmt.Sprintf(`SELECT a.* FROM {jobs} j JOIN {annotations} a ON a.job_id = j.id
			WHERE j.run_id IN (%s) ORDER BY a.job_id, a.start_line, a.message`, detailed)},
		{"job_logs", fmt.Sprintf("SELECT * FROM {job_logs} WHERE run_id IN (%s) ORDER BY job_id, line", detailed)},
	}
	for _, tt := range tests {
		t.Run(tt.table, func(t *testing.T) {
			cols, virtual := queryValues(t, db, onTables(tt.query, ""))
			_, plain := queryValues(t, db, onTables(tt.query, "plain_"))
			var all int
			if err := db.QueryRow("SELECT count(*) FROM plain_" + tt.table).Scan(&all); err != nil {
				t.Fatal(err)
			}
			if len(plain) != all {
				t.Errorf("%s\ncovers %d rows of plain_%s, which holds %d", tt.query, len(plain), tt.table, all)
			}
			if diff := firstDifference(cols, virtual, plain); diff != "" {
				t.Errorf("%s\nvirtual tables: %d rows, plain tables: %d rows; %s", tt.query, len(virtual), len(plain), diff)
			}
		})
	}
}

// publicOwners lists, quoted for SQL, the owners of the data set's public
// repositories, which the reference copy holds.
func publicOwners() string {
	var owners []string
	for _, r := range fakegh.Default().Repos {
		if q := "'" + r.Owner + "'"; !r.Private && !slices.Contains(owners, q) {
			owners = append(owners, q)
		}
	}
	return strings.Join(owners, ", ")
}

// queryValues runs q and returns its column names and rows.
func queryValues(t *testing.T, db *sql.DB, q string) (cols []string, out [][]any) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	if cols, err = rows.Columns(); err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		values := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		out = append(out, values)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return cols, out
}

// firstDifference names the first row and column where got and want
// differ, value and type, or is "" when they are the same.
func firstDifference(cols []string, got, want [][]any) string {
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			return fmt.Sprintf("row %d missing: %#v", i+1, want[i])
		case i >= len(want):
			return fmt.Sprintf("row %d extra: %#v", i+1, got[i])
		}
		for c := range cols {
			if !reflect.DeepEqual(got[i][c], want[i][c]) {
				return fmt.Sprintf("row %d, column %s: virtual %#v, plain %#v\nvirtual row: %#v", i+1, cols[c], got[i][c], want[i][c], got[i])
			}
		}
	}
	return ""
}

// differentialQueries are the queries the differential tests run, with
// {table} where the virtual or the plain table goes.
func differentialQueries() []string {
	flaky, failed, three := fakegh.FlakyRunID, fakegh.FailedRunID, fakegh.ThreeAttemptRunID
	return []string{
		// Single table, pushdown plus SQLite's own filtering.
		fmt.Sprintf("SELECT * FROM {jobs} WHERE run_id = %d ORDER BY id", flaky),
		fmt.Sprintf("SELECT * FROM {jobs} WHERE run_id = '%d' AND run_attempt = 2 ORDER BY id", flaky),
		fmt.Sprintf("SELECT * FROM {jobs} WHERE id = %d", fakegh.FlakyJobID),
		fmt.Sprintf("SELECT name, conclusion FROM {jobs} WHERE run_id = %d AND duration_seconds BETWEEN 100 AND 150 ORDER BY name, id", flaky),
		fmt.Sprintf("SELECT id FROM {jobs} WHERE run_id = %d AND id > %d ORDER BY id", flaky, fakegh.FlakyJobID),
		fmt.Sprintf("SELECT * FROM {steps} WHERE run_id = %d ORDER BY job_id, number", three),
		// IN lists, IN subqueries, OR.
		fmt.Sprintf("SELECT run_id, count(*) FROM {jobs} WHERE run_id IN (%d, %d, %d) GROUP BY run_id ORDER BY run_id", flaky, failed, three),
		fmt.Sprintf("SELECT name FROM {jobs} WHERE id IN (SELECT job_id FROM {steps} WHERE run_id = %d AND conclusion = 'failure') ORDER BY name", failed),
		fmt.Sprintf("SELECT id FROM {jobs} WHERE run_id = %d OR run_id = %d ORDER BY id", flaky, three),
		fmt.Sprintf("SELECT job_id, number FROM {steps} WHERE job_id IN (SELECT id FROM {jobs} WHERE run_id = %d AND name LIKE 'test%%') AND number > 3 ORDER BY 1, 2", flaky),
		// Joins in both orders, and forced orders.
		fmt.Sprintf("SELECT j.name, s.name, s.duration_seconds FROM {jobs} j JOIN {steps} s ON s.job_id = j.id WHERE j.run_id = %d ORDER BY 1, 2, 3", flaky),
		fmt.Sprintf("SELECT j.name, s.name FROM {steps} s JOIN {jobs} j ON j.id = s.job_id WHERE s.run_id = %d ORDER BY 1, 2", failed),
		fmt.Sprintf("SELECT j.name, s.name FROM {steps} s CROSS JOIN {jobs} j WHERE j.id = s.job_id AND s.run_id = %d ORDER BY 1, 2", failed),
		fmt.Sprintf("SELECT j.name, s.number FROM {jobs} j CROSS JOIN {steps} s WHERE s.job_id = j.id AND j.run_id = %d ORDER BY 1, 2", failed),
		fmt.Sprintf("SELECT j.name, count(s.number) FROM {jobs} j LEFT JOIN {steps} s ON s.job_id = j.id AND s.conclusion = 'failure' WHERE j.run_id = %d GROUP BY j.id ORDER BY 1", failed),
		// Flaky jobs: failed on one attempt, passed on the next.
		fmt.Sprintf(`SELECT a.run_id, a.name FROM {jobs} a JOIN {jobs} b
			ON b.run_id = a.run_id AND b.name = a.name AND b.run_attempt = a.run_attempt + 1
			WHERE a.run_id IN (%d, %d, %d) AND a.conclusion = 'failure' AND b.conclusion = 'success' ORDER BY 1, 2`, flaky, failed, three),
		// ORDER BY with LIMIT and OFFSET, subqueries, aggregates, json_each.
		fmt.Sprintf("SELECT name, duration_seconds FROM {jobs} WHERE run_id = %d ORDER BY duration_seconds DESC, id LIMIT 3", flaky),
		fmt.Sprintf("SELECT id FROM {jobs} WHERE run_id = %d ORDER BY id LIMIT 4 OFFSET 5", three),
		fmt.Sprintf("SELECT name, (SELECT count(*) FROM {steps} s WHERE s.job_id = j.id) FROM {jobs} j WHERE run_id = %d ORDER BY id", flaky),
		fmt.Sprintf("SELECT run_attempt, conclusion, count(*), sum(duration_seconds) FROM {jobs} WHERE run_id = %d GROUP BY 1, 2 ORDER BY 1, 2", three),
		fmt.Sprintf("SELECT l.value, count(*), avg(queued_seconds) FROM {jobs} j, json_each(j.labels) l WHERE j.run_id IN (%d, %d) GROUP BY 1 ORDER BY 1", flaky, failed),
		fmt.Sprintf("SELECT * FROM {jobs} WHERE owner = 'octo-org' AND repo = 'big-monorepo' AND run_id = %d ORDER BY queued_seconds DESC, id LIMIT 10", fakegh.BigRunID),
		fmt.Sprintf("SELECT * FROM {steps} WHERE owner = 'octo-org' AND repo = 'api-server' AND run_id = %d ORDER BY job_id, number", fakegh.APIServerFailedRunID),
		// Logs.
		fmt.Sprintf("SELECT step_number, level, count(*) FROM {job_logs} WHERE job_id = %d GROUP BY 1, 2 ORDER BY 1, 2", fakegh.FlakyJobID),
		fmt.Sprintf("SELECT * FROM {job_logs} WHERE job_id = %d AND line BETWEEN 10 AND 20 ORDER BY line", fakegh.FlakyJobID),
		// job_id is compared by the table alone (Exact): values of other
		// types must find what SQLite's own comparison finds.
		fmt.Sprintf("SELECT job_id, count(*) FROM {job_logs} WHERE job_id = '%d' GROUP BY 1", fakegh.FlakyJobID),
		fmt.Sprintf("SELECT job_id, count(*) FROM {job_logs} WHERE job_id = %d.0 GROUP BY 1", fakegh.FlakyJobID),
		fmt.Sprintf("SELECT job_id, count(*) FROM {job_logs} WHERE job_id IN ('x', x'31', NULL, %d.5, ' %d ') GROUP BY 1", fakegh.FlakyJobID, fakegh.FlakyJobID),
		fmt.Sprintf(`SELECT j.name, l.step_number, l.content FROM {jobs} j JOIN {job_logs} l ON l.job_id = j.id
			WHERE j.run_id = %d AND l.level = 'error' ORDER BY 1, 2, 3`, failed),
		fmt.Sprintf(`SELECT s.name, count(*) FROM {job_logs} l JOIN {steps} s ON s.job_id = l.job_id AND s.number = l.step_number
			WHERE l.run_id = %d GROUP BY 1 ORDER BY 1`, flaky),
	}
}

// checkLikePlain runs q on the virtual tables and on the plain copies and
// wants the same rows; it returns the virtual tables' rows.
func checkLikePlain(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	virtual := queryRows(t, db, strings.NewReplacer("{jobs}", "jobs", "{steps}", "steps", "{job_logs}", "job_logs").Replace(q))
	plain := queryRows(t, db, strings.NewReplacer("{jobs}", "plain_jobs", "{steps}", "plain_steps", "{job_logs}", "plain_job_logs").Replace(q))
	if len(plain) == 0 {
		t.Errorf("%s\nreturns no rows on the plain tables: the query tests nothing", q)
	}
	if !reflect.DeepEqual(virtual, plain) {
		t.Errorf("%s\nvirtual tables: %d rows %v\nplain tables:   %d rows %v", q, len(virtual), head(virtual), len(plain), head(plain))
	}
	return virtual
}

// checkOnTables runs q with its {table} names written for the virtual
// tables and for the plain copies (onTables, or another such function),
// and wants the same rows, and some.
func checkOnTables(t *testing.T, db *sql.DB, q string, tables func(q, prefix string) string) {
	t.Helper()
	virtual := queryRows(t, db, tables(q, ""))
	plain := queryRows(t, db, tables(q, "plain_"))
	if len(plain) == 0 {
		t.Errorf("%s\nreturns no rows on the plain tables: the query tests nothing", q)
	}
	if !reflect.DeepEqual(virtual, plain) {
		t.Errorf("%s\nvirtual tables: %d rows %v\nplain tables:   %d rows %v", q, len(virtual), head(virtual), len(plain), head(plain))
	}
}

func head(rows []string) []string {
	if len(rows) > 3 {
		return rows[:3]
	}
	return rows
}
