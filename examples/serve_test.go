package examples_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/repl"
)

// listenEnv is a newcomer's machine whose port 8080 may be taken: the
// server listens on a free port unless the command says --listen.
type listenEnv struct{ noEnv }

func (listenEnv) Getenv(name string) string {
	if name == "ACTIONSQL_LISTEN" {
		return "127.0.0.1:0"
	}
	return ""
}

// serveOnDemo starts an actionsql serve command as shown, asks the page's
// API for a query with the token it printed, and stops it with SIGTERM:
// it must answer rows and exit 0.
func serveOnDemo(t *testing.T, what string, c command) {
	t.Helper()
	outR, outW := io.Pipe()
	var errOut strings.Builder
	code := make(chan int, 1)
	go func() {
		code <- cli.Main(c.args, listenEnv{}, repl.Streams{In: strings.NewReader(c.stdin), Out: outW, Err: &errOut})
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	if !lines.Scan() {
		t.Errorf("%s: printed no address; exit %d, stderr:\n%s", what, <-code, errOut.String())
		return
	}
	go io.Copy(io.Discard, outR)
	base, token, _ := strings.Cut(lines.Text(), "/?token=")
	req, _ := http.NewRequest("POST", base+"/api/query", strings.NewReader(`{"sql": "SELECT name, conclusion FROM jobs WHERE run_id = 9398595218"}`))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("%s: %v", what, err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"rows":[["`) {
			t.Errorf("%s: POST /api/query answered %d %s", what, resp.StatusCode, body)
		}
	}
	// cli.Main set up its signal handling before it printed the address:
	// the signal stops the server, not the test.
	syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
	select {
	case c := <-code:
		if c != 0 || strings.Contains(errOut.String(), "warning") {
			t.Errorf("%s: exit %d, stderr:\n%s", what, c, errOut.String())
		}
	case <-time.After(time.Minute): // a ceiling, not a speed claim
		t.Fatalf("%s: still serving a minute after SIGTERM", what)
	}
}
