// Command ext builds actionsql.so, the SQLite loadable extension:
//
//	go build -buildmode=c-shared -o actionsql.so ./ext
//
// Its entry point, sqlite3_actionsql_init, is the C bridge's: it registers
// jobs, steps and job_logs through the routines table the host hands it, so
// the .so links against no SQLite of its own and `.load ./actionsql` works in
// any host with extension loading. Settings come from the environment, as
// for the CLI (GH_TOKEN, GITHUB_API_URL, GH_HOST, GH_REPO, ACTIONSQL_*).
//
// Never load it into a process that already runs Go (the actionsql CLI, a
// Go program using the driver package): two Go runtimes cannot share one
// process. Go programs import github.com/actionsql/actionsql/driver instead.
package main

import "C"

import (
	"github.com/actionsql/actionsql/internal/bridge"
	"github.com/actionsql/actionsql/internal/open"
)

func init() {
	// Each connection reads the environment when it loads the extension.
	bridge.SetSessionFactory(open.EnvironmentSession)
}

func main() {}
