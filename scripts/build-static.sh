#!/usr/bin/env bash
# Builds mockserver as one static binary: cgo for SQLite, linked statically
# against libc, no extension loading, pure-Go DNS and user lookups. The
# Dockerfile and .ci/run both use this script, so what CI checks is what the
# container ships.
set -euo pipefail
out=${1:-mockserver}
cd "$(dirname "$0")/.."
# Stamp the VCS revision (mockserver version) when git can read the checkout,
# even if GOFLAGS says -buildvcs=false; a copy without .git (the Docker build
# context) builds without it instead of failing.
vcs=-buildvcs=false
if git rev-parse HEAD >/dev/null 2>&1; then vcs=-buildvcs=auto; fi
CGO_ENABLED=1 go build -trimpath "$vcs" \
  -tags 'netgo osusergo sqlite_omit_load_extension' \
  -ldflags '-s -w -linkmode external -extldflags "-static"' \
  -o "$out" ./cmd/mockserver
