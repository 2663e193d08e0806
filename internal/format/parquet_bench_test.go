package format

import (
	"fmt"
	"io"
	"testing"
)

// BenchmarkParquetLogRows writes job_logs-shaped rows (the table's nine
// columns, a ~100-byte line of content) as Parquet to io.Discard: the
// writer's own cost per row, without SQLite or the API.
func BenchmarkParquetLogRows(b *testing.B) {
	columns := []string{"owner", "repo", "run_id", "job_id", "line", "timestamp", "step_number", "level", "content"}
	declared := []string{"TEXT", "TEXT", "INTEGER", "INTEGER", "INTEGER", "TEXT", "INTEGER", "TEXT", "TEXT"}
	w := newParquet(io.Discard, Options{})
	w.(*parquetWriter).declareTypes(declared)
	if err := w.Begin(columns); err != nil {
		b.Fatal(err)
	}
	row := make([]any, len(columns))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		row[0], row[1], row[2], row[3], row[4] = "octo-org", "perf-lab", int64(9000000001), int64(18061802108), int64(i+1)
		row[5] = fmt.Sprintf("2026-09-21T17:21:%02d.7513949Z", i%60)
		row[6] = int64(i / 1000)
		row[7] = nil
		if i%10 == 0 {
			row[7] = "command"
		}
		row[8] = fmt.Sprintf("Run go test ./... -count=1 -run TestSomething%d: ok  github.com/octo-org/perf-lab/pkg %d.%03ds", i, i%7, i%1000)
		if err := w.Row(row); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.End(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
