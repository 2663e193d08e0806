// Package cli is the actionsql command: it reads the flags, opens the
// database with the tables (an app.App), and hands the SQL (given as an
// argument, piped in, or typed at the interactive shell) to the repl
// package, which runs SQL and dot-commands alike; actionsql serve hands the
// App to the serve command (package servecmd) instead, and actionsql sync
// to the sync command (package synccmd).
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/cli/servecmd"
	"github.com/actionsql/actionsql/internal/cli/synccmd"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/internal/open"
	"github.com/actionsql/actionsql/repl"
	"golang.org/x/term"
)

// Main runs the command and returns its exit status.
func Main(args []string, env config.Env, s repl.Streams) int {
	inv, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(s.Err, "actionsql: %v\nRun 'actionsql --help' for the flags.\n", strings.TrimPrefix(err.Error(), "usage: "))
		return 2
	}
	if inv.help && inv.serve {
		fmt.Fprint(s.Out, servecmd.Usage)
		return 0
	}
	if inv.help && inv.sync {
		fmt.Fprint(s.Out, synccmd.Usage)
		return 0
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
		fmt.Fprintf(s.Err, "actionsql: %v\n", strings.TrimPrefix(err.Error(), "usage: "))
		return exitStatus(err)
	}
	return 0
}

// errInterrupted ends a script or query that Ctrl-C (SIGINT) stopped.
var errInterrupted = errors.New("interrupted")

// exitStatus is 2 for a command line that cannot be run as written (a flag
// or ACTIONSQL_ variable that is unknown, holds a bad value, or contradicts
// another), 130 after Ctrl-C (128 + SIGINT, as a shell reports a process
// the signal ended), 1 for everything else that failed.
func exitStatus(err error) int {
	switch {
	case errors.Is(err, errUsage) || config.IsUsage(err):
		return 2
	case errors.Is(err, errInterrupted):
		return 130
	}
	return 1
}

func run(inv invocation, env config.Env, s repl.Streams) error {
	cfg, err := config.Resolve(inv.flags, env)
	if err != nil {
		return err
	}
	formatName, err := chooseFormat(cfg.Format, s.OutTerminal)
	if err != nil {
		return err
	}
	if format.WritesFile(formatName) && cfg.Output == "" && !inv.serve {
		return fmt.Errorf("%w: -f %s writes a binary file: add --output FILE, e.g. actionsql -f parquet --output runs.parquet \"SELECT * FROM runs\"", errUsage, formatName)
	}
	if inv.serve {
		if cfg.Output != "" {
			return fmt.Errorf("%w: --output is for results on the command line; actionsql serve answers on its page", errUsage)
		}
		return serve(inv, cfg, env, s)
	}
	if inv.sync {
		return sync(inv, cfg, s)
	}
	chart, err := chooseChart(cfg.Chart, inv.sql == "" && s.InTerminal)
	if err != nil {
		return err
	}
	// One connection: an in-memory database is per connection, and the
	// statements of a script must see each other's tables.
	a, err := app.Open(cfg, app.Options{Connections: 1, Advice: flagAdvice})
	if err != nil {
		return err
	}
	defer a.Close()
	opts := repl.Options{
		App: a, Format: formatName, Output: format.Options{Header: !cfg.NoHeader},
		Params: inv.params, Streams: s, Chart: chart, OutputFile: cfg.Output,
	}
	if inv.sql == "" && s.InTerminal {
		return repl.Run(context.Background(), opts) // the shell handles Ctrl-C itself
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	context.AfterFunc(ctx, func() {
		a.Session.CancelAll(errInterrupted)
		// A second Ctrl-C kills the process, should the first not end it.
		stop()
	})
	if inv.sql != "" {
		err = repl.RunArgument(ctx, opts, inv.sql)
	} else {
		err = repl.Run(ctx, opts)
	}
	if ctx.Err() != nil {
		// Whatever the query failed with ("context canceled", a request
		// cut off), the user stopped it: say so, not the symptom.
		return errInterrupted
	}
	return err
}

// serve runs actionsql serve until SIGINT or SIGTERM.
func serve(inv invocation, cfg config.Config, env config.Env, s repl.Streams) error {
	listen, err := chooseListen(inv.listen, env)
	if err != nil {
		return err
	}
	a, err := app.Open(cfg, app.Options{Connections: servecmd.Connections, Advice: flagAdvice})
	if err != nil {
		return err
	}
	defer a.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return servecmd.Run(ctx, a, servecmd.Options{
		Listen: listen,
		Params: inv.params, Stats: cfg.Stats, Stdout: s.Out, Stderr: s.Err,
	})
}

// sync runs actionsql sync until it is done, stopped by a limit, or
// interrupted (SIGINT, SIGTERM: the run being written is rolled back).
func sync(inv invocation, cfg config.Config, s repl.Streams) error {
	o, err := syncOptions(inv, cfg)
	if err != nil {
		return err
	}
	if isTerminal(s.Err) {
		o.Progress = s.Err
	}
	o.Stdout, o.Stderr = s.Out, s.Err
	// The file is attached beside an in-memory main database, whose
	// runs, jobs, ... stay the live tables; --max-requests bounds the
	// whole sync (synccmd.Run), not each statement.
	cfg.DB, cfg.MaxRequests = "", 0
	a, err := app.Open(cfg, app.Options{Connections: 1, Advice: flagAdvice})
	if err != nil {
		return err
	}
	defer a.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, func() {
		a.Session.CancelAll(errInterrupted)
		stop()
	})
	err = synccmd.Run(ctx, a, o)
	if ctx.Err() != nil {
		return errInterrupted
	}
	return err
}

// syncOptions reads actionsql sync's command line: --db is needed, and
// one repository (--repo, GH_REPO, the origin remote) or --owner, not both.
func syncOptions(inv invocation, cfg config.Config) (synccmd.Options, error) {
	o := synccmd.Options{DB: cfg.DB, Logs: inv.logs, MaxRequests: cfg.MaxRequests}
	if o.DB == "" {
		return o, fmt.Errorf("%w: actionsql sync needs --db FILE, the SQLite file to sync into, e.g. actionsql sync --db history.db --repo octo-org/webapp", errUsage)
	}
	if inv.since != "" {
		since, err := synccmd.ParseSince(inv.since)
		if err != nil {
			return o, fmt.Errorf("%w: %v", errUsage, err)
		}
		o.Since = since
	}
	switch {
	case inv.owner != "" && inv.flags["repo"] != "":
		return o, fmt.Errorf("%w: give --repo OWNER/REPO (one repository) or --owner OWNER (all of its repositories), not both", errUsage)
	case inv.owner != "":
		if strings.ContainsAny(inv.owner, "/ ") {
			return o, fmt.Errorf("%w: --owner %q: want an organization or user name, e.g. --owner octo-org (for one repository: --repo OWNER/REPO)", errUsage, inv.owner)
		}
		o.Owner = inv.owner
	case cfg.Repo != "":
		o.Owner, o.Repo = cfg.Owner, cfg.Repo
	default:
		return o, fmt.Errorf("%w: actionsql sync needs --repo OWNER/REPO or --owner OWNER (no default repository: GH_REPO is unset and there is no origin remote here)", errUsage)
	}
	return o, nil
}

// isTerminal reports whether w is a terminal (for a progress line).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// chooseListen reads --listen (or ACTIONSQL_LISTEN): HOST:PORT, or "" for
// the default. A value of another shape is bad usage; an address that
// cannot be listened on (a port in use) is found out later.
func chooseListen(flag string, env config.Env) (string, error) {
	listen, from := flag, "--listen"
	if listen == "" {
		from = config.EnvName("listen")
		listen = strings.TrimSpace(env.Getenv(from))
	}
	if listen == "" {
		return "", nil
	}
	if _, _, err := net.SplitHostPort(listen); err != nil {
		return "", fmt.Errorf("%w: %s=%q: want HOST:PORT, e.g. 127.0.0.1:8080 (port 0 picks a free one)", errUsage, from, listen)
	}
	return listen, nil
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
