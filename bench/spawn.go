package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Why a spawner: Linux charges a child's ru_maxrss with the resident set
// of the process it was forked from (exec records the old address space's
// high-water mark, and Go forks with CLONE_VM, so that is the parent's).
// The benchmark holds the emulated GitHub and its data set, tens of MB,
// so every actionsql it started directly would seem at least that big.
// Instead the benchmark re-executes its own binary, small and fresh, as a
// spawner that starts actionsql, times it and reports its rusage.

// spawnEnv, set in the environment, makes this binary a spawner.
const spawnEnv = "ACTIONSQL_BENCH_SPAWN"

// spawnReport is the file descriptor the spawner writes its report to.
const spawnReport = 3

// spawnMain runs os.Args[1:] with the spawner's stdio and environment
// (less spawnEnv), writes "<wall ns> <peak RSS KiB>" to fd 3 and exits
// with the child's status.
func spawnMain() int {
	// Pdeathsig follows the thread that started the child: keep it.
	runtime.LockOSThread()
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "bench spawner: no command")
		return 2
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = withoutSpawnEnv(os.Environ())
	cmd.SysProcAttr = dieWithParent()
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "bench spawner:", err)
		return 127
	}
	report := os.NewFile(spawnReport, "report")
	fmt.Fprintf(report, "%d %d\n", wall.Nanoseconds(), maxRSSKiB(cmd.ProcessState))
	report.Close()
	return cmd.ProcessState.ExitCode()
}

func withoutSpawnEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, spawnEnv+"=") {
			out = append(out, kv)
		}
	}
	return out
}
