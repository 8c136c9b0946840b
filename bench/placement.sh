#!/usr/bin/env bash
# One Hyperlocal gateway held as bench/gateway-peers.sh sets it up, measured one request at a time in
# rounds that alternate three CPU placements, to show how much of the one-at-a-time tail is the
# gateway's background work (usage shipper, JIT compilers, garbage collector, PostgreSQL) sharing a
# CPU with the request:
#
#   shared:     every thread may run on every CPU (the kernel's choice, as in the benchmark);
#   split:      the request's own threads (the load generator, the gateway's event loops, the
#               upstream) on the last CPU, and everything else of the gateway and its PostgreSQL on
#               the others;
#   background: the gateway's background and its PostgreSQL on the others, the request's threads on
#               every CPU (what a gateway could do to itself without its neighbours' help).
#
#   bench/placement.sh [--rounds 6] [--requests 10000] [--warm-up 40000]
#
# A diagnosis, not a way to run: on a machine of its own an operator reserves CPUs with cgroups.
# Needs taskset (util-linux) and at least 2 CPUs. Ports 19700 to 19703.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=bench/held-gateways.sh
. "$root/bench/held-gateways.sh"

rounds=6 requests=10000 warm=40000
usage="usage: bench/placement.sh [--rounds 6] [--requests 10000] [--warm-up 40000]"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) number "$1" "${2:-}"; rounds=$2; shift ;;
    --requests) number "$1" "${2:-}"; requests=$2; shift ;;
    --warm-up) number "$1" "${2:-}"; warm=$2; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
if [ "$requests" -lt 1000 ] || [ "$rounds" -lt 1 ]; then
  echo "bench/placement.sh: at least 1000 requests per round (a p99 of ten) and 1 round" >&2; exit 2
fi
command -v taskset >/dev/null || { echo "bench/placement.sh: needs taskset (Debian: util-linux)" >&2; exit 2; }
cpus=$(nproc)
if [ "$cpus" -lt 2 ]; then
  echo "bench/placement.sh: needs at least 2 CPUs to split, this machine has $cpus" >&2; exit 2
fi
request_cpu=$((cpus - 1))
other_cpus=$([ "$cpus" -eq 2 ] && echo 0 || echo "0-$((cpus - 2))")
all_cpus="0-$((cpus - 1))"

. "$root/.mvn/find-jdk.sh"
hyperlocal_find_jdk
java="$JAVA_HOME/bin/java"
out=$(mktemp -d)
trap stop_held EXIT

hold G 19700 ""
gateway=$(cat "$out/G.pid")
upstream=$(cat "$out/G.upstream.pid")
echo "== warm-up: $warm requests one at a time, a new connection every 5,000"
warm_up G "$warm"
run=$(grep -o 'run-[0-9]*' "$out/G.log" | head -1)
postmaster=$(pgrep -f "postgres -D .*$run/" | head -1 || true)
[ -n "$postmaster" ] || { echo "bench/placement.sh: the gateway's PostgreSQL was not found" >&2; exit 1; }

# place shared|split|background: sets every thread's CPUs; prints the load generator's.
place() {
  local background=$all_cpus requests=$all_cpus task
  case "$1" in
    split) background=$other_cpus requests=$request_cpu ;;
    background) background=$other_cpus ;;
  esac
  taskset -a -p -c "$background" "$gateway" >/dev/null
  for process in "$postmaster" $(pgrep -P "$postmaster"); do
    taskset -a -p -c "$background" "$process" >/dev/null 2>&1 || true  # a backend may have ended
  done
  for task in /proc/"$gateway"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      vert.x-eventloo*) taskset -p -c "$requests" "${task##*/}" >/dev/null ;;
    esac
  done
  taskset -a -p -c "$requests" "$upstream" >/dev/null
  echo "$requests"
}

cp=$(bench_classpath)
serial() { # CPUS REQUESTS WARM-UP
  taskset -c "$1" "$java" -cp "$cp" io.hyperlocal.bench.SerialTrace "$(cat "$out/G.port")" "$2" "$3" "$(cat "$out/G.key")"
}
echo
echo "Rounds of $requests requests one at a time (after $((requests / 5)) unrecorded, on a new connection) in each placement;"
echo "split = load generator, event loops and upstream on CPU $request_cpu, the rest on CPU $other_cpus;"
echo "background = the gateway's other threads and PostgreSQL on CPU $other_cpus, the request's threads anywhere."
echo
echo "| round | placement | p50 | p90 | p99 | p99.9 | max |"
echo "|---|---|---|---|---|---|---|"
declare -A p99s=()
for round in $(seq 1 "$rounds"); do
  for placement in shared split background; do
    cpus_for_load=$(place "$placement")
    serial "$cpus_for_load" 2000 0 >/dev/null  # a new connection, as the benchmark's steps have
    line=$(serial "$cpus_for_load" "$requests" $((requests / 5)))
    field() { sed -E "s/.* $1 ([0-9.]+).*/\1/" <<<"$line"; }
    echo "| $round | $placement | $(field p50) ms | $(field p90) ms | $(field p99) ms | $(field p99.9) ms | $(field max) ms |"
    p99s[$placement]+="$(field p99) "
  done
done
place shared >/dev/null
echo
echo "median p99 over the rounds: shared $(median <<<"${p99s[shared]}") ms, split $(median <<<"${p99s[split]}") ms," \
  "background $(median <<<"${p99s[background]}") ms"
