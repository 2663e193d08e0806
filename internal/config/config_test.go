package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// fakeEnv is a world with the given variables, gh logged in to the hosts
// in ghTokens (gh is not installed when ghTokens is nil) and a checkout
// whose origin is origin (no checkout when origin is "").
type fakeEnv struct {
	vars     map[string]string
	ghTokens map[string]string
	origin   string

	ghHosts  []string // the hosts gh was asked about
	gitCalls int
}

func (e *fakeEnv) Getenv(name string) string { return e.vars[name] }

func (e *fakeEnv) GhAuthToken(host string) (string, error) {
	e.ghHosts = append(e.ghHosts, host)
	if e.ghTokens == nil {
		return "", fmt.Errorf("gh: %w", ErrNotInstalled)
	}
	token, ok := e.ghTokens[host]
	if !ok {
		return "", errors.New("gh auth token: not logged in to " + host)
	}
	return token + "\n", nil
}

func (e *fakeEnv) GitOriginURL() (string, error) {
	e.gitCalls++
	if e.origin == "" {
		return "", errors.New("fatal: not a git repository")
	}
	return e.origin, nil
}

func vars(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func mustResolve(t *testing.T, flags Flags, env Env) Config {
	t.Helper()
	cfg, err := Resolve(flags, env)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return cfg
}

// wantError checks that err mentions every one of the words, so that the
// user learns what is wrong and where.
func wantError(t *testing.T, err error, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one mentioning %q", words)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}

func TestAPIURL(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		vars  map[string]string
		want  string
	}{
		{"default", nil, nil, "https://api.github.com"},
		{"flag", Flags{"api-url": "https://ghe.example.com/api/v3"}, nil, "https://ghe.example.com/api/v3"},
		{"flag beats everything", Flags{"api-url": "http://127.0.0.1:5000"},
			vars("ACTIONSQL_API_URL", "https://a.example", "GITHUB_API_URL", "https://b.example", "GH_HOST", "c.example"),
			"http://127.0.0.1:5000"},
		{"ACTIONSQL_API_URL beats the standard variables", nil,
			vars("ACTIONSQL_API_URL", "https://a.example", "GITHUB_API_URL", "https://b.example", "GH_HOST", "c.example"),
			"https://a.example"},
		{"GITHUB_API_URL beats GH_HOST", nil,
			vars("GITHUB_API_URL", "https://b.example/api/v3", "GH_HOST", "c.example"), "https://b.example/api/v3"},
		{"GH_HOST", nil, vars("GH_HOST", "ghe.example.com"), "https://ghe.example.com/api/v3"},
		{"GH_HOST github.com", nil, vars("GH_HOST", "GitHub.com"), "https://api.github.com"},
		{"trailing slash trimmed", Flags{"api-url": "https://ghe.example.com/api/v3/"}, nil, "https://ghe.example.com/api/v3"},
		{"plain http with port", nil, vars("GITHUB_API_URL", "http://localhost:8080/"), "http://localhost:8080"},
		{"empty flag counts as unset", Flags{"api-url": ""}, vars("GITHUB_API_URL", "https://b.example"), "https://b.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustResolve(t, tt.flags, &fakeEnv{vars: tt.vars})
			if cfg.APIURL != tt.want {
				t.Errorf("APIURL = %q, want %q", cfg.APIURL, tt.want)
			}
		})
	}
}

func TestAPIURLErrors(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		vars  map[string]string
		words []string
	}{
		{"other scheme", Flags{"api-url": "ftp://example.com"}, nil, []string{"--api-url", "ftp://example.com", "https://"}},
		{"no scheme", Flags{"api-url": "ghe.example.com"}, nil, []string{"--api-url", "http://"}},
		{"no host", nil, vars("ACTIONSQL_API_URL", "https://"), []string{"ACTIONSQL_API_URL"}},
		{"credentials", nil, vars("GITHUB_API_URL", "https://user:secret@ghe.example.com"),
			[]string{"GITHUB_API_URL", "password", "GH_TOKEN"}},
		{"query", Flags{"api-url": "https://ghe.example.com/api/v3?x=1"}, nil, []string{"--api-url", "query"}},
		{"GH_HOST with a scheme", nil, vars("GH_HOST", "https://ghe.example.com"), []string{"GH_HOST", "host name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(tt.flags, &fakeEnv{vars: tt.vars})
			wantError(t, err, tt.words...)
			if err != nil && strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

func TestToken(t *testing.T) {
	const enterprise = "https://ghe.example.com/api/v3"
	tests := []struct {
		name       string
		flags      Flags
		vars       map[string]string
		ghTokens   map[string]string
		wantToken  string
		wantSource string
		wantGhHost string // the host gh was asked about, "" if not asked
	}{
		{"none anywhere", nil, nil, nil, "", "", "github.com"},
		{"GH_TOKEN beats GITHUB_TOKEN", nil, vars("GH_TOKEN", "a", "GITHUB_TOKEN", "b"), nil, "a", "GH_TOKEN", ""},
		{"GITHUB_TOKEN", nil, vars("GITHUB_TOKEN", "b"), nil, "b", "GITHUB_TOKEN", ""},
		{"env beats gh", nil, vars("GITHUB_TOKEN", "b"), map[string]string{"github.com": "g"}, "b", "GITHUB_TOKEN", ""},
		{"gh for github.com", nil, nil, map[string]string{"github.com": "g"}, "g", "gh auth token", "github.com"},
		{"gh logged in elsewhere only", nil, nil, map[string]string{"ghe.example.com": "g"}, "", "", "github.com"},
		{"--token-env beats GH_TOKEN", Flags{"token-env": "MY_PAT"}, vars("MY_PAT", "p", "GH_TOKEN", "a"), nil,
			"p", "--token-env MY_PAT", ""},
		{"ACTIONSQL_TOKEN_ENV", nil, vars("ACTIONSQL_TOKEN_ENV", "MY_PAT", "MY_PAT", "p", "GH_TOKEN", "a"), nil,
			"p", "--token-env MY_PAT", ""},
		{"surrounding space trimmed", nil, vars("GH_TOKEN", " a\n"), nil, "a", "GH_TOKEN", ""},
		{"enterprise: GH_ENTERPRISE_TOKEN first", Flags{"api-url": enterprise},
			vars("GH_TOKEN", "a", "GITHUB_TOKEN", "b", "GH_ENTERPRISE_TOKEN", "e", "GITHUB_ENTERPRISE_TOKEN", "f"), nil,
			"e", "GH_ENTERPRISE_TOKEN", ""},
		{"enterprise: GITHUB_ENTERPRISE_TOKEN before GH_TOKEN", nil,
			vars("GH_HOST", "ghe.example.com", "GH_TOKEN", "a", "GITHUB_ENTERPRISE_TOKEN", "f"), nil,
			"f", "GITHUB_ENTERPRISE_TOKEN", ""},
		{"enterprise: falls back to GH_TOKEN", Flags{"api-url": enterprise}, vars("GH_TOKEN", "a"), nil,
			"a", "GH_TOKEN", ""},
		{"enterprise: gh asked about the enterprise host", Flags{"api-url": enterprise}, nil,
			map[string]string{"github.com": "g", "ghe.example.com": "h"}, "h", "gh auth token", "ghe.example.com"},
		{"github.com ignores enterprise variables", nil, vars("GH_ENTERPRISE_TOKEN", "e", "GITHUB_TOKEN", "b"), nil,
			"b", "GITHUB_TOKEN", ""},
		{"demo uses no token", Flags{"demo": "true"}, vars("GH_TOKEN", "a"), map[string]string{"github.com": "g"},
			"", "", ""},
		{"demo ignores a missing --token-env variable", Flags{"demo": "true", "token-env": "UNSET"}, nil, nil,
			"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := &fakeEnv{vars: tt.vars, ghTokens: tt.ghTokens}
			cfg := mustResolve(t, tt.flags, env)
			if cfg.Token != tt.wantToken || cfg.TokenSource != tt.wantSource {
				t.Errorf("token %q from %q, want %q from %q", cfg.Token, cfg.TokenSource, tt.wantToken, tt.wantSource)
			}
			if got := strings.Join(env.ghHosts, ","); got != tt.wantGhHost {
				t.Errorf("gh asked about %q, want %q", got, tt.wantGhHost)
			}
		})
	}
}

func TestTokenEnvMissing(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		vars  map[string]string
		words []string
	}{
		{"unset", Flags{"token-env": "MY_PAT"}, vars("GH_TOKEN", "a"), []string{"--token-env", "MY_PAT", "not set"}},
		{"empty", Flags{"token-env": "MY_PAT"}, vars("MY_PAT", ""), []string{"MY_PAT"}},
		{"from the environment", nil, vars("ACTIONSQL_TOKEN_ENV", "MY_PAT"), []string{"ACTIONSQL_TOKEN_ENV", "MY_PAT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(tt.flags, &fakeEnv{vars: tt.vars})
			wantError(t, err, tt.words...)
		})
	}
}

func TestDefaultRepo(t *testing.T) {
	tests := []struct {
		name       string
		flags      Flags
		vars       map[string]string
		origin     string
		wantRepo   string // OWNER/REPO, "" for none
		wantSource string
	}{
		{"none", nil, nil, "", "", ""},
		{"--repo beats everything", Flags{"repo": "a/b"}, vars("ACTIONSQL_REPO", "c/d", "GH_REPO", "e/f"),
			"https://github.com/g/h", "a/b", "--repo"},
		{"ACTIONSQL_REPO beats GH_REPO", nil, vars("ACTIONSQL_REPO", "c/d", "GH_REPO", "e/f"),
			"https://github.com/g/h", "c/d", "ACTIONSQL_REPO"},
		{"GH_REPO beats git", nil, vars("GH_REPO", "e/f"), "https://github.com/g/h", "e/f", "GH_REPO"},
		{"GH_REPO with host", nil, vars("GH_REPO", "github.com/e/f"), "", "e/f", "GH_REPO"},
		{"GH_REPO with enterprise host", nil, vars("GH_HOST", "ghe.example.com", "GH_REPO", "GHE.example.com/e/f"),
			"", "e/f", "GH_REPO"},
		{"git origin", nil, nil, "git@github.com:g/h.git", "g/h", "git remote origin"},
		{"git origin on GH_HOST", nil, vars("GH_HOST", "ghe.example.com"),
			"https://ghe.example.com/g/h.git", "g/h", "git remote origin"},
		{"git origin on github.com while GH_HOST is set", nil, vars("GH_HOST", "ghe.example.com"),
			"https://github.com/g/h.git", "g/h", "git remote origin"},
		{"git origin on another host ignored", nil, nil, "https://gitlab.com/g/h.git", "", ""},
		{"case is kept as written", Flags{"repo": "Octo/Hello"}, nil, "", "Octo/Hello", "--repo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustResolve(t, tt.flags, &fakeEnv{vars: tt.vars, origin: tt.origin})
			got := ""
			if cfg.Owner != "" || cfg.Repo != "" {
				got = cfg.Owner + "/" + cfg.Repo
			}
			if got != tt.wantRepo || cfg.RepoSource != tt.wantSource {
				t.Errorf("repo %q from %q, want %q from %q", got, cfg.RepoSource, tt.wantRepo, tt.wantSource)
			}
		})
	}
}

func TestGitIsNotRunWhenTheRepoIsGiven(t *testing.T) {
	env := &fakeEnv{vars: vars("GH_REPO", "a/b"), origin: "https://github.com/c/d"}
	mustResolve(t, Flags{"repo": "e/f"}, env)
	if env.gitCalls != 0 {
		t.Errorf("git was run %d times", env.gitCalls)
	}
}

func TestDefaultRepoErrors(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		vars  map[string]string
		words []string
	}{
		{"bad --repo", Flags{"repo": "justaname"}, nil, []string{"--repo", "justaname", "OWNER/REPO"}},
		{"bad ACTIONSQL_REPO", nil, vars("ACTIONSQL_REPO", "a/b/c/d"), []string{"ACTIONSQL_REPO", "OWNER/REPO"}},
		{"bad GH_REPO", nil, vars("GH_REPO", "a b/c"), []string{"GH_REPO", "owner"}},
		{"GH_REPO on another host", nil, vars("GH_REPO", "ghe.example.com/a/b"),
			[]string{"GH_REPO", "ghe.example.com", "GH_HOST=ghe.example.com"}},
		{"--repo takes no host", Flags{"repo": "github.com/a/b"}, nil, []string{"--repo", "OWNER/REPO"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(tt.flags, &fakeEnv{vars: tt.vars})
			wantError(t, err, tt.words...)
		})
	}
}

func TestParseRepo(t *testing.T) {
	tests := []struct {
		in          string
		owner, repo string
		errWords    []string
	}{
		{"cli/cli", "cli", "cli", nil},
		{" octo-cat/hello_world.js ", "octo-cat", "hello_world.js", nil},
		{"my_emu/r", "my_emu", "r", nil},
		{"", "", "", []string{"OWNER/REPO"}},
		{"cli", "", "", []string{`"cli"`, "OWNER/REPO"}},
		{"cli/", "", "", []string{"OWNER/REPO"}},
		{"/cli", "", "", []string{"OWNER/REPO"}},
		{"a/b/c", "", "", []string{"OWNER/REPO"}},
		{"a.b/c", "", "", []string{"owner"}},
		{"a/b?c", "", "", []string{"repository name"}},
		{"a/..", "", "", []string{"repository name"}},
		{"a/%2e", "", "", []string{"repository name"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			owner, repo, err := ParseRepo(tt.in)
			if tt.errWords != nil {
				wantError(t, err, tt.errWords...)
				return
			}
			if err != nil || owner != tt.owner || repo != tt.repo {
				t.Errorf("ParseRepo(%q) = %q, %q, %v; want %q, %q", tt.in, owner, repo, err, tt.owner, tt.repo)
			}
		})
	}
}

func TestParseRemote(t *testing.T) {
	tests := []struct {
		remote, host string
		want         string // OWNER/REPO, "" when not ok
	}{
		{"https://github.com/o/r", "github.com", "o/r"},
		{"https://github.com/o/r.git", "github.com", "o/r"},
		{"https://github.com/o/r/", "github.com", "o/r"},
		{"http://github.com/o/r.git", "github.com", "o/r"},
		{"https://user@github.com/o/r.git", "github.com", "o/r"},
		{"https://GitHub.com/o/r.git\n", "github.com", "o/r"},
		{"git@github.com:o/r.git", "github.com", "o/r"},
		{"github.com:o/r", "github.com", "o/r"},
		{"ssh://git@github.com/o/r.git", "github.com", "o/r"},
		{"ssh://git@github.com:22/o/r.git", "github.com", "o/r"},
		{"ssh://git@ssh.github.com:443/o/r.git", "github.com", "o/r"},
		{"git://github.com/o/r.git", "github.com", "o/r"},
		{"https://ghe.example.com/o/r.git", "ghe.example.com", "o/r"},
		{"git@ghe.example.com:o/r.git", "ghe.example.com", "o/r"},
		{"https://ghe.example.com:8443/o/r.git", "ghe.example.com", "o/r"},
		{"https://ghe.example.com/o/r.git", "github.com", ""},
		{"https://github.com/o/r.git", "ghe.example.com", ""},
		{"https://gitlab.com/o/r.git", "github.com", ""},
		{"https://github.com.evil.example/o/r.git", "github.com", ""},
		{"https://github.com/o", "github.com", ""},
		{"https://github.com/o/r/tree/main", "github.com", ""},
		{"file:///srv/github.com/o/r.git", "github.com", ""},
		{"/srv/git/o/r.git", "github.com", ""},
		{"./github.com:o/r", "github.com", ""},
		{"", "github.com", ""},
		{"https://github.com/o/r.git", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.remote+" on "+tt.host, func(t *testing.T) {
			owner, repo, ok := ParseRemote(tt.remote, tt.host)
			got := ""
			if ok {
				got = owner + "/" + repo
			}
			if got != tt.want {
				t.Errorf("ParseRemote(%q, %q) = %q, want %q", tt.remote, tt.host, got, tt.want)
			}
		})
	}
}

func TestBooleans(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		vars  map[string]string
		want  bool
	}{
		{"unset", nil, nil, false},
		{"flag true", Flags{"no-cache": "true"}, nil, true},
		{"flag false beats the variable", Flags{"no-cache": "false"}, vars("ACTIONSQL_NO_CACHE", "1"), false},
		{"1", nil, vars("ACTIONSQL_NO_CACHE", "1"), true},
		{"0", nil, vars("ACTIONSQL_NO_CACHE", "0"), false},
		{"true", nil, vars("ACTIONSQL_NO_CACHE", "true"), true},
		{"false", nil, vars("ACTIONSQL_NO_CACHE", "false"), false},
		{"yes", nil, vars("ACTIONSQL_NO_CACHE", "yes"), true},
		{"no", nil, vars("ACTIONSQL_NO_CACHE", "no"), false},
		{"upper case", nil, vars("ACTIONSQL_NO_CACHE", "YES"), true},
		{"empty counts as unset", nil, vars("ACTIONSQL_NO_CACHE", ""), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustResolve(t, tt.flags, &fakeEnv{vars: tt.vars}).NoCache; got != tt.want {
				t.Errorf("NoCache = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBadBooleanNamesTheVariable(t *testing.T) {
	for _, flag := range []string{"no-cache", "no-header", "demo"} {
		name := EnvName(flag)
		_, err := Resolve(nil, &fakeEnv{vars: vars(name, "maybe")})
		wantError(t, err, name, "maybe", "yes or no")
		_, err = Resolve(Flags{flag: "maybe"}, &fakeEnv{})
		wantError(t, err, "--"+flag)
	}
}

func TestPlainSettings(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		vars  map[string]string
		want  Config
	}{
		{"defaults", nil, nil, Config{APIVersion: "2026-03-10"}},
		{"flags", Flags{"api-version": "2022-11-28", "db": "keep.db", "format": "json", "no-header": "true", "demo": "true"}, nil,
			Config{APIVersion: "2022-11-28", DB: "keep.db", Format: "json", NoHeader: true, Demo: true}},
		{"variables", nil, vars("ACTIONSQL_API_VERSION", "2022-11-28", "ACTIONSQL_DB", "keep.db",
			"ACTIONSQL_FORMAT", "csv", "ACTIONSQL_NO_HEADER", "1", "ACTIONSQL_DEMO", "yes"),
			Config{APIVersion: "2022-11-28", DB: "keep.db", Format: "csv", NoHeader: true, Demo: true}},
		{"flags beat variables", Flags{"db": "flag.db", "format": "table"}, vars("ACTIONSQL_DB", "env.db", "ACTIONSQL_FORMAT", "csv"),
			Config{APIVersion: "2026-03-10", DB: "flag.db", Format: "table"}},
		{"format passed through unchecked", Flags{"format": "nonsense"}, nil, Config{APIVersion: "2026-03-10", Format: "nonsense"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustResolve(t, tt.flags, &fakeEnv{vars: tt.vars})
			got := Config{APIVersion: cfg.APIVersion, DB: cfg.DB, Format: cfg.Format, NoHeader: cfg.NoHeader, Demo: cfg.Demo}
			if got != tt.want {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestHostAndIsEnterprise(t *testing.T) {
	tests := []struct {
		apiURL     string
		host       string
		enterprise bool
	}{
		{"https://api.github.com", "api.github.com", false},
		{"https://API.GitHub.com", "API.GitHub.com", false},
		{"https://ghe.example.com/api/v3", "ghe.example.com", true},
		{"http://127.0.0.1:5000", "127.0.0.1:5000", true},
	}
	for _, tt := range tests {
		cfg := Config{APIURL: tt.apiURL}
		if cfg.Host() != tt.host || cfg.IsEnterprise() != tt.enterprise {
			t.Errorf("%s: Host() = %q, IsEnterprise() = %v; want %q, %v",
				tt.apiURL, cfg.Host(), cfg.IsEnterprise(), tt.host, tt.enterprise)
		}
	}
}

func TestEnvName(t *testing.T) {
	for flag, want := range map[string]string{
		"no-cache": "ACTIONSQL_NO_CACHE", "api-url": "ACTIONSQL_API_URL", "cache-dir": "ACTIONSQL_CACHE_DIR", "db": "ACTIONSQL_DB",
	} {
		if got := EnvName(flag); got != want {
			t.Errorf("EnvName(%q) = %q, want %q", flag, got, want)
		}
	}
}

func TestTokenIsNeverPrinted(t *testing.T) {
	const secret = "ghp_supersecret123"
	cfg := mustResolve(t, nil, &fakeEnv{vars: vars("GH_TOKEN", secret)})
	if cfg.Token != secret {
		t.Fatalf("token not resolved: %v", cfg)
	}
	outputs := map[string]string{
		"fmt":            fmt.Sprintf("%v %+v %#v %s %q %x", cfg, cfg, cfg, cfg, cfg, cfg),
		"fmt pointer":    fmt.Sprintf("%v %+v %#v", &cfg, &cfg, &cfg),
		"fmt in a slice": fmt.Sprintf("%v %+v %#v", []Config{cfg}, []Config{cfg}, []Config{cfg}),
		"fmt in a struct": fmt.Sprintf("%v %+v %#v", struct{ C Config }{cfg},
			struct{ C Config }{cfg}, struct{ C Config }{cfg}),
		"slog": logged(cfg),
		"json": marshalled(t, cfg),
	}
	for name, out := range outputs {
		if strings.Contains(out, secret) {
			t.Errorf("%s output shows the token: %s", name, out)
		}
	}
	// The redacted form still says that there is a token, and from where.
	if s := cfg.String(); !strings.Contains(s, "[redacted]") || !strings.Contains(s, "GH_TOKEN") {
		t.Errorf("String() = %s, want the token redacted and its source shown", s)
	}
	if s := fmt.Sprintf("%#v", cfg); !strings.HasPrefix(s, "config.Config{") {
		t.Errorf("%%#v = %s, want Go syntax", s)
	}
}

func logged(cfg Config) string {
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("resolved", "config", cfg)
	return buf.String()
}

func marshalled(t *testing.T, cfg Config) string {
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCacheDirAndConcurrency(t *testing.T) {
	tests := []struct {
		name        string
		flags       Flags
		vars        map[string]string
		dir         string
		set         bool
		concurrency int
	}{
		{"nothing set", nil, nil, "", false, DefaultConcurrency},
		{"home", nil, vars("HOME", "/home/u"), "/home/u/.cache/actionsql", false, DefaultConcurrency},
		{"XDG beats home", nil, vars("HOME", "/home/u", "XDG_CACHE_HOME", "/xdg"), "/xdg/actionsql", false, DefaultConcurrency},
		{"the variable beats XDG", nil, vars("XDG_CACHE_HOME", "/xdg", "ACTIONSQL_CACHE_DIR", "/c"), "/c", true, DefaultConcurrency},
		{"the flag beats the variable", Flags{"cache-dir": "/f", "concurrency": "3"}, vars("ACTIONSQL_CACHE_DIR", "/c", "ACTIONSQL_CONCURRENCY", "50"), "/f", true, 3},
		{"concurrency from the variable", nil, vars("ACTIONSQL_CONCURRENCY", "100"), "", false, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := mustResolve(t, tt.flags, &fakeEnv{vars: tt.vars})
			if cfg.CacheDir != tt.dir || cfg.CacheDirSet != tt.set || cfg.Concurrency != tt.concurrency {
				t.Errorf("CacheDir %q (set %v), Concurrency %d; want %q (set %v), %d", cfg.CacheDir, cfg.CacheDirSet, cfg.Concurrency, tt.dir, tt.set, tt.concurrency)
			}
		})
	}
	for _, bad := range []string{"0", "101", "-1", "many"} {
		if _, err := Resolve(Flags{"concurrency": bad}, &fakeEnv{}); err == nil || !strings.Contains(err.Error(), "from 1 to 100") {
			t.Errorf("--concurrency %s: %v, want an error giving the range", bad, err)
		}
	}
}

// TestBadSettingsAreUsageErrors: a value the user gave actionsql, as a
// flag or its ACTIONSQL_ variable, that fails validation is bad usage (the
// CLI exits 2); a bad standard variable, or a token variable that is not
// set, is a configuration error (exit 1).
func TestBadSettingsAreUsageErrors(t *testing.T) {
	tests := []struct {
		name  string
		flags Flags
		vars  map[string]string
		usage bool
	}{
		{"--concurrency 0", Flags{"concurrency": "0"}, nil, true},
		{"ACTIONSQL_CONCURRENCY=many", nil, vars("ACTIONSQL_CONCURRENCY", "many"), true},
		{"--repo nosuch", Flags{"repo": "nosuch"}, nil, true},
		{"ACTIONSQL_REPO=a/b/c", nil, vars("ACTIONSQL_REPO", "a/b/c"), true},
		{"--max-retry-wait soon", Flags{"max-retry-wait": "soon"}, nil, true},
		{"ACTIONSQL_MAX_RETRY_WAIT=-1s", nil, vars("ACTIONSQL_MAX_RETRY_WAIT", "-1s"), true},
		{"--api-url ftp://", Flags{"api-url": "ftp://example.com"}, nil, true},
		{"ACTIONSQL_API_URL with a password", nil, vars("ACTIONSQL_API_URL", "https://u:p@example.com"), true},
		{"--no-cache=maybe", Flags{"no-cache": "maybe"}, nil, true},
		{"ACTIONSQL_STRICT=perhaps", nil, vars("ACTIONSQL_STRICT", "perhaps"), true},
		{"--demo with ACTIONSQL_API_URL", Flags{"demo": "true"}, vars("ACTIONSQL_API_URL", "http://127.0.0.1:1"), true},
		{"bad GH_REPO", nil, vars("GH_REPO", "a b/c"), false},
		{"bad GITHUB_API_URL", nil, vars("GITHUB_API_URL", "ftp://example.com"), false},
		{"bad GH_HOST", nil, vars("GH_HOST", "https://ghe.example.com"), false},
		{"--token-env naming an unset variable", Flags{"token-env": "UNSET"}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Resolve(tt.flags, &fakeEnv{vars: tt.vars})
			if err == nil {
				t.Fatal("no error")
			}
			if IsUsage(err) != tt.usage {
				t.Errorf("IsUsage(%q) = %v, want %v", err, !tt.usage, tt.usage)
			}
		})
	}
}
