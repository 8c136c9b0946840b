#!/usr/bin/env bash
# Where a one-at-a-time request's CPU goes: the bare Vert.x proxy and Hyperlocal of bench/gateway-peers.sh
# held up side by side, each warmed up, then profiled with async-profiler (CPU samples, kernel frames
# included) over the same number of one-at-a-time requests, and the samples put into the pieces of a
# request's path (io.hyperlocal.bench.CpuSplit): what Hyperlocal's features cost beyond the framework's
# floor, and in which piece. With strace installed, also the system calls a request makes on the
# gateway's event loop.
#
#   bench/cpu-split.sh [--requests 60000] [--warm-up 40000] [--interval-us 1000] [--profiles DIR]
#
# --profiles DIR keeps each peer's samples there as DIR/PEER.collapsed (async-profiler's collapsed
# stacks, one line a stack with its count: what flame graph tools read), to look inside a piece.
#
# A sample every millisecond of CPU keeps the profiler's own cost to about a tenth of the figures (it
# shows as the sampled total's excess over the /proc figure printed beside it); every 200 µs it
# doubled the bare proxy's.
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler, checked against its SHA-1),
# into bench/.work; ASYNC_PROFILER_VERSION picks another version. It is attached with jcmd after the
# warm-up, so the JIT's work during the warm-up is not sampled. Uses bench/gateway-peers.sh's ports
# (19100 to 19104): not beside a running benchmark.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=bench/held-gateways.sh
. "$root/bench/held-gateways.sh"

requests=60000 warm=40000 interval=1000 profiles=""
usage="usage: bench/cpu-split.sh [--requests 60000] [--warm-up 40000] [--interval-us 1000] [--profiles DIR]"
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) number "$1" "${2:-}"; requests=$2; shift ;;
    --warm-up) number "$1" "${2:-}"; warm=$2; shift ;;
    --interval-us) number "$1" "${2:-}"; interval=$2; shift ;;
    --profiles) [ -n "${2:-}" ] || { echo "$usage" >&2; exit 2; }; profiles=$2; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
if [ "$requests" -lt 1000 ] || [ "$interval" -lt 10 ]; then
  echo "bench/cpu-split.sh: at least 1000 requests, and a sampling interval of at least 10 µs" >&2; exit 2
fi

. "$root/.mvn/find-jdk.sh"
hyperlocal_find_jdk
java="$JAVA_HOME/bin/java"
[ -x "$JAVA_HOME/bin/jcmd" ] || { echo "bench/cpu-split.sh: needs jcmd, which $JAVA_HOME lacks (a JRE, not a JDK)" >&2; exit 2; }
case "$(uname -m)" in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) echo "bench/cpu-split.sh: async-profiler has no library for $(uname -s) $(uname -m) in its Maven jar" >&2; exit 2 ;;
esac

version=${ASYNC_PROFILER_VERSION:-4.6}
profiler_dir="$root/bench/.work/async-profiler-$version"
library="$profiler_dir/$platform/libasyncProfiler.so"
if [ ! -f "$library" ]; then
  echo "== async-profiler $version from Maven Central"
  mkdir -p "$profiler_dir"
  base="https://repo1.maven.org/maven2/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
  curl -fsS -o "$profiler_dir/profiler.jar" "$base" && curl -fsS -o "$profiler_dir/profiler.jar.sha1" "$base.sha1" \
    || { echo "bench/cpu-split.sh: could not download $base" >&2; exit 1; }
  [ "$(sha1sum "$profiler_dir/profiler.jar" | cut -d' ' -f1)" = "$(cut -c1-40 "$profiler_dir/profiler.jar.sha1")" ] \
    || { echo "bench/cpu-split.sh: $base does not match its SHA-1: not used" >&2; rm -f "$profiler_dir/profiler.jar"; exit 1; }
  (cd "$profiler_dir" && "$JAVA_HOME/bin/jar" xf profiler.jar "$platform/libasyncProfiler.so")
  [ -f "$library" ] || { echo "bench/cpu-split.sh: async-profiler $version's jar has no $platform library" >&2; exit 1; }
fi

out=$(mktemp -d)
stop() {
  stop_peers
  rm -rf "$out"
}
trap stop EXIT

hold_peers bare-vertx,hyperlocal
[ ${#measured[@]} -eq 2 ] || { echo "bench/cpu-split.sh: needs both the bare proxy and Hyperlocal up" >&2; exit 1; }
ticks_per_second=$(getconf CLK_TCK)

echo "== warm-up: $warm requests one at a time through each, a new connection every 5,000"
for peer in "${measured[@]}"; do
  warm_up "$peer" "$warm"
done

# agent PID OPTIONS: async-profiler's agent loaded into a running JVM with those options. jcmd parses its
# arguments as name=value pairs: the options go quoted, as one value.
agent() {
  local said
  said=$("$JAVA_HOME/bin/jcmd" "$1" JVMTI.agent_load "$library" "\"$2\"" 2>&1) || true
  [[ "$said" == *"return code: 0"* ]] \
    || { echo "bench/cpu-split.sh: async-profiler's '$2' in process $1 failed: $said" >&2; exit 1; }
}

# The JVM's own process id: the held bare proxy is a java process, Hyperlocal's the launcher's exec.
split_args=()
for peer in "${measured[@]}"; do
  pid=${pids[$peer]%%,*}
  before=$(cpu_ticks "$pid")
  trace "$peer" "$requests" 0 >/dev/null
  cpu=$(( ($(cpu_ticks "$pid") - before) * 1000000 / ticks_per_second / requests ))
  echo "== $peer: $cpu µs of CPU a request without the profiler; profiling $requests requests"
  agent "$pid" "start,event=cpu,interval=${interval}us,threads"
  echo "   $(trace "$peer" "$requests" 0)"
  agent "$pid" "stop,file=$out/$peer.collapsed,collapsed"
  [ -s "$out/$peer.collapsed" ] || { echo "bench/cpu-split.sh: async-profiler wrote no samples for $peer" >&2; exit 1; }
  split_args+=(--peer "$peer" "$out/$peer.collapsed" --cpu "$peer" "$cpu")
  if [ -n "$profiles" ]; then
    mkdir -p "$profiles" && cp "$out/$peer.collapsed" "$profiles/$peer.collapsed"
  fi
done
[ -z "$profiles" ] || echo "== samples kept in $profiles (bare-vertx.collapsed, hyperlocal.collapsed)"

echo
echo "Sampled CPU a request ($requests requests one at a time each, a sample every $interval µs of CPU), by piece of"
echo "the request's path; the profiler's own cost is the total's excess over the /proc figure."
echo
"$java" -cp "$(bench_classpath)" io.hyperlocal.bench.CpuSplit --requests "$requests" --interval-us "$interval" \
  "${split_args[@]}"

if command -v strace >/dev/null; then
  echo
  echo "System calls a request on the gateway's event loops (strace over 2,000 requests one at a time):"
  echo
  echo "| system call | ${measured[0]} | ${measured[1]} |"
  echo "|---|---|---|"
  for peer in "${measured[@]}"; do
    pid=${pids[$peer]%%,*}
    loops=$(for task in /proc/"$pid"/task/*; do
      if [[ "$(cat "$task/comm")" == vert.x-eventloo* ]]; then echo "${task##*/}"; fi
    done | paste -sd,)
    strace -q -c -o "$out/$peer.strace" -p "$loops" &
    tracer=$!
    sleep 1
    trace "$peer" 2000 0 >/dev/null
    kill -INT "$tracer"; wait "$tracer" || true
    # strace -c's table: the calls column, then the name (after an errors column when any failed); calls
    # made by fewer than one request in 20 are left out.
    awk '$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" && $4 >= 100 {printf "%s %.2f\n", $NF, $4 / 2000}' \
      "$out/$peer.strace" >"$out/$peer.calls"
  done
  sort -u -k1,1 "$out/${measured[0]}.calls" "$out/${measured[1]}.calls" | cut -d' ' -f1 | while read -r call; do
    a=$(awk -v c="$call" '$1 == c {print $2}' "$out/${measured[0]}.calls")
    b=$(awk -v c="$call" '$1 == c {print $2}' "$out/${measured[1]}.calls")
    echo "| $call | ${a:-0} | ${b:-0} |"
  done
fi
