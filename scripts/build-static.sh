#!/usr/bin/env bash
# Builds mockserver as one static binary: cgo for SQLite, linked statically
# against libc, no extension loading, pure-Go DNS and user lookups. The
# Dockerfile and .ci/run both use this script, so what CI checks is what the
# container ships.
set -euo pipefail
out=${1:-mockserver}
cd "$(dirname "$0")/.."
CGO_ENABLED=1 go build -trimpath \
  -tags 'netgo osusergo sqlite_omit_load_extension' \
  -ldflags '-s -w -linkmode external -extldflags "-static"' \
  -o "$out" ./cmd/mockserver
