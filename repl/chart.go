package repl

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/actionsql/actionsql/internal/chart"
	"golang.org/x/term"
)

// Bounds on the result the shell keeps for .chart: a chart of more rows
// than this needs a GROUP BY anyway, and a big log query must not hold its
// lines in memory twice.
const (
	maxKeptRows  = chart.MaxPoints
	maxKeptBytes = 64 << 20
)

// Image files are drawn at this size unless the CLI's --chart says
// otherwise.
const imageWidth, imageHeight = 1000, 500

// ChartRequest is a chart the CLI asks for (--chart KIND[:FILE]): drawn
// after the script, from the result of its last statement that returned
// rows, as .chart KIND [FILE] would.
type ChartRequest struct {
	Kind chart.Kind
	File string // "" for the terminal (standard output)
}

// ParseChartRequest reads --chart's value: KIND, or KIND:FILE with FILE
// ending in .svg or .png.
func ParseChartRequest(s string) (*ChartRequest, error) {
	kindText, file, _ := strings.Cut(s, ":")
	kind, err := chart.ParseKind(kindText)
	if err != nil {
		return nil, err
	}
	if strings.Contains(s, ":") {
		if file == "" {
			return nil, fmt.Errorf("no file after %q: write %s:FILE.svg or %s:FILE.png, or %s alone to draw in the terminal", s, kind, kind, kind)
		}
		if _, err := imageFormat(file); err != nil {
			return nil, err
		}
	}
	return &ChartRequest{Kind: kind, File: file}, nil
}

// imageFormat tells from a file's extension which image to write.
func imageFormat(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".svg", ".png":
		return ext[1:], nil
	}
	return "", fmt.Errorf("cannot tell what to write to %s: a chart file's name ends in .svg or .png", path)
}

// keptResult is the last result set that statements returned, as .chart
// draws it.
type keptResult struct {
	table chart.Table
	// tooBig is the number of rows when the result was too large to keep
	// (then table holds none of them), 0 otherwise.
	tooBig int
}

// keeper collects a statement's result set as it is written (it is the
// format's Also writer), within the bounds above.
type keeper struct {
	result   keptResult
	bytes    int
	rows     int
	complete bool
}

func (k *keeper) Begin(columns []string) error {
	*k = keeper{result: keptResult{table: chart.Table{Columns: append([]string(nil), columns...)}}}
	k.result.table.Rows = [][]any{} // an empty result is a result: "no rows" to draw
	return nil
}

// Row keeps a copy of the row's values (the slice is reused for the next
// row; the values themselves are the row's own). Past the bounds it only
// counts.
func (k *keeper) Row(values []any) error {
	k.rows++
	if k.result.table.Rows == nil {
		return nil // over the bounds already
	}
	for _, v := range values {
		switch v := v.(type) {
		case string:
			k.bytes += len(v)
		case []byte:
			k.bytes += len(v)
		}
	}
	k.bytes += 16 * len(values)
	if k.rows > maxKeptRows || k.bytes > maxKeptBytes {
		k.result.table.Rows = nil // let the memory go
		return nil
	}
	k.result.table.Rows = append(k.result.table.Rows, append([]any(nil), values...))
	return nil
}

func (k *keeper) End() error {
	if k.result.table.Rows == nil {
		k.result.tooBig = k.rows
	}
	k.complete = true
	return nil
}

// kept returns the result set the statement returned, if it returned one.
func (k *keeper) kept() (keptResult, bool) {
	return k.result, k.complete
}

// chart is .chart KIND [FILE]: the last result set drawn in the terminal
// (or where .output and .once send results), or to an SVG or PNG file.
func (sh *shell) chart(args []string) error {
	kind, err := chart.ParseKind(args[0])
	if err != nil {
		return err
	}
	req := &ChartRequest{Kind: kind}
	if len(args) == 2 {
		if _, err := imageFormat(args[1]); err != nil {
			return err
		}
		req.File = args[1]
	}
	return sh.draw(req)
}

// errNoResult is .chart's answer when no statement has returned rows yet.
var errNoResult = errors.New("no result to draw yet: run a query first, e.g. SELECT conclusion, count(*) AS jobs FROM jobs WHERE run_id = 9398595218 GROUP BY conclusion; then .chart bar")

// draw draws the last result as req asks.
func (sh *shell) draw(req *ChartRequest) error {
	last := sh.lastResult
	switch {
	case last == nil:
		return errNoResult
	case last.tooBig > 0:
		return fmt.Errorf("the last result has %d rows, more than .chart keeps (%d rows, %d MB): aggregate with GROUP BY, e.g. per day: GROUP BY date(created_at)", last.tooBig, maxKeptRows, maxKeptBytes>>20)
	}
	if req.File != "" {
		return sh.drawImage(req, last.table)
	}
	dest, finish, err := sh.output.forStatement(false, false)
	if err != nil {
		return err
	}
	cols, rows, color := sh.chartSize(dest)
	var buf bytes.Buffer
	if err = chart.TerminalWith(&buf, req.Kind, last.table, cols, rows, chart.Options{Color: color}); err == nil {
		_, err = buf.WriteTo(dest)
	}
	if finishErr := finish(err == nil, true); err == nil {
		err = finishErr
	}
	return err
}

// drawImage writes the chart to an SVG or PNG file, whole or not at all.
func (sh *shell) drawImage(req *ChartRequest, t chart.Table) error {
	format, err := imageFormat(req.File)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if format == "svg" {
		err = chart.SVG(&buf, req.Kind, t, imageWidth, imageHeight)
	} else {
		err = chart.PNG(&buf, req.Kind, t, imageWidth, imageHeight)
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(expandHome(req.File), buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("cannot write the chart: %w", err)
	}
	fmt.Fprintf(sh.console(), "wrote a %s chart of %s to %s (%d×%d %s)\n",
		req.Kind, plural(int64(len(t.Rows)), "row"), req.File, imageWidth, imageHeight, strings.ToUpper(format))
	return nil
}

// chartSize is the size of a terminal chart written to dest: the
// terminal's, less a line for the prompt, when dest is the terminal; else
// $COLUMNS×$LINES, else 80×24. Colours go only to a terminal, and not
// when NO_COLOR is set.
func (sh *shell) chartSize(dest io.Writer) (cols, rows int, color bool) {
	cols, rows = 80, 24
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		cols = n
	}
	if n, err := strconv.Atoi(os.Getenv("LINES")); err == nil && n > 0 {
		rows = n
	}
	if f, ok := dest.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if w, h, err := term.GetSize(int(f.Fd())); err == nil && w > 0 && h > 0 {
			cols, rows = w, h-1
		}
		color = os.Getenv("NO_COLOR") == ""
	}
	return max(cols, chart.MinTerminalCols), max(rows, chart.MinTerminalRows), color
}

// chartArgs completes .chart's arguments: a kind, then a file.
func chartArgs(sh *shell, word string) []string {
	return append(chart.KindNames(), fileNames(sh, word)...)
}
