package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// machine describes where the benchmark ran: timings mean little without it.
type machine struct {
	cpu, memory, kernel, goVersion, tree string
	cpus                                 int
}

// describeMachine describes this machine and the source built: commit
// when given, else the working tree at root.
func describeMachine(ctx context.Context, root, commit string) machine {
	return machine{
		cpu:       cpuModel(),
		cpus:      runtime.NumCPU(),
		memory:    memTotal(),
		kernel:    firstLine("/proc/sys/kernel/osrelease"),
		goVersion: commandLine(ctx, root, "go", "version"),
		tree:      treeState(ctx, root, commit),
	}
}

// cpuModel is the first "model name" of /proc/cpuinfo.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown (" + runtime.GOARCH + ")"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown (" + runtime.GOARCH + ")"
}

// memTotal is MemTotal of /proc/meminfo in GiB.
func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			kib, err := strconv.ParseFloat(f[1], 64)
			if err == nil {
				return fmt.Sprintf("%.1f GiB", kib/(1<<20))
			}
		}
	}
	return "unknown"
}

func firstLine(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimSpace(line)
}

func commandLine(ctx context.Context, dir, name string, args ...string) string {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// treeState names the commit the binary was built from, and says when
// the working tree had changes on top of it: others edit the tree while
// the benchmark runs, so a number belongs to a tree, not to a commit.
func treeState(ctx context.Context, root, ref string) string {
	if ref != "" {
		return commandLine(ctx, root, "git", "log", "-1", "--format=%h %s", ref) + " (exported clean with git archive)"
	}
	commit := commandLine(ctx, root, "git", "log", "-1", "--format=%h %s")
	if commit == "unknown" {
		return "unknown (not a git checkout)"
	}
	if commandLine(ctx, root, "git", "status", "--porcelain", "--untracked-files=no") != "" {
		return commit + " (plus uncommitted changes)"
	}
	return commit
}

// moduleRoot is the directory of the go.mod that holds this command.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside a Go module: run the benchmark from the actionsql checkout")
	}
	return filepath.Dir(gomod), nil
}

// buildBinary builds actionsql once; every case runs that binary, so
// compilation never counts in a measurement. cgo is required: the tables
// live in mattn/go-sqlite3.
func buildBinary(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "actionsql")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build -o %s . (in %s): %w\n%s", bin, root, err, stderr.String())
	}
	return bin, nil
}

// exportCommit writes the files of commit ref into dir/src with git
// archive: a build of a known commit, untouched by whatever others are
// editing in the checkout meanwhile.
func exportCommit(ctx context.Context, root, ref, dir string) (string, error) {
	src := filepath.Join(dir, "src")
	tar := filepath.Join(dir, "src.tar")
	if err := os.MkdirAll(src, 0o700); err != nil {
		return "", fmt.Errorf("export %s: %w", ref, err)
	}
	for _, args := range [][]string{
		{"git", "archive", "--format=tar", "-o", tar, ref},
		{"tar", "-xf", tar, "-C", src},
	} {
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("export %s: %s: %w\n%s", ref, strings.Join(args, " "), err, out)
		}
	}
	return src, os.Remove(tar)
}
