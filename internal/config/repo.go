package config

import (
	"fmt"
	"net/url"
	"strings"
)

// defaultRepo finds the default repository: --repo, GH_REPO, then the
// origin remote of the git checkout.
func (s sources) defaultRepo(cfg Config) (owner, repo, source string, err error) {
	if v, from, ok := s.setting("repo"); ok {
		owner, repo, err := ParseRepo(v)
		if err != nil {
			return "", "", "", invalid(from, "%s: %w", from, err)
		}
		return owner, repo, from, nil
	}
	if v := s.getenv("GH_REPO"); v != "" {
		owner, repo, err := parseGHRepo(v, cfg)
		if err != nil {
			return "", "", "", fmt.Errorf("GH_REPO: %w", err)
		}
		return owner, repo, "GH_REPO", nil
	}
	owner, repo, ok := s.originRepo()
	if !ok {
		return "", "", "", nil
	}
	return owner, repo, "git remote origin", nil
}

// originRepo reads the repository from the origin remote, when it is on
// github.com or on GH_HOST. Not being in a checkout, or git not being
// installed, just means there is no default repository.
func (s sources) originRepo() (owner, repo string, ok bool) {
	remote, err := s.env.GitOriginURL()
	if err != nil {
		return "", "", false
	}
	hosts := []string{"github.com"}
	if h := s.getenv("GH_HOST"); h != "" {
		hosts = append(hosts, h)
	}
	for _, host := range hosts {
		if owner, repo, ok := ParseRemote(remote, host); ok {
			return owner, repo, true
		}
	}
	return "", "", false
}

// parseGHRepo reads GH_REPO, which gh accepts as OWNER/REPO or
// HOST/OWNER/REPO. A host other than the API's is refused: the repository
// would be looked up on the wrong server.
func parseGHRepo(v string, cfg Config) (owner, repo string, err error) {
	if strings.Count(v, "/") != 2 {
		return ParseRepo(v)
	}
	host, ownerRepo, _ := strings.Cut(v, "/")
	if !sameHost(host, cfg.ghHost()) {
		return "", "", fmt.Errorf("%q is on %s, but the API is %s; set GH_HOST=%s (or --api-url) to query that server, or set GH_REPO to OWNER/REPO",
			v, host, cfg.APIURL, host)
	}
	return ParseRepo(ownerRepo)
}

// ParseRepo splits "OWNER/REPO". It refuses anything that is not a valid
// GitHub owner and repository name, since both end up in request paths.
func ParseRepo(s string) (owner, repo string, err error) {
	owner, repo, found := strings.Cut(strings.TrimSpace(s), "/")
	if !found || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return "", "", fmt.Errorf("invalid repository %q: want OWNER/REPO, such as octocat/hello-world", s)
	}
	if !validName(owner, "-_") {
		return "", "", fmt.Errorf("invalid repository %q: the owner may hold only letters, digits, - and _", s)
	}
	if !validName(repo, "-_.") || repo == "." || repo == ".." {
		return "", "", fmt.Errorf("invalid repository %q: the repository name may hold only letters, digits and the marks - _ . (a dot)", s)
	}
	return owner, repo, nil
}

// validName reports whether name holds only ASCII letters, digits and the
// given punctuation.
func validName(name, punctuation string) bool {
	for _, r := range name {
		isAlnum := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
		if !isAlnum && !strings.ContainsRune(punctuation, r) {
			return false
		}
	}
	return true
}

// ParseRemote reads the repository from a git remote URL on host, in any
// of the forms git accepts: https://HOST/o/r(.git), ssh://git@HOST/o/r.git,
// git@HOST:o/r.git. A remote on another host gives ok == false. For
// github.com, ssh.github.com (SSH over port 443) counts as the same host.
func ParseRemote(remote, host string) (owner, repo string, ok bool) {
	remoteHost, path, ok := splitRemote(strings.TrimSpace(remote))
	if !ok || !sameHost(remoteHost, host) {
		return "", "", false
	}
	path = strings.TrimSuffix(strings.Trim(path, "/"), ".git")
	owner, repo, err := ParseRepo(path)
	return owner, repo, err == nil
}

// splitRemote finds the host and path of a remote URL.
func splitRemote(remote string) (host, path string, ok bool) {
	if strings.Contains(remote, "://") {
		u, err := url.Parse(remote)
		if err != nil {
			return "", "", false
		}
		switch u.Scheme {
		case "https", "http", "ssh", "git", "git+ssh", "ssh+git":
			return u.Hostname(), u.Path, true
		}
		return "", "", false
	}
	// git's scp-like form, [user@]host:path. A slash before the colon
	// makes it a local path instead, as git reads it.
	hostPart, path, found := strings.Cut(remote, ":")
	if !found || strings.Contains(hostPart, "/") {
		return "", "", false
	}
	if i := strings.LastIndex(hostPart, "@"); i >= 0 {
		hostPart = hostPart[i+1:]
	}
	return hostPart, path, hostPart != ""
}

// sameHost compares host names, ignoring case and any port.
func sameHost(got, want string) bool {
	got, want = stripPort(got), stripPort(want)
	if want == "" {
		return false
	}
	if isGitHubDotCom(want) && strings.EqualFold(got, "ssh.github.com") {
		return true
	}
	return strings.EqualFold(got, want)
}

// stripPort drops a :port, minding IPv6 literals such as [::1]:5000.
func stripPort(host string) string {
	return (&url.URL{Host: host}).Hostname()
}
