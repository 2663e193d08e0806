// Package driver is actionsql's database/sql driver: SQLite (through
// github.com/mattn/go-sqlite3) with the jobs, steps and job_logs tables.
//
// Importing it registers the driver name "actionsql":
//
//	db, err := sql.Open("actionsql", "repo=octo-org/webapp")
//
// The data source name holds settings as URL query parameters, each the
// CLI flag of the same name with '-' written as '_' or as is: repo,
// api_url, api_version, token_env, db, demo. What it leaves out comes from
// the environment exactly as for the CLI (GH_TOKEN, GITHUB_TOKEN,
// GITHUB_API_URL, GH_HOST, GH_REPO, ACTIONSQL_*). A token is never part of
// the DSN: name the variable that holds it with token_env.
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
	"strings"
	"sync"
	"sync/atomic"
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
		return nil, err
	}
	return NewConnector(cfg)
}

func parseDSN(dsn string) (config.Flags, error) {
	values, err := url.ParseQuery(dsn)
	if err != nil {
		return nil, fmt.Errorf("actionsql DSN %q: want key=value pairs joined by &, e.g. repo=octo/app&demo=1: %w", dsn, err)
	}
	flags := config.Flags{}
	for k, v := range values {
		name := strings.ReplaceAll(k, "_", "-")
		if name == "token" {
			return nil, fmt.Errorf("actionsql DSN: a token is never written in the DSN; put it in a variable and name it with token_env=NAME")
		}
		flags[name] = v[len(v)-1]
	}
	return flags, nil
}

// Connector opens connections whose tables share one session: one API
// client, one default repository, one set of notes.
type Connector struct {
	session *vtab.Session
	dsn     string
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
	return &Connector{session: session, dsn: dsn}, nil
}

// Session returns the session the connections' tables read through: its
// notes say what was missing, its client counts requests.
func (c *Connector) Session() *vtab.Session { return c.session }

// Connect opens one SQLite connection with the tables installed.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := installBridge(); err != nil {
		return nil, err
	}
	// The bridge's init runs inside sqlite3_open_v2, on this goroutine: the
	// lock hands it this connector's session and no other.
	opening.Lock()
	defer opening.Unlock()
	pending.Store(c.session)
	defer pending.Store(nil)
	return (&sqlite3.SQLiteDriver{}).Open(c.dsn)
}

// Driver returns the actionsql driver.
func (c *Connector) Driver() driver.Driver { return Driver{} }

var (
	installOnce sync.Once
	installErr  error
	opening     sync.Mutex
	pending     atomic.Pointer[vtab.Session]
)

// installBridge makes every SQLite connection this process opens get the
// tables, with the session of the connector opening it, or one configured
// from the environment for connections opened some other way.
func installBridge() error {
	installOnce.Do(func() {
		bridge.SetSessionFactory(func() (*vtab.Session, error) {
			if s := pending.Load(); s != nil {
				return s, nil
			}
			return open.EnvironmentSession()
		})
		if rc := C.install_auto_extension(bridge.EntryPoint()); rc != 0 {
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
