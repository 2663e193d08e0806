// Command bench measures actionsql the way a user feels it, for issue 7:
// each case is a whole `actionsql` process run against the emulated GitHub
// (internal/fakegh, started in-process) with a latency injected into
// every answer, cold (--no-cache) and warm (from a disk cache filled by a
// previous process). It reports, per case, the requests that reached the
// server against the fewest possible, the wall time against the ideal
// critical path, the cold/warm ratio and the peak RSS of the process, and
// checks each against its target, as Markdown on stdout and in -out.
//
//	go run ./bench [-latency 100ms] [-out docs/benchmarks.md] [-cases REGEXP] [-runs N] [-quick] [-commit REF | -bin FILE]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"time"
)

// config is what the flags choose.
type config struct {
	latency  time.Duration
	out      string
	cases    *regexp.Regexp
	runs     int
	quick    bool
	hugeLogs []int64   // sizes of the huge logs of the data set: hugeLogSizes, none with -quick
	bin      string    // a prebuilt actionsql; empty: build one from the module
	commit   string    // build this commit's files instead of the working tree
	command  string    // how the benchmark was started, for the report
	progress io.Writer // one line per measurement, so a long run shows life
}

func main() {
	if os.Getenv(spawnEnv) != "" {
		os.Exit(spawnMain())
	}
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	md := rep.markdown()
	fmt.Print(md)
	if cfg.out != "" {
		if err := os.WriteFile(cfg.out, []byte(md), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
}

func parseFlags(args []string) (config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	cfg := config{progress: os.Stderr}
	fs.DurationVar(&cfg.latency, "latency", 100*time.Millisecond, "delay of every answer of the emulated GitHub (API and log host)")
	fs.StringVar(&cfg.out, "out", "", "also write the Markdown report to this file (e.g. docs/benchmarks.md)")
	pattern := fs.String("cases", "", "run only the cases whose id matches this regexp")
	fs.IntVar(&cfg.runs, "runs", 3, "timed runs per configuration; the best wall time counts")
	fs.BoolVar(&cfg.quick, "quick", false, "skip the cases of the 200 MB and 500 MB logs")
	fs.StringVar(&cfg.bin, "bin", "", "use this actionsql binary instead of building one")
	fs.StringVar(&cfg.commit, "commit", "", "build actionsql from this commit (git archive) instead of the working tree")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if cfg.bin != "" && cfg.commit != "" {
		return cfg, fmt.Errorf("-bin and -commit both choose the binary: give one")
	}
	if cfg.runs < 1 {
		return cfg, fmt.Errorf("-runs %d: need at least 1", cfg.runs)
	}
	re, err := regexp.Compile(*pattern)
	if err != nil {
		return cfg, fmt.Errorf("-cases: %w", err)
	}
	cfg.cases = re
	if !cfg.quick {
		cfg.hugeLogs = hugeLogSizes
	}
	cfg.command = strings.TrimSpace("go run ./bench " + strings.Join(args, " "))
	return cfg, nil
}
