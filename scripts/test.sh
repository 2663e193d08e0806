#!/usr/bin/env bash
# The test suite, as CI runs it (README: scripts/setup.sh && scripts/test.sh):
#   1. every package's tests, the fault-injection suite and the fuzz
#      targets' corpora included;
#   2. the C bridge's packages again, compiled against a second, newer
#      sqlite3ext.h: the first run uses the system's (Debian 12: 3.40.1);
#   3. the race detector over the packages that fetch concurrently;
#   4. internal/parquettest, a module of its own: the Parquet files read
#      back by DuckDB (its Go driver links a prebuilt DuckDB: about a
#      minute and a half the first time on 2 cores, seconds once cached);
#   5. a short run of each fuzz target, bounded by executions (a few
#      seconds each on a busy 2-core machine), not by time: a time limit
#      meets a race in Go 1.26's fuzzing coordinator, which then fails with
#      "context deadline exceeded". FUZZTIME (e.g. 200000x, or 1m for a
#      longer local run) overrides the count of every target. A failure
#      writes its input under the package's testdata/fuzz, to be committed
#      with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

# header_version FILE: the SQLITE_VERSION_NUMBER a sqlite3.h declares.
header_version() { sed -n 's/^#define SQLITE_VERSION_NUMBER *\([0-9]*\).*/\1/p' "$1"; }

# The bridge includes <sqlite3ext.h>, the system's unless an -I comes first.
ACTIONSQL_WANT_SQLITE_HEADER="$(header_version /usr/include/sqlite3.h)" go test ./...

# mattn/go-sqlite3 ships the sqlite3ext.h of the SQLite it compiles in (its
# sqlite3ext.h includes its sqlite3-binding.h, its sqlite3.h): newer than
# Debian 12's, it names routines the old one lacks and grows the routines
# table. This build compiles that SQLite again once, then Go caches it.
sqlite_dir="$(go list -m -f '{{.Dir}}' github.com/mattn/go-sqlite3)"
newer="$(header_version "$sqlite_dir/sqlite3-binding.h")"
echo "== the C bridge against sqlite3ext.h $newer (mattn/go-sqlite3's)"
# The driver's tests run a query slow enough for the interrupt check (the
# slot a wrong header crashed on); the extension, loaded by Debian's 3.40
# shell, never takes that path, so it is only built.
CGO_CFLAGS="-O2 -g -I$sqlite_dir" ACTIONSQL_WANT_SQLITE_HEADER="$newer" \
	go test ./internal/bridge ./driver
CGO_CFLAGS="-O2 -g -I$sqlite_dir" go build -buildmode=c-shared -o "$(mktemp -d)/actionsql.so" ./ext

# -short leaves out the long single-threaded suites (the fault suite, the
# 2,500-run listings), which the first run covers; under the race detector
# they took minutes and add no concurrency of their own.
echo "== race detector: vtab, internal/ghapi, internal/diskcache"
go test -race -short ./vtab ./internal/ghapi ./internal/diskcache

echo "== Parquet files read back by DuckDB (internal/parquettest)"
(cd internal/parquettest && go test ./...)

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
fuzz ./internal/testresults FuzzLogParser 20000
fuzz ./internal/testresults FuzzJUnit 20000
fuzz ./vtab FuzzTimestamp 10000
fuzz ./vtab FuzzBestIndex 10000
