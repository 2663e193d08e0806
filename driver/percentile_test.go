package driver_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
)

// The percentile aggregates give the values of SQLite's own tests
// (test/percentile.test), with the error messages of its 3.51 extension.

func percentileDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("actionsql", "api_url=http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		"CREATE TABLE t1(x)",
		"INSERT INTO t1 VALUES(1),(4),(6),(7),(8),(9),(11),(11),(11)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db
}

func scalar(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	var v any
	if err := db.QueryRow(q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("%.10g", f)
	}
	return fmt.Sprint(v)
}

func TestPercentileGivesSQLitesTestValues(t *testing.T) {
	db := percentileDB(t)
	check := func(stage string) {
		t.Helper()
		for _, tt := range []struct{ q, want string }{
			{"SELECT percentile(x,0) FROM t1", "1"},
			{"SELECT percentile(x,100) FROM t1", "11"},
			{"SELECT percentile(x,50) FROM t1", "8"},
			{"SELECT percentile(x,12.5) FROM t1", "4"},
			{"SELECT percentile(x,15) FROM t1", "4.4"},
			{"SELECT percentile(x,20) FROM t1", "5.2"},
			{"SELECT percentile(x,80) FROM t1", "11"},
			{"SELECT percentile(x,89) FROM t1", "11"},
			{"SELECT median(x) FROM t1", "8"},
			{"SELECT percentile_cont(x,1.0) FROM t1", "11"},
			{"SELECT percentile_cont(x,0.5) FROM t1", "8"},
			{"SELECT percentile_cont(x,0.125) FROM t1", "4"},
			{"SELECT percentile_cont(x,0.15) FROM t1", "4.4"},
			{"SELECT percentile_cont(x,0.2) FROM t1", "5.2"},
			{"SELECT percentile_cont(x,0.8) FROM t1", "11"},
			{"SELECT percentile_cont(x,0.89) FROM t1", "11"},
			{"SELECT percentile_disc(x,0.15) FROM t1", "4"},
			{"SELECT percentile_disc(x,0.5) FROM t1", "8"},
			{"SELECT typeof(percentile_disc(x,0.5)) FROM t1", "real"},
			// The fraction may drift a little from row to row, not more.
			{"SELECT round(percentile(x, 15+0.000001*rowid),1) FROM t1", "4.4"},
		} {
			if got := scalar(t, db, tt.q); got != tt.want {
				t.Errorf("%s: %s = %s, want %s", stage, tt.q, got, tt.want)
			}
		}
	}
	check("nine values")
	if _, err := db.Exec("INSERT INTO t1 VALUES(NULL),(NULL)"); err != nil {
		t.Fatal(err)
	}
	check("with NULLs")
	if _, err := db.Exec("CREATE TABLE t2(x); INSERT INTO t2 SELECT x+0.0 FROM t1 ORDER BY random()"); err != nil {
		t.Fatal(err)
	}
	if got := scalar(t, db, "SELECT percentile(x,15) FROM t2"); got != "4.4" {
		t.Errorf("REAL inputs in random order: %s, want 4.4", got)
	}
	if _, err := db.Exec("UPDATE t1 SET x=NULL"); err != nil {
		t.Fatal(err)
	}
	if got := scalar(t, db, "SELECT ifnull(percentile(x, 50),'NULL') FROM t1"); got != "NULL" {
		t.Errorf("no non-NULL input: %s, want NULL", got)
	}
	if _, err := db.Exec("UPDATE t1 SET x=12345 WHERE rowid=5"); err != nil {
		t.Fatal(err)
	}
	if got := scalar(t, db, "SELECT percentile(x, 0) || ' ' || percentile(x, 50) || ' ' || percentile(x,100) FROM t1"); got != "12345.0 12345.0 12345.0" {
		t.Errorf("one input: %s", got)
	}
	if got := scalar(t, db, "SELECT count(*) FROM (SELECT median(x) FROM t1 WHERE 0)"); got != "1" {
		t.Errorf("empty group: %s rows", got)
	}
}

func TestPercentileErrorsAsSQLiteSaysThem(t *testing.T) {
	db := percentileDB(t)
	tests := []struct{ q, want string }{
		{"SELECT round(percentile(x, 15+0.1*rowid),1) FROM t1", "the fraction argument to percentile() is not the same for all input rows"},
		{"SELECT percentile(x,0,1) FROM t1", "wrong number of arguments to function percentile()"},
		{"SELECT percentile(x) FROM t1", "wrong number of arguments to function percentile()"},
		{"SELECT percentile(x,null) FROM t1", "the fraction argument to percentile() is not between 0.0 and 100.0"},
		{"SELECT percentile(x,'fifty') FROM t1", "the fraction argument to percentile() is not between 0.0 and 100.0"},
		{"SELECT percentile(x,x'3530') FROM t1", "the fraction argument to percentile() is not between 0.0 and 100.0"},
		{"SELECT percentile_cont(x,x'3530') FROM t1", "the fraction argument to percentile_cont() is not between 0.0 and 1.0"},
		{"SELECT percentile(x,-0.0000001) FROM t1", "the fraction argument to percentile() is not between 0.0 and 100.0"},
		{"SELECT percentile(x,100.0000001) FROM t1", "the fraction argument to percentile() is not between 0.0 and 100.0"},
		{"SELECT percentile_cont(x,1.0000001) FROM t1", "the fraction argument to percentile_cont() is not between 0.0 and 1.0"},
		{"SELECT percentile(x, 50) FROM (SELECT x FROM t1 UNION ALL SELECT '50')", "input to percentile() is not numeric"},
		{"SELECT median(x) FROM (SELECT x FROM t1 UNION ALL SELECT x'3530')", "input to median() is not numeric"},
		{"SELECT percentile(x,50) FROM (SELECT x FROM t1 UNION ALL SELECT 1.0e300*1.0e300)", "Inf input to percentile()"},
		{"SELECT percentile_disc(x,0.5) FROM (SELECT x FROM t1 UNION ALL SELECT -1.0e300*1.0e300)", "Inf input to percentile_disc()"},
	}
	for _, tt := range tests {
		var v any
		err := db.QueryRow(tt.q).Scan(&v)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.q, err, tt.want)
		}
	}
}

func TestMedianAsAWindowFunction(t *testing.T) {
	db := percentileDB(t)
	if _, err := db.Exec(`CREATE TABLE w(a INTEGER PRIMARY KEY, b, c, d);
		INSERT INTO w VALUES (1, 'A', 'one', 8.4), (2, 'B', 'two', 7.1), (3, 'C', 'three', 5.9), (4, 'D', 'one', 11.0),
			(5, 'E', 'two', 12.5), (6, 'F', 'three', 0.0), (7, 'G', 'one', 2.7)`); err != nil {
		t.Fatal(err)
	}
	frames := map[string]string{
		"1 PRECEDING AND 1 FOLLOWING":         "9.7 8.4 5.9 2.7 5.9 7.1 9.8",
		"UNBOUNDED PRECEDING AND 1 FOLLOWING": "9.7 8.4 7.15 5.9 6.5 7.1 7.1",
		"1 PRECEDING AND UNBOUNDED FOLLOWING": "7.1 7.1 6.5 5.9 6.5 7.1 9.8",
	}
	for frame, want := range frames {
		rows, err := db.Query("SELECT median(d) OVER (ORDER BY c, a ROWS BETWEEN " + frame + ") FROM w ORDER BY c, a")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var m float64
			if err := rows.Scan(&m); err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%.10g", m))
		}
		rows.Close()
		if strings.Join(got, " ") != want {
			t.Errorf("ROWS BETWEEN %s: %s, want %s", frame, strings.Join(got, " "), want)
		}
	}
}
