package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/format"
	"github.com/actionsql/actionsql/internal/stmt"
	"github.com/actionsql/actionsql/vtab"
)

// errUsage marks a command line that cannot be run as written (exit 2).
var errUsage = errors.New("usage")

// invocation is what the command line asked for.
type invocation struct {
	flags   config.Flags // only the flags given, for config.Resolve
	params  stmt.Params  // from --param NAME=VALUE
	sql     string       // "" when none was given
	help    bool
	version bool
	// serve is the serve command (actionsql serve), listening on listen
	// ("" for the default or ACTIONSQL_LISTEN).
	serve  bool
	listen string
	// sync is the sync command (actionsql sync), with its own flags.
	sync              bool
	owner, since      string
	logs, logsPresent bool
}

// serveCommand is the word that makes actionsql serve the web page;
// syncCommand copies the history into a file.
const (
	serveCommand = "serve"
	syncCommand  = "sync"
)

// flagSpecs lists the flags; every one but --param can also come from
// ACTIONSQL_<NAME>.
var flagSpecs = []struct {
	name, short, arg, usage string
	boolean                 bool
}{
	{name: "format", short: "f", arg: "F", usage: "output format: " + strings.Join(format.Names(), ", ") + " (default: table on a terminal, else list)"},
	{name: "output", arg: "FILE", usage: "write the results to FILE instead of stdout; -f parquet needs it (one result, FILE replaced only once the statement succeeded)"},
	{name: "no-header", usage: "leave out the header row", boolean: true},
	{name: "chart", arg: "KIND[:FILE]", usage: "after the SQL, draw the last result as a bar, line or scatter chart: in the terminal, or to FILE.svg or FILE.png (1000x500); e.g. --chart line:runs.svg"},
	{name: "param", arg: "NAME=VALUE", usage: "give :NAME, @NAME and $NAME this value in every statement (repeatable; INTEGER or REAL when it reads as one, else TEXT)"},
	{name: "strict", usage: "make every note about missing data an error (exit 1), for scripts that must not pass on an empty answer", boolean: true},
	{name: "repo", arg: "OWNER/REPO", usage: "default repository for queries that name none (else GH_REPO, else the origin remote)"},
	{name: "api-url", arg: "URL", usage: "REST API root (else GITHUB_API_URL, else https://$GH_HOST/api/v3, else https://api.github.com)"},
	{name: "token-env", arg: "NAME", usage: "read the token from environment variable NAME (else GH_TOKEN, GITHUB_TOKEN, gh auth token)"},
	{name: "api-version", arg: "V", usage: "X-GitHub-Api-Version to send (default 2026-03-10)"},
	{name: "db", arg: "FILE", usage: "open FILE as the main database, to keep results (default: in memory)"},
	{name: "no-cache", usage: "read nothing from and write nothing to the disk cache", boolean: true},
	{name: "cache-dir", arg: "DIR", usage: "the disk cache of fetched jobs and logs (default $XDG_CACHE_HOME/actionsql, i.e. ~/.cache/actionsql)"},
	{name: "concurrency", arg: "N", usage: "requests in flight at once, 1 to 100 (default 16)"},
	{name: "max-requests", arg: "N", usage: "the most API requests one statement may spend (default 2000; 0: no limit); the disk cache and 304s cost nothing"},
	{name: "max-retry-wait", arg: "D", usage: "how long retries and rate-limit waits may take in total before a query fails, a Go duration (default 60s; 0: no retries)"},
	{name: "stats", usage: "after each statement, print its requests, 304s, cache hits and bytes on stderr", boolean: true},
	{name: "demo", usage: "query the built-in sample GitHub: no token, no network", boolean: true},
}

// parseArgs reads the command line. Flags may come before or after the
// SQL, and "--" ends them.
func parseArgs(args []string) (invocation, error) {
	inv := invocation{flags: config.Flags{}}
	var params []string
	fs := newFlagSet(&inv, &params)
	flagArgs, rest := separate(args, fs)
	if err := fs.Parse(flagArgs); err != nil {
		return inv, fmt.Errorf("%w: %v", errUsage, err)
	}
	for _, p := range params {
		name, value, err := stmt.ParseAssignment(p)
		if err == nil {
			err = inv.params.Set(name, value)
		}
		if err != nil {
			return inv, fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	rest = append(rest, fs.Args()...)
	if len(rest) > 0 && rest[0] == serveCommand {
		inv.serve = true
		if len(rest) > 1 {
			return inv, fmt.Errorf("%w: actionsql serve takes no SQL (the page sends it), got %q", errUsage, rest[1:])
		}
		return inv, nil
	}
	if len(rest) > 0 && rest[0] == syncCommand {
		inv.sync = true
		if len(rest) > 1 {
			return inv, fmt.Errorf("%w: actionsql sync takes no SQL, got %q; query the file afterwards: actionsql --db FILE \"SELECT ...\"", errUsage, rest[1:])
		}
		return inv, nil
	}
	for flag, set := range map[string]bool{"--owner": inv.owner != "", "--since": inv.since != "", "--logs": inv.logsPresent} {
		if set {
			return inv, fmt.Errorf("%w: %s is for actionsql sync, e.g. actionsql sync --db history.db %s", errUsage, flag, syncExample[flag])
		}
	}
	if inv.listen != "" {
		return inv, fmt.Errorf("%w: --listen is for actionsql serve, e.g. actionsql serve --listen 127.0.0.1:0", errUsage)
	}
	switch len(rest) {
	case 0:
	case 1:
		inv.sql = rest[0]
	default:
		return inv, fmt.Errorf("%w: give the SQL as one argument (quote it), got %d arguments: %q", errUsage, len(rest), rest)
	}
	return inv, nil
}

// newFlagSet declares the flags, to be stored in inv and, for --param, in
// params.
func newFlagSet(inv *invocation, params *[]string) *flag.FlagSet {
	fs := flag.NewFlagSet("actionsql", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, spec := range flagSpecs {
		names := []string{spec.name}
		if spec.short != "" {
			names = append(names, spec.short)
		}
		for _, n := range names {
			switch {
			case spec.boolean:
				fs.Var(boolValue{inv.flags, spec.name}, n, spec.usage)
			case spec.name == "param":
				fs.Func(n, spec.usage, func(v string) error { *params = append(*params, v); return nil })
			default:
				fs.Func(n, spec.usage, func(v string) error { inv.flags[spec.name] = v; return nil })
			}
		}
	}
	fs.StringVar(&inv.listen, "listen", "", "")
	fs.StringVar(&inv.owner, "owner", "", "")
	fs.StringVar(&inv.since, "since", "", "")
	fs.Var(givenBool{&inv.logs, &inv.logsPresent}, "logs", "")
	fs.BoolVar(&inv.help, "help", false, "")
	fs.BoolVar(&inv.help, "h", false, "")
	fs.BoolVar(&inv.version, "version", false, "")
	return fs
}

// syncExample shows each of actionsql sync's own flags in use.
var syncExample = map[string]string{
	"--owner": "--owner octo-org",
	"--since": "--repo octo-org/webapp --since 2026-01-01",
	"--logs":  "--repo octo-org/webapp --logs",
}

// flagRe is what a flag looks like: -f, --format, --format=csv. SQL that
// opens with a "-- comment" has a blank or a line break where a flag's name
// would be, so it is no flag.
var flagRe = regexp.MustCompile(`^--?([A-Za-z][A-Za-z0-9-]*)(=(?s:.*))?$`)

// separate sorts the command line into the flags, each with its value, and
// the other arguments, wherever they stand. After "--" nothing is a flag.
func separate(args []string, fs *flag.FlagSet) (flags, rest []string) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return flags, append(rest, args[i+1:]...)
		}
		m := flagRe.FindStringSubmatch(arg)
		if m == nil {
			rest = append(rest, arg)
			continue
		}
		flags = append(flags, arg)
		if m[2] == "" && takesValue(fs, m[1]) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, rest
}

// takesValue reports whether the named flag reads the next argument as its
// value; an unknown one does not, and fs.Parse reports it.
func takesValue(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
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
	fmt.Fprintf(w, `Usage: actionsql [flags] [SQL] [flags]
       actionsql serve [--listen ADDR] [flags]
       actionsql sync --db FILE [--repo OWNER/REPO | --owner OWNER] [--since DATE] [--logs] [flags]

Ask SQL questions about GitHub Actions runs, jobs, steps and logs.
  SQL given:             run it (several ;-separated statements allowed)
  no SQL, piped stdin:   run the script read from stdin
  no SQL, a terminal:    start the interactive shell (.help lists its commands)
  serve:                 serve a local web page with an editor, tables and
                         charts (actionsql serve --help says more)
  sync:                  copy runs, jobs, steps and annotations (and logs)
                         into a SQLite file that keeps them after GitHub
                         deletes them (actionsql sync --help says more)

Tables: %s (.schema in the shell shows their columns).
Scripts may hold the shell's dot-commands, one a line (.mode json,
.headers off, .once FILE, .parameter set NAME VALUE, .examples N), and
bind values with --param instead of splicing them into the SQL. An error
names the line its statement starts on. "--" ends the flags.

Examples:
  actionsql --demo "SELECT name, conclusion, run_attempt FROM jobs WHERE run_id = 9398595218"
  actionsql --demo -f csv --param run=9392540670 "SELECT name, duration_seconds FROM jobs WHERE run_id = :run AND conclusion = 'failure'"
  echo .examples | actionsql --demo
  echo '.examples 3' | actionsql --demo -f table

Flags (each but --param also settable as ACTIONSQL_<FLAG>, e.g. ACTIONSQL_STRICT=1):
`, vtab.TableNames())
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
  --                       end of the flags: what follows is SQL

Exit status: 0 success, 1 SQL, API or configuration error (or a note,
with --strict), 2 bad usage (an unknown flag, or a flag or ACTIONSQL_
variable with a value it cannot take), 130 interrupted (Ctrl-C).
`)
}

// flagAdvice says how to change a setting from the command line, for the
// errors a change of one fixes: the flag, and what else sets it.
func flagAdvice(setting string) string {
	switch setting {
	case "repo":
		return "--repo OWNER/REPO (or GH_REPO; in the shell, .repo OWNER/REPO)"
	case "max-requests":
		return "--max-requests N (0: no limit)"
	}
	return "--" + setting + " (or " + config.EnvName(setting) + ")"
}

// givenBool is a flag that stands alone (--logs) and records, besides its
// value, that it was given.
type givenBool struct{ value, given *bool }

func (b givenBool) String() string { return "" }
func (b givenBool) Set(v string) error {
	x, err := strconv.ParseBool(v)
	*b.value, *b.given = x, true
	return err
}
func (b givenBool) IsBoolFlag() bool { return true }
