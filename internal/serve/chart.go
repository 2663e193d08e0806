package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/actionsql/actionsql/internal/chart"
)

// chartRequest is the body of POST /api/chart: a result as /api/query
// answered it, and how to draw it. The page sends back the result it
// holds, so that choosing another kind of chart runs no query again.
type chartRequest struct {
	Kind    string   `json:"kind"`
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
	Width   int      `json:"width"`
	Height  int      `json:"height"`
}

// Chart sizes in pixels: the default, and the bounds a request is held to.
const (
	defaultChartWidth, defaultChartHeight = 800, 400
	minChartSize, maxChartSize            = 200, 4000
)

// serveChart draws a result as SVG: POST /api/chart. The same package
// draws the shell's .chart, so the page shows what the shell would write.
func (s *Server) serveChart(w http.ResponseWriter, r *http.Request) {
	var req chartRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	kind, err := chart.ParseKind(req.Kind)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	t := chart.Table{Columns: req.Columns, Rows: make([][]any, len(req.Rows))}
	for i, row := range req.Rows {
		t.Rows[i] = make([]any, len(row))
		for j, v := range row {
			t.Rows[i][j] = sqlValue(v)
		}
	}
	var svg bytes.Buffer
	width := chartSize(req.Width, defaultChartWidth)
	height := chartSize(req.Height, defaultChartHeight)
	if err := chart.SVG(&svg, kind, t, width, height); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(presentationAttributes(svg.Bytes()))
}

// chartSize is a requested size held within bounds, or def for none.
func chartSize(n, def int) int {
	if n <= 0 {
		return def
	}
	return min(max(n, minChartSize), maxChartSize)
}

// sqlValue turns a JSON value of a result back into what database/sql
// scans: an integer is int64, any other number float64, text string, null
// nil.
func sqlValue(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64() // JSON numbers always read as float64, if inexactly
		return f
	case string, nil:
		return v
	case bool:
		if v {
			return int64(1)
		}
		return int64(0)
	}
	return fmt.Sprint(v) // an array or object: not what /api/query answers
}
