// Package config resolves actionsql's settings from its flags, the
// environment, the gh command line tool and the git checkout in the current
// directory, in the order the user contract pins:
//
//	flag > ACTIONSQL_<FLAG> > the standard variables (GITHUB_API_URL,
//	GH_HOST, GH_TOKEN, GH_REPO, ...) > gh auth token > git remote origin
//
// Resolve does no I/O of its own: everything it reads comes through an Env,
// so that each rule can be tested without touching the real environment.
// SystemEnv is the Env of the real process.
package config

import (
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// DefaultAPIURL is the REST API of github.com.
const DefaultAPIURL = "https://api.github.com"

// DefaultAPIVersion is sent as X-GitHub-Api-Version unless --api-version
// says otherwise.
const DefaultAPIVersion = "2026-03-10"

// DefaultConcurrency and MaxConcurrency bound the requests in flight at
// once: GitHub's secondary rate limits frown on more than 100.
const (
	DefaultConcurrency = 16
	MaxConcurrency     = 100
)

// Config is the resolved settings of one actionsql process.
type Config struct {
	// APIURL is the REST API root without a trailing slash, such as
	// https://api.github.com, https://ghe.example.com/api/v3 or
	// http://127.0.0.1:5000.
	APIURL string
	// Token authenticates API requests. It is never printed: Config formats
	// itself with the token redacted, and json.Marshal leaves it out.
	Token string `json:"-"`
	// TokenSource says where Token came from, for messages: "GH_TOKEN",
	// "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN",
	// "gh auth token", "--token-env NAME", or "" when no token was found.
	TokenSource string
	// Owner and Repo are the default repository, "" when there is none.
	Owner, Repo string
	// RepoSource says where the default repository came from: "--repo",
	// "ACTIONSQL_REPO", "GH_REPO", "git remote origin", or "".
	RepoSource string
	// APIVersion is sent as X-GitHub-Api-Version.
	APIVersion string
	// NoCache keeps the disk cache from being read or written.
	NoCache bool
	// CacheDir is the disk cache's directory: --cache-dir, else
	// $XDG_CACHE_HOME/actionsql, else $HOME/.cache/actionsql; "" when none
	// of those is set (then nothing is cached on disk).
	CacheDir string
	// CacheDirSet says CacheDir was asked for (--cache-dir or its
	// variable) rather than the default: then a cache that cannot be
	// opened is an error, not a reason to go on without one.
	CacheDirSet bool
	// Concurrency is how many requests may be in flight at once (1 to
	// MaxConcurrency; DefaultConcurrency unless set).
	Concurrency int
	// MaxRequests is the most API requests one statement may spend;
	// 0 means no limit (DefaultMaxRequests unless set).
	MaxRequests int64
	// MaxRetryWait bounds how long retries and rate-limit waits may take
	// in total for one request before the query fails; 0 means
	// DefaultMaxRetryWait, NoRetries tries each request once.
	MaxRetryWait time.Duration
	// ResponseTimeout bounds the wait for an answer's headers before the
	// request is tried again; 0 means ghapi's default (30 s). No flag sets
	// it: a program embedding the tables, or a test against an emulated
	// GitHub on a loaded machine, may.
	ResponseTimeout time.Duration
	// Stats asks for a line of request and cache figures on stderr after
	// each statement.
	Stats bool
	// Strict turns every note about missing data into an error.
	Strict bool
	// Demo serves every query from the built-in sample GitHub. Resolve then
	// leaves Token and TokenSource empty; the CLI replaces APIURL.
	Demo bool
	// DB is the main SQLite database file, "" for an in-memory database.
	DB string
	// Format is the output format as given, "" to choose by terminal. The
	// CLI validates it.
	Format string
	// Output is the file results go to instead of stdout, "" for stdout;
	// -f parquet needs one.
	Output string
	// NoHeader drops the header row from the output.
	NoHeader bool
	// Chart is the chart to draw after the SQL as given (KIND or
	// KIND:FILE), "" for none. The CLI validates it.
	Chart string
	// TokenEnv is the variable --token-env names, "" when not given.
	TokenEnv string
}

// Flags holds the flags the user set, by name without dashes ("api-url",
// "no-cache") and with booleans as "true" or "false". Flags the user did
// not set must be absent, so that the environment can supply them.
type Flags map[string]string

// Env is what Resolve reads from the world outside the process.
type Env interface {
	// Getenv returns the variable's value, "" when unset.
	Getenv(name string) string
	// GhAuthToken returns what `gh auth token --hostname host` prints.
	GhAuthToken(host string) (string, error)
	// GitOriginURL returns the URL of the origin remote of the git
	// checkout in the current directory.
	GitOriginURL() (string, error)
}

// EnvName returns the environment variable that can set a flag:
// "no-cache" → "ACTIONSQL_NO_CACHE".
func EnvName(flag string) string {
	return "ACTIONSQL_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// Resolve works out the settings from the flags the user set and env.
// An error names the flag or variable at fault and what it should hold.
func Resolve(flags Flags, env Env) (Config, error) {
	s := sources{flags: flags, env: env}
	if err := s.conflicts(); err != nil {
		return Config{}, err
	}
	var cfg Config
	if err := s.resolvePlain(&cfg); err != nil {
		return Config{}, err
	}
	var err error
	if cfg.APIURL, err = s.apiURL(); err != nil {
		return Config{}, err
	}
	if !cfg.Demo {
		// The demo serves its own data, so a missing --token-env variable
		// must not stop it, and gh need not be asked.
		if cfg.Token, cfg.TokenSource, err = s.token(cfg); err != nil {
			return Config{}, err
		}
	}
	if cfg.Owner, cfg.Repo, cfg.RepoSource, err = s.defaultRepo(cfg); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// resolvePlain fills in the settings that come from their flag or its
// variable alone.
func (s sources) resolvePlain(cfg *Config) error {
	cfg.APIVersion = s.stringOr("api-version", DefaultAPIVersion)
	cfg.DB = s.stringOr("db", "")
	cfg.Format = s.stringOr("format", "")
	cfg.Chart = s.stringOr("chart", "")
	cfg.Output = s.stringOr("output", "")
	cfg.TokenEnv = s.stringOr("token-env", "")
	switches := []struct {
		flag string
		dst  *bool
	}{
		{"no-cache", &cfg.NoCache},
		{"no-header", &cfg.NoHeader},
		{"demo", &cfg.Demo},
		{"stats", &cfg.Stats},
		{"strict", &cfg.Strict},
	}
	for _, sw := range switches {
		value, err := s.boolean(sw.flag)
		if err != nil {
			return err
		}
		*sw.dst = value
	}
	cfg.CacheDir, cfg.CacheDirSet = s.cacheDir()
	var err error
	if cfg.Concurrency, err = s.concurrency(); err != nil {
		return err
	}
	if cfg.MaxRequests, err = s.maxRequests(); err != nil {
		return err
	}
	cfg.MaxRetryWait, err = s.maxRetryWait()
	return err
}

// DefaultMaxRequests is --max-requests' default: a tenth of an hour's
// budget for a token (5,000), so one mistyped query cannot spend it all.
const DefaultMaxRequests = 2000

// maxRequests reads --max-requests, a whole number; 0 for no limit.
func (s sources) maxRequests() (int64, error) {
	v, from, ok := s.setting("max-requests")
	if !ok {
		return DefaultMaxRequests, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, invalid(from, "%s=%q: want the most API requests one statement may spend, a whole number (default %d; 0: no limit)", from, v, DefaultMaxRequests)
	}
	return n, nil
}

// cacheDir is --cache-dir, else the XDG cache directory's actionsql folder.
func (s sources) cacheDir() (dir string, explicit bool) {
	if v, _, ok := s.setting("cache-dir"); ok {
		return v, true
	}
	if xdg := s.getenv("XDG_CACHE_HOME"); xdg != "" {
		return filepath.Join(xdg, "actionsql"), false
	}
	if home := s.getenv("HOME"); home != "" {
		return filepath.Join(home, ".cache", "actionsql"), false
	}
	return "", false
}

// concurrency reads --concurrency, 1 to MaxConcurrency.
func (s sources) concurrency() (int, error) {
	v, from, ok := s.setting("concurrency")
	if !ok {
		return DefaultConcurrency, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxConcurrency {
		return 0, invalid(from, "%s=%q: want a whole number of requests in flight from 1 to %d (default %d)", from, v, MaxConcurrency, DefaultConcurrency)
	}
	return n, nil
}

// sources looks a setting up in the flags, then in its ACTIONSQL_
// variable.
type sources struct {
	flags Flags
	env   Env
}

// setting returns the value of a flag, or of its ACTIONSQL_ variable when
// the flag is not set, and the name of where it came from for messages.
// An empty value counts as not set.
func (s sources) setting(flag string) (value, from string, ok bool) {
	if v := strings.TrimSpace(s.flags[flag]); v != "" {
		return v, "--" + flag, true
	}
	name := EnvName(flag)
	if v := strings.TrimSpace(s.env.Getenv(name)); v != "" {
		return v, name, true
	}
	return "", "", false
}

func (s sources) stringOr(flag, fallback string) string {
	if v, _, ok := s.setting(flag); ok {
		return v
	}
	return fallback
}

// getenv returns a standard variable, trimmed; "" when unset.
func (s sources) getenv(name string) string {
	return strings.TrimSpace(s.env.Getenv(name))
}

// boolean reads an on/off setting; unset means off.
func (s sources) boolean(flag string) (bool, error) {
	v, from, ok := s.setting(flag)
	if !ok {
		return false, nil
	}
	switch strings.ToLower(v) {
	case "1", "true", "yes":
		return true, nil
	case "0", "false", "no":
		return false, nil
	}
	return false, invalid(from, "%s=%q: want 1, 0, true, false, yes or no", from, v)
}
