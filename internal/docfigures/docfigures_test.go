package docfigures

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const page = "# Reliability\n\nIntro.\n\n## Figures\n\n" + beginMark + "\n" +
	"Measured at commit `f1871c0` on 2026-12-01 by `scripts/figures.sh`.\n\n" +
	"| what | result | measured by |\n|---|---|---|\n" +
	"| faults survived | 49 in all | vtab: TestFaults |\n" +
	"| kills | 20 kills, 0 wrong | internal/ghapi: TestKills |\n" +
	endMark + "\n\n## After\n\nText.\n"

func writePage(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "reliability.md")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCompareWantsTheRowTheSuiteMeasured(t *testing.T) {
	tests := []struct {
		name, page, what, row string
		wantErr               string // "" for none
	}{
		{"same row", page, "faults survived", "| faults survived | 49 in all | vtab: TestFaults |", ""},
		{"another figure", page, "faults survived", "| faults survived | 50 in all | vtab: TestFaults |", "the suite measured\n  | faults survived | 50 in all |"},
		{"measured by another test", page, "kills", "| kills | 20 kills, 0 wrong | internal/ghapi: TestOther |", "the figures say"},
		{"no such row", page, "fuzz", "| fuzz | 3 | vtab: TestFuzz |", `no row about "fuzz"`},
		{"no commit named", strings.Replace(page, "Measured at commit `f1871c0`", "Measured", 1), "kills", "| kills | 20 kills, 0 wrong | internal/ghapi: TestKills |", "do not name the commit"},
		{"no block", "# Reliability\n\n| kills | 20 kills, 0 wrong | internal/ghapi: TestKills |\n", "kills", "| kills | 20 kills, 0 wrong | internal/ghapi: TestKills |", "no figures table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := apply(writePage(t, tt.page), tt.what, tt.row, false)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error %v, want one saying %q", err, tt.wantErr)
			}
		})
	}
}

func TestUpdateRewritesOneRowAndKeepsTheRest(t *testing.T) {
	path := writePage(t, page)
	newRow := "| faults survived | 50 in all | vtab: TestFaults |"
	if err := apply(path, "faults survived", newRow, true); err != nil {
		t.Fatal(err)
	}
	added := "| damaged copies | 570 | internal/ghapi: TestDamage |"
	if err := apply(path, "damaged copies", added, true); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(page, "| faults survived | 49 in all | vtab: TestFaults |", newRow, 1)
	want = strings.Replace(want, endMark, added+"\n"+endMark, 1)
	if string(got) != want {
		t.Errorf("page after the updates:\n%s\nwant:\n%s", got, want)
	}
	for what, row := range map[string]string{"faults survived": newRow, "damaged copies": added} {
		if err := apply(path, what, row, false); err != nil {
			t.Errorf("the written row does not compare equal: %v", err)
		}
	}
}
