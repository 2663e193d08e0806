package cli_test

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/repl"
)

// beActionsql, set in a child's environment, makes the test binary run the
// command as main.go does, so that a test can signal a process of its own.
const beActionsql = "CLI_TEST_BE_ACTIONSQL"

func TestMain(m *testing.M) {
	if os.Getenv(beActionsql) == "1" {
		os.Exit(cli.Main(os.Args[1:], config.SystemEnv{}, repl.SystemStreams()))
	}
	os.Exit(m.Run())
}

// holdJobsOf makes the emulated GitHub hold every request for the jobs of
// run until the client gives up on it, and returns a channel that is
// closed once the first such request arrives.
func holdJobsOf(t *testing.T, run string) (fakegh.Options, <-chan struct{}) {
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	t.Cleanup(func() { close(release) }) // runs before the server closes
	return fakegh.Options{Fault: func(r *http.Request) int {
		if !strings.HasSuffix(r.URL.Path, "/actions/runs/"+run+"/jobs") {
			return 0
		}
		once.Do(func() { close(held) })
		select {
		case <-r.Context().Done():
		case <-release:
		}
		return http.StatusServiceUnavailable
	}}, held
}

// TestCtrlCSaysInterruptedAndExits130: SIGINT while a query waits for
// GitHub stops it at once with "actionsql: interrupted" and exit status
// 130 (128 + SIGINT, as shells report it), no rows of the stopped
// statement and nothing after it, whether the SQL came as an argument or
// as a piped script.
func TestCtrlCSaysInterruptedAndExits130(t *testing.T) {
	const held = "9398595218"
	tests := []struct {
		name, stdin string
		args        []string
		wantOut     string
	}{
		{"SQL argument", "", []string{"SELECT name FROM jobs WHERE run_id = " + held}, ""},
		{"piped script", "SELECT 1 AS n;\nSELECT name FROM jobs WHERE run_id = " + held + ";\nSELECT 2 AS m;\n", nil, "n\n1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, requested := holdJobsOf(t, held)
			_, e := startGitHub(t, opts)
			cmd := exec.Command(os.Args[0], append([]string{"--no-cache"}, tt.args...)...)
			cmd.Env = []string{beActionsql + "=1"}
			for k, v := range e {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			var out, errOut bytes.Buffer
			cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(tt.stdin), &out, &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			select {
			case <-requested:
			case err := <-exited:
				t.Fatalf("actionsql ended (%v) before asking for the held jobs; stderr %q", err, errOut.String())
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
				t.Fatal("actionsql never asked for the held jobs")
			}
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				t.Fatal(err)
			}
			var err error
			select {
			case err = <-exited:
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
				t.Fatalf("actionsql still running 2 minutes after SIGINT; stderr %q", errOut.String())
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 130 || errOut.String() != "actionsql: interrupted\n" {
				t.Errorf("ended with %v, stderr %q; want exit status 130 and \"actionsql: interrupted\"", err, errOut.String())
			}
			if out.String() != tt.wantOut {
				t.Errorf("stdout %q, want %q", out.String(), tt.wantOut)
			}
		})
	}
}
