package testresults

import (
	"strconv"
	"strings"
)

// Result is one test case's result.
type Result struct {
	Source  string // "junit", "go", "pytest" or "jest"
	Suite   string // the testsuite, package, file or class; "" when not known
	Name    string
	File    string // the source file, "" when not reported
	Status  string // StatusPassed, StatusFailed, StatusSkipped or StatusError
	Seconds float64
	Timed   bool   // Seconds was reported
	Message string // the failure or skip message's first line, "" when none
}

// Statuses of a Result.
const (
	StatusPassed  = "passed"
	StatusFailed  = "failed"
	StatusSkipped = "skipped"
	StatusError   = "error"
)

// Sources of a Result.
const (
	SourceJUnit  = "junit"
	SourceGo     = "go"
	SourcePytest = "pytest"
	SourceJest   = "jest"
)

// wantsMessage reports whether a result of status s carries a message.
func wantsMessage(s string) bool { return s != StatusPassed }

// firstLine is the first line of s that is not blank, trimmed.
func firstLine(s string) string {
	for s != "" {
		line, rest, _ := strings.Cut(s, "\n")
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
		s = rest
	}
	return ""
}

// parseSeconds reads a time attribute: "0.123", "1,234.5" (some reporters
// group digits). ok is false for anything that is not a finite number.
func parseSeconds(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ",", "")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f > 1e15 || f < -1e15 {
		return 0, false
	}
	return f, true
}
