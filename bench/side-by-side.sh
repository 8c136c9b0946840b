#!/usr/bin/env bash
# Two Hyperlocal gateways side by side, each set up as bench/gateway-peers.sh sets it up (its own fake
# upstream, embedded PostgreSQL and benchmark subscriber with every limit on), differing only in the
# environment given to each; then rounds of one-at-a-time requests, A then B, so that both meet the
# same machine noise. On this shared 2-core machine one gateway measured before another differs from
# run to run by more than most changes do; alternating rounds is what shows a change.
#
#   bench/side-by-side.sh [--rounds 6] [--requests 10000] [--warm-up 40000] --a 'VAR=value ...' --b 'VAR=value ...'
#   bench/side-by-side.sh --rate 5000 [--seconds 10] [--rounds 6] [--warm-up 20000] --a ... --b ...
#
# With --rate, each round is the benchmark's open-loop step at that rate (20 ms upstream) for the given
# seconds instead, after a closed-loop warm-up of --warm-up requests (256 in flight) through each.
#
# For example, the ledger shipped every 200 ms against every 60 s:
#   bench/side-by-side.sh --a 'HYPERLOCAL_METERING_SHIP_INTERVAL=200ms' --b 'HYPERLOCAL_METERING_SHIP_INTERVAL=60s'
# --a-root DIR (or --b-root): that gateway runs from another checkout, built there, instead of this
# one: code against code, e.g. the commit before a change in a git worktree
#   git worktree add ../before HEAD~1 && bench/side-by-side.sh --a-root ../before --a '' --b ''
# JVM options go in HYPERLOCAL_JAVA_OPTS. Ports 19100 to 19103 (A) and 19200 to 19203 (B).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=bench/held-gateways.sh
. "$root/bench/held-gateways.sh"

rounds=6 requests=10000 warm="" a_env="" b_env="" rate="" seconds=10 a_root=$root b_root=$root
usage="usage: bench/side-by-side.sh [--rate R [--seconds 10]] [--rounds 6] [--requests 10000] [--warm-up 40000] [--a-root DIR] [--b-root DIR] --a 'VAR=value ...' --b 'VAR=value ...'"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) number "$1" "${2:-}"; rounds=$2; shift ;;
    --requests) number "$1" "${2:-}"; requests=$2; shift ;;
    --warm-up) number "$1" "${2:-}"; warm=$2; shift ;;
    --rate) number "$1" "${2:-}"; rate=$2; shift ;;
    --seconds) number "$1" "${2:-}"; seconds=$2; shift ;;
    --a) a_env=${2:-}; shift ;;
    --b) b_env=${2:-}; shift ;;
    --a-root | --b-root)
      [ -x "${2:-}/hyperlocal" ] && [ -x "${2:-}/bench/gateway-peers.sh" ] \
        || { echo "bench/side-by-side.sh: $1 takes a Hyperlocal checkout (with ./hyperlocal and bench/): '${2:-}'" >&2; exit 2; }
      if [ "$1" = --a-root ]; then a_root=$(cd "$2" && pwd); else b_root=$(cd "$2" && pwd); fi
      shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
if [ -n "$rate" ] && { [ "$rate" -lt 1 ] || [ "$seconds" -lt 1 ]; }; then
  echo "bench/side-by-side.sh: --rate and --seconds take at least 1" >&2; exit 2
fi
if [ "$requests" -lt 1000 ] || [ "$rounds" -lt 1 ]; then
  echo "bench/side-by-side.sh: at least 1000 requests per round (a p99 of ten) and 1 round" >&2; exit 2
fi
for assignment in $a_env $b_env; do
  [[ "$assignment" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { echo "bench/side-by-side.sh: not VAR=value: '$assignment'" >&2; exit 2; }
done

. "$root/.mvn/find-jdk.sh"
hyperlocal_find_jdk
java="$JAVA_HOME/bin/java"
out=$(mktemp -d)
trap stop_held EXIT

# hold reads $root: each gateway starts from its own checkout.
root=$a_root hold A 19100 "$a_env"
root=$b_root hold B 19200 "$b_env"

if [ -n "$rate" ]; then
  echo "A: ${a_env:-default environment}$([ "$a_root" != "$root" ] && echo ", from $a_root")"
  echo "B: ${b_env:-default environment}$([ "$b_root" != "$root" ] && echo ", from $b_root")"
  cp=$(bench_classpath)
  peer() { echo "--peer $1 http://127.0.0.1:$(cat "$out/$1.port")/v1 $(cat "$out/$1.pid") $(cat "$out/$1.key")"; }
  # shellcheck disable=SC2046 # each peer is several words
  "$java" -cp "$cp" io.hyperlocal.bench.RateRounds --rate "$rate" --seconds "$seconds" --rounds "$rounds" \
    --warm-up "${warm:-20000}" $(peer A) $(peer B)
  exit 0
fi
warm=${warm:-40000}

echo "== warm-up: $warm requests one at a time through each, a new connection every 5,000"
warm_up A "$warm"
warm_up B "$warm"

ticks_per_second=$(getconf CLK_TCK)
echo
echo "Rounds of $requests requests one at a time (after $((requests / 5)) unrecorded), A then B; CPU = the gateway process's, per request."
echo "A: ${a_env:-default environment}$([ "$a_root" != "$root" ] && echo ", from $a_root")"
echo "B: ${b_env:-default environment}$([ "$b_root" != "$root" ] && echo ", from $b_root")"
echo
echo "| round | gateway | p50 | p90 | p99 | p99.9 | max | CPU per request |"
echo "|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  for label in A B; do
    pid=$(cat "$out/$label.pid")
    before=$(cpu_ticks "$pid")
    line=$(trace "$label" "$requests" $((requests / 5)))
    after=$(cpu_ticks "$pid")
    cpu=$(( (after - before) * 1000000 / ticks_per_second / (requests + requests / 5) ))
    read -r _ _ _ _ _ p50 _ p90 _ p99 _ p999 _ max _ <<<"$line"
    echo "| $round | $label | $p50 ms | $p90 ms | $p99 ms | $p999 ms | $max ms | $cpu µs |" | tee -a "$out/rows"
  done
done
echo
for label in A B; do
  p99=$(awk -F'|' -v l=" $label " '$3 == l {gsub(/ ms| /, "", $6); print $6}' "$out/rows" | median)
  p50=$(awk -F'|' -v l=" $label " '$3 == l {gsub(/ ms| /, "", $4); print $4}' "$out/rows" | median)
  echo "median over the rounds, $label: p50 $p50 ms, p99 $p99 ms"
done
