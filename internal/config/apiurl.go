package config

import (
	"fmt"
	"net/url"
	"strings"
)

// apiURL picks the API root: --api-url, GITHUB_API_URL, then GH_HOST.
func (s sources) apiURL() (string, error) {
	if v, from, ok := s.setting("api-url"); ok {
		u, err := normalizeAPIURL(v, from)
		if err != nil {
			return "", &SettingError{From: from, Err: err}
		}
		return u, nil
	}
	if v := s.getenv("GITHUB_API_URL"); v != "" {
		return normalizeAPIURL(v, "GITHUB_API_URL")
	}
	host := s.getenv("GH_HOST")
	if host == "" || isGitHubDotCom(host) {
		return DefaultAPIURL, nil
	}
	if strings.ContainsAny(host, "/@ ") {
		return "", fmt.Errorf("GH_HOST=%q: want a host name such as ghe.example.com", host)
	}
	return normalizeAPIURL("https://"+host+"/api/v3", "GH_HOST")
}

// normalizeAPIURL checks that raw is an http or https URL and drops its
// trailing slash, so that request paths can be appended to it.
func normalizeAPIURL(raw, from string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("%s=%q: want an http:// or https:// URL such as https://ghe.example.com/api/v3", from, raw)
	}
	if u.User != nil {
		// A URL is printed in messages; a password in it would leak.
		return "", fmt.Errorf("%s: the URL must not hold a user name or password; pass the token in GH_TOKEN or with --token-env", from)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%s=%q: want the API root URL, without a ?query or #fragment", from, raw)
	}
	return strings.TrimRight(raw, "/"), nil
}

func isGitHubDotCom(host string) bool {
	return strings.EqualFold(host, "github.com")
}

// Host returns the host (and port, if any) of the API, for messages.
func (c Config) Host() string {
	u, err := url.Parse(c.APIURL)
	if err != nil || u.Host == "" {
		return c.APIURL
	}
	return u.Host
}

// IsEnterprise reports whether the API is not github.com's: a GitHub
// Enterprise Server, or a local test server. It is decided by where
// requests go, not by GH_HOST, because it chooses which token is sent
// there.
func (c Config) IsEnterprise() bool {
	host := c.Host()
	return host != "" && !strings.EqualFold(host, "api.github.com") && !isGitHubDotCom(host)
}

// ghHost is the host gh knows the API by: github.com for api.github.com,
// otherwise the API's own host.
func (c Config) ghHost() string {
	if !c.IsEnterprise() {
		return "github.com"
	}
	return c.Host()
}
