package cli

import (
	"fmt"

	"github.com/actionsql/actionsql/repl"
)

// chooseChart reads --chart (or ACTIONSQL_CHART): KIND to draw the last
// result in the terminal after the script, KIND:FILE.svg or KIND:FILE.png
// to write it. It is bad usage with a kind or file it cannot draw, and in
// the interactive shell, which has .chart instead.
func chooseChart(value string, interactive bool) (*repl.ChartRequest, error) {
	if value == "" {
		return nil, nil
	}
	req, err := repl.ParseChartRequest(value)
	if err != nil {
		return nil, fmt.Errorf("%w: --chart: %v", errUsage, err)
	}
	if interactive {
		return nil, fmt.Errorf("%w: --chart draws the result of SQL given as an argument or piped in; in the interactive shell, run a query and then .chart %s", errUsage, req.Kind)
	}
	return req, nil
}
