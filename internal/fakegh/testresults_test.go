package fakegh

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// These tests read the storefront's test results the way a client does:
// over HTTP, job logs and artifact zips through their 302s to the blob
// host.

const storefrontAPI = "/repos/" + StorefrontRepo + "/actions"

// downloadLog fetches a job's log through its redirect.
func downloadLog(t *testing.T, s *Server, jobID int64) string {
	t.Helper()
	resp, body := fetch(t, s.URL()+fmt.Sprintf("%s/jobs/%d/logs", storefrontAPI, jobID))
	wantStatus(t, resp, body, http.StatusFound)
	resp, body = fetch(t, resp.Header.Get("Location"))
	wantStatus(t, resp, body, http.StatusOK)
	return string(body)
}

// logText is a log without the runner's timestamps, every line of which
// must carry one.
func logText(t *testing.T, log string) string {
	t.Helper()
	stamp := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z `)
	var b strings.Builder
	for i, line := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(log, "\ufeff"), "\n"), "\n") {
		loc := stamp.FindStringIndex(line)
		if loc == nil {
			t.Fatalf("line %d has no runner timestamp: %q", i+1, line)
		}
		b.WriteString(line[loc[1]:] + "\n")
	}
	return b.String()
}

func TestStorefrontLogsPrintResultsAsTheToolsDo(t *testing.T) {
	s := startServer(t, Options{})
	cases := []struct {
		job  int64
		want []string // lines starting so, in this order; "~" starts text found anywhere in a line
		not  []string
	}{
		{StorefrontBrokenGoJobID, []string{
			"##[group]Run go test -v ./...",
			"?   \tgithub.com/octo-org/storefront/cmd/storefront\t[no test files]",
			"=== RUN   TestCart_Total/with_discount/over_limit",
			"    --- PASS: TestCart_Total/with_discount (",
			"        --- PASS: TestCart_Total/with_discount/over_limit (",
			"=== PAUSE TestCart_ConcurrentUpdates",
			"=== CONT  TestCart_ConcurrentUpdates",
			"    inventory_test.go:31: set INVENTORY_DSN to run against a real database",
			"--- SKIP: TestSyncWithWarehouse (",
			"    pricing_test.go:42: got 1999.5, want 2000",
			"--- FAIL: TestPrice (",
			"    --- FAIL: TestPrice/jpy_no_decimals (",
			"FAIL\tgithub.com/octo-org/storefront/internal/pricing\t",
			"##[error]Process completed with exit code 1.",
		}, []string{"ok  \tgithub.com/octo-org/storefront/internal/pricing"}},
		{StorefrontRerunGoJobID1, []string{
			"    checkout_test.go:57: payment provider did not answer within 2s",
			"--- FAIL: TestCheckout_PaymentTimeout (",
			"FAIL\tgithub.com/octo-org/storefront/internal/checkout\t",
		}, nil},
		{StorefrontRerunGoJobID2, []string{
			"--- PASS: TestCheckout_PaymentTimeout (",
			"ok  \tgithub.com/octo-org/storefront/internal/checkout\t",
		}, []string{"--- FAIL", "##[error]"}},
		{StorefrontBrokenPytestJobID, []string{
			"##[group]Run pytest -v",
			"tests/test_emails.py::TestSubjects::test_subject_line[de] PASSED          [ 28%]",
			"tests/test_jobs.py::TestSchedule::test_nightly_export ERROR               [ 42%]",
			"tests/test_jobs.py::test_dead_letter_queue SKIPPED (needs a Redis server) [ 71%]",
			"tests/test_sync.py::test_sync_prices XFAIL (upstream rounds half-down, see #231) [ 85%]",
			"tests/test_sync.py::test_webhook_signature FAILED                         [ 92%]",
			"tests/test_sync.py::test_webhook_replay PASSED                            [100%]",
			"______________ ERROR at setup of TestSchedule.test_nightly_export ______________",
			"____________________________ test_webhook_signature ____________________________",
			"=========================== short test summary info ============================",
			"FAILED tests/test_sync.py::test_webhook_signature - AssertionError: assert 'sha256=9f2c41' == 'sha256=4b1e07'",
			"ERROR tests/test_jobs.py::TestSchedule::test_nightly_export - ConnectionRefusedError: [Errno 111] Connection refused",
			"~= 1 failed, 10 passed, 1 skipped, 1 xfailed, 1 error in ",
		}, nil},
		{StorefrontRerunPytestJobID2, []string{
			"tests/test_sync.py::test_sync_inventory PASSED                            [ 78%]",
			"~= 12 passed, 1 skipped, 1 xfailed in ",
		}, []string{"FAILED", "short test summary info"}},
		{StorefrontBrokenJestJobID, []string{
			"##[group]Run npx jest --verbose",
			"FAIL src/cart/cart.test.ts",
			"  Cart",
			"    addItem",
			"      ✓ adds a new line (",
			"      ○ skipped keeps an empty cart in the session",
			"    ✕ formats yen without decimals (",
			"  ● formatPrice › formats yen without decimals",
			"PASS src/checkout/checkout.test.tsx",
			"    ✎ todo offers saved cards",
			"  ✓ renders the empty state (",
			"Tests:       1 failed, 1 skipped, 1 todo, 9 passed, 12 total",
		}, nil},
		{StorefrontRerunJestJobID1, []string{
			"FAIL src/checkout/checkout.test.tsx",
			"    ✕ shows the payment provider's error (",
			"  ● Checkout › shows the payment provider's error",
		}, nil},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.job), func(t *testing.T) {
			text := logText(t, downloadLog(t, s, c.job))
			rest := text
			for _, want := range c.want {
				i := strings.Index(rest, "\n"+want)
				if anywhere, ok := strings.CutPrefix(want, "~"); ok {
					i = strings.Index(rest, anywhere)
				}
				if i < 0 {
					t.Fatalf("job %d's log lacks a line starting %q (after the lines before it):\n%s", c.job, want, text)
				}
				rest = rest[i+1:]
			}
			for _, not := range c.not {
				if strings.Contains(text, not) {
					t.Errorf("job %d's log holds %q", c.job, not)
				}
			}
		})
	}
}

// downloadArtifact fetches an artifact's bytes through its redirect.
func downloadArtifact(t *testing.T, s *Server, id int64) []byte {
	t.Helper()
	resp, body := fetch(t, s.URL()+fmt.Sprintf("%s/artifacts/%d/zip", storefrontAPI, id))
	wantStatus(t, resp, body, http.StatusFound)
	resp, body = fetch(t, resp.Header.Get("Location"))
	wantStatus(t, resp, body, http.StatusOK)
	return body
}

// zipFiles reads every file of a zip.
func zipFiles(t *testing.T, zipped []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	return files
}

// wellFormed reports whether b is well-formed XML, and its root element.
func wellFormed(b []byte) (root string, err error) {
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return root, nil
		}
		if err != nil {
			return root, err
		}
		if el, ok := tok.(xml.StartElement); ok && root == "" {
			root = el.Name.Local
		}
	}
}

func TestStorefrontArtifactsHoldJUnitReports(t *testing.T) {
	s := startServer(t, Options{})
	java := zipFiles(t, downloadArtifact(t, s, StorefrontBrokenJavaArtifactID))
	calc := java["pricing/target/surefire-reports/TEST-com.example.pricing.PriceCalculatorTest.xml"]
	for _, want := range []string{`<testsuite xmlns:xsi=`, `name="com.example.pricing.PriceCalculatorTest"`,
		`<failure message="expected: &lt;2000.00&gt; but was: &lt;1999.50&gt;" type="org.opentest4j.AssertionFailedError">`,
		"\tat com.example.pricing.PriceCalculatorTest.roundsHalfUpPerCurrency(PriceCalculatorTest.java:58)"} {
		if !bytes.Contains(calc, []byte(want)) {
			t.Errorf("PriceCalculatorTest's report lacks %q:\n%s", want, calc)
		}
	}
	rules := java["pricing/target/surefire-reports/TEST-com.example.pricing.DiscountRulesTest.xml"]
	if !bytes.Contains(rules, []byte(`<error message="Cannot invoke &quot;java.time.ZoneId.getRules()&quot;`)) {
		t.Errorf("DiscountRulesTest's report has no <error>:\n%s", rules)
	}
	tax := java["pricing/target/surefire-reports/TEST-com.example.pricing.TaxTableTest.xml"]
	if !bytes.Contains(tax, []byte(`<skipped message="needs the tax service sandbox"/>`)) || !bytes.Contains(tax, []byte("<skipped/>")) {
		t.Errorf("TaxTableTest's report lacks a skipped case with and one without a message:\n%s", tax)
	}
	if _, ok := java["pricing/target/surefire-reports/com.example.pricing.TaxTableTest.txt"]; !ok {
		t.Error("Surefire's .txt summary is missing beside the XML")
	}
	for name, body := range java {
		if !strings.HasSuffix(name, ".xml") {
			continue
		}
		_, err := wellFormed(body)
		cut := strings.HasSuffix(name, "TEST-com.example.catalog.ProductRepositoryTest.xml")
		if cut != (err != nil) {
			t.Errorf("%s: well-formed error %v; only ProductRepositoryTest's report is cut off", name, err)
		}
	}

	dotnet := zipFiles(t, downloadArtifact(t, s, StorefrontBrokenDotnetArtifactID))
	unit := dotnet["invoicing/tests/Invoicing.Tests/TestResults/Invoicing.Tests.junit.xml"]
	if !bytes.HasPrefix(unit, []byte("\ufeff<?xml")) {
		t.Errorf("the .NET report does not start with a byte-order mark: %q", truncate(unit))
	}
	if root, err := wellFormed(unit); err != nil || root != "testsuites" {
		t.Errorf("the .NET report: root %q, %v; want a well-formed testsuites", root, err)
	}
	integration := dotnet["invoicing/tests/Invoicing.IntegrationTests/TestResults/Invoicing.IntegrationTests.junit.xml"]
	if !regexp.MustCompile(`(?s)<testsuite name="Invoicing.IntegrationTests.dll"[^>]*>.*<testsuite name="Invoicing.IntegrationTests.MailingTests"`).Match(integration) {
		t.Errorf("the integration report does not nest a suite per class:\n%s", integration)
	}
	coverage := 0
	for name, body := range dotnet {
		if strings.HasSuffix(name, "/coverage.cobertura.xml") {
			coverage++
			if root, err := wellFormed(body); err != nil || root != "coverage" {
				t.Errorf("%s: root %q, %v; want a cobertura report", name, root, err)
			}
		}
	}
	if coverage != 1 {
		t.Errorf("the .NET artifact holds %d coverage reports, want 1", coverage)
	}

	if raw := downloadArtifact(t, s, StorefrontNotZipArtifactID); bytes.HasPrefix(raw, []byte("PK")) {
		t.Errorf("artifact %d is a zip; it should be the bare .trx file", StorefrontNotZipArtifactID)
	}
	resp, body := fetch(t, s.URL()+fmt.Sprintf("%s/artifacts/%d/zip", storefrontAPI, StorefrontExpiredJavaArtifactID))
	wantStatus(t, resp, body, http.StatusGone)
}

// TestStorefrontRerunArtifactsDiffer: each attempt uploaded its own
// reports, under its own name; the failure is only in attempt 1's.
func TestStorefrontRerunArtifactsDiffer(t *testing.T) {
	s := startServer(t, Options{})
	resp, body := fetch(t, s.URL()+fmt.Sprintf("%s/runs/%d/artifacts", storefrontAPI, StorefrontRerunRunID))
	wantStatus(t, resp, body, http.StatusOK)
	var list struct {
		Artifacts []struct {
			Name string `json:"name"`
		} `json:"artifacts"`
	}
	decode(t, body, &list)
	var names []string
	for _, a := range list.Artifacts {
		names = append(names, a.Name)
	}
	if got := strings.Join(names, " "); got != "test-results-java-attempt-2 test-results-dotnet-attempt-2 test-results-java-attempt-1 test-results-dotnet-attempt-1" {
		t.Errorf("the re-run's artifacts are %s", got)
	}
	const sku = "catalog/target/surefire-reports/TEST-com.example.catalog.SkuParserTest.xml"
	first := zipFiles(t, downloadArtifact(t, s, StorefrontRerunJavaArtifactID1))[sku]
	second := zipFiles(t, downloadArtifact(t, s, StorefrontRerunJavaArtifactID2))[sku]
	if !bytes.Contains(first, []byte(`<error message="Read timed out" type="java.net.SocketTimeoutException">`)) {
		t.Errorf("attempt 1's SkuParserTest report has no error:\n%s", first)
	}
	if bytes.Contains(second, []byte("<error")) || !bytes.Contains(second, []byte(`name="resolvesLegacySkusOverHttp"`)) {
		t.Errorf("attempt 2's SkuParserTest report should pass resolvesLegacySkusOverHttp:\n%s", second)
	}
}

// TestLargeReportIsServedWhole: the 26 MB report generated on the fly is
// a zip whose one file is well-formed JUnit with every case, and a Range
// request gets the same bytes as the whole download.
func TestLargeReportIsServedWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 26 MB")
	}
	s := startServer(t, Options{})
	zipped := downloadArtifact(t, s, StorefrontLargeArtifactID)
	a, _ := Default().Artifact(StorefrontLargeArtifactID)
	if int64(len(zipped)) != a.Size || a.Size < 20<<20 {
		t.Fatalf("downloaded %d bytes; the listing says %d, want over 20 MB", len(zipped), a.Size)
	}
	files := zipFiles(t, zipped) // checks the CRC too
	report, ok := files[LargeReportFile]
	if !ok || len(files) != 1 {
		t.Fatalf("the artifact holds %d files, want only %s", len(files), LargeReportFile)
	}
	if root, err := wellFormed(report); err != nil || root != "testsuite" {
		t.Fatalf("the large report: root %q, %v", root, err)
	}
	want := largeReportHead()
	for k := range largeChunks {
		want = largeChunk(want, k)
	}
	if want = append(want, largeReportTail...); !bytes.Equal(report, want) {
		t.Error("the served report differs from the report generated case by case")
	}
	if n := bytes.Count(report, []byte("<testcase ")); n != LargeReportCases {
		t.Errorf("the large report holds %d cases, want %d", n, LargeReportCases)
	}
	resp, _ := fetch(t, s.URL()+fmt.Sprintf("%s/artifacts/%d/zip", storefrontAPI, StorefrontLargeArtifactID))
	lo, hi := len(zipped)/2-1000, len(zipped)/2+70_000 // across a chunk boundary
	resp, part := fetch(t, resp.Header.Get("Location"), "Range", fmt.Sprintf("bytes=%d-%d", lo, hi))
	wantStatus(t, resp, part, http.StatusPartialContent)
	if !bytes.Equal(part, zipped[lo:hi+1]) {
		t.Error("a Range request got other bytes than the whole download holds there")
	}
}
