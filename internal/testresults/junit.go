package testresults

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ErrNotJUnit says a well-formed XML document is not a JUnit report: its
// root element is neither testsuites nor testsuite.
var ErrNotJUnit = errors.New("not a JUnit report")

// JUnitReader streams the test cases of one JUnit XML report.
type JUnitReader struct {
	d      *xml.Decoder
	suites []string // names of the testsuite elements enclosing the cursor
	rooted bool     // the root element was seen (and is JUnit's)
	err    error    // sticky
}

// NewJUnitReader reads a report from r. A UTF-8 byte-order mark is skipped;
// an ISO-8859-1 (Latin-1) or US-ASCII declaration is honoured.
func NewJUnitReader(r io.Reader) *JUnitReader {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	d := xml.NewDecoder(br)
	d.CharsetReader = charsetReader
	return &JUnitReader{d: d}
}

// Next returns the next test case, io.EOF after the last. A document that
// is not well-formed gives an error naming the line; one whose root is not
// JUnit's gives ErrNotJUnit before any result.
func (j *JUnitReader) Next() (Result, error) {
	for j.err == nil {
		tok, err := j.d.Token()
		if err != nil {
			j.fail(err)
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if r, ok := j.start(t); ok {
				return r, nil
			}
		case xml.EndElement:
			if t.Name.Local == "testsuite" && len(j.suites) > 0 {
				j.suites = j.suites[:len(j.suites)-1]
			}
		}
	}
	return Result{}, j.err
}

// fail records why reading stopped: the end of a JUnit document, or an
// error that says where.
func (j *JUnitReader) fail(err error) {
	switch {
	case err == io.EOF && !j.rooted:
		j.err = fmt.Errorf("%w: the document has no root element", ErrNotJUnit)
	case err == io.EOF:
		j.err = io.EOF
	default:
		var syn *xml.SyntaxError
		if errors.As(err, &syn) {
			err = fmt.Errorf("not well-formed XML: line %d: %s", syn.Line, syn.Msg)
		}
		j.err = err
	}
}

// start handles an element's start tag: the root's check, a suite's name,
// or a whole test case.
func (j *JUnitReader) start(t xml.StartElement) (Result, bool) {
	if !j.rooted {
		if t.Name.Local != "testsuites" && t.Name.Local != "testsuite" {
			j.err = fmt.Errorf("%w: its root element is <%s>", ErrNotJUnit, t.Name.Local)
			return Result{}, false
		}
		j.rooted = true
	}
	switch t.Name.Local {
	case "testsuite":
		j.suites = append(j.suites, attr(t, "name"))
	case "testcase":
		r, err := j.testcase(t)
		if err != nil {
			j.fail(err)
			return Result{}, false
		}
		return r, true
	}
	return Result{}, false
}

// testcase reads one test case to its end tag.
func (j *JUnitReader) testcase(t xml.StartElement) (Result, error) {
	r := Result{Source: SourceJUnit, Name: attr(t, "name"), File: attr(t, "file"), Status: StatusPassed}
	if r.Suite = attr(t, "classname"); r.Suite == "" && len(j.suites) > 0 {
		r.Suite = j.suites[len(j.suites)-1]
	}
	r.Seconds, r.Timed = parseSeconds(attr(t, "time"))
	depth := 0
	var text *lineKeeper // the text of the outcome element, when its message is wanted
	for {
		tok, err := j.d.Token()
		if err != nil {
			if err == io.EOF {
				err = errors.New("not well-formed XML: the document ends inside a testcase")
			}
			return r, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 && r.Status == StatusPassed {
				if status, ok := outcomes[t.Name.Local]; ok {
					r.Status = status
					if r.Message = firstLine(attr(t, "message")); r.Message == "" {
						text = &lineKeeper{}
					}
				}
			}
		case xml.CharData:
			if text != nil && depth == 1 {
				text.add(t)
			}
		case xml.EndElement:
			if depth == 0 {
				return r, nil
			}
			if depth == 1 && text != nil {
				r.Message = firstLine(string(text.b))
				text = nil
			}
			depth--
		}
	}
}

// outcomes are the children of a testcase that say it did not pass.
var outcomes = map[string]string{"failure": StatusFailed, "error": StatusError, "skipped": StatusSkipped}

// lineKeeper keeps an element's text until its first line that is not
// blank is complete: only a message's first line is wanted, however long
// the stack trace after it.
type lineKeeper struct {
	b    []byte
	done bool
}

func (k *lineKeeper) add(text []byte) {
	if k.done {
		return
	}
	k.b = append(k.b, text...)
	lead := len(k.b) - len(bytes.TrimLeft(k.b, " \t\r\n"))
	if end := bytes.IndexByte(k.b[lead:], '\n'); end >= 0 {
		k.b, k.done = k.b[:lead+end], true
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// charsetReader decodes the single-byte encodings a report may declare
// besides UTF-8.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		return latin1Reader{bufio.NewReader(input)}, nil
	case "us-ascii", "ascii", "utf8":
		return input, nil
	}
	return nil, fmt.Errorf("encoding %q is not supported (UTF-8, ISO-8859-1 and US-ASCII are)", charset)
}

// latin1Reader converts ISO-8859-1 to UTF-8.
type latin1Reader struct{ r *bufio.Reader }

func (l latin1Reader) Read(p []byte) (int, error) {
	n := 0
	for n+utf8.UTFMax <= len(p) {
		c, err := l.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		n += utf8.EncodeRune(p[n:], rune(c))
	}
	if n == 0 {
		return 0, io.ErrShortBuffer
	}
	return n, nil
}
