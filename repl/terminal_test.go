package repl

// These tests run the actionsql binary in a real pseudo-terminal, a tmux
// pane, and look at the screen as a user would: liner, signals and the
// terminal's modes only show their behaviour there.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actionsql/actionsql/internal/fakegh"
)

var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// actionsqlBinary builds the command once for all the tests.
func actionsqlBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the actionsql binary")
	}
	binary.once.Do(func() {
		if binary.dir, binary.err = os.MkdirTemp("", "actionsql-repl-test-"); binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "actionsql")
		out, err := exec.Command("go", "build", "-o", binary.path, "github.com/actionsql/actionsql").CombinedOutput()
		if err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// pane is actionsql running in a tmux pane of 200 by 50 characters, on a
// tmux server of its own.
type pane struct {
	t      *testing.T
	socket string
}

const paneName = "actionsql"

// startPane runs actionsql with args in a new pane; home is its $HOME and
// holds its history under state/.
func startPane(t *testing.T, home string, env []string, args ...string) *pane {
	t.Helper()
	bin := actionsqlBinary(t)
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install tmux)")
	}
	// A short socket path: Unix sockets allow about 100 bytes.
	dir, err := os.MkdirTemp("", "tmux")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	p := &pane{t: t, socket: filepath.Join(dir, "s")}
	command := shellQuote(append([]string{bin}, args...))
	cmd := exec.Command("tmux", "-S", p.socket, "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50", "-s", paneName, command)
	cmd.Env = append(cleanEnv(), "HOME="+home, "XDG_STATE_HOME="+filepath.Join(home, "state"), "TERM=xterm-256color")
	cmd.Env = append(cmd.Env, env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("start tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "-S", p.socket, "kill-server").Run() })
	p.waitFor("actionsql> ")
	return p
}

// cleanEnv is the test's environment without what would change actionsql's
// behaviour: a token, a repository, its own settings, a pager.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GH_") || strings.HasPrefix(name, "GITHUB_") || strings.HasPrefix(name, "ACTIONSQL_") ||
			strings.HasPrefix(name, "XDG_") || name == "HOME" || name == "PAGER" || name == "TMUX" {
			continue
		}
		env = append(env, kv)
	}
	return env
}

func shellQuote(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(quoted, " ")
}

func (p *pane) tmux(args ...string) (string, error) {
	out, err := exec.Command("tmux", append([]string{"-S", p.socket}, args...)...).CombinedOutput()
	return string(out), err
}

// typeText types text as it is, without pressing Enter.
func (p *pane) typeText(text string) {
	p.t.Helper()
	// tmux reads an argument's final ';' as the end of its command.
	if strings.HasSuffix(text, ";") {
		text = strings.TrimSuffix(text, ";") + `\;`
	}
	if out, err := p.tmux("send-keys", "-t", paneName, "-l", text); err != nil {
		p.t.Fatalf("type %q: %v %s", text, err, out)
	}
}

// press presses keys named as tmux names them: Enter, Tab, Up, C-c, C-d.
func (p *pane) press(keys ...string) {
	p.t.Helper()
	if out, err := p.tmux(append([]string{"send-keys", "-t", paneName}, keys...)...); err != nil {
		p.t.Fatalf("press %q: %v %s", keys, err, out)
	}
}

// enter types a line and presses Enter.
func (p *pane) enter(line string) {
	p.t.Helper()
	p.typeText(line)
	p.press("Enter")
}

func (p *pane) screen() string {
	out, _ := p.tmux("capture-pane", "-p", "-J", "-t", paneName)
	return out
}

// eventTimeout bounds the wait for something a test expects on the screen
// or from the shell: a ceiling a loaded machine never reaches, not a speed
// claim.
const eventTimeout = 30 * time.Second

// waitFor waits until the screen shows text (a regular expression when it
// starts with "(?") and returns the screen.
func (p *pane) waitFor(text string) string {
	p.t.Helper()
	match := func(s string) bool { return strings.Contains(s, text) }
	if strings.HasPrefix(text, "(?") {
		match = regexp.MustCompile(text).MatchString
	}
	deadline := time.Now().Add(eventTimeout)
	for {
		s := p.screen()
		if match(s) {
			return s
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("the screen never showed %q:\n%s", text, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitForExit waits until actionsql has quit (its pane, and tmux, end).
func (p *pane) waitForExit() {
	p.t.Helper()
	deadline := time.Now().Add(eventTimeout)
	for {
		if _, err := p.tmux("has-session", "-t", paneName); err != nil {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("actionsql did not quit:\n%s", p.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestTerminalRunsAStatementTypedOverSeveralLines(t *testing.T) {
	p := startPane(t, t.TempDir(), nil, "--demo")
	banner := p.screen()
	for _, want := range []string{"actionsql 0.1.0", "repository: octo-org/webapp", "token:      not needed for the demo", "Enter .help for usage hints."} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	p.enter("SELECT name, conclusion")
	p.waitFor("      ...> ")
	p.enter(fmt.Sprintf("FROM jobs WHERE run_id = %d AND run_attempt = 1 AND conclusion = 'failure';", fakegh.FlakyRunID))
	screen := p.waitFor(`(?m)^\| test \(macos-14, 3\.12\) \| failure\s+\|$`)
	if !regexp.MustCompile(`(?m)^\+-+\+-+\+\n\|\s+name\s+\|\s+conclusion\s+\|$`).MatchString(screen) {
		t.Errorf("want a table with a header:\n%s", screen)
	}
	// The prompt comes back just after the result: wait for it rather
	// than catch the screen between the two.
	p.waitFor(`(?s)\| failure\s+\|.*\nactionsql> \s*$`)
}

func TestTerminalTabCompletesAColumnName(t *testing.T) {
	p := startPane(t, t.TempDir(), nil, "--demo")
	p.typeText("SELECT concl")
	p.press("Tab")
	p.waitFor("actionsql> SELECT conclusion")
	p.typeText(" FROM job_")
	p.press("Tab")
	p.waitFor("actionsql> SELECT conclusion FROM job_logs")
}

func TestTerminalCtrlCCancelsARunningQuery(t *testing.T) {
	// An API that never answers: only cancelling the request ends the query.
	requests, cancelled := make(chan struct{}, 10), make(chan time.Time, 10)
	release := make(chan struct{}) // lets a request that was never cancelled go, so that Close returns
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests <- struct{}{}
		select {
		case <-r.Context().Done():
			cancelled <- time.Now()
		case <-release:
		}
	}))
	defer api.Close()
	defer close(release)
	p := startPane(t, t.TempDir(), []string{"GH_TOKEN=unused"}, "--api-url", api.URL, "--repo", "octo/app")

	p.enter("SELECT * FROM jobs WHERE run_id = 1;")
	<-requests
	p.waitFor("fetching… 1 request, 0 logs, 0 B") // the progress line, after 300 ms
	pressed := time.Now()
	p.press("C-c")
	screen := p.waitFor("(?m)^Interrupted\nactionsql> $")
	t.Logf("the prompt came back %v after Ctrl-C", time.Since(pressed))
	select {
	case at := <-cancelled:
		t.Logf("the API request was cancelled %v after Ctrl-C", at.Sub(pressed))
	case <-time.After(eventTimeout):
		t.Errorf("the API request in flight was not cancelled %v after Ctrl-C", eventTimeout)
	}
	if strings.Contains(screen, "fetching") {
		t.Errorf("the progress line was left on the screen:\n%s", screen)
	}
	// The shell goes on.
	p.enter("SELECT 'still here' AS s;")
	p.waitFor("| still here |")
}

func TestTerminalCtrlCAtThePromptSaysHowToQuitAndCtrlDQuits(t *testing.T) {
	p := startPane(t, t.TempDir(), nil, "--demo")
	p.press("C-c")
	p.waitFor("Use .quit or Ctrl-D to exit.\nactionsql> ")
	p.typeText("SELECT 1")
	p.press("Enter")
	p.waitFor("      ...> ")
	p.press("C-c") // drops the unfinished statement
	p.waitFor("      ...> ^C\nactionsql> ")
	p.press("C-d")
	p.waitForExit()
}

func TestTerminalHistorySurvivesARestart(t *testing.T) {
	home := t.TempDir()
	p := startPane(t, home, nil, "--demo")
	p.enter("SELECT 41 + 1")
	p.enter("  AS answer;")
	p.waitFor("|     42 |")
	p.enter(".quit")
	p.waitForExit()

	file := filepath.Join(home, "state", "actionsql", "history")
	info, err := os.Stat(file)
	if err != nil {
		t.Fatalf("no history file: %v", err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("history file mode %v, want -rw------- (queries may name private repositories)", mode)
	}
	if got := string(read(t, file)); got != "SELECT 41 + 1 AS answer;\n.quit\n" {
		t.Errorf("history file holds %q", got)
	}

	p = startPane(t, home, nil, "--demo")
	p.press("Up", "Up")
	p.waitFor("actionsql> SELECT 41 + 1 AS answer;")
	p.press("C-u")
	p.press("C-r")
	p.typeText("answer")
	p.waitFor("(reverse-i-search)`answer': SELECT 41 + 1 AS answer;")
}

func TestTerminalJSONModePrintsJSON(t *testing.T) {
	p := startPane(t, t.TempDir(), nil, "--demo")
	p.enter(".mode json")
	p.enter(fmt.Sprintf("SELECT name, conclusion FROM jobs WHERE run_id = %d AND run_attempt = 1 ORDER BY name;", fakegh.FlakyRunID))
	result := `(?ms)^\[\{.*\}\]$`
	line := regexp.MustCompile(result).FindString(p.waitFor(result))
	var rows []map[string]any
	if err := json.Unmarshal([]byte(line), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, line)
	}
	if len(rows) != 9 || rows[0]["name"] != "build" {
		t.Errorf("got %v, want the 9 jobs of attempt 1", rows)
	}
}

func TestTerminalPagerPagesOnlyResultsTallerThanTheScreen(t *testing.T) {
	p := startPane(t, t.TempDir(), []string{"PAGER=sed 's/^/paged: /'"}, "--demo")
	p.enter(".pager on")
	p.enter("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT i FROM n;")
	p.waitFor("paged: | 100 |")
	p.enter("SELECT 'short' AS s;")
	screen := p.waitFor("| short |")
	if strings.Contains(screen, "paged: | short |") {
		t.Errorf("a short result went through the pager:\n%s", screen)
	}
}

func TestPipedInputShowsNoPrompt(t *testing.T) {
	cmd := exec.Command(actionsqlBinary(t), "--demo")
	cmd.Stdin = strings.NewReader("SELECT 1;\n")
	cmd.Env = append(cleanEnv(), "HOME="+t.TempDir())
	out, err := cmd.Output()
	if err != nil || string(out) != "1\n1\n" {
		t.Errorf("got %q, %v; want the result alone", out, err)
	}
}
