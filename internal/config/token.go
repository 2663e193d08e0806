package config

import (
	"fmt"
	"strings"
)

// token finds the API token: the variable --token-env names, else the
// standard variables, else gh's stored token. None at all is not an error:
// public data needs no token.
func (s sources) token(cfg Config) (token, source string, err error) {
	if name, from, ok := s.setting("token-env"); ok {
		return s.namedToken(name, from)
	}
	for _, name := range tokenVariables(cfg) {
		if v := s.getenv(name); v != "" {
			return v, name, nil
		}
	}
	// Any failure of gh (not installed, not logged in to this host, too
	// old to know `auth token`) just means it has no token to offer.
	if v, err := s.env.GhAuthToken(cfg.ghHost()); err == nil {
		if v = strings.TrimSpace(v); v != "" {
			return v, "gh auth token", nil
		}
	}
	return "", "", nil
}

// namedToken reads the variable --token-env names. The user asked for
// that token, so its absence is an error rather than a silent fallback.
func (s sources) namedToken(name, from string) (token, source string, err error) {
	v := s.getenv(name)
	if v == "" {
		return "", "", fmt.Errorf("%s=%s: the variable %s is empty or not set; export it, or drop %s to use GH_TOKEN or gh auth token",
			from, name, name, from)
	}
	return v, "--token-env " + name, nil
}

// tokenVariables lists the variables to read a token from, in order. An
// enterprise server tries its own variables first, so that a github.com
// token in GH_TOKEN is not sent there when an enterprise one is set.
func tokenVariables(cfg Config) []string {
	standard := []string{"GH_TOKEN", "GITHUB_TOKEN"}
	if !cfg.IsEnterprise() {
		return standard
	}
	return append([]string{"GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"}, standard...)
}
