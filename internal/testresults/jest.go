package testresults

import (
	"strconv"
	"strings"
)

// jestParser recognizes jest --verbose output (doc.go).
type jestParser struct {
	file    string    // the test file whose output this is; "" outside one
	titles  []titleAt // the describe titles above the next test, by indentation
	blocks  bool      // the file's "●" failure blocks have begun
	waiting []Result  // the file's failed tests, waiting for their blocks
	index   map[string]int
	block   int // the waiting result whose block's first line comes next; -1 for none
}

// titleAt is a describe title and its indentation.
type titleAt struct {
	indent int
	title  string
}

func newJestParser() *jestParser { return &jestParser{index: map[string]int{}, block: -1} }

// jestIcons are the marks before a test's title, as jest-util's
// specialChars has them (√ and × are Windows').
var jestIcons = []struct{ icon, status string }{
	{"✓ ", StatusPassed}, {"√ ", StatusPassed},
	{"✕ ", StatusFailed}, {"× ", StatusFailed},
	{"○ ", StatusSkipped}, {"✎ ", StatusSkipped},
}

func (j *jestParser) line(s string, out *[]Result) {
	if s == "" {
		return
	}
	if s[0] == ' ' || s[0] == 'P' || s[0] == 'F' {
		// " PASS  src/a.test.js (1.2 s)": jest's label has a space each side.
		if file, ok := jestHeader(strings.TrimPrefix(s, " ")); ok {
			j.end(out)
			j.file = file
			return
		}
	}
	if j.file == "" {
		return
	}
	indent := 0
	for indent < len(s) && s[indent] == ' ' {
		indent++
	}
	if indent == len(s) {
		return // blank
	}
	if indent == 0 {
		j.end(out) // "Test Suites: ...", or anything else: the file's output is over
		return
	}
	t := s[indent:]
	if t[0] >= 0x80 && j.test(indent, t, out) {
		return
	}
	switch {
	case strings.HasPrefix(t, "● "):
		j.blocks = true
		j.block = -1
		if i, ok := j.index[t[len("● "):]]; ok && j.waiting[i].Message == "" {
			j.block = i
		}
	case j.block >= 0:
		j.waiting[j.block].Message = strings.TrimSpace(t)
		j.block = -1
	case !j.blocks:
		for len(j.titles) > 0 && j.titles[len(j.titles)-1].indent >= indent {
			j.titles = j.titles[:len(j.titles)-1]
		}
		j.titles = append(j.titles, titleAt{indent, strings.TrimRight(t, " ")})
	}
}

// jestHeader reads "PASS  src/a.test.js (1.2 s)" (a project's display name
// may stand between the label and the file).
func jestHeader(s string) (string, bool) {
	rest, ok := strings.CutPrefix(s, "PASS ")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "FAIL "); !ok {
			return "", false
		}
	}
	rest = strings.TrimSpace(rest)
	if _, _, timed := jestDuration(rest); timed {
		rest = strings.TrimSpace(rest[:strings.LastIndex(rest, " (")])
	}
	if i := strings.LastIndexByte(rest, ' '); i >= 0 {
		rest = rest[i+1:]
	}
	return rest, rest != "" && !strings.ContainsAny(rest, "\t")
}

// test reads "✓ title (5 ms)" at indent.
func (j *jestParser) test(indent int, t string, out *[]Result) bool {
	status := ""
	for _, ic := range jestIcons {
		if strings.HasPrefix(t, ic.icon) {
			status, t = ic.status, t[len(ic.icon):]
			// jest 27 and later say why a test did not run.
			switch ic.icon {
			case "✎ ":
				t = strings.TrimPrefix(t, "todo ")
			case "○ ":
				t = strings.TrimPrefix(t, "skipped ")
			}
			break
		}
	}
	if status == "" || j.blocks {
		return false
	}
	r := Result{Source: SourceJest, Suite: j.file, File: j.file, Status: status}
	title := strings.TrimRight(t, " ")
	if secs, cut, ok := jestDuration(title); ok {
		r.Seconds, r.Timed, title = secs, true, title[:cut]
	}
	var name strings.Builder
	for _, d := range j.titles {
		if d.indent < indent {
			name.WriteString(d.title)
			name.WriteString(" › ")
		}
	}
	name.WriteString(title)
	r.Name = name.String()
	if status == StatusFailed {
		j.index[r.Name] = len(j.waiting)
		j.waiting = append(j.waiting, r)
		return true
	}
	*out = append(*out, r)
	return true
}

// jestDuration reads the " (5 ms)" that ends s: its seconds, and where it
// starts.
func jestDuration(s string) (secs float64, start int, ok bool) {
	if !strings.HasSuffix(s, ")") {
		return 0, 0, false
	}
	start = strings.LastIndex(s, " (")
	if start < 0 {
		return 0, 0, false
	}
	num, unit, found := strings.Cut(s[start+2:len(s)-1], " ")
	scale, known := jestUnits[unit]
	v, err := strconv.ParseFloat(num, 64)
	if !found || !known || err != nil {
		return 0, 0, false
	}
	return v / scale, start, true
}

// jestUnits are the units of jest-util's formatTime, as parts of a second.
var jestUnits = map[string]float64{"ns": 1e9, "μs": 1e6, "ms": 1e3, "s": 1}

func (j *jestParser) end(out *[]Result) {
	*out = append(*out, j.waiting...)
	j.waiting = j.waiting[:0]
	clear(j.index)
	j.file, j.titles, j.blocks, j.block = "", j.titles[:0], false, -1
}
