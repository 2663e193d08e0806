package fakegh

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestTheBinaryLinksNoTestMachinery: actionsql links fakegh for --demo,
// but none of what only tests and the benchmark use: fault injection
// (package fakeghtest), the benchmark's data set and its generated huge
// logs, the many-runs data set.
func TestTheBinaryLinksNoTestMachinery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the actionsql binary")
	}
	bin := filepath.Join(t.TempDir(), "actionsql")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/actionsql/actionsql").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command("go", "tool", "nm", bin).CombinedOutput()
	if err != nil {
		t.Fatalf("go tool nm: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`internal/fakegh\.Default\b`).Match(out) {
		t.Fatal("the binary lacks fakegh.Default: is --demo gone, or does nm name symbols differently?")
	}
	testOnly := regexp.MustCompile(`internal/fakegh/fakeghtest\.|internal/fakegh\.(NewPerfData|ManyRuns|\(\*streamedLog\)|\(\*chunkGen\)|\(\*streamReader\))`)
	if found := testOnly.FindAll(out, 5); found != nil {
		t.Errorf("the binary links test machinery: %q", found)
	}
}
