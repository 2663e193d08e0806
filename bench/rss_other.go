//go:build !linux

package main

import (
	"os"
	"syscall"
)

// maxRSSKiB is unknown here: ru_maxrss is bytes on macOS and absent on
// Windows, and the targets are stated for the Linux benchmark machine.
func maxRSSKiB(*os.ProcessState) int64 { return -1 }

func dieWithParent() *syscall.SysProcAttr { return nil }
