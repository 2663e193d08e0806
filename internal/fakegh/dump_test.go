package fakegh

import (
	"fmt"
	"testing"
	"strings"
)

func TestDump(t *testing.T) {
	d := Default()
	for tag, id := range d.notable {
		fmt.Println("TAG", tag, id)
	}
	for _, r := range d.Repos {
		fmt.Println("REPO", r.FullName(), len(r.Runs))
		for _, run := range r.Runs {
			fmt.Printf("  run %d #%d %s %s %s attempts=%d %s %v\n", run.ID, run.RunNumber, run.CreatedAt.Format("01-02T15:04"), run.HeadBranch, run.Latest().Status, len(run.Attempts), deref(run.Latest().Conclusion), run.LogsExpired)
			for _, a := range run.Attempts {
				for _, j := range a.Jobs {
					if len(a.Jobs) > 12 && !strings.Contains(j.Name, "build") && deref(j.Conclusion) == "success" { continue }
					q := ""
					if j.StartedAt != nil { q = j.StartedAt.Sub(j.CreatedAt.Time).String() }
					fmt.Printf("    a%d job %d %-28s %-11s %-9s steps=%d q=%s %s\n", a.Number, j.ID, j.Name, j.Status, deref(j.Conclusion), len(j.Steps), q, deref(j.RunnerName))
				}
			}
		}
	}
}
