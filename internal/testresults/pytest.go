package testresults

import "strings"

// pytestParser recognizes pytest -v output (doc.go).
type pytestParser struct {
	waiting []Result       // failed and errored results, waiting for the short summary
	index   map[string]int // waiting's positions by node id
}

func newPytestParser() *pytestParser { return &pytestParser{index: map[string]int{}} }

// pytestStatuses are the outcome words pytest -v prints after a node id.
var pytestStatuses = map[string]string{
	"PASSED": StatusPassed, "FAILED": StatusFailed, "ERROR": StatusError,
	"SKIPPED": StatusSkipped, "XFAIL": StatusSkipped, "XPASS": StatusPassed,
}

func (p *pytestParser) line(s string, out *[]Result) {
	if len(s) < 4 {
		return
	}
	switch s[0] {
	case '=':
		// "==== 1 failed, 2 passed in 0.12s ====" ends a session, and a
		// new "==== test session starts ====" begins one.
		if s[len(s)-1] == '=' && (strings.Contains(s, " in ") || strings.Contains(s, "test session starts")) {
			p.end(out)
		}
		return
	case '[':
		if strings.HasPrefix(s, "[gw") {
			p.xdist(s, out)
		}
		return
	case 'F', 'E':
		if p.summary(s) {
			return
		}
	}
	if !strings.Contains(s, "::") {
		return
	}
	id, rest := splitNodeID(s)
	word, rest, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	if status, ok := pytestStatuses[word]; ok {
		p.add(id, word, status, rest, out)
	}
}

// xdist reads pytest-xdist's "[gw0] [ 12%] PASSED tests/x.py::test_a".
func (p *pytestParser) xdist(s string, out *[]Result) {
	_, rest, ok := strings.Cut(s, "] ")
	if !ok {
		return
	}
	if strings.HasPrefix(rest, "[") {
		if _, rest, ok = strings.Cut(rest, "] "); !ok {
			return
		}
	}
	word, rest, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	status, known := pytestStatuses[word]
	if !known {
		return
	}
	id, after := splitNodeID(strings.TrimLeft(rest, " "))
	p.add(id, word, status, after, out)
}

// add records one result; rest is what follows the outcome word:
// "(reason)" and the progress "[ 12%]".
func (p *pytestParser) add(id, word, status, rest string, out *[]Result) {
	file, suite, name, ok := splitPytestID(id)
	if !ok {
		return
	}
	r := Result{Source: SourcePytest, Suite: suite, Name: name, File: file, Status: status}
	if status == StatusSkipped {
		r.Message = pytestReason(rest)
	}
	if status == StatusFailed || status == StatusError {
		p.index[id] = len(p.waiting)
		p.waiting = append(p.waiting, r)
		return
	}
	*out = append(*out, r)
}

// pytestReason is the reason in "(reason)   [ 12%]".
func pytestReason(rest string) string {
	rest = strings.TrimSpace(rest)
	if strings.HasSuffix(rest, "%]") {
		if i := strings.LastIndexByte(rest, '['); i >= 0 {
			rest = strings.TrimSpace(rest[:i])
		}
	}
	if len(rest) >= 2 && rest[0] == '(' && rest[len(rest)-1] == ')' {
		return firstLine(rest[1 : len(rest)-1])
	}
	return ""
}

// summary reads a short test summary line, "FAILED tests/x.py::test_b -
// assert 1 == 2", giving a waiting result its message.
func (p *pytestParser) summary(s string) bool {
	word, rest, ok := strings.Cut(s, " ")
	if !ok || word != "FAILED" && word != "ERROR" {
		return false
	}
	id, after := splitNodeID(rest)
	msg, ok := strings.CutPrefix(after, " - ")
	if !ok {
		return strings.Contains(id, "::")
	}
	if i, found := p.index[id]; found && p.waiting[i].Message == "" {
		p.waiting[i].Message = firstLine(msg)
	}
	return true
}

func (p *pytestParser) end(out *[]Result) {
	*out = append(*out, p.waiting...)
	p.waiting = p.waiting[:0]
	clear(p.index)
}

// splitNodeID splits a line at the end of the node id it starts with: the
// first space outside the brackets of a parametrized id ("test_x[a b]").
func splitNodeID(s string) (id, rest string) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case ' ':
			if depth == 0 {
				return s[:i], s[i:]
			}
		}
	}
	return s, ""
}

// splitPytestID splits "tests/test_x.py::TestY::test_z[1-2]" into the
// file, the suite (the file with its classes) and the test's name. The
// parameters in brackets may hold "::" themselves.
func splitPytestID(id string) (file, suite, name string, ok bool) {
	file, _, ok = strings.Cut(id, "::")
	if !ok || file == "" {
		return "", "", "", false
	}
	head := id
	if i := strings.IndexByte(id[len(file):], '['); i >= 0 {
		head = id[:len(file)+i]
	}
	cut := strings.LastIndex(head, "::")
	suite, name = id[:cut], id[cut+2:]
	return file, suite, name, name != ""
}
