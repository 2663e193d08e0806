package fakegh

import (
	"fmt"
	"strings"
)

// The storefront's Java and .NET test jobs: what `mvn -B test` and
// `dotnet test` print, and the step that uploads their reports. The tests
// themselves, and the JUnit XML files they leave, are in junitfiles.go.

func writeSetupJava(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.usesHeader(w, "actions/setup-java@v4", [][2]string{{"distribution", "temurin"}, {"java-version", "21"},
		{"cache", "maven"}, {"java-package", "jdk"}, {"check-latest", "false"}})
	w.out("Installed distributions")
	w.head("Resolved Java 21.0.8+9 from tool-cache", "Setting Java 21.0.8+9 as the default", "Creating toolchains.xml for JDK version 21 from temurin",
		"Writing to /home/runner/.m2/toolchains.xml", "", "Java configuration:", "  Distribution: temurin",
		"  Version: 21.0.8+9", "  Path: /opt/hostedtoolcache/Java_Temurin-Hotspot_jdk/21.0.8-9/x64", "")
	w.out("Cache restored successfully", "Cache restored from key: setup-java-Linux-x64-maven-"+fakeHex(64, c.fullName(), "maven"))
}

// writeMaven is `mvn -B test`: Surefire's console report of each test
// class, then the totals and the build's outcome.
func writeMaven(c *logCtx, w *logWriter, st Step, failed bool) {
	if c.plan.large {
		c.runHeader(w, []string{"mvn -B -pl catalog -Dtest=CatalogConformanceTest test"}, nil)
	} else {
		c.runHeader(w, []string{"mvn -B test"}, nil)
	}
	w.out("[INFO] Scanning for projects...")
	var total, failures, errors, skipped int
	var problems []string
	for _, mod := range c.javaModules() {
		w.out("[INFO] ", "[INFO] "+strings.Repeat("-", 22)+"< com.example:"+mod.name+" >"+strings.Repeat("-", 22),
			"[INFO] Building "+mod.name+" 1.4.0-SNAPSHOT", "[INFO] "+strings.Repeat("-", 72))
		w.out("[INFO] --- surefire:3.5.3:test (default-test) @ "+mod.name+" ---",
			"[INFO] Using auto detected provider org.apache.maven.surefire.junitplatform.JUnitPlatformProvider", "[INFO] ",
			"[INFO] -------------------------------------------------------", "[INFO]  T E S T S",
			"[INFO] -------------------------------------------------------")
		for _, cls := range mod.classes {
			if cls.truncated {
				w.out("[INFO] Running " + cls.name)
				w.out("[ERROR] ExecutionException The forked VM terminated without properly saying goodbye. VM crash or System.exit called?")
				problems = append(problems, "[ERROR]   "+shortClass(cls.name)+" » The forked VM terminated without properly saying goodbye")
				errors++
				continue
			}
			n, f, e, s := cls.counts()
			total, failures, errors, skipped = total+n, failures+f, errors+e, skipped+s
			w.out("[INFO] Running " + cls.name)
			verdict, level := "", "[INFO]"
			if f+e > 0 {
				verdict, level = " <<< FAILURE!", "[ERROR]"
			} else if s > 0 {
				level = "[WARNING]"
			}
			w.outf("%s Tests run: %d, Failures: %d, Errors: %d, Skipped: %d, Time elapsed: %.3f s%s -- in %s",
				level, n, f, e, s, cls.seconds(), verdict, cls.name)
			for _, tc := range cls.cases {
				if tc.failure == nil {
					continue
				}
				kind := "FAILURE"
				if tc.failure.err {
					kind = "ERROR"
				}
				w.outf("[ERROR] %s.%s -- Time elapsed: %.3f s <<< %s!", cls.name, tc.name, tc.secs, kind)
				w.head(strings.Split(tc.failure.trace, "\n")...)
				problems = append(problems, fmt.Sprintf("[ERROR]   %s.%s %s", shortClass(cls.name), tc.name, tc.failure.message))
			}
		}
	}
	w.out("[INFO] ", "[INFO] Results:", "[INFO] ")
	if len(problems) > 0 {
		w.head("[ERROR] Failures: ")
		w.head(problems...)
		w.head("[INFO] ")
		w.headf("[ERROR] Tests run: %d, Failures: %d, Errors: %d, Skipped: %d", total, failures, errors, skipped)
		w.out("[INFO] "+strings.Repeat("-", 72), "[INFO] BUILD FAILURE", "[INFO] "+strings.Repeat("-", 72))
		w.outf("[INFO] Total time:  %.3f s", stepSeconds(st)-1.2)
		w.out("[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.5.3:test (default-test): There are test failures.")
	} else {
		level := "[INFO]"
		if skipped > 0 {
			level = "[WARNING]"
		}
		w.headf("%s Tests run: %d, Failures: 0, Errors: 0, Skipped: %d", level, total, skipped)
		w.out("[INFO] "+strings.Repeat("-", 72), "[INFO] BUILD SUCCESS", "[INFO] "+strings.Repeat("-", 72))
		w.outf("[INFO] Total time:  %.3f s", stepSeconds(st)-1.2)
	}
	if failed {
		w.out("##[error]Process completed with exit code 1.")
	}
}

// shortClass is a class name without its package, as Surefire's summary
// writes it.
func shortClass(name string) string { return name[strings.LastIndex(name, ".")+1:] }

func writeSetupDotnet(c *logCtx, w *logWriter, _ Step, _ bool) {
	c.usesHeader(w, "actions/setup-dotnet@v4", [][2]string{{"dotnet-version", "8.0.x"}, {"cache", "false"}})
	w.out("[command]/home/runner/work/_temp/" + fakeUUID("dotnet", c.ref.job.ID) + " --channel 8.0 --install-dir /usr/share/dotnet")
	w.out("dotnet-install: .NET Core SDK with version '8.0.414' is already installed.")
}

// writeDotnetTest is `dotnet test` with the JUnit logger: VSTest's lines
// for failed and skipped tests and its totals per test assembly.
func writeDotnetTest(c *logCtx, w *logWriter, st Step, failed bool) {
	c.runHeader(w, []string{`dotnet test invoicing --logger "junit;LogFilePath=TestResults/{assembly}.junit.xml" --collect:"XPlat Code Coverage"`}, nil)
	root := c.workDir() + "/invoicing"
	w.out("  Determining projects to restore...")
	w.out("  Restored " + root + "/tests/Invoicing.Tests/Invoicing.Tests.csproj (in 2.41 sec).")
	for _, asm := range c.dotnetAssemblies() {
		w.outf("  %s -> %s/tests/%s/bin/Debug/net8.0/%s.dll", asm.name, root, asm.name, asm.name)
	}
	for _, asm := range c.dotnetAssemblies() {
		dll := root + "/tests/" + asm.name + "/bin/Debug/net8.0/" + asm.name + ".dll"
		w.outf("Test run for %s (.NETCoreApp,Version=v8.0)", dll)
		w.head("VSTest version 17.11.1 (x64)", "")
		w.out("Starting test execution, please wait...")
		w.head("A total of 1 test files matched the specified pattern.")
		var n, f, s int
		var secs float64
		for _, cls := range asm.classes {
			cn, cf, ce, cs := cls.counts()
			n, f, s, secs = n+cn, f+cf+ce, s+cs, secs+cls.seconds()
			for _, tc := range cls.cases {
				switch {
				case tc.failure != nil:
					w.outf("  Failed %s.%s [%d ms]", cls.name, tc.name, int(tc.secs*1000))
					// The trace is the message's lines, then the frames.
					lines := strings.Split(tc.failure.trace, "\n")
					w.head("  Error Message:", "   "+lines[0])
					frames := 1
					for ; frames < len(lines) && !strings.HasPrefix(lines[frames], "   at "); frames++ {
						w.head(lines[frames])
					}
					w.head("  Stack Trace:")
					for _, line := range lines[frames:] {
						w.head("  " + line)
					}
				case tc.skipped != nil:
					w.outf("  Skipped %s.%s [< 1 ms]", cls.name, tc.name)
				}
			}
		}
		w.outf("Results File: %s/tests/%s/TestResults/%s.junit.xml", root, asm.name, asm.name)
		w.out("")
		verdict := "Passed!"
		if f > 0 {
			verdict = "Failed!"
		}
		w.outf("%-8s - Failed: %5d, Passed: %5d, Skipped: %5d, Total: %5d, Duration: %d ms - %s.dll (net8.0)",
			verdict, f, n-f-s, s, n, int(secs*1000), asm.name)
	}
	w.out("", "Attachments:", "  "+root+"/tests/Invoicing.Tests/TestResults/"+fakeUUID("coverage", c.ref.job.ID)+"/coverage.cobertura.xml")
	if failed {
		w.out("##[error]Process completed with exit code 1.")
	}
}

// writeUploadResults uploads the job's test reports; it runs even when the
// tests failed (if: always()). Its size and id are the artifact's.
func writeUploadResults(c *logCtx, w *logWriter, _ Step, _ bool) {
	name := c.resultsArtifactName()
	path := "**/target/surefire-reports/"
	if c.ref.job.Name == "dotnet" {
		path = "invoicing/tests/**/TestResults/"
	}
	compression := "6"
	if c.plan.large {
		compression = "0"
	}
	c.usesHeader(w, actionPins[kindUpload], [][2]string{{"name", name}, {"path", path}, {"if-no-files-found", "warn"},
		{"retention-days", "30"}, {"compression-level", compression}, {"overwrite", "false"}, {"include-hidden-files", "false"}})
	w.out("Beginning upload of artifact content to blob storage")
	w.out("Finished uploading artifact content to blob storage!")
	w.head("Finalizing artifact upload")
	w.outf("Artifact %s has been successfully uploaded!", name)
}

// resultsArtifactName is the artifact a storefront job uploads its reports
// as: the workflow names it per attempt.
func (c *logCtx) resultsArtifactName() string {
	return fmt.Sprintf("test-results-%s-attempt-%d", c.ref.job.Name, c.ref.attempt.Number)
}
