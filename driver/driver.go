// Package driver is actionsql's database/sql driver: SQLite (through
// github.com/mattn/go-sqlite3) with the tables runs, workflows, jobs,
// steps, job_logs and annotations.
//
// Importing it registers the driver name "actionsql":
//
//	db, err := sql.Open("actionsql", "repo=octo-org/webapp")
//
// The data source name holds settings as URL query parameters, each the
// CLI flag of the same name with '-' written as '_' or as is: repo,
// api_url, api_version, token_env, db, demo, no_cache, cache_dir,
// concurrency, max_retry_wait. What it leaves out
// comes from the environment exactly as for the CLI (GH_TOKEN,
// GITHUB_TOKEN, GITHUB_API_URL, GH_HOST, GH_REPO, ACTIONSQL_*). A token is
// never part of the DSN: name the variable that holds it with token_env.
// With demo=1 every query is served by the built-in sample GitHub, with no
// token and no network. Settings already resolved go to NewConnector and
// sql.OpenDB instead.
//
// All connections of one sql.DB share one session: one API client and one
// default repository. SQL can read and change its settings with
// actionsql_config, e.g. SELECT actionsql_config('repo', 'octo-org/webapp');
// a change applies to every connection of the sql.DB.
//
// A query stops when its context is cancelled, even while it waits on
// GitHub (QueryContext, ExecContext).
//
// Only the driver's own connections get the tables: a connection of
// mattn/go-sqlite3's driver ("sqlite3") in the same process stays plain
// SQLite, and reads no actionsql setting.
//
// Go programs use this package, never the loadable extension actionsql.so:
// a second Go runtime cannot run in a process that already has one.
package driver

/*
#include <stdlib.h>
// Both come from the SQLite that github.com/mattn/go-sqlite3 compiles in.
extern int sqlite3_auto_extension(void (*)(void));
extern int sqlite3_complete(const char *sql);
static int install_auto_extension(void *entry) {
	return sqlite3_auto_extension((void (*)(void))entry);
}
*/
import "C"

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/actionsql/actionsql/internal/bridge"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/open"
	"github.com/actionsql/actionsql/vtab"
	sqlite3 "github.com/mattn/go-sqlite3"
)

func init() {
	sql.Register("actionsql", Driver{})
}

// Driver opens actionsql connections; its zero value is ready to use.
type Driver struct{}

// Open opens a connection configured by dsn.
func (d Driver) Open(dsn string) (driver.Conn, error) {
	c, err := d.OpenConnector(dsn)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// OpenConnector parses dsn once for every connection of a sql.DB.
func (Driver) OpenConnector(dsn string) (driver.Connector, error) {
	flags, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	cfg, err := config.Resolve(flags, config.SystemEnv{})
	if err != nil {
		return nil, fmt.Errorf("actionsql DSN: %s", dsnWording.Replace(err.Error()))
	}
	return NewConnector(cfg)
}

// dsnWording renames the CLI flags that configuration errors name to the
// DSN's keys: --api-url becomes api_url.
var dsnWording = func() *strings.Replacer {
	var pairs []string
	for _, name := range dsnSettings {
		pairs = append(pairs, "--"+name, strings.ReplaceAll(name, "-", "_"))
	}
	return strings.NewReplacer(pairs...)
}()

// dsnSettings are the CLI flags a DSN may set, by their flag names.
var dsnSettings = []string{"repo", "api-url", "api-version", "token-env", "db", "demo", "no-cache", "cache-dir", "concurrency", "max-retry-wait"}

func parseDSN(dsn string) (config.Flags, error) {
	values, err := url.ParseQuery(dsn)
	if err != nil {
		// Not the DSN itself: it could hold a secret by mistake.
		return nil, fmt.Errorf("actionsql DSN: want key=value pairs joined by &, e.g. repo=octo/app&demo=1: %w", err)
	}
	flags := config.Flags{}
	for k, v := range values {
		name := strings.ReplaceAll(k, "_", "-")
		if name == "token" {
			return nil, fmt.Errorf("actionsql DSN: a token is never written in the DSN; put it in a variable and name it with token_env=NAME")
		}
		if !slices.Contains(dsnSettings, name) {
			return nil, fmt.Errorf("actionsql DSN: unknown setting %q; the settings are %s (e.g. repo=octo/app&demo=1; a database file is db=FILE)",
				k, strings.ReplaceAll(strings.Join(dsnSettings, ", "), "-", "_"))
		}
		flags[name] = v[len(v)-1]
	}
	return flags, nil
}

// Connector opens connections whose tables share one session: one API
// client, one default repository, one set of notes. A setting changed with
// actionsql_config on one of its connections applies to all of them.
type Connector struct {
	settings *bridge.Settings
	dsn      string
}

// NewConnector returns a Connector for resolved settings.
func NewConnector(cfg config.Config) (*Connector, error) {
	session, err := open.Session(cfg)
	if err != nil {
		return nil, err
	}
	dsn := ":memory:"
	if cfg.DB != "" {
		dsn = "file:" + url.PathEscape(cfg.DB) + "?_busy_timeout=5000"
	}
	return &Connector{settings: bridge.NewSettings(session, cfg, nil), dsn: dsn}, nil
}

// SetAdvice makes errors that a change of a setting fixes say how in the
// caller's words (see bridge.Settings.SetAdvice); by default they name the
// ACTIONSQL_ variables and actionsql_config.
func (c *Connector) SetAdvice(advice func(setting string) string) { c.settings.SetAdvice(advice) }

// Session returns the session the connections' tables read through: its
// notes say what was missing, its client counts requests.
func (c *Connector) Session() *vtab.Session { return c.settings.Session() }

// Connect opens one SQLite connection with the tables installed.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := installBridge(); err != nil {
		return nil, err
	}
	return bridge.OpenClaimed(c.settings, func() (driver.Conn, error) {
		return (&sqlite3.SQLiteDriver{}).Open(c.dsn)
	})
}

// Driver returns the actionsql driver.
func (c *Connector) Driver() driver.Driver { return Driver{} }

var (
	installOnce sync.Once
	installErr  error
)

// installBridge installs the bridge's entry point into the SQLite the
// driver compiles in, once. SQLite runs it in every connection the process
// opens, but it installs the tables only in those Connect claims: a
// connection of mattn/go-sqlite3's own driver ("sqlite3") stays plain.
func installBridge() error {
	installOnce.Do(func() {
		if rc := C.install_auto_extension(bridge.AutoExtension()); rc != 0 {
			installErr = fmt.Errorf("actionsql: install the tables into SQLite: error %d", rc)
		}
	})
	return installErr
}

// Complete reports whether sql ends a statement (or several), by SQLite's own
// sqlite3_complete: a final ';' outside strings, comments and trigger bodies.
func Complete(sql string) bool {
	text := C.CString(sql)
	defer C.free(unsafe.Pointer(text))
	return C.sqlite3_complete(text) != 0
}
