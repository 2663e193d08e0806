package repl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/fakegh"
)

// TestTheTokenIsNeitherShownNorKeptInTheHistory uses the shell with a token,
// through a query, a note, an error and .rate, and looks for the token on
// the screen and in the history file.
func TestTheTokenIsNeitherShownNorKeptInTheHistory(t *testing.T) {
	const token = "ghp_historyTOKENmustNotLeak987654321"
	srv, err := fakegh.Start(fakegh.Options{ValidTokens: []string{token}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	home := t.TempDir()
	p := startPane(t, home, []string{"GH_TOKEN=" + token, "GITHUB_API_URL=" + srv.URL(), "GH_REPO=octo-org/webapp", "ACTIONSQL_NO_CACHE=1"})
	p.enter("SELECT count(*) AS n FROM jobs WHERE run_id = 9398595218;")
	p.waitFor("| 18 |")
	p.enter("SELECT * FROM jobs WHERE run_id = 1;") // a note naming where the token came from
	p.waitFor("GH_TOKEN")
	p.enter("SELECT * FROM steps;") // an error
	p.waitFor("needs job_id or run_id")
	p.enter(".rate")
	screen := p.screen()
	p.enter(".quit")
	p.waitForExit()
	if strings.Contains(screen, token) {
		t.Errorf("the screen shows the token:\n%s", screen)
	}
	history, err := os.ReadFile(filepath.Join(home, "state", "actionsql", "history"))
	if err != nil {
		t.Fatalf("no history file: %v", err)
	}
	if !strings.Contains(string(history), "run_id = 9398595218") {
		t.Fatalf("the history holds %q: the test tested nothing", history)
	}
	if strings.Contains(string(history), token) {
		t.Errorf("the history file holds the token:\n%s", history)
	}
}
