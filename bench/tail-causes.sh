#!/usr/bin/env bash
# What makes the slowest one-at-a-time requests slow: one Hyperlocal gateway set up as
# bench/gateway-peers.sh sets it up (fake upstream, embedded PostgreSQL, benchmark subscriber with every
# limit on), warmed up, then REQUESTS requests one at a time while `perf` records every context switch
# on every CPU. For the slowest 1 % it prints which threads held the CPUs meanwhile: the request's own
# (load generator, gateway event loop, upstream), the gateway's JIT compilers, garbage collector and
# background threads, PostgreSQL, other processes, or nothing (idle CPUs).
#
#   bench/tail-causes.sh [--requests 10000] [--warm-up 40000] [--slowest 1] [--env 'VAR=value ...']
#
# Needs perf (Debian: linux-perf) allowed to record scheduler tracepoints system-wide (root, or
# kernel.perf_event_paranoid at -1). Ports 19300 to 19303.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=bench/held-gateways.sh
. "$root/bench/held-gateways.sh"

requests=10000 warm=40000 slowest=1 env_words=""
usage="usage: bench/tail-causes.sh [--requests 10000] [--warm-up 40000] [--slowest 1] [--env 'VAR=value ...']"
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) number "$1" "${2:-}"; requests=$2; shift ;;
    --warm-up) number "$1" "${2:-}"; warm=$2; shift ;;
    --slowest) [[ "${2:-}" =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "bench/tail-causes.sh: --slowest takes a percentage: '${2:-}'" >&2; exit 2; }
      slowest=$2; shift ;;
    --env) env_words=${2:-}; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
if [ "$requests" -lt 1000 ]; then
  echo "bench/tail-causes.sh: at least 1000 requests (a slowest 1 % of ten)" >&2; exit 2
fi
for assignment in $env_words; do
  [[ "$assignment" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { echo "bench/tail-causes.sh: not VAR=value: '$assignment'" >&2; exit 2; }
done
perf=$(command -v perf || true)
if [ -z "$perf" ]; then
  echo "bench/tail-causes.sh: needs perf (Debian: apt-get install linux-perf)" >&2; exit 2
fi
probe=$(mktemp -d)
if ! "$perf" record -q -k mono -e sched:sched_switch -a -o "$probe/probe.data" -- true >/dev/null 2>"$probe/err"; then
  echo "bench/tail-causes.sh: perf cannot record scheduler switches system-wide here (run as root, or set" \
    "kernel.perf_event_paranoid to -1): $(head -1 "$probe/err")" >&2
  rm -rf "$probe"; exit 2
fi
rm -rf "$probe"

. "$root/.mvn/find-jdk.sh"
hyperlocal_find_jdk
java="$JAVA_HOME/bin/java"
out=$(mktemp -d)
perf_pid=""
finish() {
  [ -n "$perf_pid" ] && kill -INT "$perf_pid" 2>/dev/null || true
  stop_held
}
trap finish EXIT

hold G 19300 "$env_words"
echo "== warm-up: $warm requests one at a time, a new connection every 5,000"
warm_up G "$warm"

# Which process each thread belongs to; the gateway's threads by their names.
tasks() { # pid group-of-every-thread
  for task in /proc/"$1"/task/*; do echo "${task##*/} $2"; done 2>/dev/null
}
gateway_tasks() {
  local pid=$1 task name
  for task in /proc/"$pid"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    case "$name" in
      vert.x-eventloo*) echo "${task##*/} EVENT_LOOP" ;;
      C1\ CompilerThre*|C2\ CompilerThre*) echo "${task##*/} JIT" ;;
      GC\ Thread*|G1\ *|VM\ Thread) echo "${task##*/} GC" ;;
      *) echo "${task##*/} GATEWAY_OTHER" ;;
    esac
  done
}
postgres_tasks() { # the gateway's embedded PostgreSQL: the postmaster under the run's data folder and its children
  local run postmaster
  run=$(grep -o 'run-[0-9]*' "$out/G.log" | head -1)
  postmaster=$(pgrep -f "postgres -D .*$run/" | head -1)
  [ -n "$postmaster" ] || return 0
  tasks "$postmaster" POSTGRESQL
  for child in $(pgrep -P "$postmaster"); do tasks "$child" POSTGRESQL; done
}

# Listed before the measurement: listing them meanwhile would be load of its own. The load
# generator lists its threads in its trace.
{
  gateway_tasks "$(cat "$out/G.pid")"
  tasks "$(cat "$out/G.upstream.pid")" UPSTREAM
  postgres_tasks
} >"$out/tasks"
echo "== $requests requests one at a time (after $((requests / 5)) unrecorded) while perf records the scheduler"
"$perf" record -q -k mono -e sched:sched_switch -a -o "$out/sched.data" >/dev/null 2>"$out/perf.log" &
perf_pid=$!
sleep 1
trace G "$requests" $((requests / 5)) "$out/requests.csv" >"$out/summary"
kill -INT "$perf_pid"
wait "$perf_pid" 2>/dev/null || true
perf_pid=""
gateway_tasks "$(cat "$out/G.pid")" >>"$out/tasks"  # threads started during the run

"$perf" script -i "$out/sched.data" -F cpu,time,trace --ns 2>/dev/null >"$out/sched.txt"
echo
echo "SerialTrace: $(cat "$out/summary")"
"$java" -cp "$root/bench/gateway-peers/target/classes" io.hyperlocal.bench.TailCauses \
  "$out/requests.csv" "$out/sched.txt" "$out/tasks" "$slowest"
echo
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); files in $out"
