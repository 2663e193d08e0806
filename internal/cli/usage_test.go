package cli_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// TestBadValuesAreBadUsage: a flag, or the ACTIONSQL_ variable standing in
// for it, whose value fails validation makes the command wrong as written:
// exit status 2 with a message that names the setting and what it wants,
// as an unknown flag or --format xml does. A bad standard variable
// (GH_REPO) is the environment's fault, not the command's: exit status 1.
func TestBadValuesAreBadUsage(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	with := func(name, value string) env {
		ee := maps.Clone(e)
		ee[name] = value
		return ee
	}
	const query = "SELECT count(*) FROM jobs WHERE run_id = 9398595218"
	tests := []struct {
		name   string
		e      env
		args   []string
		code   int
		stderr string
	}{
		{"--concurrency 0", e, []string{"--concurrency", "0"}, 2, `actionsql: --concurrency="0": want a whole number of requests in flight from 1 to 100`},
		{"--concurrency 101", e, []string{"--concurrency=101"}, 2, `actionsql: --concurrency="101": want a whole number`},
		{"--repo nosuch", e, []string{"--repo", "nosuch"}, 2, `actionsql: --repo: invalid repository "nosuch": want OWNER/REPO`},
		{"--max-retry-wait soon", e, []string{"--max-retry-wait", "soon"}, 2, `actionsql: --max-retry-wait="soon": want how long retries`},
		{"--api-url without a scheme", env{}, []string{"--api-url", "api.example.com"}, 2, `actionsql: --api-url="api.example.com": want an http:// or https:// URL`},
		{"--no-cache=maybe", e, []string{"--no-cache=maybe"}, 2, `actionsql: --no-cache="maybe": want 1, 0, true, false, yes or no`},
		{"--format xml", e, []string{"--format", "xml"}, 2, "actionsql: --format: unknown output format"},
		{"-f parquet without --output", e, []string{"-f", "parquet"}, 2, "actionsql: -f parquet writes a binary file: add --output FILE"},
		{"ACTIONSQL_FORMAT=parquet without --output", with("ACTIONSQL_FORMAT", "parquet"), nil, 2, "add --output FILE"},
		{"serve --output", e, []string{"serve", "--output", "x.parquet"}, 2, "--output is for results on the command line"},
		{"--chart pie", e, []string{"--chart", "pie"}, 2, "actionsql: --chart: "},
		{"ACTIONSQL_CONCURRENCY=0", with("ACTIONSQL_CONCURRENCY", "0"), nil, 2, `actionsql: ACTIONSQL_CONCURRENCY="0": want a whole number`},
		{"ACTIONSQL_REPO=nosuch", with("ACTIONSQL_REPO", "nosuch"), nil, 2, `actionsql: ACTIONSQL_REPO: invalid repository "nosuch"`},
		{"ACTIONSQL_MAX_RETRY_WAIT=-5s", with("ACTIONSQL_MAX_RETRY_WAIT", "-5s"), nil, 2, `actionsql: ACTIONSQL_MAX_RETRY_WAIT="-5s": want`},
		{"ACTIONSQL_STRICT=perhaps", with("ACTIONSQL_STRICT", "perhaps"), nil, 2, `actionsql: ACTIONSQL_STRICT="perhaps": want 1, 0`},
		{"ACTIONSQL_FORMAT=xml", with("ACTIONSQL_FORMAT", "xml"), nil, 2, "unknown output format"},
		{"serve ACTIONSQL_LISTEN=nonsense", with("ACTIONSQL_LISTEN", "nonsense"), []string{"serve"}, 2, `actionsql: ACTIONSQL_LISTEN="nonsense": want HOST:PORT`},
		{"bad GH_REPO", with("GH_REPO", "no such"), nil, 1, "actionsql: GH_REPO: invalid repository"},
		{"--token-env naming an unset variable", e, []string{"--token-env", "NOT_SET_HERE"}, 1, "actionsql: --token-env=NOT_SET_HERE: the variable NOT_SET_HERE is empty or not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if len(args) == 0 || args[0] != "serve" {
				args = append(args, query)
			}
			r := run(t, tt.e, "", args...)
			if r.code != tt.code || !strings.HasPrefix(r.errOut, "actionsql: ") || !strings.Contains(r.errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.errOut, tt.code, tt.stderr)
			}
			if r.out != "" {
				t.Errorf("printed %q: a command that cannot run must print no rows", r.out)
			}
		})
	}
}
