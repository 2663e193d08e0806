package app_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/internal/stmt"
)

func demoConfig(t *testing.T) config.Config {
	t.Helper()
	srv, err := fakegh.Start(fakegh.Options{AnonymousRateLimit: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	owner, repo, _ := strings.Cut(fakegh.DemoRepo, "/")
	return config.Config{APIURL: srv.URL(), Owner: owner, Repo: repo}
}

func run(t *testing.T, r *stmt.Runner, text string) (string, []string, error) {
	t.Helper()
	var out bytes.Buffer
	outcome, err := r.Run(context.Background(), text, "list", format.Options{}, &out)
	notes := outcome.Notes
	return out.String(), notes, err
}

func TestOneConnectionKeepsAScriptsTables(t *testing.T) {
	a, err := app.Open(demoConfig(t), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if n := a.DB.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("MaxOpenConnections = %d, want 1 by default", n)
	}
	r := a.Runner(stmt.Params{})
	if _, _, err := run(t, r, "CREATE TABLE kept AS SELECT name FROM jobs WHERE run_id = 9392540670 AND conclusion = 'failure'"); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, r, "SELECT count(*) > 0 FROM kept")
	if err != nil || out != "1\n" {
		t.Errorf("the next statement saw %q, %v; want the table made before", out, err)
	}
}

func TestRunnerBindsTheParamsAndFollowsStrict(t *testing.T) {
	cfg := demoConfig(t)
	cfg.Strict = true
	a, err := app.Open(cfg, app.Options{Connections: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if n := a.DB.Stats().MaxOpenConnections; n != 3 {
		t.Errorf("MaxOpenConnections = %d, want 3", n)
	}
	var params stmt.Params
	if err := params.Set("run", "1"); err != nil {
		t.Fatal(err)
	}
	_, _, err = run(t, a.Runner(params), "SELECT name FROM jobs WHERE run_id = :run")
	var noteErr *stmt.NoteError
	if !errors.As(err, &noteErr) || !strings.Contains(err.Error(), "run 1 not found") {
		t.Errorf("error = %v, want the note about run 1 as a *stmt.NoteError", err)
	}
}

func TestCloseClosesTheDatabase(t *testing.T) {
	a, err := app.Open(demoConfig(t), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.DB.Ping(); err == nil {
		t.Error("Ping after Close succeeded")
	}
}

func TestOpenReportsABadSetting(t *testing.T) {
	cfg := demoConfig(t)
	cfg.CacheDir, cfg.CacheDirSet = "/proc/no-such-place/cache", true
	if _, err := app.Open(cfg, app.Options{}); err == nil || !strings.Contains(err.Error(), "--cache-dir") {
		t.Errorf("error = %v, want one naming --cache-dir", err)
	}
}

func TestAPINameSaysWhereQueriesGo(t *testing.T) {
	cfg := demoConfig(t)
	a, err := app.Open(cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got, want := a.APIName(), strings.TrimPrefix(cfg.APIURL, "http://"); got != want {
		t.Errorf("APIName() = %q, want %q", got, want)
	}
	a.Config.Demo = true
	if got := a.APIName(); got != "the built-in demo GitHub (sample data, no network)" {
		t.Errorf("on the demo, APIName() = %q", got)
	}
}
