// Command actionsql answers SQL questions about GitHub Actions: its jobs,
// steps and job logs are SQLite tables read live from the REST API.
//
//	actionsql --demo "SELECT name, conclusion FROM jobs WHERE run_id = 30433642001"
package main

import (
	"os"

	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/repl"
)

func main() {
	cli.Shell = repl.Run
	os.Exit(cli.Main(os.Args[1:], config.SystemEnv{}, cli.SystemStreams()))
}
