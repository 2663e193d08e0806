package testresults

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// parseLog runs a LogParser of sources over text, line by line.
func parseLog(t *testing.T, text string, sources ...string) []Result {
	t.Helper()
	p, err := NewLogParser(sources...)
	if err != nil {
		t.Fatal(err)
	}
	var got []Result
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		p.Line(sc.Text())
		for r, ok := p.Next(); ok; r, ok = p.Next() {
			got = append(got, r)
		}
	}
	p.End()
	for r, ok := p.Next(); ok; r, ok = p.Next() {
		got = append(got, r)
	}
	return got
}

// sameResults fails t unless got is want, naming the first difference.
func sameResults(t *testing.T, want, got []Result) {
	t.Helper()
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = fmt.Sprintf("%+v", want[i])
		}
		if i < len(got) {
			g = fmt.Sprintf("%+v", got[i])
		}
		if w != g {
			t.Errorf("result %d of %d (want %d):\n got  %s\n want %s", i+1, len(got), len(want), g, w)
			return
		}
	}
	if !reflect.DeepEqual(want, got) && len(want)+len(got) > 0 {
		t.Errorf("results differ: got %+v, want %+v", got, want)
	}
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// res builds an expected result; secs < 0 means no duration.
func res(source, suite, name, file, status string, secs float64, msg string) Result {
	r := Result{Source: source, Suite: suite, Name: name, File: file, Status: status, Message: msg}
	if secs >= 0 {
		r.Seconds, r.Timed = secs, true
	}
	return r
}

func TestGoTest(t *testing.T) {
	const cart, checkout = "example.com/shop/cart", "example.com/shop/checkout"
	g := func(suite, name, status, msg string) Result { return res(SourceGo, suite, name, "", status, 0, msg) }
	tests := []struct {
		name, fixture string
		want          []Result
	}{
		{"go test -v, as printed by Go 1.26", "go-test-v.txt", []Result{
			g(cart, "TestPass", StatusPassed, ""),
			g(cart, "TestFail", StatusFailed, "cart_test.go:8: first line of output"),
			g(cart, "TestSkip", StatusSkipped, "cart_test.go:12: needs a database"),
			g(cart, "TestSub", StatusFailed, ""),
			g(cart, "TestSub/ok", StatusPassed, ""),
			g(cart, "TestSub/bad_case", StatusFailed, "cart_test.go:16: boom"),
			g(cart, "TestSub/nested", StatusPassed, ""),
			g(cart, "TestSub/nested/deep", StatusSkipped, "cart_test.go:18:"),
			g(cart, "TestParallel1", StatusFailed, "cart_test.go:22: parallel failure"),
			g(cart, "TestParallel2", StatusPassed, ""),
			g(checkout, "TestTotal", StatusPassed, ""),
			g(checkout, "TestPanics", StatusFailed, "panic: assignment to entry in nil map [recovered, repanicked]"),
		}},
		{"go test without -v prints failures only", "go-test.txt", []Result{
			g(cart, "TestFail", StatusFailed, "cart_test.go:8: first line of output"),
			g(cart, "TestSub", StatusFailed, ""),
			g(cart, "TestSub/bad_case", StatusFailed, "cart_test.go:16: boom"),
			g(cart, "TestParallel1", StatusFailed, "cart_test.go:22: parallel failure"),
			g(checkout, "TestPanics", StatusFailed, "panic: assignment to entry in nil map [recovered, repanicked]"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sameResults(t, tt.want, parseLog(t, fixture(t, tt.fixture), SourceGo))
		})
	}
}

func TestGoTestShapes(t *testing.T) {
	tests := []struct {
		name, log string
		want      []Result
	}{
		{"durations", "=== RUN   TestSlow\n--- PASS: TestSlow (12.34s)\nok  \tex.com/p\t12.4s\n",
			[]Result{res(SourceGo, "ex.com/p", "TestSlow", "", StatusPassed, 12.34, "")}},
		{"a cached package and coverage", "--- PASS: TestA (0.00s)\nok  \tex.com/p\t(cached)\tcoverage: 80.0% of statements\n",
			[]Result{res(SourceGo, "ex.com/p", "TestA", "", StatusPassed, 0, "")}},
		{"results wait for their package's line", "--- PASS: TestA (0.10s)\nok  \tex.com/a\t0.1s\n--- FAIL: TestB (0.20s)\nFAIL\tex.com/b\t0.2s\n",
			[]Result{res(SourceGo, "ex.com/a", "TestA", "", StatusPassed, 0.1, ""), res(SourceGo, "ex.com/b", "TestB", "", StatusFailed, 0.2, "")}},
		{"a log cut before the package's line", "=== RUN   TestA\n    a_test.go:3: oops\n--- FAIL: TestA (0.00s)\n",
			[]Result{res(SourceGo, "", "TestA", "", StatusFailed, 0, "a_test.go:3: oops")}},
		{"=== NAME attributes interleaved output", "=== RUN   TestA\n=== RUN   TestB\n=== NAME  TestA\n    a_test.go:1: from A\n=== NAME  TestB\n    b_test.go:1: from B\n--- FAIL: TestA (0.00s)\n--- FAIL: TestB (0.00s)\nFAIL\tex.com/p\t0.01s\n",
			[]Result{res(SourceGo, "ex.com/p", "TestA", "", StatusFailed, 0, "a_test.go:1: from A"), res(SourceGo, "ex.com/p", "TestB", "", StatusFailed, 0, "b_test.go:1: from B")}},
		{"output of other steps after a package is not a message", "--- FAIL: TestA (0.00s)\nFAIL\tex.com/p\t0.01s\n    unrelated indented line\n",
			[]Result{res(SourceGo, "ex.com/p", "TestA", "", StatusFailed, 0, "")}},
		{"not results", "--- PASS: \n--- DONE: TestA (0.00s)\n--- PASS: two words (0.00s)\nok  \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sameResults(t, tt.want, parseLog(t, tt.log, SourceGo))
		})
	}
}
