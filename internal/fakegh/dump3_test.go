package fakegh

import (
	"fmt"
	"testing"
)

func TestDumpConsts(t *testing.T) {
	d := Default()
	find := func(tag string) *Run {
		for _, r := range d.Repos {
			if run := r.Run(d.notable[tag]); run != nil {
				return run
			}
		}
		return nil
	}
	for _, tag := range []string{"flaky", "three-attempts", "failed", "cancelled", "in-progress", "expired", "nightly", "big", "api-failed", "api-queued", "private"} {
		run := find(tag)
		fmt.Printf("%-15s run %d attempts %d jobs(all) %d\n", tag, run.ID, len(run.Attempts), len(run.AllJobs()))
		for _, a := range run.Attempts {
			for _, j := range a.Jobs {
				if deref(j.Conclusion) != "success" && deref(j.Conclusion) != "skipped" || tag == "nightly" {
					fmt.Printf("     a%d %d %s %s %s\n", a.Number, j.ID, j.Name, j.Status, deref(j.Conclusion))
				}
			}
		}
	}
}
