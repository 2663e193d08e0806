// Command actionsql answers SQL questions about GitHub Actions: its runs,
// workflows, jobs, steps, job logs and annotations are SQLite tables read
// live from the REST API.
//
//	actionsql --demo "SELECT name, conclusion FROM jobs WHERE run_id = 9398595218"
package main

import (
	"os"
	"runtime/debug"

	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/repl"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A query decodes megabytes of JSON into short-lived objects while
		// its live heap stays small (logs stream): collecting at 5x the
		// live heap rather than 2x saves a quarter of a cached query's
		// time and keeps the peak within tens of MB.
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// 5x a large live heap (a listing of thousands of runs, its pages
		// in flight at once) would be hundreds of MB: past this soft limit
		// the collector runs as often as it takes to stay under it, so a
		// scan's memory stays bounded whatever it lists.
		debug.SetMemoryLimit(48 << 20)
	}
	os.Exit(cli.Main(os.Args[1:], config.SystemEnv{}, repl.SystemStreams()))
}
