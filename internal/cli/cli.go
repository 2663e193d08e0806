// Package cli is the actionsql command: flags, one-shot queries and scripts,
// and the hand-off to the interactive shell.
package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/actionsql/actionsql/driver"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/internal/open"
	"github.com/actionsql/actionsql/vtab"
	"golang.org/x/term"
)

// Streams are the command's standard streams; IsTerminal tells how to treat
// each (a test passes pipes and says which are "terminals").
type Streams struct {
	In          io.Reader
	Out, Err    io.Writer
	InTerminal  bool
	OutTerminal bool
}

// SystemStreams are the process's own.
func SystemStreams() Streams {
	return Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTerminal: term.IsTerminal(int(os.Stdout.Fd())),
	}
}

// Shell runs the interactive shell; the repl package provides it.
var Shell func(ctx context.Context, db *sql.DB, session *vtab.Session, cfg config.Config, out format.Options, formatName string, s Streams) error

// Main runs the command and returns its exit status.
func Main(args []string, env config.Env, s Streams) int {
	inv, err := parseArgs(args, s.Err)
	if err != nil {
		fmt.Fprintf(s.Err, "actionsql: %v\nRun 'actionsql --help' for the flags.\n", strings.TrimPrefix(err.Error(), "usage: "))
		return 2
	}
	if inv.help {
		printUsage(s.Out)
		return 0
	}
	if inv.version {
		fmt.Fprintf(s.Out, "actionsql %s\n", open.Version)
		return 0
	}
	if err := run(inv, env, s); err != nil {
		fmt.Fprintf(s.Err, "actionsql: %v\n", err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

func run(inv invocation, env config.Env, s Streams) error {
	cfg, err := config.Resolve(inv.flags, env)
	if err != nil {
		return err
	}
	formatName, err := chooseFormat(cfg.Format, s.OutTerminal)
	if err != nil {
		return err
	}
	opts := format.Options{Header: !cfg.NoHeader}
	connector, err := driver.NewConnector(cfg)
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	// One connection: an in-memory database is per connection, and the
	// statements of a script must see each other's tables.
	db.SetMaxOpenConns(1)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	session := connector.Session()
	context.AfterFunc(ctx, func() { session.CancelAll(errors.New("interrupted")) })

	script := inv.sql
	if script == "" {
		if s.InTerminal && Shell != nil {
			stop() // the shell handles Ctrl-C itself
			return Shell(context.Background(), db, session, cfg, opts, formatName, s)
		}
		b, err := io.ReadAll(s.In)
		if err != nil {
			return fmt.Errorf("read the SQL script from stdin: %w", err)
		}
		script = string(b)
	}
	return RunScript(ctx, db, session, script, formatName, opts, s.Out, s.Err)
}

// chooseFormat validates an explicit format, or picks the default for where
// the output goes.
func chooseFormat(name string, outTerminal bool) (string, error) {
	if name == "" {
		if outTerminal {
			return "table", nil
		}
		return "list", nil
	}
	if _, err := format.New(name, io.Discard, format.Options{}); err != nil {
		return "", fmt.Errorf("%w: --format: %v", errUsage, err)
	}
	return name, nil
}
