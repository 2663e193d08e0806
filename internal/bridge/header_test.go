package bridge

import (
	"os"
	"strconv"
	"testing"
)

// TestCompiledAgainstTheWantedHeader guards the CI run that builds the
// bridge against a second sqlite3ext.h (scripts/test.sh): if the -I it
// passes stopped taking effect, that run would test the first header twice.
func TestCompiledAgainstTheWantedHeader(t *testing.T) {
	want := os.Getenv("ACTIONSQL_WANT_SQLITE_HEADER")
	if want == "" {
		t.Skip("ACTIONSQL_WANT_SQLITE_HEADER (a SQLITE_VERSION_NUMBER) is not set")
	}
	n, err := strconv.Atoi(want)
	if err != nil {
		t.Fatalf("ACTIONSQL_WANT_SQLITE_HEADER=%q: want a SQLITE_VERSION_NUMBER such as 3040001", want)
	}
	if got := headerVersion(); got != n {
		t.Errorf("the bridge was compiled against sqlite3ext.h %d, want %d", got, n)
	}
}
