// Command actionsql answers SQL questions about GitHub Actions: its jobs,
// steps and job logs are SQLite tables read live from the REST API.
//
//	actionsql --demo "SELECT name, conclusion FROM jobs WHERE run_id = 9398595218"
package main

import (
	"os"

	"github.com/actionsql/actionsql/internal/cli"
	"github.com/actionsql/actionsql/internal/config"
	"github.com/actionsql/actionsql/repl"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], config.SystemEnv{}, repl.SystemStreams()))
}
