package config

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fakeTool puts an executable shell script named tool first on the PATH.
func fakeTool(t *testing.T, tool, script string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script as a fake tool")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, tool), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

func TestSystemEnvGhAuthToken(t *testing.T) {
	fakeTool(t, "gh", `[ "$*" = "auth token --hostname ghe.example.com" ] || exit 1; echo tok123`)
	got, err := SystemEnv{}.GhAuthToken("ghe.example.com")
	if err != nil || got != "tok123" {
		t.Errorf("GhAuthToken = %q, %v; want tok123", got, err)
	}
}

func TestSystemEnvGhFailureKeepsOutputOutOfTheError(t *testing.T) {
	fakeTool(t, "gh", `echo tok123; echo "not logged in" >&2; exit 1`)
	_, err := SystemEnv{}.GhAuthToken("github.com")
	wantError(t, err, "gh auth token", "not logged in")
	if err != nil && strings.Contains(err.Error(), "tok123") {
		t.Errorf("error %q shows gh's output", err)
	}
}

func TestSystemEnvToolNotInstalled(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := (SystemEnv{}).GhAuthToken("github.com"); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("gh: got %v, want ErrNotInstalled", err)
	}
	if _, err := (SystemEnv{}).GitOriginURL(); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("git: got %v, want ErrNotInstalled", err)
	}
}

// TestSystemEnvTimeout: a gh that hangs is given up on, with an error that
// says so, rather than waited for. The wait for that has a ceiling far above
// the timeout, so a loaded machine passes too.
func TestSystemEnvTimeout(t *testing.T) {
	fakeTool(t, "gh", `exec sleep 600`)
	start := time.Now()
	result := make(chan error, 1)
	go func() {
		_, err := SystemEnv{Timeout: 100 * time.Millisecond}.GhAuthToken("github.com")
		result <- err
	}()
	select {
	case err := <-result:
		wantError(t, err, "gh auth token", "gave up after 100ms")
		if elapsed := time.Since(start); elapsed < 100*time.Millisecond {
			t.Errorf("gave up on a hanging gh after %v, before its 100ms", elapsed)
		}
	case <-time.After(time.Minute):
		t.Fatal("still waiting for a hanging gh after a minute, with a 100ms timeout")
	}
}

func TestSystemEnvGitOriginURL(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	t.Chdir(dir)
	for _, args := range [][]string{
		{"init", "-q"},
		{"remote", "add", "origin", "git@github.com:octo/hello.git"},
	} {
		if out, err := exec.Command(git, args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	got, err := SystemEnv{}.GitOriginURL()
	if err != nil || got != "git@github.com:octo/hello.git" {
		t.Errorf("GitOriginURL = %q, %v", got, err)
	}
}

func TestSystemEnvOutsideACheckout(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	t.Chdir(t.TempDir())
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(t.TempDir()))
	if got, err := (SystemEnv{}).GitOriginURL(); err == nil {
		t.Errorf("GitOriginURL outside a checkout = %q, want an error", got)
	}
}

func TestResolveWithSystemEnv(t *testing.T) {
	fakeTool(t, "gh", `echo from-gh`)
	for _, name := range []string{"GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN",
		"GH_HOST", "GITHUB_API_URL", "GH_REPO", "ACTIONSQL_TOKEN_ENV", "ACTIONSQL_API_URL", "ACTIONSQL_DEMO"} {
		t.Setenv(name, "")
	}
	cfg, err := Resolve(Flags{"repo": "o/r"}, SystemEnv{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Token != "from-gh" || cfg.TokenSource != "gh auth token" {
		t.Errorf("token from %q, want it from gh", cfg.TokenSource)
	}
}
