package testresults

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/joblog"
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
		_, _, content := joblog.ParseLine(sc.Text()) // as the log reader yields it
		p.Line(content)
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

func TestPytest(t *testing.T) {
	const f = "tests/test_orders.py"
	p := func(suite, name, status, msg string) Result {
		return res(SourcePytest, suite, name, f, status, -1, msg)
	}
	refunds := f + "::TestRefunds"
	// Failed and errored tests come last: they wait for the summary.
	failures := []Result{
		p(f, "test_total", StatusFailed, "AssertionError: totals must round t..."),
		p(f, "test_price[3-4]", StatusFailed, "assert 3 != 3"),
		p(f, "test_uses_fixture", StatusError, "RuntimeError: database is down"),
		p(refunds, "test_partial", StatusFailed, "ValueError: amount e..."),
	}
	tests := []struct {
		name, fixture string
		want          []Result
	}{
		{"pytest -v, as printed by pytest 7.2", "pytest-v.txt", append([]Result{
			p(f, "test_create", StatusPassed, ""),
			p(f, "test_price[1-2]", StatusPassed, ""),
			p(f, "test_price[a b-1]", StatusPassed, ""),
			p(f, "test_db", StatusSkipped, "needs a PostgreSQL server"),
			p(f, "test_rounding", StatusSkipped, "rounding bug #12"),
			p(f, "test_upstream", StatusPassed, ""),
			p(refunds, "test_full", StatusPassed, ""),
			p(refunds+"::TestNested", "test_deep", StatusSkipped, "no..."),
		}, failures...)},
		{"pytest -v -n 2 (pytest-xdist 3.1)", "pytest-xdist.txt", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseLog(t, fixture(t, tt.fixture), SourcePytest)
			if tt.want == nil {
				// xdist runs in any order and prints no reasons: compare as a set.
				if len(got) != 12 {
					t.Fatalf("got %d results, want 12: %+v", len(got), got)
				}
				byName := map[string]Result{}
				for _, r := range got {
					byName[r.Suite+"::"+r.Name] = r
				}
				for _, w := range failures {
					if g := byName[w.Suite+"::"+w.Name]; g != w {
						t.Errorf("got %+v, want %+v", g, w)
					}
				}
				if g := byName[f+"::test_rounding"]; g.Status != StatusSkipped {
					t.Errorf("an XFAIL under xdist: got %+v, want skipped", g)
				}
				return
			}
			sameResults(t, tt.want, got)
		})
	}
}

func TestPytestShapes(t *testing.T) {
	p := func(suite, name, status, msg string) Result {
		file, _, _ := strings.Cut(suite, "::")
		return res(SourcePytest, suite, name, file, status, -1, msg)
	}
	tests := []struct {
		name, log string
		want      []Result
	}{
		{"a parametrized id holding :: and spaces", "t.py::test_x[a::b c] PASSED [ 50%]\n",
			[]Result{p("t.py", "test_x[a::b c]", StatusPassed, "")}},
		{"a teardown error after a pass counts twice", "t.py::test_a PASSED [ 50%]\nt.py::test_a ERROR [ 50%]\n== 1 passed, 1 error in 0.1s ==\n",
			[]Result{p("t.py", "test_a", StatusPassed, ""), p("t.py", "test_a", StatusError, "")}},
		{"failures of one session are out before the next starts", "t.py::test_a FAILED [100%]\n== test session starts ==\nu.py::test_b PASSED [100%]\n",
			[]Result{p("t.py", "test_a", StatusFailed, ""), p("u.py", "test_b", StatusPassed, "")}},
		{"a summary line without a message", "t.py::test_a FAILED [100%]\nFAILED t.py::test_a\n== 1 failed in 0.1s ==\n",
			[]Result{p("t.py", "test_a", StatusFailed, "")}},
		{"not results", "t.py::test_a RUNNING\nwarning: t.py::test_a PASSED\n::test PASSED\nFAILED t.py - collection error\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sameResults(t, tt.want, parseLog(t, tt.log, SourcePytest)) })
	}
}

func TestJest(t *testing.T) {
	const cart, user = "src/cart.test.js", "src/user.test.js"
	j := func(file, name, status string, secs float64, msg string) Result {
		return res(SourceJest, file, name, file, status, secs, msg)
	}
	want := []Result{
		j(cart, "top level", StatusPassed, 0.007, ""),
		j(cart, "cart › adds an item", StatusPassed, 0.010, ""),
		j(cart, "cart › waits", StatusPassed, 0.034, ""),
		j(cart, "cart › discounts › applies a coupon", StatusPassed, -1, ""),
		j(cart, "cart › discounts › stacks coupons", StatusSkipped, -1, ""),
		j(cart, "cart › discounts › expires coupons", StatusSkipped, -1, ""),
		// A file's failures wait for their "●" blocks.
		j(cart, "cart › totals rounds to cents", StatusFailed, 0.014, "expect(received).toBe(expected) // Object.is equality"),
		j(user, "logs something", StatusPassed, 0.097, ""),
		j(user, "user › profile › fails with an error", StatusFailed, 0.001, "profile not found"),
	}
	sameResults(t, want, parseLog(t, fixture(t, "jest-verbose.txt"), SourceJest))
}

func TestJestShapes(t *testing.T) {
	j := func(name, status string, secs float64, msg string) Result {
		return res(SourceJest, "a.test.ts", name, "a.test.ts", status, secs, msg)
	}
	tests := []struct {
		name, log string
		want      []Result
	}{
		{"a coloured label, a slow file, seconds", " PASS  a.test.ts (6.2 s)\n  ✓ slow (1.5 s)\n", []Result{j("slow", StatusPassed, 1.5, "")}},
		{"Windows marks", "FAIL a.test.ts\n  d\n    √ ok\n    × bad (3 ms)\n\n  ● d › bad\n\n    boom\n",
			[]Result{j("d › ok", StatusPassed, -1, ""), j("d › bad", StatusFailed, 0.003, "boom")}},
		{"a project's display name", "PASS web a.test.ts\n  ✓ t\n", []Result{j("t", StatusPassed, -1, "")}},
		{"a title that ends in parentheses", "PASS a.test.ts\n  ✓ handles (nested) input\n", []Result{j("handles (nested) input", StatusPassed, -1, "")}},
		{"sibling describes", "PASS a.test.ts\n  a\n    b\n      ✓ t1\n  c\n    ✓ t2\n", []Result{j("a › b › t1", StatusPassed, -1, ""), j("c › t2", StatusPassed, -1, "")}},
		{"marks outside a test file", "  ✓ looks like a test\nPASS\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { sameResults(t, tt.want, parseLog(t, tt.log, SourceJest)) })
	}
}

func TestAllFormatsInOneLog(t *testing.T) {
	log := fixture(t, "go-test-v.txt") + fixture(t, "pytest-v.txt") + fixture(t, "jest-verbose.txt")
	counts := map[string]int{}
	for _, r := range parseLog(t, log) {
		counts[r.Source]++
	}
	want := map[string]int{SourceGo: 12, SourcePytest: 12, SourceJest: 9}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("results by source: got %v, want %v (a parser took another's lines)", counts, want)
	}
}
