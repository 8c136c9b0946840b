#!/usr/bin/env bash
# The gateway benchmark's one-at-a-time step as alternated rounds: the peers of bench/gateway-peers.sh
# held up side by side (default: nginx, the bare Vert.x proxy and Hyperlocal, with the upstream
# called directly as the baseline), each warmed up, then rounds in which each peer gets requests one
# at a time, right after the same number straight to the upstream. One full run measures each peer's
# tail once, minutes apart from the others', and on this shared machine a p99 moves by more than
# the differences between peers from one minute to the next; rounds give each peer the same noise
# and medians over them.
#
#   bench/peer-rounds.sh [--rounds 6] [--requests 10000] [--warm-up 40000] [--peers nginx,bare-vertx,hyperlocal]
#
# Prints each round (p50 to max, the peer's CPU per request) and, per peer, the medians over the
# rounds of p50 and p99 and of the added p50 and p99 (the peer's percentile minus the direct call's
# of the same round). Needs what bench/gateway-peers.sh needs for those peers. Uses that script's
# ports (19100 to 19104): not beside a running benchmark.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=bench/held-gateways.sh
. "$root/bench/held-gateways.sh"

rounds=6 requests=10000 warm=40000 peers=nginx,bare-vertx,hyperlocal
usage="usage: bench/peer-rounds.sh [--rounds 6] [--requests 10000] [--warm-up 40000] [--peers nginx,bare-vertx,hyperlocal]"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) number "$1" "${2:-}"; rounds=$2; shift ;;
    --requests) number "$1" "${2:-}"; requests=$2; shift ;;
    --warm-up) number "$1" "${2:-}"; warm=$2; shift ;;
    --peers) peers=${2:-}; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
if [ "$requests" -lt 1000 ] || [ "$rounds" -lt 1 ]; then
  echo "bench/peer-rounds.sh: at least 1000 requests per round (a p99 of ten) and 1 round" >&2; exit 2
fi
for peer in ${peers//,/ }; do
  case "$peer" in
    nginx | bare-vertx | hyperlocal) ;;
    # Portkey needs its routing headers on every request, which the one-at-a-time client does not send.
    *) echo "bench/peer-rounds.sh: unknown peer '$peer' (nginx, bare-vertx, hyperlocal)" >&2; exit 2 ;;
  esac
done

. "$root/.mvn/find-jdk.sh"
hyperlocal_find_jdk
java="$JAVA_HOME/bin/java"
out=$(mktemp -d)
stop() {
  stop_peers
  rm -rf "$out"
}
trap stop EXIT

hold_peers "direct,$peers"
ticks_per_second=$(getconf CLK_TCK)

echo "== warm-up: $warm requests one at a time through each, a new connection every 5,000"
for peer in direct "${measured[@]}"; do
  warm_up "$peer" "$warm"
done

echo
echo "Rounds of $requests requests one at a time (after $((requests / 5)) unrecorded), each peer right after the"
echo "upstream called directly; CPU = the peer's processes' (nginx: master and workers; Hyperlocal: the JVM);"
echo "DB CPU = Hyperlocal's embedded PostgreSQL's (the postmaster and every process under it)."
echo
echo "| round | peer | p50 | p90 | p99 | p99.9 | max | CPU per request | added p50 | added p99 | DB CPU per request |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  for peer in "${measured[@]}"; do
    read -r _ _ _ _ _ d50 _ _ _ d99 _ <<<"$(trace direct "$requests" $((requests / 5)))"
    before=$(cpu_ticks "${pids[$peer]}")
    db_before=0
    [ -n "${database[$peer]:-}" ] && db_before=$(tree_ticks "${database[$peer]}")
    line=$(trace "$peer" "$requests" $((requests / 5)))
    after=$(cpu_ticks "${pids[$peer]}")
    cpu=$(( (after - before) * 1000000 / ticks_per_second / (requests + requests / 5) ))
    db_cpu="n/a"
    [ -n "${database[$peer]:-}" ] &&
      db_cpu="$(( ($(tree_ticks "${database[$peer]}") - db_before) * 1000000 / ticks_per_second / (requests + requests / 5) )) µs"
    read -r _ _ _ _ _ p50 _ p90 _ p99 _ p999 _ max _ <<<"$line"
    added50=$(awk -v a="$p50" -v b="$d50" 'BEGIN {printf "%+.3f", a - b}')
    added99=$(awk -v a="$p99" -v b="$d99" 'BEGIN {printf "%+.3f", a - b}')
    echo "| $round | $peer | $p50 ms | $p90 ms | $p99 ms | $p999 ms | $max ms | $cpu µs | $added50 ms | $added99 ms | $db_cpu |" | tee -a "$out/rows"
  done
done
column() { # PEER FIELD: the field's values of the peer's rows, units dropped
  awk -F'|' -v p=" $1 " -v f="$2" '$3 == p {gsub(/ ms| µs| /, "", $f); print $f}' "$out/rows"
}
echo
echo "| peer | p50 | p99 | added p50 | added p99 | CPU per request | DB CPU per request | added p99 ÷ nginx's |"
echo "|---|---|---|---|---|---|---|---|"
nginx99=""
[[ " ${measured[*]} " == *" nginx "* ]] && nginx99=$(column nginx 11 | median)
for peer in "${measured[@]}"; do
  a99=$(column "$peer" 11 | median)
  ratio="n/a"
  [ -n "$nginx99" ] && ratio=$(awk -v a="$a99" -v n="$nginx99" 'BEGIN {print (n > 0) ? sprintf("%.2fx", a / n) : "n/a"}')
  db="n/a"
  [ -n "${database[$peer]:-}" ] && db="$(column "$peer" 12 | median) µs"
  echo "| $peer | $(column "$peer" 4 | median) ms | $(column "$peer" 6 | median) ms | $(column "$peer" 10 | median) ms | $a99 ms | $(column "$peer" 9 | median) µs | $db | $ratio |"
done
echo "(medians over the $rounds rounds; the ratio is of the medians)"
