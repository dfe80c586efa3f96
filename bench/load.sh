#!/usr/bin/env bash
# bench/load.sh: imemu's performance figures, all from one run (issue 8).
#
# It builds mockserver with scripts/build-static.sh (the binary the
# container ships), the ceiling server (bench/ceiling) and the helper
# (bench/loadtool); installs vegeta, pinned, from the Go module proxy;
# then measures, on loopback only:
#
#   - start to first healthy answer: in-memory with the default fixtures,
#     and a file DB with 1M edges (median of 20 starts each);
#   - idle RSS, static binary size;
#   - the same vegeta runs against mockserver --rate-limit off and against
#     the ceiling (a bare chi server answering fixed bodies of the same
#     size): signed writes that really change the graph and signed reads,
#     closed loop with a fixed number of workers for a fixed duration;
#   - writes at a fixed rate (2,000 req/s) and their p99;
#   - DeleteAllFriends / friend_delete_all of a user with 10,000 friends,
#     two-way and one-way;
#   - reads and writes on file DBs of 10k and 1M edges (per-request cost);
#   - RSS after the load;
#
# and prints the Performance tables (also written to $IMEMU_BENCH_DIR/report.md).
# Every answer counted must carry vendor code 0: a run where requests did
# no real work shows up as "missed". Servers run on the upper half of the
# CPUs and vegeta on the lower half (taskset), so the generator never takes
# CPU from the server measured. Takes about 4–4½ minutes (the first run
# also downloads vegeta and writes the 1M-edge database once).
#
# Settings (environment): IMEMU_BENCH_DIR (work dir, default /tmp/imemu-bench),
# DURATION (each closed-loop run, default 10s), WORKERS (vegeta workers,
# default 16), RATE (fixed-rate run, default 2000), FILE_DURATION (file-DB
# runs, default 5s).
set -euo pipefail
cd "$(dirname "$0")/.."

work=${IMEMU_BENCH_DIR:-${TMPDIR:-/tmp}/imemu-bench}
duration=${DURATION:-10s}
file_duration=${FILE_DURATION:-5s}
workers=${WORKERS:-16}
rate=${RATE:-2000}
rate_workers=128
vegeta_version=v12.13.0

bin=$work/bin
logs=$work/logs
runs=$work/runs
results=$work/results.ndjson
mkdir -p "$bin" "$logs" "$runs" "$work/db"
: >"$results"

step() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'load.sh: %s\n' "$*" >&2; exit 1; }
info() { printf '{"type":"info","name":"%s","value":%s}\n' "$1" "$(printf '%s' "$2" | jq -Rs .)" >>"$results"; }
figure() { printf '{"type":"figure","name":"%s","value":%s,"unit":"%s"}\n' "$1" "$2" "$3" >>"$results"; }

command -v go >/dev/null || die "go is not installed"
command -v curl >/dev/null || die "curl is not installed"
command -v jq >/dev/null || die "jq is not installed"

# Servers this script started, stopped on any exit.
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# CPU split: with two or more CPUs the servers get the upper half and
# vegeta the lower half, so the load generator never steals the server's
# CPU (and both servers are measured on the same CPUs).
ncpu=$(nproc)
if [ "$ncpu" -ge 2 ] && command -v taskset >/dev/null; then
  load_cpus="0-$((ncpu / 2 - 1))"
  server_cpus="$((ncpu / 2))-$((ncpu - 1))"
  on_load() { taskset -c "$load_cpus" "$@"; }
  pin_server=(taskset -c "$server_cpus")
else
  load_cpus=all server_cpus=all
  on_load() { "$@"; }
  pin_server=()
fi
tck=$(getconf CLK_TCK)

step "machine"
info "machine" "$(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/{printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), $(uname -sr)"
info "go" "$(go version | cut -d' ' -f3-)"
info "commit" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' + working tree changes')"
info "load average at start" "$(cut -d' ' -f1-3 /proc/loadavg)"
info "settings" "vegeta $vegeta_version; closed loop: $workers workers × $duration per run (file DBs: $file_duration); fixed rate: $rate req/s × $duration; servers on CPUs $server_cpus, vegeta on CPUs $load_cpus"
tail -n +1 "$results" | jq -r '"\(.name): \(.value)"' >&2

step "tools and binaries"
if [ ! -x "$bin/vegeta" ]; then
  GOBIN=$bin go install "github.com/tsenart/vegeta/v12@$vegeta_version"
fi
vegeta=$bin/vegeta
./scripts/build-static.sh "$bin/mockserver"
go build -o "$bin/ceiling" ./bench/ceiling
go build -o "$bin/loadtool" ./bench/loadtool
loadtool=$bin/loadtool
mockserver=$bin/mockserver
figure binary/static "$(stat -c %s "$mockserver")" bytes
echo "mockserver: $(stat -c %s "$mockserver") bytes, $(file -b "$mockserver" | cut -d, -f1-2)" >&2

step "data"
# The load data: per app 10,000 users, a ring of 2,000 users with 20
# friends each (writes cycle through its 1,000 disjoint pairs, reads
# through its users) and hubA and hubB, friends with all 10,000 users.
load_shape=(-users 10000 -ring 2000 -degree 20 -hub 10000)
"$loadtool" fixtures -out "$work/load-fixtures.json" "${load_shape[@]}" >&2
# File DBs, written once through internal/store: 62,500 (625) users per
# app on a ring of 8 friends each, so 1,000,000 (10,000) edges in all.
# Requests go to the first 625 users, who have the same friends in both.
shape_1m=(-users 62500 -ring 62500 -degree 8 -hub 0)
shape_10k=(-users 625 -ring 625 -degree 8 -hub 0)
# Named after what makes them: schema, generator and shape.
stamp() { { cat internal/store/migrations/*.sql bench/loadtool/graph.go; echo "$@"; } | sha256sum | cut -c1-12; }
db_1m=$work/db/1M-$(stamp "${shape_1m[@]}").db
db_10k=$work/db/10k-$(stamp "${shape_10k[@]}").db
[ -f "$db_1m" ] || "$loadtool" db -out "$db_1m" "${shape_1m[@]}" >&2
[ -f "$db_10k" ] || "$loadtool" db -out "$db_10k" "${shape_10k[@]}" >&2

step "start to healthy (median of 20)"
"$loadtool" startup -name startup/memory -bin "$mockserver" -runs 20 >>"$results"
"$loadtool" startup -name startup/file1M -bin "$mockserver" -runs 20 -- --db "$db_1m" >>"$results"
tail -n 2 "$results" >&2

# start NAME ARGS…: starts a server on the server CPUs, listening on a
# free loopback port (--addr 127.0.0.1:0), and waits until it answers
# HTTP; sets $pid and $base from its "… listening on http://ADDR" line.
start() {
  local name=$1 addr=""
  shift
  (exec "${pin_server[@]}" "$@" --addr 127.0.0.1:0 >"$logs/$name.out" 2>"$logs/$name.log") &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 600); do
    addr=$(sed -n 's/.* listening on http:\/\/\([^ ]*\).*/\1/p' "$logs/$name.out")
    if [ -n "$addr" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$addr/_mock/health" || true)" != 000 ]; then
      base=http://$addr
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$logs/$name.log" >&2; die "$name exited"; }
    sleep 0.1
  done
  die "$name did not answer within 60 s"
}
stop() { kill -TERM "$1"; wait "$1" || true; }
rss_kib() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# attack NAME PID TARGETS RATE [DURATION]: one vegeta run against the
# server PID; RATE "max" is a closed loop of $workers workers. Appends the
# run's stats (and the server's CPU time) to the results.
attack() {
  local name=$1 spid=$2 targets=$3 r=$4 d=${5:-$duration}
  local file=$runs/${name//\//_} before after
  before=$(cpu_ticks "$spid")
  if [ "$r" = max ]; then
    on_load "$vegeta" attack -format=json -targets="$targets" -rate=0 -workers="$workers" -max-workers="$workers" \
      -duration="$d" -timeout=10s >"$file.bin"
  else
    # At most $rate_workers requests in flight: a stall then lowers the
    # achieved rate (reported) instead of piling up connections.
    on_load "$vegeta" attack -format=json -targets="$targets" -rate="$r/1s" -max-workers="$rate_workers" \
      -duration="$d" -timeout=10s >"$file.bin"
  fi
  after=$(cpu_ticks "$spid")
  "$vegeta" encode --to json <"$file.bin" >"$file.json"
  "$loadtool" stats -name "$name" -cpu "$(awk -v a="$after" -v b="$before" -v t="$tck" 'BEGIN{print (a-b)/t}')" "$file.json" | tee -a "$results" |
    jq -c '{name, requests, rps: (.rps|floor), p50_ms, p99_ms, ok, bad, bad_sample}' >&2
  sleep 1
}

# targets NAME KIND…: signed targets files for the server at $base, one
# per kind, named $work/targets-NAME-KIND.json.
targets() {
  local name=$1
  shift
  for kind in "$@"; do
    "$loadtool" targets -kind "$kind" -base "$base" -out "$work/targets-$name-$kind.json" "${load_shape[@]}" >&2
  done
}
# friends VENDOR/APPID: the app's directed edges, from the control plane.
friends() { curl -s "$base/_mock/apps/$1" | jq '.friendCount'; }

step "idle RSS (in-memory, default fixtures)"
start idle "$mockserver" --rate-limit off
sleep 2
figure rss/idle "$(rss_kib "$pid")" KiB
echo "idle RSS: $(rss_kib "$pid") KiB" >&2
stop "$pid"

step "imemu: mockserver --rate-limit off, load data in memory"
# The load data goes in through the control plane (PUT /_mock/state), so
# the server keeps only the default fixtures as its reset baseline, as a
# test suite's server would; --fixtures would keep the 160,000 edges in
# the Go heap too, and every GC cycle would scan them.
start imemu "$mockserver" --rate-limit off --max-body-bytes $((64 << 20))
mock=$pid
curl -sf -X PUT -H "Content-Type: application/json" --data-binary @"$work/load-fixtures.json" "$base/_mock/state" >&2
echo >&2
sleep 2
figure rss/idle-load "$(rss_kib "$mock")" KiB
targets imemu zego-write tim-write zego-read tim-read zego-deleteall tim-deleteall zego-deleteall-oneway tim-deleteall-oneway
# reload: the data set again, before each write run, so every run starts
# with every pair befriended whatever point the last one stopped at.
reload() { curl -sf -X PUT -H "Content-Type: application/json" --data-binary @"$work/load-fixtures.json" "$base/_mock/state" >/dev/null; }
for mix in zego-write tim-write zego-read tim-read; do
  reload
  attack "imemu/$mix" "$mock" "$work/targets-imemu-$mix.json" max
done
for mix in zego-write tim-write; do
  reload
  attack "imemu/$mix@rate" "$mock" "$work/targets-imemu-$mix.json" "$rate"
done
reload
zego_before=$(friends zego/1234567890) tim_before=$(friends tim/1400000000)
for kind in deleteall deleteall-oneway; do
  attack "imemu/zego-$kind" "$mock" "$work/targets-imemu-zego-$kind.json" 1 1s
  attack "imemu/tim-$kind" "$mock" "$work/targets-imemu-tim-$kind.json" 1 1s
done
echo "edges removed by the delete-alls: ZEGO $((zego_before - $(friends zego/1234567890))), TIM $((tim_before - $(friends tim/1400000000))) (30,000 each expected)" >&2
figure rss/after-load "$(rss_kib "$mock")" KiB
stop "$mock"

step "ceiling: bare chi, fixed bodies of the same size"
"$loadtool" bodies -dir "$work/bodies" "$runs"/imemu_*-{write,read}.json >&2
start ceiling "$bin/ceiling" --bodies "$work/bodies"
ceil=$pid
targets ceiling zego-write tim-write zego-read tim-read
for mix in zego-write tim-write zego-read tim-read; do
  attack "ceiling/$mix" "$ceil" "$work/targets-ceiling-$mix.json" max
done
for mix in zego-write tim-write; do
  attack "ceiling/$mix@rate" "$ceil" "$work/targets-ceiling-$mix.json" "$rate"
done
stop "$ceil"

step "per-request cost: file DBs with 10k and 1M edges"
for size in 10k 1M; do
  db=$db_10k
  [ "$size" = 1M ] && db=$db_1m
  # Both DBs hold the same 250 first users with the same friends, so the
  # same requests go to both; the copy keeps the generated DB pristine.
  cp "$db" "$work/db/run.db"
  rm -f "$work/db/run.db-wal" "$work/db/run.db-shm"
  start "file$size" "$mockserver" --rate-limit off --db "$work/db/run.db"
  for kind in zego-read tim-read zego-write tim-write; do
    "$loadtool" targets -kind "$kind" -base "$base" -out "$work/targets-file-$kind.json" "${shape_10k[@]}" >&2
  done
  cat "$work/targets-file-zego-read.json" "$work/targets-file-tim-read.json" >"$work/targets-file-read.json"
  cat "$work/targets-file-zego-write.json" "$work/targets-file-tim-write.json" >"$work/targets-file-write.json"
  attack "file$size/read" "$pid" "$work/targets-file-read.json" max "$file_duration"
  attack "file$size/write" "$pid" "$work/targets-file-write.json" max "$file_duration"
  stop "$pid"
  rm -f "$work/db/run.db" "$work/db/run.db-wal" "$work/db/run.db-shm"
done

step "report"
info "load average at end" "$(cut -d' ' -f1-3 /proc/loadavg)"
"$loadtool" report "$results" | tee "$work/report.md"
echo >&2
echo "results: $results, report: $work/report.md, raw vegeta results: $runs" >&2
