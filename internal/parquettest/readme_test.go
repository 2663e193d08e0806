package parquettest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTheREADMEsPartitionedFilesReadByDuckDB runs the README's "Beyond one
// machine" example as written: its loop in bash with ./actionsql (this
// test binary, which is actionsql when asStandIn is set: see TestMain),
// then its DuckDB query (through DuckDB's Go driver, the
// duckdb command not being installed here) over the files, whose answer
// must be actionsql's own for the same runs.
func TestTheREADMEsPartitionedFilesReadByDuckDB(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	start := strings.Index(section, "## Beyond one machine")
	if start < 0 {
		t.Fatal("README.md has no section Beyond one machine")
	}
	section = section[start:]
	blocks := regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(section, 2)
	if len(blocks) != 2 || !strings.Contains(blocks[0][1], "for repo in") {
		t.Fatalf("want the loop and the duckdb command as the section's first two sh blocks, found %d", len(blocks))
	}
	query := regexp.MustCompile(`(?s)^duckdb -c "(.*)"\s*$`).FindStringSubmatch(blocks[1][1])
	if query == nil {
		t.Fatalf("the second block is not one duckdb -c \"...\" command:\n%s", blocks[1][1])
	}

	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(dir, "actionsql")); err != nil {
		t.Fatal(err)
	}
	loop := exec.Command("bash", "-e", "-c", blocks[0][1])
	loop.Dir = dir
	loop.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "XDG_CACHE_HOME=" + filepath.Join(dir, "cache"), asStandIn + "=1"}
	if out, err := loop.CombinedOutput(); err != nil {
		t.Fatalf("the README's loop: %v\n%s", err, out)
	}

	t.Chdir(dir) // the query names the files relative to where it runs
	got := queryRows(t, query[1])
	columns, want := parseJSON(t, actionsql(t, startGitHub(t), "-f", "json", `
		SELECT repo, substr(created_at, 1, 7) AS month, count(*) AS runs,
			count(*) FILTER (WHERE conclusion = 'failure') AS failed,
			round(avg(duration_seconds)) AS avg_seconds
		FROM runs WHERE owner = 'octo-org' AND repo IN ('webapp', 'docs')
			AND created_at >= '2026-07-01' AND created_at < '2026-10-01'
		GROUP BY 1, 2 ORDER BY 1, 2`))
	if len(want) != 6 {
		t.Fatalf("the demo has runs in %d of the loop's 6 repository-months, want all 6", len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("DuckDB answers %d rows, actionsql %d:\n%v\n%v", len(got), len(want), got, want)
	}
	for i := range want {
		for j, name := range columns {
			if g, w := fmt.Sprint(got[i][j]), fmt.Sprint(want[i][j]); g != w && !sameNumber(got[i][j], want[i][j]) {
				t.Errorf("row %d, %s: DuckDB answers %s, actionsql %s", i+1, name, g, w)
			}
		}
	}
}

// queryRows runs a DuckDB query and returns its rows.
func queryRows(t *testing.T, query string) [][]any {
	t.Helper()
	rows, err := openDuckDB(t).Query(query)
	if err != nil {
		t.Fatalf("DuckDB: %v\n%s", err, query)
	}
	defer rows.Close()
	_, all := scanValues(t, rows)
	return all
}

// sameNumber says a number DuckDB read is the one json printed.
func sameNumber(got, printed any) bool {
	return sameValue(got, printed) == nil
}
