#!/usr/bin/env bash
# Measures the figures docs/reliability.md quotes and writes them there: the
# tests that measure them run with ACTIONSQL_UPDATE_FIGURES=1, so that each
# writes its row of the figures table (internal/docfigures) instead of
# failing when the row differs; then the line above the table names the
# commit measured. Commit the page afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
doc=docs/reliability.md
tests='^(TestFaultsInFirstTriesChangeNoResult|TestAFaultThatNeverClearsFailsEveryQueryClearly|TestEveryTransientFaultIsRetriedAndTheAnswerIsWhole|TestAFailedLogDownloadAsksForANewURL|TestAProcessKilledMidFillLeavesNoWrongEntry|TestACorruptCachedLogIsFetchedAgainOrFailsClearly)$'

# -p 1: one package at a time, as each rewrites the same page.
ACTIONSQL_UPDATE_FIGURES=1 go test -count=1 -p 1 -run "$tests" ./vtab ./internal/ghapi

commit=$(git rev-parse --short HEAD)
changed=""
if ! git diff --quiet HEAD -- . ":(exclude)$doc"; then
	changed=" with uncommitted changes"
fi
sed -i "s|^Measured at commit .*|Measured at commit \`$commit\`$changed on $(date -u +%F) by \`scripts/figures.sh\`.|" "$doc"
echo "figures of $doc measured at $commit$changed"
