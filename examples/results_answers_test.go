package examples_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/fakegh"
)

// The test-results cookbook against what the emulated storefront did:
// its re-run's attempt 1 failed one test per runner and report (fakegh's
// StorefrontRerunRunID), attempt 2 passed them all, and no other run on
// main failed a test.

// storefrontFlakes are the tests attempt 1 of the re-run failed, as
// "source|suite|name".
var storefrontFlakes = []string{
	"go|" + fakegh.StorefrontModule + "/internal/checkout|TestCheckout_PaymentTimeout",
	"jest|src/checkout/checkout.test.tsx|Checkout › shows the payment provider's error",
	"junit|Invoicing.IntegrationTests.MailingTests|Sends_Invoice_Email",
	"junit|com.example.catalog.SkuParserTest|resolvesLegacySkusOverHttp",
	"pytest|tests/test_sync.py|test_sync_inventory",
}

func bundled(t *testing.T, file string) string {
	t.Helper()
	for _, e := range examples.All() {
		if e.File == file {
			return e.SQL
		}
	}
	t.Fatalf("no bundled example %s", file)
	return ""
}

// testsOf is each row's "source|suite|name".
func testsOf(rs rows) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%v|%v|%v", r["source"], r["suite"], r["name"]))
	}
	return out
}

func TestFlakyTestsAreTheRerunsFailuresOfAttemptOne(t *testing.T) {
	got := onDemo(t, bundled(t, "flaky_tests.sql"))[0]
	if !slices.Equal(testsOf(got), storefrontFlakes) {
		t.Errorf("flaky tests:\n got  %q\n want %q", testsOf(got), storefrontFlakes)
	}
	for _, r := range got {
		if fmt.Sprint(r["runs"]) != fmt.Sprint(fakegh.StorefrontRerunRunID) {
			t.Errorf("%v flaked in runs %v, want only the re-run %d", r["name"], r["runs"], fakegh.StorefrontRerunRunID)
		}
	}
}

func TestNewlyFailingTestsFailedInTheRerunAfterPassingBefore(t *testing.T) {
	got := onDemo(t, bundled(t, "tests_newly_failing_on_main.sql"))[0]
	if !slices.Equal(testsOf(got), storefrontFlakes) {
		t.Errorf("newly failing:\n got  %q\n want %q", testsOf(got), storefrontFlakes)
	}
	for _, r := range got {
		if fmt.Sprint(r["run_id"]) != fmt.Sprint(fakegh.StorefrontRerunRunID) || fmt.Sprint(r["previous_run"]) != fmt.Sprint(fakegh.StorefrontMainRunID) {
			t.Errorf("%v: newly failed in run %v after %v, want %d after %d", r["name"], r["run_id"], r["previous_run"], fakegh.StorefrontRerunRunID, fakegh.StorefrontMainRunID)
		}
	}
}

func TestFailingMostSaysTheLatestFailure(t *testing.T) {
	got := onDemo(t, bundled(t, "tests_failing_most.sql"))[0]
	if !slices.Equal(testsOf(got), storefrontFlakes) {
		t.Errorf("failing most:\n got  %q\n want %q", testsOf(got), storefrontFlakes)
	}
	for _, r := range got {
		if msg, _ := r["last_message"].(string); msg == "" || strings.Contains(msg, "\n") {
			t.Errorf("%v: last message %q, want the failure's first line", r["name"], r["last_message"])
		}
	}
}

func TestSlowestAndSkippedTestsAreOrdered(t *testing.T) {
	slow := onDemo(t, bundled(t, "slowest_tests_p90.sql"))[0]
	for i := 1; i < len(slow); i++ {
		a, b := fmt.Sprint(slow[i-1]["p90_seconds"]), fmt.Sprint(slow[i]["p90_seconds"])
		var x, y float64
		fmt.Sscan(a, &x)
		fmt.Sscan(b, &y)
		if x < y {
			t.Errorf("slowest tests out of order: %v before %v", a, b)
		}
		if r := slow[i]; r["source"] == "pytest" {
			t.Errorf("a pytest -v result has no duration, yet %v is among the slowest", r["name"])
		}
	}
	skipped := onDemo(t, bundled(t, "tests_skipped_most.sql"))[0]
	for _, r := range skipped {
		if r["source"] == "go" && r["reason"] != "inventory_test.go:31: set INVENTORY_DSN to run against a real database" {
			t.Errorf("go skip reason %q, want the test's first output line", r["reason"])
		}
	}
	if len(skipped) == 0 || len(slow) == 0 {
		t.Fatalf("slowest: %d rows, skipped most: %d rows", len(slow), len(skipped))
	}
}
