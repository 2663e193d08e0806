package fakegh

import (
	"os"
	"strconv"
	"testing"
)

func TestDumpLog(t *testing.T) {
	d := Default()
	var id int64
	if tag := os.Getenv("TAG"); tag != "" {
		att, _ := strconv.Atoi(os.Getenv("ATT"))
		for _, r := range d.Repos {
			if run := r.Run(d.notable[tag]); run != nil {
				for _, j := range run.Attempt(att).Jobs {
					if j.Name == os.Getenv("NAME") { id = j.ID }
				}
			}
		}
	}
	b, ok := d.Log(id)
	j, _ := d.Job(id)
	out, _ := marshalJSON(j)
	os.WriteFile("/tmp/job.json", out, 0o644)
	if !ok { t.Fatal("no log", id) }
	os.WriteFile("/tmp/joblog.txt", b, 0o644)
}
