// Package testresults reads the test case results a CI run left behind:
// JUnit XML reports (inside artifacts, see [Archive]) and the results that
// test runners print into job logs (see [LogParser]). It knows nothing of
// GitHub or SQL: it turns bytes and lines into [Result]s.
//
// # JUnit XML
//
// [JUnitReader] streams one report with encoding/xml, one token at a time:
// a report's size does not bound memory, only its largest single element
// (a failure's stack trace) does. The root is <testsuites> or a bare
// <testsuite>; suites may nest. Each <testcase> is one Result: its suite is
// its classname, else the innermost testsuite's name; <failure>, <error>
// and <skipped> make it failed, error or skipped (the first of them wins),
// with the first line of their message attribute, else of their text, as
// its message. time is seconds. A document whose root is anything else (a
// Cobertura coverage report shares the artifact) is [ErrNotJUnit].
//
// # Job logs
//
// [LogParser] is fed a job log's lines (their content after the timestamp,
// as internal/joblog yields them) and recognizes what three runners print:
//
//   - go test -v: "--- PASS: TestX (0.01s)", FAIL and SKIP alike, subtests
//     "TestX/sub". The package is the one the "ok"/"FAIL" line that closes
//     the package's output names, so a package's results wait for that line.
//     The message of a failed or skipped test is its first output line.
//   - pytest -v: "tests/test_x.py::TestY::test_z[param] PASSED [ 12%]"
//     (and pytest-xdist's "[gw0] [ 12%] PASSED tests/..."); the messages of
//     failed and errored tests come from the short test summary at the end
//     of the session ("FAILED tests/...::test_z - assert 1 == 2"), so those
//     results wait for it; a skip's reason from "SKIPPED (reason)".
//     Status: PASSED passed, FAILED failed, ERROR error, SKIPPED skipped;
//     XFAIL (an expected failure, which pytest counts apart from passes) is
//     skipped with its reason, and XPASS (a test marked xfail that passed,
//     not strict) passed, which is how pytest's own JUnit report maps them.
//     A test whose teardown fails after it passed is printed twice (PASSED,
//     then ERROR) and gives two results, as pytest counts both.
//   - jest --verbose: the test file from the " PASS  file" / " FAIL  file"
//     header, the describe titles above a test joined with it by " › ",
//     ✓ passed, ✕ failed, ○ and ✎ (todo) skipped (√ and × on Windows),
//     "(5 ms)" durations; a failed test's message is the first line of its
//     "● title" block, so a file's failed results wait for its blocks.
//
// Every line costs a few byte comparisons before any parsing, so the
// parsers keep up with the log reader; what waits (a Go package's results,
// a session's failures) is held until the line that completes it and no
// longer.
package testresults
