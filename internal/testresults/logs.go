package testresults

import "fmt"

// LogParser recognizes test results in a job log's lines. Feed it each
// line's content (Line), then End; take the results with Next as they
// come. A LogParser is not safe for concurrent use.
type LogParser struct {
	parsers []lineParser
	out     []Result
	head    int // the next result Next returns
}

// lineParser is one runner's format.
type lineParser interface {
	line(s string, out *[]Result)
	end(out *[]Result) // the log ended: whatever waits is complete
}

// LogSources are the sources a LogParser recognizes, in the order it
// tries them.
var LogSources = []string{SourceGo, SourcePytest, SourceJest}

// NewLogParser recognizes the results of the sources named (of
// LogSources), or of all of them when none is named.
func NewLogParser(sources ...string) (*LogParser, error) {
	if len(sources) == 0 {
		sources = LogSources
	}
	p := &LogParser{}
	for _, s := range sources {
		switch s {
		case SourceGo:
			p.parsers = append(p.parsers, newGoParser())
		case SourcePytest:
			p.parsers = append(p.parsers, newPytestParser())
		case SourceJest:
			p.parsers = append(p.parsers, newJestParser())
		default:
			return nil, fmt.Errorf("no log parser for source %q (known: go, pytest, jest)", s)
		}
	}
	return p, nil
}

// Line reads one line's content: the text after its timestamp, with log
// command marks and ANSI escape sequences removed.
func (p *LogParser) Line(content string) {
	for _, lp := range p.parsers {
		lp.line(content, &p.out)
	}
}

// End says the log ended, completing the results that wait for a line
// that will never come (a package with no "ok" line: its suite is "").
func (p *LogParser) End() {
	for _, lp := range p.parsers {
		lp.end(&p.out)
	}
}

// Next returns the next complete result, false when none is ready yet.
func (p *LogParser) Next() (Result, bool) {
	if p.head == len(p.out) {
		p.out, p.head = p.out[:0], 0
		return Result{}, false
	}
	r := p.out[p.head]
	p.out[p.head] = Result{}
	p.head++
	return r, true
}
