package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// ErrNotInstalled is returned (wrapped) by SystemEnv when gh or git is not
// on the PATH. Resolve treats it, like any failure of those tools, as
// "nothing found" rather than an error.
var ErrNotInstalled = errors.New("not installed")

// defaultToolTimeout bounds how long gh or git may take, so that a tool
// that hangs (a keyring waiting to be unlocked, a slow network drive)
// delays the query only briefly.
const defaultToolTimeout = 5 * time.Second

// SystemEnv is the Env of the running process: its environment variables,
// and the gh and git found on the PATH, run in the current directory.
type SystemEnv struct {
	// Timeout bounds each run of gh or git; zero means five seconds.
	Timeout time.Duration
}

// Getenv returns the process's environment variable.
func (SystemEnv) Getenv(name string) string { return os.Getenv(name) }

// GhAuthToken runs `gh auth token --hostname host`.
func (e SystemEnv) GhAuthToken(host string) (string, error) {
	return e.run("gh", "auth", "token", "--hostname", host)
}

// GitOriginURL runs `git remote get-url origin`, which also applies the
// user's url.*.insteadOf rewrites.
func (e SystemEnv) GitOriginURL() (string, error) {
	return e.run("git", "remote", "get-url", "origin")
}

// run runs a tool and returns its trimmed standard output. The output is
// kept out of errors: for gh it is a token.
func (e SystemEnv) run(tool string, args ...string) (string, error) {
	path, err := exec.LookPath(tool)
	if err != nil {
		return "", fmt.Errorf("%s: %w", tool, ErrNotInstalled)
	}
	timeout := e.Timeout
	if timeout <= 0 {
		timeout = defaultToolTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	// Do not wait for children that keep the output open after the tool
	// itself was killed.
	cmd.WaitDelay = time.Second
	out, err := cmd.Output()
	if err != nil {
		return "", toolError(ctx, tool+" "+strings.Join(args, " "), err, timeout, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

// toolError explains why a tool failed: it took too long, or what it said
// on its standard error.
func toolError(ctx context.Context, command string, err error, timeout time.Duration, stderr string) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: gave up after %v: %w", command, timeout, ctx.Err())
	}
	if said := strings.TrimSpace(stderr); said != "" {
		return fmt.Errorf("%s: %w: %s", command, err, said)
	}
	return fmt.Errorf("%s: %w", command, err)
}
