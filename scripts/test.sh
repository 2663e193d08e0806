#!/usr/bin/env bash
# The test suite, as CI runs it (README: scripts/setup.sh && scripts/test.sh):
#   1. every package's tests, the fault-injection suite and the fuzz
#      targets' corpora included;
#   2. the race detector over the packages that fetch concurrently;
#   3. a short run of each fuzz target, bounded by executions (a few
#      seconds each on a busy 2-core machine), not by time: a time limit
#      meets a race in Go 1.26's fuzzing coordinator, which then fails with
#      "context deadline exceeded". FUZZTIME (e.g. 200000x, or 1m for a
#      longer local run) overrides the count of every target. A failure
#      writes its input under the package's testdata/fuzz, to be committed
#      with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

go test ./...

echo "== race detector: vtab, internal/ghapi, internal/diskcache"
go test -race ./vtab ./internal/ghapi ./internal/diskcache

fuzz() { # package target executions
	local fuzztime="${FUZZTIME:-$3x}"
	echo "== fuzz $2 ($1, $fuzztime)"
	go test "$1" -run '^$' -fuzz "^$2\$" -fuzztime "$fuzztime"
}
# Counts from each target's rate on a busy 2-core machine: vtab's run a few
# thousand inputs a second, joblog's tens of thousands.
fuzz ./internal/joblog FuzzParseLine 100000
fuzz ./internal/joblog FuzzAttribution 50000
fuzz ./internal/ghapi FuzzLinkHeader 10000
fuzz ./vtab FuzzTimestamp 10000
fuzz ./vtab FuzzBestIndex 10000
