//go:build linux

package main

import (
	"os"
	"syscall"
)

// maxRSSKiB is the child's peak resident set size; Linux reports ru_maxrss
// in KiB.
func maxRSSKiB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss
	}
	return -1
}

// dieWithParent kills actionsql if its spawner dies (a timeout or ^C
// kills the spawner), so no measured process outlives the benchmark.
func dieWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
