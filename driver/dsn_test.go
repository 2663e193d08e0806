package driver_test

import (
	"database/sql"
	"strings"
	"testing"
)

// cleanEnv clears every variable that could configure actionsql, so that
// only what a test sets counts.
func cleanEnv(t *testing.T) {
	t.Helper()
	for _, name := range []string{
		"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN",
		"GITHUB_API_URL", "GH_HOST", "GH_REPO",
		"ACTIONSQL_REPO", "ACTIONSQL_API_URL", "ACTIONSQL_API_VERSION", "ACTIONSQL_TOKEN_ENV",
		"ACTIONSQL_DEMO", "ACTIONSQL_DB", "ACTIONSQL_NO_CACHE",
	} {
		t.Setenv(name, "")
	}
}

// settingsOf reads every setting of a database through actionsql_config.
func settingsOf(t *testing.T, db *sql.DB, names ...string) map[string]any {
	t.Helper()
	got := map[string]any{}
	for _, name := range names {
		var v any
		if err := db.QueryRow(`SELECT actionsql_config(?)`, name).Scan(&v); err != nil {
			t.Fatalf("actionsql_config(%q): %v", name, err)
		}
		got[name] = v
	}
	return got
}

func TestDSNSettings(t *testing.T) {
	cleanEnv(t)
	t.Setenv("MY_GH_TOKEN", "ghp_dsn_test_secret")
	tests := []struct {
		dsn  string
		want map[string]any
	}{
		{"", map[string]any{"repo": nil, "api_url": "https://api.github.com", "api_version": "2026-03-10", "demo": int64(0),
			"token": "none: requests are anonymous and see public repositories only; set GH_TOKEN, or name the variable that holds one with actionsql_config('token_env', 'NAME')"}},
		{"repo=octo-org/webapp&api_url=http://127.0.0.1:1/api/v3/", map[string]any{
			"repo": "octo-org/webapp", "api_url": "http://127.0.0.1:1/api/v3"}},
		{"api-url=https://ghe.example.com/api/v3&api-version=2022-11-28", map[string]any{
			"api_url": "https://ghe.example.com/api/v3", "api_version": "2022-11-28"}},
		{"token_env=MY_GH_TOKEN", map[string]any{"token_env": "MY_GH_TOKEN", "token": "from the variable MY_GH_TOKEN (token_env)"}},
		{"demo=1", map[string]any{"demo": int64(1), "repo": "octo-org/webapp", "token": "none: the demo needs no token"}},
		{"demo=true&repo=octo-org/api-server", map[string]any{"demo": int64(1), "repo": "octo-org/api-server"}},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			db, err := sql.Open("actionsql", tt.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var names []string
			for name := range tt.want {
				names = append(names, name)
			}
			got := settingsOf(t, db, names...)
			for name, want := range tt.want {
				if got[name] != want {
					t.Errorf("%s = %#v, want %#v", name, got[name], want)
				}
			}
		})
	}
}

func TestDSNMistakesSayWhatToWrite(t *testing.T) {
	cleanEnv(t)
	tests := []struct {
		dsn  string
		want []string
	}{
		{"token=ghp_x", []string{"a token is never written in the DSN", "token_env=NAME"}},
		{":memory:", []string{`unknown setting ":memory:"`, "repo, api_url, api_version, token_env, db, demo, no_cache", "db=FILE"}},
		{"api_ur=http://x", []string{`unknown setting "api_ur"`}},
		{"demo=maybe", []string{`demo="maybe": want 1, 0, true, false, yes or no`}},
		{"repo=octo", []string{`invalid repository "octo": want OWNER/REPO`}},
		{"api_url=ftp://x", []string{`api_url="ftp://x": want an http:// or https:// URL`}},
		{"token_env=ACTIONSQL_TEST_UNSET", []string{"the variable ACTIONSQL_TEST_UNSET is empty or not set"}},
		{"repo=%zz", []string{"want key=value pairs joined by &"}},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			db, err := sql.Open("actionsql", tt.dsn)
			if err == nil {
				db.Close()
				t.Fatalf("sql.Open(%q) succeeded, want an error", tt.dsn)
			}
			for _, part := range tt.want {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not say %q", err, part)
				}
			}
			if strings.Contains(err.Error(), "ghp_x") {
				t.Errorf("the error repeats the token: %q", err)
			}
		})
	}
}
