# Sourced by bench/side-by-side.sh, bench/tail-causes.sh, bench/placement.sh, bench/peer-rounds.sh and
# bench/cpu-split.sh: gateways held up for measuring. hold starts a Hyperlocal gateway set up as
# bench/gateway-peers.sh sets it up (its own fake upstream on the first port of its block, embedded
# PostgreSQL, the benchmark subscriber with every limit on, the gateway on the block's third port);
# hold_peers holds that script's peers themselves, side by side on its ports. Needs $root, and for
# holding $out (a scratch folder) and $java; holds=() collects hold's holders. Only defines: sourced
# before a script parses its options.

# hold_peers LIST: holds the peers of bench/gateway-peers.sh named in LIST (comma-separated, e.g.
# direct,nginx,hyperlocal) in one process group led by $holder, until stop_peers; reads back each one's
# port, process ids, key and database process into the maps port, pids, key and database, writes
# $out/PEER.port and $out/PEER.key for the helpers below, and lists in the array measured every peer of LIST
# but direct that came up (one that did not is said and left out). Exits when none did.
hold_peers() {
  echo "== holding the peers (bench/gateway-peers.sh with BENCH_HOLD=1): $1"
  rm -f "$root/bench/.work/hold.cmd"
  BENCH_HOLD=1 NO_STALL=1 setsid "$root/bench/gateway-peers.sh" --peers "$1" >"$out/hold.log" 2>&1 &
  holder=$!
  for _ in $(seq 1 300); do
    grep -q 'peers up' "$out/hold.log" && break
    kill -0 "$holder" 2>/dev/null || { tail -20 "$out/hold.log" >&2; exit 1; }
    sleep 1
  done
  [ -f "$root/bench/.work/hold.cmd" ] || { echo "the peers did not come up:" >&2; tail -20 "$out/hold.log" >&2; exit 1; }
  grep '^   \|unavailable\|did not' "$out/hold.log" || true
  # hold.cmd is the load generator's command line, quoted by printf %q: read back its --peer groups.
  local held name="" url i peer
  eval "held=($(cat "$root/bench/.work/hold.cmd"))"
  declare -gA port pids key database
  for ((i = 0; i < ${#held[@]}; i++)); do
    case "${held[$i]}" in
      --peer) name=${held[$((i + 1))]} ;;
      --url) url=${held[$((i + 1))]}; port[$name]=${url##*:}; port[$name]=${port[$name]%%/*} ;;
      --pid) pids[$name]=${held[$((i + 1))]} ;;
      --database-pid) database[$name]=${held[$((i + 1))]} ;;
      --header) [[ "${held[$((i + 1))]}" == "Authorization: Bearer "* ]] && key[$name]=${held[$((i + 1))]#Authorization: Bearer } ;;
    esac
  done
  measured=()
  for peer in ${1//,/ }; do
    [ "$peer" = direct ] && continue
    if [ -n "${port[$peer]:-}" ]; then measured+=("$peer"); else echo "   $peer is not up: left out" >&2; fi
  done
  [ ${#measured[@]} -gt 0 ] || { echo "no peer is up" >&2; exit 1; }
  for peer in ${port[direct]:+direct} "${measured[@]}"; do
    echo "${port[$peer]}" >"$out/$peer.port"
    echo "${key[$peer]:-}" >"$out/$peer.key"
  done
}

# stop_peers: stops what hold_peers holds. The holder leads a process group of its own: its EXIT trap
# stops every peer it started, Hyperlocal with its PostgreSQL.
holder=""
stop_peers() {
  if [ -n "$holder" ]; then
    kill -- "-$holder" 2>/dev/null || true
    wait "$holder" 2>/dev/null || true
  fi
}

# number OPTION VALUE: exits 2, naming the script and the option, unless VALUE is a whole number (the
# scripts' option parsing).
number() { [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "bench/${0##*/}: $1 takes a number: '${2:-}'" >&2; exit 2; }; }

holds=()
held_ports=()

# Stops every gateway and upstream held here. The gateways stop their embedded PostgreSQL in a
# shutdown hook: give them the time.
stop_held() {
  for pid in "${holds[@]}"; do kill "$pid" 2>/dev/null || true; done
  for base in "${held_ports[@]}"; do
    pkill -f "quarkus-run.jar up --port $((base + 2)) " 2>/dev/null || true
    pkill -f "FakeUpstream --port $base " 2>/dev/null || true
  done
  for base in "${held_ports[@]}"; do
    for _ in $(seq 1 60); do
      pgrep -f "quarkus-run.jar up --port $((base + 2)) " >/dev/null || break
      sleep 0.5
    done
  done
}

# hold LABEL FIRST-PORT ENVIRONMENT: starts a gateway and waits for it; leaves its API key in
# $out/LABEL.key, its port in $out/LABEL.port, its process id in $out/LABEL.pid and its upstream's in
# $out/LABEL.upstream.pid.
hold() {
  local label=$1 base=$2 env=$3
  echo "== gateway $label (${env:-default environment}) on :$((base + 2))"
  rm -f "$root/bench/.work/hold.cmd"  # the key is read from this gateway's, never from an earlier one
  held_ports+=("$base")
  # shellcheck disable=SC2086 # the environment is a list of VAR=value words
  env $env UPSTREAM_PORT=$base NGINX_PORT=$((base + 1)) HYPERLOCAL_BENCH_PORT=$((base + 2)) PORTKEY_PORT=$((base + 3)) \
    BENCH_HOLD=1 NO_STALL=1 "$root/bench/gateway-peers.sh" --peers hyperlocal >"$out/$label.log" 2>&1 &
  holds+=($!)
  for _ in $(seq 1 300); do
    grep -q 'peers up' "$out/$label.log" && break
    kill -0 "${holds[-1]}" 2>/dev/null || { tail -20 "$out/$label.log" >&2; exit 1; }
    sleep 1
  done
  grep -q 'hyperlocal --url' "$root/bench/.work/hold.cmd" \
    || { echo "gateway $label did not come up:" >&2; tail -20 "$out/$label.log" >&2; exit 1; }
  grep -o 'Bearer\\ hl-[A-Za-z0-9_-]*' "$root/bench/.work/hold.cmd" | sed 's/^Bearer\\ //' >"$out/$label.key"
  pgrep -f "quarkus-run.jar up --port $((base + 2)) " | head -1 >"$out/$label.pid"
  pgrep -f "FakeUpstream --port $base " | head -1 >"$out/$label.upstream.pid"
  echo $((base + 2)) >"$out/$label.port"
}

# The benchmark module's class path; holding the first gateway builds the module.
bench_classpath() {
  echo "$root/bench/gateway-peers/target/classes:$(ls "$root"/bench/gateway-peers/target/lib/*.jar | tr '\n' ':')"
}

# trace LABEL REQUESTS WARM-UP [TRACE-FILE]: one-at-a-time requests through a held gateway; prints
# SerialTrace's line.
trace() {
  # The class path is read here: holding the first gateway builds the benchmark module.
  local cp
  cp=$(bench_classpath)
  "$java" -cp "$cp" io.hyperlocal.bench.SerialTrace "$(cat "$out/$1.port")" "$2" "$3" "$(cat "$out/$1.key")" \
    ${4:+"$4"}
}

# warm_up LABEL REQUESTS: one-at-a-time requests through a held gateway, over a new connection every
# 5,000. After one long connection, the next one made the JIT throw away and recompile the event loop's
# code for 3 s (a measured connection is always a new one); after several, it did not.
warm_up() {
  local left=$2
  while [ "$left" -gt 0 ]; do
    trace "$1" $((left < 5000 ? left : 5000)) 0 >/dev/null
    left=$((left - 5000))
  done
}

# cpu_ticks PID[,PID...]: the user + system CPU ticks of those processes together (nginx: master and
# workers); a process gone counts nothing.
cpu_ticks() {
  local sum=0 pid
  for pid in ${1//,/ }; do
    [ -r "/proc/$pid/stat" ] && sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$sum"
}

# tree_ticks PID: the user + system CPU ticks of a process, of its children that ended (reaped), and of its
# live children: Hyperlocal's embedded PostgreSQL, its postmaster and every process under it.
tree_ticks() {
  local sum=0 pid
  [ -r "/proc/$1/stat" ] || { echo 0; return; }
  for pid in "$1" $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
    [ -r "/proc/$pid/stat" ] && sum=$((sum + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13 + $14 + $15}')))
  done
  echo "$sum"
}

# median: of the numbers on its input, one or more per line, blank-separated.
median() {
  tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
