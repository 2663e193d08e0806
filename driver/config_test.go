package driver_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// TestConfigFromSQL sets the default repository from SQL on one connection
// of a pool and queries on another: all connections of a sql.DB share their
// settings.
func TestConfigFromSQL(t *testing.T) {
	cleanEnv(t)
	srv, err := fakegh.Start(fakegh.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db, err := sql.Open("actionsql", "api_url="+srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	first, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	second, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()

	const query = `SELECT name FROM jobs WHERE run_id = ? ORDER BY name`
	if _, err := second.QueryContext(ctx, query, fakegh.APIServerFailedRunID); err == nil || !strings.Contains(err.Error(), "needs a repository") || !strings.Contains(err.Error(), "actionsql_config('repo'") || strings.Contains(err.Error(), "--repo") {
		t.Fatalf("with no repository: err = %v, want one saying the query needs a repository and how a program sets it (actionsql_config), not a flag", err)
	}
	var set string
	if err := first.QueryRowContext(ctx, `SELECT actionsql_config('repo', ?)`, fakegh.APIServerRepo).Scan(&set); err != nil {
		t.Fatal(err)
	}
	if set != fakegh.APIServerRepo {
		t.Errorf("actionsql_config('repo', ...) = %q, want the new value %q", set, fakegh.APIServerRepo)
	}

	rows, err := second.QueryContext(ctx, `SELECT owner, repo, name FROM jobs WHERE run_id = ? ORDER BY name`, fakegh.APIServerFailedRunID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var owner, repo, name string
		if err := rows.Scan(&owner, &repo, &name); err != nil {
			t.Fatal(err)
		}
		got = append(got, owner+"/"+repo+" "+name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !strings.HasPrefix(got[0], fakegh.APIServerRepo+" ") {
		t.Errorf("jobs of api-server run %d: %q", fakegh.APIServerFailedRunID, got)
	}

	_, err = first.ExecContext(ctx, `SELECT actionsql_config('token', 'ghp_sql_literal')`)
	if err == nil || !strings.Contains(err.Error(), "a token is never accepted as a SQL literal") {
		t.Errorf("setting a token from SQL: err = %v", err)
	}
	if err != nil && strings.Contains(err.Error(), "ghp_sql_literal") {
		t.Errorf("the error repeats the token: %v", err)
	}
}

// TestConfigNotFromSchema keeps actionsql_config out of views and triggers,
// which a database file made by someone else could hold.
func TestConfigNotFromSchema(t *testing.T) {
	cleanEnv(t)
	db, err := sql.Open("actionsql", "api_url=http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE VIEW settings AS SELECT actionsql_config('api_url') AS api_url`); err != nil {
		t.Fatal(err)
	}
	var url string
	err = db.QueryRow(`SELECT api_url FROM settings`).Scan(&url)
	if err == nil || !strings.Contains(err.Error(), "unsafe use of actionsql_config()") {
		t.Errorf("actionsql_config in a view: %q, %v; want it refused", url, err)
	}
}
