#!/usr/bin/env bash
# Installs what building and testing actionsql needs and a fresh Debian
# machine may lack: the sqlite3ext.h header (the C bridge is written against
# it), the stock sqlite3 shell and Debian's python3 (the loadable extension
# is tested in both), tmux (the interactive shell is tested in a real
# terminal) and chromium (the page of actionsql serve is tested in a real
# browser, headless). Go itself is expected on PATH.
set -euo pipefail

missing=()
[ -f /usr/include/sqlite3ext.h ] || missing+=(libsqlite3-dev)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
[ -x /usr/bin/python3 ] || missing+=(python3)
command -v tmux >/dev/null || missing+=(tmux)
command -v gcc >/dev/null || missing+=(gcc)
command -v chromium >/dev/null || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v go >/dev/null || { echo "setup: Go 1.26 is needed on PATH (https://go.dev/dl/)" >&2; exit 1; }

# The first build compiles SQLite from C (github.com/mattn/go-sqlite3) and
# takes two to three minutes on 2 cores (128 s and 143 s measured cold):
# say so rather than sit silent. Later builds, and `go run .`, reuse Go's
# build cache and take seconds.
cd "$(dirname "$0")/.."
echo "setup: compiling actionsql (the first build compiles SQLite from C: two to three minutes on 2 cores, less on more; later ones take seconds)..." >&2
go build -o /dev/null .
echo "setup: ready" >&2
