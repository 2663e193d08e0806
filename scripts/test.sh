#!/usr/bin/env bash
# The test suite, as CI runs it (README: scripts/setup.sh && scripts/test.sh):
#   1. every package's tests, the fault-injection suite and the fuzz
#      targets' corpora included;
#   2. the race detector over the packages that fetch concurrently;
#   3. a short run of each fuzz target (FUZZTIME each, default 10s); a
#      failure writes its input under the package's testdata/fuzz, to be
#      committed with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-10s}"

go test ./...

echo "== race detector: vtab, internal/ghapi, internal/diskcache"
go test -race ./vtab ./internal/ghapi ./internal/diskcache

fuzz() { # package target
	echo "== fuzz $2 ($1, $fuzztime)"
	go test "$1" -run '^$' -fuzz "^$2\$" -fuzztime "$fuzztime"
}
fuzz ./internal/joblog FuzzParseLine
fuzz ./internal/joblog FuzzAttribution
fuzz ./internal/ghapi FuzzLinkHeader
fuzz ./vtab FuzzTimestamp
fuzz ./vtab FuzzBestIndex
