package repl

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParquetNeedsOnceInTheShell: .mode parquet sends a result nowhere
// until .once names its file; .once outlasts a statement without a result
// set (a Parquet file of nothing would be no Parquet file) and is used by
// the next that has one.
func TestParquetNeedsOnceInTheShell(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "conclusions.parquet")
	s := newSession(t)
	_, _, err := s.run(".mode parquet\nSELECT 1 AS a;\n")
	if err == nil || !strings.Contains(err.Error(), "a Parquet result goes to a file of its own: name it with .once FILE before the statement") {
		t.Errorf("error = %v, want the advice to use .once", err)
	}
	out, _, err := s.run(".mode parquet\n.once " + file + "\nCREATE TABLE c AS SELECT 'success' AS conclusion;\nSELECT conclusion FROM c;\n.mode list\nSELECT 2 AS b;\n")
	if err != nil {
		t.Fatal(err)
	}
	b := read(t, file)
	if !bytes.HasPrefix(b, []byte("PAR1")) || !bytes.HasSuffix(b, []byte("PAR1")) || !bytes.Contains(b, []byte("conclusion")) {
		t.Errorf("%s is no Parquet file of the SELECT's result: %d bytes %.8q", file, len(b), b)
	}
	if out != "b\n2\n" {
		t.Errorf("stdout = %q, want only the result after the Parquet one", out)
	}
}

// TestOnceKeepsTheFileOfAFailedStatement: .once FILE writes FILE only once
// the statement succeeded, in every format: a failed one leaves the file
// that was there as it was, and no temporary file.
func TestOnceKeepsTheFileOfAFailedStatement(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "out.csv")
	write(t, file, "kept\n")
	_, _, err := newSession(t).run(".mode csv\n.once " + file + "\nSELECT abs(-9223372036854775807 - 1) AS boom;\n")
	if err == nil || !strings.Contains(err.Error(), "integer overflow") {
		t.Errorf("error = %v, want SQLite's", err)
	}
	if got := string(read(t, file)); got != "kept\n" {
		t.Errorf("%s holds %q after the failed statement", file, got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %v, want only the file that was there", entries)
	}
}

func TestOnceRefusesAMissingFolder(t *testing.T) {
	_, _, err := newSession(t).run(".once " + filepath.Join(t.TempDir(), "no", "such", "out.csv") + "\n")
	if err == nil || !strings.Contains(err.Error(), "no folder") {
		t.Errorf("error = %v, want the missing folder named", err)
	}
}
