package testresults

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/internal/joblog"
)

// The figures these print (lines/s, MB/s) are in docs/benchmarks.md's
// test results section; peak RSS comes from running one of them alone
// under /usr/bin/time -v (see there).

// goTestLog is a job log of n lines of go test -v output, timestamped as
// the runner writes them: packages of 200 tests, a tenth of them failing
// with a line of output, each package closed by its ok/FAIL line.
func goTestLog(n int) []byte {
	var b bytes.Buffer
	const ts = "2026-09-21T17:21:33.7513949Z "
	lines, pkg, test := 0, 0, 0
	for lines < n {
		name := fmt.Sprintf("TestHandler_%d", test)
		if test%10 == 0 {
			fmt.Fprintf(&b, "%s=== RUN   %s\n%s    handler_test.go:%d: got 500, want 200\n%s--- FAIL: %s (0.%02ds)\n", ts, name, ts, test%300, ts, name, test%100)
		} else {
			fmt.Fprintf(&b, "%s=== RUN   %s\n%s--- PASS: %s (0.%02ds)\n", ts, name, ts, name, test%100)
		}
		lines += 2 + btoi(test%10 == 0)
		if test++; test%200 == 0 {
			fmt.Fprintf(&b, "%sFAIL\n%sFAIL\tgithub.com/octo-org/shop/internal/pkg%d\t1.234s\n", ts, ts, pkg)
			lines += 2
			pkg++
		}
	}
	return b.Bytes()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// BenchmarkGoTestLog reads a 1 M-line go test -v log: the log reader
// alone (what job_logs pays), and with the results recognized.
func BenchmarkGoTestLog(b *testing.B) {
	log := goTestLog(1_000_000)
	lines := bytes.Count(log, []byte("\n"))
	for _, withResults := range []bool{false, true} {
		name := "scan"
		if withResults {
			name = "results"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(log)))
			results := 0
			for b.Loop() {
				r := joblog.NewReaderOptions(bytes.NewReader(log), joblog.Options{})
				p, _ := NewLogParser()
				for {
					l, err := r.Next()
					if err != nil {
						break
					}
					if withResults {
						p.Line(l.Content)
						for _, ok := p.Next(); ok; _, ok = p.Next() {
							results++
						}
					}
				}
			}
			b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
			if withResults && results == 0 {
				b.Fatal("no results recognized")
			}
		})
	}
}

// largeReport writes a JUnit report of about size bytes: Surefire-like
// cases, one in twenty failing with a stack trace.
func largeReport(size int) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"com.example.catalog.ConformanceTest\">\n")
	trace := strings.Repeat("\tat com.example.catalog.Conformance.check(Conformance.java:42)\n", 20)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "  <testcase name=\"product_%07d_conforms\" classname=\"com.example.catalog.ConformanceTest\" time=\"0.%03d\"", i, i%1000)
		if i%20 == 0 {
			fmt.Fprintf(&b, ">\n    <failure message=\"expected price &gt; 0 for product %d\" type=\"java.lang.AssertionError\">java.lang.AssertionError: expected price\n%s</failure>\n  </testcase>\n", i, trace)
		} else {
			b.WriteString("/>\n")
		}
	}
	b.WriteString("</testsuite>\n")
	return b.Bytes()
}

// BenchmarkJUnitArtifact reads a zip holding one 20 MB report from a
// file, as test_results reads a downloaded artifact.
func BenchmarkJUnitArtifact(b *testing.B) {
	report := largeReport(20 << 20)
	var zipped bytes.Buffer
	w := zip.NewWriter(&zipped)
	fw, _ := w.Create("target/surefire-reports/TEST-com.example.catalog.ConformanceTest.xml")
	fw.Write(report)
	w.Close()
	path := filepath.Join(b.TempDir(), "artifact.zip")
	if err := os.WriteFile(path, zipped.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(report)))
	cases := 0
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		a, err := OpenArchive(f, int64(zipped.Len()))
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := a.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			cases++
		}
		f.Close()
	}
	b.ReportMetric(float64(cases)/b.Elapsed().Seconds(), "cases/s")
}
