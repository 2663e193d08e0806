package examples_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/repl"
)

// These tests hold every query a new user is shown (the bundled examples,
// the README's SQL blocks and --demo commands, the examples of --help) to
// running as shown on --demo: exit status 0, rows, and no note or error.
// An actionsql serve command must serve a query and stop on SIGTERM.

// noEnv is an environment with nothing set: a newcomer's machine.
type noEnv struct{}

func (noEnv) Getenv(string) string               { return "" }
func (noEnv) GhAuthToken(string) (string, error) { return "", nil }
func (noEnv) GitOriginURL() (string, error)      { return "", nil }

// command is one actionsql invocation as a user would type it.
type command struct {
	args  []string
	stdin string
}

func runOnDemo(t *testing.T, what string, c command) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(c.args, noEnv{}, repl.Streams{In: strings.NewReader(c.stdin), Out: &out, Err: &errOut})
	switch {
	case code != 0:
		t.Errorf("%s: exit %d, stderr:\n%s", what, code, errOut.String())
	case !hasRows(out.String()):
		t.Errorf("%s: no rows; output %q, stderr %q", what, out.String(), errOut.String())
	case strings.Contains(errOut.String(), "actionsql:"):
		t.Errorf("%s: stderr is not clean:\n%s", what, errOut.String())
	}
}

func TestEveryBundledExampleReturnsRowsWithoutANote(t *testing.T) {
	inTempDir(t)
	all := examples.All()
	if len(all) < 5 {
		t.Fatalf("found %d examples, want at least 5", len(all))
	}
	for _, e := range all {
		if e.Title == strings.TrimSuffix(e.File, ".sql") {
			t.Errorf("%s: its first line should be a -- title comment", e.File)
		}
		runOnDemo(t, e.File, command{args: []string{"--demo"}, stdin: e.SQL})
	}
}

func TestEveryREADMEQueryRunsAsShown(t *testing.T) {
	root := inTempDir(t)
	readme := readFile(t, filepath.Join(root, "README.md"))
	blocks := regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllStringSubmatch(readme, -1)
	if len(blocks) < 5 {
		t.Fatalf("found %d sql blocks in README.md, want at least 5", len(blocks))
	}
	for i, b := range blocks {
		runOnDemo(t, "README sql block "+strconv.Itoa(i+1)+":\n"+b[1], command{args: []string{"--demo"}, stdin: b[1]})
	}
	lines := demoCommandLines(readme)
	if len(lines) < 3 {
		t.Fatalf("found %d --demo commands in README.md, want at least 3", len(lines))
	}
	for _, line := range lines {
		c := parseCommand(t, root, line, "./actionsql")
		if len(c.args) > 0 && c.args[0] == "serve" {
			serveOnDemo(t, "README: "+line, c) // runs until stopped
			continue
		}
		runOnDemo(t, "README: "+line, c)
	}
}

func TestEveryHelpExampleRunsAsShown(t *testing.T) {
	root := inTempDir(t)
	var out bytes.Buffer
	cli.Main([]string{"--help"}, noEnv{}, repl.Streams{In: strings.NewReader(""), Out: &out, Err: &out})
	_, examplesPart, ok := strings.Cut(out.String(), "\nExamples:\n")
	if !ok {
		t.Fatalf("--help has no Examples: section:\n%s", out.String())
	}
	var n int
	for _, line := range strings.Split(examplesPart, "\n") {
		if !strings.HasPrefix(line, "  ") {
			break
		}
		n++
		// The help is read by someone who already runs the binary, by
		// whatever name: it may call it plain actionsql.
		runOnDemo(t, "--help: "+line, parseCommand(t, root, strings.TrimSpace(line), "actionsql"))
	}
	if n < 2 {
		t.Errorf("--help shows %d examples, want at least 2", n)
	}
}

// demoCommandLines returns the --demo commands of the README: the lines of
// its sh blocks and its inline `code` that run actionsql with --demo.
func demoCommandLines(readme string) []string {
	var found []string
	candidates := regexp.MustCompile("`([^`\n]+)`").FindAllStringSubmatch(readme, -1)
	for _, b := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		for _, line := range strings.Split(b[1], "\n") {
			candidates = append(candidates, []string{line, line})
		}
	}
	for _, c := range candidates {
		for _, part := range strings.Split(c[1], "&&") {
			if strings.Contains(part, "--demo") && (strings.Contains(part, "actionsql ") || strings.Contains(part, "go run . ")) {
				found = append(found, strings.TrimSpace(part))
			}
		}
	}
	return found
}

// parseCommand reads a command line the way sh would for the forms the
// documentation uses: quoted words, `echo TEXT | actionsql ARGS`, and
// `actionsql ARGS < FILE` (FILE relative to the repository). The command
// must be program or `go run .`: the README's commands follow its
// `go build -o actionsql .`, which leaves actionsql in the current
// directory, not on PATH, so they must say ./actionsql.
func parseCommand(t *testing.T, root, line, program string) command {
	t.Helper()
	words := shellWords(t, line)
	var c command
	if len(words) > 2 && words[0] == "echo" && words[2] == "|" {
		c.stdin, words = words[1]+"\n", words[3:]
	}
	switch {
	case len(words) > 0 && words[0] == program:
		words = words[1:]
	case len(words) > 2 && words[0] == "go" && words[1] == "run" && words[2] == ".":
		words = words[3:]
	default:
		t.Fatalf("%q: not a command that runs actionsql here: want %s or go run .", line, program)
	}
	if n := len(words); n >= 2 && words[n-2] == "<" {
		c.stdin, words = readFile(t, filepath.Join(root, words[n-1])), words[:n-2]
	}
	c.args = words
	return c
}

// shellWords splits a line at blanks, honouring '...' and "..." quotes
// (with \" and \\ inside the latter); | and < stand alone.
func shellWords(t *testing.T, line string) []string {
	var (
		words []string
		word  strings.Builder
		in    bool
	)
	flush := func() {
		if in {
			words, in = append(words, word.String()), false
			word.Reset()
		}
	}
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			flush()
		case c == '|' || c == '<':
			flush()
			words = append(words, string(c))
		case c == '\'':
			end := strings.IndexByte(line[i+1:], '\'')
			if end < 0 {
				t.Fatalf("%q: unclosed '", line)
			}
			word.WriteString(line[i+1 : i+1+end])
			i, in = i+1+end, true
		case c == '"':
			i, in = readDoubleQuoted(t, line, i+1, &word), true
		default:
			word.WriteByte(c)
			in = true
		}
	}
	flush()
	return words
}

// readDoubleQuoted copies the "..." text starting at i into word and
// returns the index of the closing quote.
func readDoubleQuoted(t *testing.T, line string, i int, word *strings.Builder) int {
	for ; i < len(line); i++ {
		switch {
		case line[i] == '"':
			return i
		case line[i] == '\\' && i+1 < len(line) && strings.IndexByte(`"\$`, line[i+1]) >= 0:
			i++
		}
		word.WriteByte(line[i])
	}
	t.Fatalf("%q: unclosed \"", line)
	return i
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// hasRows reports whether output holds a result with rows: a header and a
// row, or a JSON array that is not empty.
func hasRows(out string) bool {
	if strings.HasPrefix(out, "[") {
		return strings.HasPrefix(out, "[{")
	}
	return strings.Count(strings.TrimSpace(out), "\n") >= 1
}

// inTempDir runs the rest of the test in an empty directory, so that
// nothing a command writes lands in the repository, and returns the
// repository's absolute path.
func inTempDir(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	return root
}
