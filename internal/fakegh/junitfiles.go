package fakegh

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// The storefront's Java and .NET tests and the JUnit XML files they leave:
//
//   - Java (Maven Surefire 3.5): one TEST-<class>.xml per test class,
//     a bare <testsuite> root, in each module's target/surefire-reports/
//     (nested folders in the zip), beside Surefire's <class>.txt
//     summaries; failures and errors carry message, type and the stack
//     trace, a @Disabled test <skipped message="..."/>, an assumption
//     that failed a bare <skipped/>; a repository test's <system-out>.
//   - .NET (JunitXml.TestLogger): a <testsuites> root, written with a
//     UTF-8 byte-order mark as .NET's XmlWriter does; the integration
//     tests' converter nests a suite per class inside the assembly's; and
//     coverlet's cobertura coverage report in the same artifact.
//
// In the broken run (StorefrontBrokenRunID) a test fails in each job, a
// test errors, the catalog module's forked JVM dies half-way through
// writing its report (a file that is not well-formed XML), and the .NET
// job also uploads its .trx file with archive: false (an artifact that is
// not a zip).

// junitFailure is a failure or an error of a test case.
type junitFailure struct {
	err           bool // an <error>: the test threw, rather than failed an assertion
	message, kind string
	trace         string // the stack trace, its first line the exception
}

// reportCase is one test case of a report.
type reportCase struct {
	name    string
	secs    float64
	failure *junitFailure
	skipped *string // nil: it ran; "": skipped without a message
	stdout  string
}

// reportClass is one test class (a Surefire file, a .NET suite).
type reportClass struct {
	name      string
	cases     []reportCase
	truncated bool // its report was cut off when the JVM died
	large     bool // the conformance report: counted, never held (largereport.go)
}

func (cls reportClass) counts() (tests, failures, errors, skipped int) {
	if cls.large {
		return LargeReportCases, 0, 0, largeChunks
	}
	for _, tc := range cls.cases {
		tests++
		switch {
		case tc.failure != nil && tc.failure.err:
			errors++
		case tc.failure != nil:
			failures++
		case tc.skipped != nil:
			skipped++
		}
	}
	return tests, failures, errors, skipped
}

func (cls reportClass) seconds() float64 {
	if cls.large {
		return largeReportSeconds()
	}
	var s float64
	for _, tc := range cls.cases {
		s += tc.secs
	}
	return s
}

// javaModule is a Maven module and its test classes.
type javaModule struct {
	name    string
	classes []reportClass
}

func msg(s string) *string { return &s }

// reportRand draws a report's durations: the same for the log and the
// artifact of one job.
func reportRand(ref *jobRef) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(ref.job.ID), 0x6a756e6974))
}

func (c *logCtx) javaModules() []javaModule { return javaModules(c.ref, c.plan) }

func (c *logCtx) dotnetAssemblies() []javaModule { return dotnetAssemblies(c.ref, c.plan) }

// javaModules are the storefront's Java tests with the outcome the plan
// gives them; the conformance job's one class is generated (largeReport).
func javaModules(ref *jobRef, plan jobPlan) []javaModule {
	rng := reportRand(ref)
	if plan.large {
		return []javaModule{{name: "catalog", classes: []reportClass{largeReportClass()}}}
	}
	cases := func(names ...string) []reportCase {
		out := make([]reportCase, len(names))
		for i, n := range names {
			out[i] = reportCase{name: n, secs: float64(1+rng.IntN(80)) / 1000}
		}
		return out
	}
	calc := reportClass{name: "com.example.pricing.PriceCalculatorTest",
		cases: cases("addsVat", "appliesVolumeDiscount", "roundsHalfUpPerCurrency", "rejectsNegativeQuantities", "convertsCurrencies")}
	tax := reportClass{name: "com.example.pricing.TaxTableTest",
		cases: cases("loadsTheEuTable", "loadsTheUsTable", "fetchesRatesFromTheTaxService", "usesReducedRatesForBooks")}
	tax.cases[2].secs, tax.cases[2].skipped = 0, msg("needs the tax service sandbox")
	tax.cases[3].secs, tax.cases[3].skipped = 0.001, msg("") // an assumption failed: Surefire writes a bare <skipped/>
	rules := reportClass{name: "com.example.pricing.DiscountRulesTest",
		cases: cases("stacksPercentageAndFixed", "expiresAtMidnight", "ignoresRulesOfOtherStores")}
	repo := reportClass{name: "com.example.catalog.ProductRepositoryTest",
		cases: cases("findsBySku", "savesNewProducts", "pagesThroughCategories")}
	repo.cases[0].stdout = "12:04:31.118 [main] INFO  c.e.catalog.ProductRepository - opened H2 database mem:catalog\n" +
		"12:04:31.297 [main] INFO  c.e.catalog.ProductRepository - loaded 1200 products in 179 ms\n"
	sku := reportClass{name: "com.example.catalog.SkuParserTest",
		cases: cases("parsesPlainSkus", "parsesVariantSkus", "rejectsLowercase", "resolvesLegacySkusOverHttp")}
	switch plan.results {
	case resultsBroken:
		calc.cases[2].failure = &junitFailure{message: "expected: <2000.00> but was: <1999.50>", kind: "org.opentest4j.AssertionFailedError",
			trace: javaTrace("org.opentest4j.AssertionFailedError: expected: <2000.00> but was: <1999.50>",
				"com.example.pricing.PriceCalculatorTest.roundsHalfUpPerCurrency(PriceCalculatorTest.java:58)")}
		rules.cases[1].failure = &junitFailure{err: true, message: `Cannot invoke "java.time.ZoneId.getRules()" because "zone" is null`,
			kind: "java.lang.NullPointerException",
			trace: javaTrace(`java.lang.NullPointerException: Cannot invoke "java.time.ZoneId.getRules()" because "zone" is null`,
				"com.example.pricing.DiscountRule.expiresAt(DiscountRule.java:41)",
				"com.example.pricing.DiscountRulesTest.expiresAtMidnight(DiscountRulesTest.java:33)")}
		repo.truncated = true
	case resultsFlaky:
		sku.cases[3].failure = &junitFailure{message: "Read timed out", kind: "java.net.SocketTimeoutException",
			err: true, trace: javaTrace("java.net.SocketTimeoutException: Read timed out",
				"com.example.catalog.LegacySkuClient.resolve(LegacySkuClient.java:72)",
				"com.example.catalog.SkuParserTest.resolvesLegacySkusOverHttp(SkuParserTest.java:49)")}
	}
	return []javaModule{
		{name: "pricing", classes: []reportClass{calc, rules, tax}},
		{name: "catalog", classes: []reportClass{repo, sku}},
	}
}

// javaTrace is a stack trace as Surefire writes it: the exception, then
// tab-indented frames, the test's own frames before JUnit's.
func javaTrace(exception string, frames ...string) string {
	frames = append(frames, "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
		"org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:767)")
	return exception + "\n\tat " + strings.Join(frames, "\n\tat ")
}

// dotnetAssemblies are the storefront's .NET test assemblies.
func dotnetAssemblies(ref *jobRef, plan jobPlan) []javaModule {
	rng := reportRand(ref)
	class := func(name string, tests ...string) reportClass {
		cls := reportClass{name: name}
		for _, t := range tests {
			cls.cases = append(cls.cases, reportCase{name: t, secs: float64(1+rng.IntN(40000)) / 1e6})
		}
		return cls
	}
	invoice := class("Invoicing.Tests.InvoiceTests", "Totals_RoundToCents", `Vat_Applies(country: "DE", rate: 0.19)`,
		`Vat_Applies(country: "FR", rate: 0.2)`, "CreditNote_NegatesTotals")
	numbering := class("Invoicing.Tests.NumberingTests", "Numbers_AreSequentialPerYear", "Numbers_SurviveRestart")
	numbering.cases[1].skipped = msg("Needs the Postgres container")
	pdf := class("Invoicing.IntegrationTests.PdfRenderingTests", "Renders_A4", "Renders_Letter")
	mail := class("Invoicing.IntegrationTests.MailingTests", "Sends_Invoice_Email")
	switch plan.results {
	case resultsBroken:
		invoice.cases[0].failure = &junitFailure{message: "Assert.Equal() Failure: Values differ", kind: "failure",
			trace: "Assert.Equal() Failure: Values differ\nExpected: 10.01\nActual:   10.00\n" +
				"   at Invoicing.Tests.InvoiceTests.Totals_RoundToCents() in /home/runner/work/storefront/storefront/invoicing/tests/Invoicing.Tests/InvoiceTests.cs:line 42"}
	case resultsFlaky:
		mail.cases[0].failure = &junitFailure{message: "System.TimeoutException : The SMTP server did not answer in 00:00:05", kind: "failure",
			trace: "System.TimeoutException : The SMTP server did not answer in 00:00:05\n" +
				"   at Invoicing.IntegrationTests.MailingTests.Sends_Invoice_Email() in /home/runner/work/storefront/storefront/invoicing/tests/Invoicing.IntegrationTests/MailingTests.cs:line 27"}
	}
	return []javaModule{
		{name: "Invoicing.Tests", classes: []reportClass{invoice, numbering}},
		{name: "Invoicing.IntegrationTests", classes: []reportClass{pdf, mail}},
	}
}

// storefrontReports are the files a storefront job's upload step put in
// its artifact.
func storefrontReports(ref *jobRef) []zipFile {
	plan := *ref.job.plan
	var files []zipFile
	if ref.job.Name == "dotnet" {
		for i, asm := range dotnetAssemblies(ref, plan) {
			dir := "invoicing/tests/" + asm.name + "/TestResults/"
			files = append(files, zipFile{dir + asm.name + ".junit.xml", dotnetJUnit(ref, asm, i == 1)})
		}
		files = append(files, zipFile{"invoicing/tests/Invoicing.Tests/TestResults/" + fakeUUID("coverage", ref.job.ID) +
			"/coverage.cobertura.xml", coberturaXML(ref)})
		return files
	}
	for _, mod := range javaModules(ref, plan) {
		dir := mod.name + "/target/surefire-reports/"
		for _, cls := range mod.classes {
			body := surefireXML(cls)
			if cls.truncated {
				body = body[:len(body)*3/5]
			}
			files = append(files, zipFile{dir + "TEST-" + cls.name + ".xml", body}, zipFile{dir + cls.name + ".txt", surefireText(cls)})
		}
	}
	return files
}

// surefireXML is Surefire's report of one test class.
func surefireXML(cls reportClass) []byte {
	var b strings.Builder
	n, f, e, s := cls.counts()
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.2.xsd" version="3.0.2" name="%s" time="%.3f" tests="%d" errors="%d" skipped="%d" failures="%d">`+"\n",
		cls.name, cls.seconds(), n, e, s, f)
	b.WriteString("  <properties>\n")
	for _, p := range [][2]string{{"java.version", "21.0.8"}, {"java.vendor", "Eclipse Adoptium"}, {"os.name", "Linux"},
		{"file.encoding", "UTF-8"}, {"maven.version", "3.9.11"}} {
		fmt.Fprintf(&b, "    <property name=\"%s\" value=\"%s\"/>\n", p[0], p[1])
	}
	b.WriteString("  </properties>\n")
	for _, tc := range cls.cases {
		fmt.Fprintf(&b, `  <testcase name="%s" classname="%s" time="%.3f"`, xmlAttr(tc.name), cls.name, tc.secs)
		if tc.failure == nil && tc.skipped == nil && tc.stdout == "" {
			b.WriteString("/>\n")
			continue
		}
		b.WriteString(">\n")
		writeJUnitOutcome(&b, tc, "    ")
		if tc.stdout != "" {
			b.WriteString("    <system-out><![CDATA[" + tc.stdout + "]]></system-out>\n")
		}
		b.WriteString("  </testcase>\n")
	}
	b.WriteString("</testsuite>\n")
	return []byte(b.String())
}

// writeJUnitOutcome writes a case's <failure>, <error> or <skipped>.
func writeJUnitOutcome(b *strings.Builder, tc reportCase, indent string) {
	switch {
	case tc.failure != nil:
		elem := "failure"
		if tc.failure.err {
			elem = "error"
		}
		fmt.Fprintf(b, "%s<%s message=\"%s\" type=\"%s\">%s</%s>\n", indent, elem, xmlAttr(tc.failure.message),
			tc.failure.kind, xmlEscape(tc.failure.trace), elem)
	case tc.skipped != nil && *tc.skipped == "":
		b.WriteString(indent + "<skipped/>\n")
	case tc.skipped != nil:
		fmt.Fprintf(b, "%s<skipped message=\"%s\"/>\n", indent, xmlAttr(*tc.skipped))
	}
}

// surefireText is Surefire's plain-text summary of a class, beside its XML.
func surefireText(cls reportClass) []byte {
	n, f, e, s := cls.counts()
	rule := strings.Repeat("-", 79)
	return fmt.Appendf(nil, "%s\nTest set: %s\n%s\nTests run: %d, Failures: %d, Errors: %d, Skipped: %d, Time elapsed: %.3f s -- in %s\n",
		rule, cls.name, rule, n, f, e, s, cls.seconds(), cls.name)
}

// utf8BOMString starts what .NET's XmlWriter writes in UTF-8.
const utf8BOMString = "\uFEFF"

// dotnetJUnit is JunitXml.TestLogger's file for one assembly; nested puts
// a suite per class inside the assembly's, as the integration tests'
// converter does.
func dotnetJUnit(ref *jobRef, asm javaModule, nested bool) []byte {
	var b strings.Builder
	b.WriteString(utf8BOMString + `<?xml version="1.0" encoding="utf-8"?>` + "\n<testsuites>\n")
	var n, f, e, s int
	var secs float64
	for _, cls := range asm.classes {
		cn, cf, ce, cs := cls.counts()
		n, f, e, s, secs = n+cn, f+cf, e+ce, s+cs, secs+cls.seconds()
	}
	stamp := ref.job.StartedAt.UTC().Format("2006-01-02T15:04:05")
	fmt.Fprintf(&b, `  <testsuite name="%s.dll" tests="%d" skipped="%d" failures="%d" errors="%d" time="%.4f" timestamp="%s" hostname="fv-az%d-%d" id="0" package="%s.dll">`+"\n",
		asm.name, n, s, f, e, secs, stamp, 100+ref.job.ID%900, ref.job.ID%1000, asm.name)
	b.WriteString("    <properties />\n")
	for _, cls := range asm.classes {
		indent := "    "
		if nested {
			cn, cf, ce, cs := cls.counts()
			fmt.Fprintf(&b, `    <testsuite name="%s" tests="%d" skipped="%d" failures="%d" errors="%d" time="%.4f">`+"\n",
				cls.name, cn, cs, cf, ce, cls.seconds())
			indent = "      "
		}
		for _, tc := range cls.cases {
			fmt.Fprintf(&b, `%s<testcase classname="%s" name="%s" time="%.7f"`, indent, cls.name, xmlAttr(tc.name), tc.secs)
			if tc.failure == nil && tc.skipped == nil {
				b.WriteString(" />\n")
				continue
			}
			b.WriteString(">\n")
			writeJUnitOutcome(&b, tc, indent+"  ")
			b.WriteString(indent + "</testcase>\n")
		}
		if nested {
			b.WriteString("    </testsuite>\n")
		}
	}
	b.WriteString("    <system-out>Data collector 'XPlat code coverage' message: [coverlet]Coverage report written.</system-out>\n")
	b.WriteString("    <system-err></system-err>\n  </testsuite>\n</testsuites>\n")
	return []byte(b.String())
}

// coberturaXML is coverlet's coverage report: XML, but not JUnit.
func coberturaXML(ref *jobRef) []byte {
	stamp := ref.job.StartedAt.Unix()
	return fmt.Appendf(nil, `<?xml version="1.0" encoding="utf-8"?>
<coverage line-rate="0.8731" branch-rate="0.7402" version="1.9" timestamp="%d" lines-covered="689" lines-valid="789" branches-covered="191" branches-valid="258">
  <sources>
    <source>/home/runner/work/storefront/storefront/invoicing/src/</source>
  </sources>
  <packages>
    <package name="Invoicing" line-rate="0.8731" branch-rate="0.7402" complexity="212">
      <classes>
        <class name="Invoicing.Invoice" filename="Invoicing/Invoice.cs" line-rate="0.9412" branch-rate="0.875" complexity="18">
          <methods />
          <lines>
            <line number="14" hits="31" branch="False" />
            <line number="15" hits="31" branch="False" />
            <line number="42" hits="12" branch="True" condition-coverage="75%% (3/4)" />
          </lines>
        </class>
      </classes>
    </package>
  </packages>
</coverage>
`, stamp)
}

// trxFile is the .trx file VSTest writes: XML, not JUnit, uploaded on its
// own without a zip.
func trxFile(ref *jobRef) []byte {
	return fmt.Appendf(nil, `%s<?xml version="1.0" encoding="utf-8"?>
<TestRun id="%s" name="runner@fv-az%d %s" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="Failed">
    <Counters total="6" executed="5" passed="4" failed="1" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="1" />
  </ResultSummary>
</TestRun>
`, utf8BOMString, fakeUUID("trx", ref.job.ID), 100+ref.job.ID%900, ref.job.StartedAt.UTC().Format("2006-01-02 15:04:05"))
}

// storefrontArtifacts are what a storefront job's "Upload test results"
// step (st) uploaded, kept 30 days (retention-days: 30).
func storefrontArtifacts(ref *jobRef, st *Step) []*Artifact {
	c := &logCtx{ref: ref, plan: *ref.job.plan}
	at := st.CompletedAt.Time
	if c.plan.large {
		z := newLargeZip()
		a := newArtifact(ref, c.resultsArtifactName(), at, 30, 0, nil)
		a.large, a.Size, a.Digest = z, z.size, z.digest
		return []*Artifact{a}
	}
	out := []*Artifact{newArtifact(ref, c.resultsArtifactName(), at, 30, 0, zipOf(storefrontReports(ref)...))}
	if ref.job.Name == "dotnet" && c.plan.results == resultsBroken {
		// Uploaded with archive: false: the blob is the file itself.
		trx := newArtifact(ref, "Invoicing.Tests.trx", at.Add(time.Second), 30, 0, trxFile(ref))
		out = append(out, trx)
	}
	return out
}
