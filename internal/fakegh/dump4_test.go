package fakegh

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

func TestDumpAllLogs(t *testing.T) {
	d := Default()
	start := time.Now()
	n, lines, bytesTotal := 0, 0, 0
	for _, r := range d.Repos {
		for _, run := range r.Runs {
			for _, j := range run.AllJobs() {
				b, ok := d.Log(j.ID)
				if !ok { continue }
				n++
				lines += bytes.Count(b, []byte("\n"))
				bytesTotal += len(b)
			}
		}
	}
	b, _ := d.Log(18098957616)
	fmt.Println("logs", n, "lines", lines, "bytes", bytesTotal, "took", time.Since(start), "long", bytes.Count(b, []byte("\n")), len(b))
}
