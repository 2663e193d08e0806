package cli_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/internal/fakegh"
	"github.com/actionsql/actionsql/repl"
)

// serving runs actionsql serve in this process, returns the first line it
// printed, and a function that sends SIGTERM and returns the exit status
// and stderr.
func serving(t *testing.T, e env, args ...string) (firstLine string, stop func() (int, string)) {
	t.Helper()
	outR, outW := io.Pipe()
	var errOut strings.Builder
	code := make(chan int, 1)
	go func() {
		code <- cli.Main(append([]string{"serve"}, args...), e, repl.Streams{In: strings.NewReader(""), Out: outW, Err: &errOut})
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	if !lines.Scan() {
		c := <-code
		t.Fatalf("actionsql serve printed nothing (exit %d): %s", c, errOut.String())
	}
	go io.Copy(io.Discard, outR)
	return lines.Text(), func() (int, string) {
		// Main has set up its signal handling before it printed the
		// address, so the signal stops the server, not the test.
		syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
		select {
		case c := <-code:
			return c, errOut.String()
		case <-time.After(time.Minute): // a ceiling, not a speed claim
			t.Fatal("actionsql serve still running a minute after SIGTERM")
			return 0, ""
		}
	}
}

func TestServePrintsTheAddressFirstAndStopsOnSIGTERM(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	address, stop := serving(t, e, "--listen", "127.0.0.1:0", "--param", "run=9398595218")
	base, token, ok := strings.Cut(address, "/?token=")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") || len(token) != 32 {
		t.Fatalf("first line %q: want http://127.0.0.1:PORT/?token=TOKEN", address)
	}
	req, _ := http.NewRequest("POST", base+"/api/query", strings.NewReader(`{"sql": "SELECT count(*) FROM jobs WHERE run_id = :run"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), `{"columns":["count(*)"],"rows":[[`) {
		t.Errorf("POST /api/query: %d %s", resp.StatusCode, body)
	}
	code, stderr := stop()
	if code != 0 || strings.Contains(stderr, "warning") {
		t.Errorf("exit %d, stderr %q: want 0 and no warning", code, stderr)
	}
}

func TestServeWarnsWhenOtherMachinesCanReachIt(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	address, stop := serving(t, e, "--listen", "0.0.0.0:0")
	if !strings.HasPrefix(address, "http://127.0.0.1:") {
		t.Errorf("address %q: want the loopback address to open", address)
	}
	if code, stderr := stop(); code != 0 || !strings.Contains(stderr, "actionsql: warning: listening on 0.0.0.0:") {
		t.Errorf("exit %d, stderr %q: want the warning", code, stderr)
	}
}

func TestServeTakesListenFromTheEnvironment(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	e["ACTIONSQL_LISTEN"] = "127.0.0.1:0"
	address, stop := serving(t, e)
	if strings.HasSuffix(strings.Split(address, "/?")[0], ":8080") {
		t.Errorf("address %q: ACTIONSQL_LISTEN was not used", address)
	}
	stop()
}

func TestServeUsage(t *testing.T) {
	_, e := startGitHub(t, fakegh.Options{})
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"serve", "--help"}, 0, "Usage: actionsql serve [--listen ADDR] [flags]", ""},
		{[]string{"--demo", "serve", "-h"}, 0, "Usage: actionsql serve", ""},
		{[]string{"--help"}, 0, "actionsql serve [--listen ADDR] [flags]", ""},
		{[]string{"serve", "SELECT 1"}, 2, "", "actionsql serve takes no SQL"},
		{[]string{"--listen", "127.0.0.1:0", "SELECT 1"}, 2, "", "--listen is for actionsql serve"},
		{[]string{"serve", "--listen", "nonsense"}, 2, "", `actionsql: --listen="nonsense": want HOST:PORT`},
		{[]string{"serve", "--demo", "--api-url", "http://x"}, 2, "", "--demo"},
	}
	for _, tt := range tests {
		r := run(t, e, "", tt.args...)
		if r.code != tt.code || !strings.Contains(r.out, tt.stdout) || !strings.Contains(r.errOut, tt.stderr) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %d, %q, %q", tt.args, r.code, r.out, r.errOut, tt.code, tt.stdout, tt.stderr)
		}
	}
}
