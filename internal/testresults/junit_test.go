package testresults

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readJUnit reads every result of a report, and the error that ended it.
func readJUnit(r io.Reader) ([]Result, error) {
	jr := NewJUnitReader(r)
	var got []Result
	for {
		res, err := jr.Next()
		if err == io.EOF {
			return got, nil
		}
		if err != nil {
			return got, err
		}
		got = append(got, res)
	}
}

func TestJUnitOfPytest(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "pytest-junit.xml")) // pytest 7.2's --junitxml
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := readJUnit(f)
	if err != nil {
		t.Fatal(err)
	}
	const mod = "tests.test_orders"
	j := func(suite, name, status string, secs float64, msg string) Result {
		return res(SourceJUnit, suite, name, "", status, secs, msg)
	}
	sameResults(t, []Result{
		j(mod, "test_create", StatusPassed, 0.001, ""),
		j(mod, "test_total", StatusFailed, 0.001, "AssertionError: totals must round to cents"),
		j(mod, "test_price[1-2]", StatusPassed, 0.008, ""),
		j(mod, "test_price[3-4]", StatusFailed, 0.001, "assert 3 != 3"),
		j(mod, "test_price[a b-1]", StatusPassed, 0.005, ""),
		j(mod, "test_db", StatusSkipped, 0, "needs a PostgreSQL server"),
		j(mod, "test_rounding", StatusSkipped, 0.001, "rounding bug #12"),
		j(mod, "test_upstream", StatusPassed, 0.001, ""),
		j(mod, "test_uses_fixture", StatusError, 0, `failed on setup with "RuntimeError: database is down"`),
		j(mod+".TestRefunds", "test_full", StatusPassed, 0, ""),
		j(mod+".TestRefunds", "test_partial", StatusFailed, 0, "ValueError: amount exceeds payment"),
		j(mod+".TestRefunds.TestNested", "test_deep", StatusSkipped, 0, "not on Linux"),
	}, got)
}

func TestJUnitShapes(t *testing.T) {
	j := func(suite, name, file, status string, secs float64, msg string) Result {
		return res(SourceJUnit, suite, name, file, status, secs, msg)
	}
	tests := []struct {
		name, xml string
		want      []Result
	}{
		{"a bare testsuite after a byte-order mark (Surefire)",
			"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"com.shop.CartTest\" tests=\"1\">\n  <testcase name=\"adds\" classname=\"com.shop.CartTest\" time=\"0.012\"/>\n</testsuite>\n",
			[]Result{j("com.shop.CartTest", "adds", "", StatusPassed, 0.012, "")}},
		{"nested suites name a case without a classname",
			`<testsuites><testsuite name="outer"><testsuite name="inner"><testcase name="a"/></testsuite><testcase name="b"/></testsuite></testsuites>`,
			[]Result{j("inner", "a", "", StatusPassed, -1, ""), j("outer", "b", "", StatusPassed, -1, "")}},
		{"a message from the text when there is no attribute",
			"<testsuite name=\"s\"><testcase name=\"a\"><failure>\n\n   Expected: 2\n   Received: 1\n</failure></testcase></testsuite>",
			[]Result{j("s", "a", "", StatusFailed, -1, "Expected: 2")}},
		{"skipped with no message at all",
			`<testsuite name="s"><testcase name="a" time="0"><skipped/></testcase></testsuite>`,
			[]Result{j("s", "a", "", StatusSkipped, 0, "")}},
		{"an error, and the first outcome wins",
			`<testsuite name="s"><testcase name="a"><error message="NullPointerException" type="java.lang.NullPointerException"/><failure message="later"/></testcase></testsuite>`,
			[]Result{j("s", "a", "", StatusError, -1, "NullPointerException")}},
		{"a file attribute (jest-junit), output elements and a rerun that passed",
			`<testsuite name="s"><testcase name="a" file="src/a.test.ts" time="1,234.5"><system-out>log</system-out><flakyFailure message="x"/></testcase></testsuite>`,
			[]Result{j("s", "a", "src/a.test.ts", StatusPassed, 1234.5, "")}},
		{"a time that is not a number",
			`<testsuite name="s"><testcase name="a" time="n/a"/></testsuite>`,
			[]Result{j("s", "a", "", StatusPassed, -1, "")}},
		{"ISO-8859-1",
			"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><testsuite name=\"s\"><testcase name=\"caf\xe9\"/></testsuite>",
			[]Result{j("s", "café", "", StatusPassed, -1, "")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readJUnit(strings.NewReader(tt.xml))
			if err != nil {
				t.Fatal(err)
			}
			sameResults(t, tt.want, got)
		})
	}
}

func TestJUnitRejects(t *testing.T) {
	tests := []struct {
		name, xml, want string
		notJUnit        bool
	}{
		{"a coverage report", `<?xml version="1.0"?><coverage line-rate="0.8"><packages/></coverage>`, "its root element is <coverage>", true},
		{"no element at all", `<?xml version="1.0"?>`, "no root element", true},
		{"a tag that does not close", "<testsuite name=\"s\">\n<testcase name=\"a\">\n</testsuite>", "not well-formed XML: line 3", false},
		{"a document cut short", `<testsuite name="s"><testcase name="a">`, "not well-formed XML", false},
		{"an encoding it cannot read", `<?xml version="1.0" encoding="Shift_JIS"?><testsuite/>`, `encoding "Shift_JIS" is not supported`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readJUnit(strings.NewReader(tt.xml))
			if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, ErrNotJUnit) != tt.notJUnit {
				t.Fatalf("got error %v, want one saying %q (ErrNotJUnit: %v)", err, tt.want, tt.notJUnit)
			}
		})
	}
}

// report is a JUnit report of n passing cases of suite, then tail.
func report(suite string, n int, tail string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<testsuites><testsuite name=%q>\n", suite)
	for i := range n {
		fmt.Fprintf(&b, "<testcase classname=%q name=\"test_%d\" time=\"0.001\"/>\n", suite, i)
	}
	b.WriteString(tail)
	return b.String()
}

func zipBytes(t *testing.T, files ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range files {
		fw, err := w.Create(f[0])
		if err == nil {
			_, err = io.WriteString(fw, f[1])
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestArchive(t *testing.T) {
	const closed = "</testsuite></testsuites>\n"
	zipped := zipBytes(t,
		[2]string{"junit.xml", report("root", 2, closed)},
		[2]string{"reports/unit/TEST-com.shop.Cart.XML", report("deep", 3, closed)},
		[2]string{"reports/coverage.xml", `<coverage line-rate="1"/>`},
		[2]string{"reports/cut.xml", report("cut", 3, "<testcase")},
		[2]string{"reports/broken.xml", report("broken", 2000, "<testcase")}, // more than are held while checking
		[2]string{"reports/large.xml", report("large", 3000, closed)},        // more than are held: read twice
		[2]string{"reports/summary.txt", "12 passed"},
		[2]string{"__MACOSX/reports/._junit.xml", "\x00\x05\x16\x07"},
	)
	a, err := OpenArchive(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	a.Skipped = func(file string, why error) { skipped = append(skipped, file+": "+why.Error()) }
	bySuite := map[string]int{}
	for {
		r, err := a.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		bySuite[r.Suite]++
	}
	if want := map[string]int{"root": 2, "deep": 3, "large": 3000}; fmt.Sprint(bySuite) != fmt.Sprint(want) {
		t.Errorf("results by suite: got %v, want %v (a broken report must give none)", bySuite, want)
	}
	wantSkipped := []string{
		"reports/coverage.xml: not a JUnit report: its root element is <coverage>",
		"reports/cut.xml: not well-formed XML: line 5: unexpected EOF",
		"reports/broken.xml: not well-formed XML: line 2002: unexpected EOF",
	}
	if fmt.Sprint(skipped) != fmt.Sprint(wantSkipped) {
		t.Errorf("skipped:\n got  %q\n want %q", skipped, wantSkipped)
	}
}

func TestArchiveNotAZip(t *testing.T) {
	data := []byte("<html>not found</html>")
	if _, err := OpenArchive(bytes.NewReader(data), int64(len(data))); !errors.Is(err, ErrNotZip) {
		t.Fatalf("got %v, want ErrNotZip", err)
	}
}
