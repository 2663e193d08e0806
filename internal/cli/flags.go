package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/format"
)

// errUsage marks a command line that cannot be run as written (exit 2).
var errUsage = errors.New("usage")

// invocation is what the command line asked for.
type invocation struct {
	flags   config.Flags // only the flags given, for config.Resolve
	sql     string       // "" when none was given
	help    bool
	version bool
}

// flagSpecs lists the flags; every one can also come from ACTIONSQL_<NAME>.
var flagSpecs = []struct {
	name, short, arg, usage string
	boolean                 bool
}{
	{name: "format", short: "f", arg: "F", usage: "output format: " + strings.Join(format.Names(), ", ") + " (default: table on a terminal, else list)"},
	{name: "no-header", usage: "leave out the header row", boolean: true},
	{name: "repo", arg: "OWNER/REPO", usage: "default repository for queries that name none (else GH_REPO, else the origin remote)"},
	{name: "api-url", arg: "URL", usage: "REST API root (else GITHUB_API_URL, else https://$GH_HOST/api/v3, else https://api.github.com)"},
	{name: "token-env", arg: "NAME", usage: "read the token from environment variable NAME (else GH_TOKEN, GITHUB_TOKEN, gh auth token)"},
	{name: "api-version", arg: "V", usage: "X-GitHub-Api-Version to send (default 2026-03-10)"},
	{name: "db", arg: "FILE", usage: "open FILE as the main database, to keep results (default: in memory)"},
	{name: "no-cache", usage: "read nothing from and write nothing to the disk cache", boolean: true},
	{name: "cache-dir", arg: "DIR", usage: "the disk cache of fetched jobs and logs (default $XDG_CACHE_HOME/actionsql, i.e. ~/.cache/actionsql)"},
	{name: "concurrency", arg: "N", usage: "requests in flight at once, 1 to 100 (default 16)"},
	{name: "stats", usage: "after each statement, print its requests, 304s, cache hits and bytes on stderr", boolean: true},
	{name: "demo", usage: "query the built-in sample GitHub: no token, no network", boolean: true},
}

func parseArgs(args []string, stderr io.Writer) (invocation, error) {
	inv := invocation{flags: config.Flags{}}
	fs := flag.NewFlagSet("actionsql", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, spec := range flagSpecs {
		names := []string{spec.name}
		if spec.short != "" {
			names = append(names, spec.short)
		}
		for _, n := range names {
			if spec.boolean {
				fs.Var(boolValue{inv.flags, spec.name}, n, spec.usage)
			} else {
				fs.Func(n, spec.usage, func(v string) error { inv.flags[spec.name] = v; return nil })
			}
		}
	}
	fs.BoolVar(&inv.help, "help", false, "")
	fs.BoolVar(&inv.help, "h", false, "")
	fs.BoolVar(&inv.version, "version", false, "")
	if err := fs.Parse(args); err != nil {
		return inv, fmt.Errorf("%w: %v", errUsage, err)
	}
	switch rest := fs.Args(); len(rest) {
	case 0:
	case 1:
		inv.sql = rest[0]
	default:
		return inv, fmt.Errorf("%w: give the SQL as one argument (quote it), got %d arguments: %q", errUsage, len(rest), rest)
	}
	return inv, nil
}

// boolValue is a flag that stands alone (--demo, --no-cache) and records
// "true", or the value of --demo=false, for config.Resolve.
type boolValue struct {
	flags config.Flags
	name  string
}

func (b boolValue) String() string { return "" }
func (b boolValue) Set(v string) error {
	b.flags[b.name] = v
	return nil
}
func (b boolValue) IsBoolFlag() bool { return true }

func printUsage(w io.Writer) {
	fmt.Fprint(w, `Usage: actionsql [flags] [SQL]

Ask SQL questions about GitHub Actions jobs, steps and logs.
  SQL given:             run it (several ;-separated statements allowed)
  no SQL, piped stdin:   run the SQL script read from stdin
  no SQL, a terminal:    start the interactive shell

Tables: jobs, steps, job_logs (columns and pushdown: schema.sql).
Example: actionsql --demo "SELECT name, conclusion, duration_seconds FROM jobs WHERE run_id = 30433642001"

Flags (each also settable as ACTIONSQL_<FLAG>, e.g. ACTIONSQL_NO_CACHE=1):
`)
	for _, spec := range flagSpecs {
		name := "--" + spec.name
		if spec.short != "" {
			name = "-" + spec.short + ", " + name
		}
		if spec.arg != "" {
			name += " " + spec.arg
		}
		fmt.Fprintf(w, "  %-24s %s\n", name, spec.usage)
	}
	fmt.Fprint(w, `  -h, --help               show this help
  --version                print the version

Exit status: 0 success, 1 SQL, API or configuration error, 2 bad usage.
`)
}
