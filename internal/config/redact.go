package config

import (
	"fmt"
	"log/slog"
	"strings"
)

// redacted stands in for a token wherever a Config is printed or logged.
const redacted = "[redacted]"

// shownToken says whether there is a token without showing it.
func (c Config) shownToken() string {
	if c.Token == "" {
		return `""`
	}
	return redacted
}

// fields lists the settings as name and Go-syntax value, token redacted.
func (c Config) fields() []string {
	return []string{
		"APIURL:" + fmt.Sprintf("%q", c.APIURL),
		"Token:" + c.shownToken(),
		"TokenSource:" + fmt.Sprintf("%q", c.TokenSource),
		"Owner:" + fmt.Sprintf("%q", c.Owner),
		"Repo:" + fmt.Sprintf("%q", c.Repo),
		"RepoSource:" + fmt.Sprintf("%q", c.RepoSource),
		"APIVersion:" + fmt.Sprintf("%q", c.APIVersion),
		"NoCache:" + fmt.Sprint(c.NoCache),
		"CacheDir:" + fmt.Sprintf("%q", c.CacheDir),
		"Concurrency:" + fmt.Sprint(c.Concurrency),
		"Stats:" + fmt.Sprint(c.Stats),
		"Demo:" + fmt.Sprint(c.Demo),
		"DB:" + fmt.Sprintf("%q", c.DB),
		"Format:" + fmt.Sprintf("%q", c.Format),
		"Output:" + fmt.Sprintf("%q", c.Output),
		"NoHeader:" + fmt.Sprint(c.NoHeader),
		"TokenEnv:" + fmt.Sprintf("%q", c.TokenEnv),
	}
}

// String shows the settings with the token redacted.
func (c Config) String() string {
	return "{" + strings.Join(c.fields(), " ") + "}"
}

// GoString is what %#v prints: Go syntax, token redacted.
//
// Config cannot implement fmt.Formatter, whose Format method would clash
// with the Format field, so verbs that ignore String and GoString (%d and
// the like) still print the fields raw: print a Config with %v or %s.
func (c Config) GoString() string {
	return "config.Config{" + strings.Join(c.fields(), ", ") + "}"
}

// LogValue logs the settings with the token redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("api_url", c.APIURL),
		slog.String("token", c.shownToken()),
		slog.String("token_source", c.TokenSource),
		slog.String("owner", c.Owner),
		slog.String("repo", c.Repo),
		slog.String("repo_source", c.RepoSource),
		slog.String("api_version", c.APIVersion),
		slog.Bool("no_cache", c.NoCache),
		slog.String("cache_dir", c.CacheDir),
		slog.Int("concurrency", c.Concurrency),
		slog.Bool("stats", c.Stats),
		slog.Bool("demo", c.Demo),
		slog.String("db", c.DB),
		slog.String("format", c.Format),
		slog.String("output", c.Output),
		slog.Bool("no_header", c.NoHeader),
		slog.String("token_env", c.TokenEnv),
	)
}
