package testresults

import (
	"strconv"
	"strings"
)

// goParser recognizes go test -v output (doc.go).
type goParser struct {
	pending []Result          // the results of the package being run, waiting for its name
	output  map[string]string // the first output line of each test without a result yet
	current string            // the test whose output follows
	wantOut bool              // current has no first output line yet
	// reported says current is the last of pending: its output follows its
	// result line (go test without -v, a panic).
	reported bool
}

func newGoParser() *goParser {
	return &goParser{output: map[string]string{}}
}

func (g *goParser) line(s string, out *[]Result) {
	if s == "" {
		return
	}
	switch s[0] {
	case '=':
		if name, ok := goEvent(s); ok {
			g.follow(name)
		}
	case 'o':
		if rest, ok := strings.CutPrefix(s, "ok  \t"); ok {
			g.closePackage(rest, out)
		}
	case 'F':
		if rest, ok := strings.CutPrefix(s, "FAIL\t"); ok {
			g.closePackage(rest, out)
		}
	case '-', ' ', '\t':
		trimmed := strings.TrimLeft(s, " ")
		if strings.HasPrefix(trimmed, "--- ") && g.result(trimmed) {
			return
		}
		if g.wantOut && s[0] != '-' {
			g.firstOutput(strings.TrimSpace(s))
		}
	case 'p':
		if g.wantOut && strings.HasPrefix(s, "panic: ") {
			g.firstOutput(strings.TrimSpace(s))
		}
	}
}

// goEvent reads "=== RUN   TestX" (and CONT, PAUSE, NAME): the test whose
// output the next lines are.
func goEvent(s string) (string, bool) {
	rest, ok := strings.CutPrefix(s, "=== ")
	if !ok {
		return "", false
	}
	verb, name, ok := strings.Cut(rest, " ")
	switch verb {
	case "RUN", "CONT", "PAUSE", "NAME":
	default:
		return "", false
	}
	name = strings.TrimSpace(name)
	return name, ok && name != ""
}

// follow makes name the test the next output lines belong to.
func (g *goParser) follow(name string) {
	g.current, g.reported = name, false
	_, has := g.output[name]
	g.wantOut = !has
}

// firstOutput records the current test's first output line: its message
// if it fails or skips.
func (g *goParser) firstOutput(line string) {
	if line == "" {
		return
	}
	g.wantOut = false
	if g.reported {
		g.pending[len(g.pending)-1].Message = line
		return
	}
	g.output[g.current] = line
}

// result reads "--- FAIL: TestX/sub (0.01s)" (indent removed).
func (g *goParser) result(s string) bool {
	verb, rest, ok := strings.Cut(s[len("--- "):], ": ")
	if !ok {
		return false
	}
	var status string
	switch verb {
	case "PASS":
		status = StatusPassed
	case "FAIL":
		status = StatusFailed
	case "SKIP":
		status = StatusSkipped
	default:
		return false
	}
	r := Result{Source: SourceGo, Name: rest, Status: status}
	if i := strings.LastIndex(rest, " ("); i > 0 && strings.HasSuffix(rest, "s)") {
		if secs, err := strconv.ParseFloat(rest[i+2:len(rest)-2], 64); err == nil {
			r.Name, r.Seconds, r.Timed = rest[:i], secs, true
		}
	}
	if r.Name == "" || strings.ContainsAny(r.Name, " \t") {
		return false
	}
	had := false
	if len(g.output) > 0 { // most tests print nothing
		var msg string
		if msg, had = g.output[r.Name]; had {
			delete(g.output, r.Name)
		}
		if wantsMessage(status) {
			r.Message = msg
		}
	}
	g.pending = append(g.pending, r)
	// Without -v (or after a panic), the output follows the result line.
	g.current, g.reported, g.wantOut = r.Name, true, wantsMessage(status) && !had
	return true
}

// closePackage reads "pkg\t0.01s" after "ok  \t" or "FAIL\t": the package
// the waiting results belong to.
func (g *goParser) closePackage(rest string, out *[]Result) {
	pkg := rest
	if i := strings.IndexAny(rest, "\t "); i >= 0 {
		pkg = rest[:i]
	}
	g.flush(pkg, out)
}

func (g *goParser) flush(pkg string, out *[]Result) {
	for i := range g.pending {
		g.pending[i].Suite = pkg
	}
	*out = append(*out, g.pending...)
	g.pending = g.pending[:0]
	clear(g.output)
	g.current, g.wantOut, g.reported = "", false, false
}

func (g *goParser) end(out *[]Result) { g.flush("", out) }
