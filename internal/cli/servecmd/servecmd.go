// Package servecmd is the actionsql serve command: it serves the local
// web page (package serve) for an open App until the process is told to
// stop. Package cli reads the flags, opens the App and hands it over here.
package servecmd

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/actionsql/actionsql/internal/app"
	"github.com/actionsql/actionsql/internal/serve"
	"github.com/actionsql/actionsql/internal/stmt"
)

// Connections is how many statements the server runs at once (one per
// connection, so that two tabs never wait for each other).
const Connections = 4

// Options are what the command line asked of the server.
type Options struct {
	Listen string      // --listen, "" for serve.DefaultListen
	Params stmt.Params // --param
	Stats  bool        // --stats: a line per query on Stderr
	Stdout io.Writer   // gets the page's address as its first line
	Stderr io.Writer
}

// Run serves a's tables until ctx ends (SIGINT or SIGTERM), then returns
// nil once the queries still running have stopped.
func Run(ctx context.Context, a *app.App, o Options) error {
	var log io.Writer
	if o.Stats {
		log = o.Stderr
	}
	srv, err := serve.New(a, serve.Options{Listen: o.Listen, Params: o.Params, Log: log})
	if err != nil {
		return err
	}
	// The address first, alone on its line, for a script to read.
	fmt.Fprintln(o.Stdout, srv.URL())
	if !srv.Loopback() {
		fmt.Fprintf(o.Stderr, "actionsql: warning: listening on %s, which other machines may reach: anyone who learns the token can run queries with your GitHub token; listen on 127.0.0.1 unless you mean it\n", listening(o.Listen, srv.Addr()))
	}
	fmt.Fprintln(o.Stderr, "actionsql: serving the page at the address above (it holds the token: keep it to yourself); Ctrl-C stops")
	return srv.Serve(ctx)
}

// listening is the address as --listen wrote it, with the port the
// server got: 0.0.0.0:43121 rather than Go's [::]:43121.
func listening(listen string, addr net.Addr) string {
	host, _, err := net.SplitHostPort(listen)
	_, port, err2 := net.SplitHostPort(addr.String())
	if err != nil || err2 != nil {
		return addr.String()
	}
	return net.JoinHostPort(host, port)
}

// Usage is actionsql serve --help.
const Usage = `Usage: actionsql serve [--listen ADDR] [flags]

Serve a local web page for SQL questions about GitHub Actions: an SQL
editor (Ctrl+Enter runs), the result as a sortable table, a bar, line or
scatter chart of it, the bundled cookbook as one-click starters, progress
and a Cancel while requests run. Everything the page needs is inside the
binary: no request leaves the machine but the GitHub API's.

The first line printed is the page's address, http://HOST:PORT/?token=TOKEN,
with a new random token each start; every request needs that token (the
page keeps it in a cookie after the first load). Open the address in a
browser; ?sql=...&chart=bar beside the token opens a query and its chart.
Serves until Ctrl-C (SIGINT) or SIGTERM, then exits 0.

Scripts may POST /api/query with Authorization: Bearer TOKEN and the JSON
{"sql": "SELECT ..."}: the answer is {"columns": [...], "rows": [[...]],
"notes": [...], "stats": {...}}, values typed as in -f json; an SQL error
answers 400 and an API error 502, with {"error": "actionsql: ..."}.

  --listen ADDR            where to listen, HOST:PORT (default 127.0.0.1:8080;
                           port 0 picks a free one). Another address than the
                           loopback is reachable from other machines: a
                           warning says so.

Each query runs on a connection of its own, whose in-memory database starts
empty: to keep tables from one query to the next, open a file with --db FILE.
Every flag of actionsql works here too (actionsql --help lists them), e.g.
--demo, --repo, --param, --strict, --cache-dir; --stats prints a line per
query on stderr; --format and --no-header do not apply to the page.

Examples:
  actionsql serve --demo
  actionsql serve --repo octo-org/webapp --listen 127.0.0.1:0
  curl -s -H "Authorization: Bearer $TOKEN" -d '{"sql": "SELECT 1 AS n"}' http://127.0.0.1:8080/api/query
`
