// Package app is one open actionsql: the settings resolved from the flags
// and the environment, the database whose connections have the tables, and
// the session those tables read GitHub through. The command line, the
// interactive shell and the web server (actionsql serve) each start from an
// App, so that the three front ends open, run and close statements alike.
package app

import (
	"database/sql"
	"net/url"
	"strings"

	"github.com/actionsql/actionsql/driver"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/stmt"
	"github.com/actionsql/actionsql/vtab"
)

// App is an open database with the tables, and the settings it was opened
// with. It is safe for concurrent use as far as its DB allows connections.
type App struct {
	// Config is the resolved settings (never printed whole: it holds the
	// token, which Config's own formatting redacts).
	Config config.Config
	// DB is the database. Every connection has the tables and reads
	// through Session.
	DB *sql.DB
	// Session is what the tables of every connection share: the API
	// client (its counters, its disk cache) and the default repository.
	Session *vtab.Session
}

// Options say how an App's database is used.
type Options struct {
	// Connections bounds the open connections; 0 means 1. The command line
	// and the shell use one: the statements of a script must see each
	// other's tables, and an in-memory database lives in one connection.
	// The server runs the queries of several tabs at once on several
	// connections; each of them then has an in-memory database of its own
	// unless Config.DB names a file.
	Connections int
	// Advice, if set, says how the front end changes a setting, for the
	// errors a change of one fixes (see vtab.SettingError): "--repo
	// OWNER/REPO" for advice("repo") on the command line. nil: a host's
	// words (ACTIONSQL_ variables, actionsql_config).
	Advice func(setting string) string
}

// Open opens the database the settings describe.
func Open(cfg config.Config, opts Options) (*App, error) {
	connector, err := driver.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	if opts.Advice != nil {
		connector.SetAdvice(opts.Advice)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(max(opts.Connections, 1))
	return &App{Config: cfg, DB: db, Session: connector.Session()}, nil
}

// Runner returns a statement runner on the App's database that binds
// params, failing on notes when the settings say --strict.
func (a *App) Runner(params stmt.Params) *stmt.Runner {
	return &stmt.Runner{DB: a.DB, Session: a.Session, Params: params, Strict: a.Config.Strict}
}

// APIName names where the tables read, for people: the API's host (and
// path, for an enterprise server under /api/v3) without the scheme, or the
// built-in demo GitHub.
func (a *App) APIName() string {
	if a.Config.Demo {
		return "the built-in demo GitHub (sample data, no network)"
	}
	base := a.Session.Client().BaseURL() // actionsql_config may have changed it
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return base
	}
	return u.Host + strings.TrimSuffix(u.Path, "/")
}

// Close closes the database.
func (a *App) Close() error {
	return a.DB.Close()
}
