package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/actionsql/actionsql/examples"
	"github.com/actionsql/actionsql/internal/fakegh"
)

// chartOf posts a query's answer to /api/chart, as the page does, and
// returns the SVG's texts.
func (ts *testServer) chartOf(t *testing.T, kind string, a queryAnswer) []string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"kind": kind, "columns": a.Columns, "rows": a.Rows})
	resp := ts.request(t, "POST", "/api/chart", string(body), nil)
	svg, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/chart: %s: %s", resp.Status, svg)
	}
	var texts []string
	for _, m := range regexp.MustCompile(`<text[^>]*>([^<]*)</text>`).FindAllStringSubmatch(string(svg), -1) {
		texts = append(texts, m[1])
	}
	return texts
}

// TestPageBarChartsStartAtZeroAndNameEveryCategory draws what a user of
// the page draws first: the bars of a run's jobs, and the cookbook's
// median, p90 and worst per job, at the page's size.
func TestPageBarChartsStartAtZeroAndNameEveryCategory(t *testing.T) {
	ts := startServer(t, fakegh.Options{})
	var p90 string
	for _, e := range examples.All() {
		if e.File == "p90_per_job.sql" {
			p90 = e.SQL
		}
	}
	tests := []struct {
		name, sql string
		absent    string // a series left out, named in a note
	}{
		{"a run's jobs", "SELECT name, duration_seconds FROM jobs WHERE run_id = 9398595218", ""},
		// Four jobs of 1,345 to 4,219 s, whose bars started at 1k.
		{"four long jobs", "SELECT column1 AS job, column2 AS duration_seconds FROM (VALUES ('build', 1345), ('test', 4219), ('lint', 2107), ('deploy', 3050))", ""},
		{"p90 per job", p90, "jobs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, a := ts.query(t, tt.sql)
			if status != http.StatusOK || len(a.Rows) < 3 {
				t.Fatalf("%s: %d, %d rows: %s", tt.sql, status, len(a.Rows), a.Error)
			}
			texts := ts.chartOf(t, "bar", a)
			var ticks []float64
			for _, s := range texts {
				if v, err := strconv.ParseFloat(strings.TrimSuffix(s, "k"), 64); err == nil {
					ticks = append(ticks, v)
				}
			}
			if len(ticks) < 2 || slices.Min(ticks) != 0 {
				t.Errorf("value ticks %v: want the lowest 0", ticks)
			}
			for _, row := range a.Rows {
				if name := row[0].(string); !slices.Contains(texts, name) {
					t.Errorf("the chart does not name %q: texts %q", name, texts)
				}
			}
			if tt.absent != "" {
				note := "left out " + tt.absent + " (a count): the axis is seconds; chart it on its own"
				if slices.Contains(texts, tt.absent) || !slices.Contains(texts, note) {
					t.Errorf("want %s left out of the legend and the note %q: texts %q", tt.absent, note, texts)
				}
			}
		})
	}
}
