package repl

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTerminalChartFillsThePane draws a chart in a real terminal (a tmux
// pane of 200×50): the shell asks the terminal its size, and the chart
// takes all of it but the line of the next prompt, in colours.
func TestTerminalChartFillsThePane(t *testing.T) {
	p := startPane(t, t.TempDir(), nil, "--demo")
	p.enter("SELECT date(created_at) AS day, count(*) AS runs, sum(conclusion = 'failure') AS failures FROM runs GROUP BY day ORDER BY day DESC LIMIT 30;")
	p.waitFor("(?s)\\|\\s+day\\s+\\|.*\\nactionsql> \\s*$")
	p.enter(".chart line")
	screen := p.waitFor("(?s)runs, failures by day.*\\nactionsql> \\s*$")
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) != 50 {
		t.Fatalf("the screen has %d lines, want 50:\n%s", len(lines), screen)
	}
	chart := lines[:49]
	if !strings.HasPrefix(chart[0], "runs, failures by day") {
		t.Errorf("the chart does not start at the top of the pane with its title:\n%s", screen)
	}
	if !strings.Contains(chart[1], "━ runs") || !strings.Contains(chart[1], "━ failures") {
		t.Errorf("legend %q lacks the series", chart[1])
	}
	braille := 0
	for _, l := range chart {
		if n := utf8.RuneCountInString(strings.TrimRight(l, " ")); n > 200 {
			t.Errorf("a line of %d characters is wider than the pane: %q", n, l)
		}
		for _, r := range l {
			if r > 0x2800 && r <= 0x28ff {
				braille++
			}
		}
	}
	if braille < 100 {
		t.Errorf("%d braille characters, want the lines drawn in braille:\n%s", braille, screen)
	}
	if !strings.Contains(chart[len(chart)-1], "2026-09-") {
		t.Errorf("the last line %q has no dates under the time axis", chart[len(chart)-1])
	}
	// The series have the colours the legend gives them.
	colored, _ := p.tmux("capture-pane", "-p", "-e", "-t", paneName)
	for _, code := range []string{"\x1b[34m━", "\x1b[32m━"} {
		if !strings.Contains(colored, code) {
			t.Errorf("the legend lacks the colour %q", code)
		}
	}

	p.enter(".chart bar")
	screen = p.waitFor("(?s)█ runs.*\\nactionsql> \\s*$")
	lines = strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) != 50 || strings.Count(screen, "█") < 100 || !strings.Contains(lines[48], "2026-09-01") || !strings.Contains(lines[48], "2026-09-29") {
		t.Errorf("want bars in blocks over dates from 2026-09-01 to 2026-09-29 (every other one labelled):\n%s", screen)
	}
}
