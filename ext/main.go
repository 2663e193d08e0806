// Command ext builds actionsql.so, the SQLite loadable extension:
//
//	go build -buildmode=c-shared -o actionsql.so ./ext
//
// Its entry point, sqlite3_actionsql_init, is the C bridge's: it registers
// the tables runs, workflows, jobs, steps, job_logs and annotations, the
// functions actionsql_config and actionsql_notes, and the percentile
// aggregates (median, percentile, ...) through the routines table the host
// hands it, so the .so links against no SQLite of
// its own and `.load ./actionsql` works in any host with extension loading
// (the sqlite3 shell, Python's sqlite3 module, ...). Loading it into many
// connections, from many threads, or twice into one connection is fine.
//
// Each connection reads its settings from the environment when the
// extension is loaded into it, as the CLI does (GH_TOKEN, GITHUB_API_URL,
// GH_HOST, GH_REPO, ACTIONSQL_*), from the host's environment as it is at
// that moment. SQL changes what is not a secret:
//
//	SELECT actionsql_config('repo', 'octo-org/webapp');
//	SELECT actionsql_config('token');  -- where the token came from
//
// A query waiting on GitHub stops when the host interrupts it
// (sqlite3_interrupt, Ctrl-C in the sqlite3 shell) if the host's SQLite is
// 3.41 or newer; older ones stop it once the request in flight returns.
//
// Never load it into a process that already runs Go (the actionsql CLI, a
// Go program using the driver package): two Go runtimes cannot share one
// process. Go programs import github.com/actionsql/actionsql/driver instead.
// Likewise a host must not fork after loading it without exec'ing: Python's
// multiprocessing needs the "spawn" or "forkserver" start method.
package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"unsafe"

	"github.com/actionsql/actionsql/internal/bridge"
	"github.com/actionsql/actionsql/internal/config"
)

func init() {
	// Each connection reads the environment when it loads the extension.
	bridge.SetSessionFactory(func() (*bridge.Settings, error) {
		return bridge.EnvironmentSettings(hostEnv{})
	})
}

// hostEnv reads the host's environment as it is now. Go copies the
// environment once, when the library is loaded; a host that sets a variable
// later (Python's os.environ, a shell's setenv) changes only the C one.
type hostEnv struct{ config.SystemEnv }

// Getenv returns the host's variable, "" when unset.
func (hostEnv) Getenv(name string) string {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	if v := C.getenv(cname); v != nil {
		return C.GoString(v)
	}
	return ""
}

func main() {}
