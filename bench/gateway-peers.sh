#!/usr/bin/env bash
# The gateway benchmark: the same load against a fast fake OpenAI upstream called directly, nginx as a
# plain reverse proxy to it, a bare Vert.x proxy (the floor of a gateway built on Vert.x: no feature),
# Hyperlocal (authentication, entitlement with rate limits, routing and metering on) and the Portkey
# gateway, then a table of the latency each adds, the highest sustained
# rate and resident memory, and 2,000 streams held open through Hyperlocal. See bench/README.md.
#
#   bench/gateway-peers.sh [--quick] [--rates 500,1000,2000,5000] [--stream-rates 500,1000,2000] [--seconds 10]
#       [--rate-warm-up 5] [--serial 10000] [--pin] [--peers direct,nginx,bare-vertx,hyperlocal,portkey]
#
# --quick: 3 s per rate, fewer one-at-a-time requests, 500 streams for 20 s. --rate-warm-up S: each
# rate is sent S seconds unrecorded just before it is measured (default 5; 2 with --quick; 0: none).
# --serial N: N requests and N/10 streams one at a time (default 10,000; 1,000 with --quick), after
# N/5 (at most 2,000) unrecorded ones on each of four connections in turn, then on the measured one.
# --pin: the load generator on CPU 0, the peers and the upstream on CPU 1 (default: no pinning, all
# share both).
# Results (markdown and CSV) go to bench/results/ (ignored by git). Needs nginx, node and npm (Portkey
# is installed into bench/.work/ on first run, never committed), curl and jq.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
quick=0
pin=0
only=",direct,nginx,bare-vertx,hyperlocal,portkey,"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; extra+=(--quick) ;;
    --pin) pin=1 ;;
    --serial)
      if ! [[ "${2:-}" =~ ^[0-9]+$ ]] || [ "$2" -lt 1000 ]; then
        echo "bench/gateway-peers.sh: --serial takes a number of requests, at least 1000 (a p99 of ten): '${2:-}'" >&2; exit 2
      fi
      extra+=("$1" "$2"); shift ;;
    --rate-warm-up)
      if ! [[ "${2:-}" =~ ^[0-9]+$ ]]; then
        echo "bench/gateway-peers.sh: --rate-warm-up takes whole seconds, 0 or more: '${2:-}'" >&2; exit 2
      fi
      extra+=("$1" "$2"); shift ;;
    --rates|--stream-rates|--seconds) extra+=("$1" "$2"); shift ;;
    --peers) only=",$2,"; shift ;;
    *) echo "usage: bench/gateway-peers.sh [--quick] [--rates 500,1000,2000,5000] [--stream-rates 500,1000,2000] [--seconds 10] [--rate-warm-up 5] [--serial 10000] [--pin] [--peers direct,nginx,bare-vertx,hyperlocal,portkey]" >&2; exit 2 ;;
  esac
  shift
done

. "$root/.mvn/find-jdk.sh"
hyperlocal_find_jdk
java="$JAVA_HOME/bin/java"
work="$root/bench/.work"
run="$work/run-$$"
mkdir -p "$run" "$root/bench/results"
upstream_port=${UPSTREAM_PORT:-19100}
nginx_port=${NGINX_PORT:-19101}
hyperlocal_port=${HYPERLOCAL_BENCH_PORT:-19102}
portkey_port=${PORTKEY_PORT:-19103}
bare_port=${BARE_VERTX_PORT:-19104}
models=(bench-l0-c16-i0 bench-l0-c10-i1 bench-l20-c16-i0 bench-l20-c10-i10 bench-l0-c400-i150 bench-l0-c133-i150)

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # Hyperlocal stops its embedded PostgreSQL in a shutdown hook: give it the time.
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

peers_cpu=()
load_cpu=()
if [ "$pin" = 1 ]; then
  peers_cpu=(taskset -c 1)
  load_cpu=(taskset -c 0)
fi

echo "== building the benchmark module and the server"
./mvnw -q -B -o -pl bench/gateway-peers package -DskipTests >"$run/build.log" 2>&1 || { tail -40 "$run/build.log"; exit 1; }
./hyperlocal help >/dev/null 2>&1 || true
cp="$root/bench/gateway-peers/target/classes:$(ls "$root"/bench/gateway-peers/target/lib/*.jar | tr '\n' ':')"

wait_for() { # url, seconds, curl args...
  local url=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 4))); do
    if curl -sf -o /dev/null "$@" "$url"; then return 0; fi
    sleep 0.25
  done
  return 1
}

echo "== fake upstream on :$upstream_port"
setsid "${peers_cpu[@]}" "$java" -Xms64m -Xmx256m -XX:+UseSerialGC -cp "$cp" io.hyperlocal.bench.FakeUpstream \
  --port "$upstream_port" --event-loops 1 >"$run/upstream.log" 2>&1 </dev/null &
upstream_pid=$!
pids+=("$upstream_pid")
wait_for "http://127.0.0.1:$upstream_port/v1/models" 30

body() { printf '{"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":100}' "$1"; }

unavailable=()
peer_args=()
if [[ "$only" == *,direct,* ]]; then
  peer_args+=(--peer direct --url "http://127.0.0.1:$upstream_port/v1" --pid "$upstream_pid")
fi

echo "== nginx on :$nginx_port"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [[ "$only" != *,nginx,* ]]; then
  :
elif [ -x "$nginx_bin" ]; then
  mkdir -p "$run/nginx/logs"
  cat >"$run/nginx/nginx.conf" <<EOF
worker_processes 2;
pid $run/nginx/nginx.pid;
error_log $run/nginx/logs/error.log warn;
daemon off;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $run/nginx/body;
  proxy_temp_path $run/nginx/proxy;
  fastcgi_temp_path $run/nginx/fastcgi;
  uwsgi_temp_path $run/nginx/uwsgi;
  scgi_temp_path $run/nginx/scgi;
  upstream fake { server 127.0.0.1:$upstream_port; keepalive 512; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$nginx_port backlog=8192;
    keepalive_requests 1000000;
    # Longer than the load generator's own idle timeout (120 s), so that the client closes an idle
    # connection first. With nginx's default 75 s, 53 of 10,000 streams at 1,000/s failed with
    # "Connection was closed" in the run of 19:43, most likely sent on idle connections nginx was closing.
    keepalive_timeout 300s;
    location / {
      proxy_pass http://fake;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 300s;
    }
  }
}
EOF
  setsid "${peers_cpu[@]}" "$nginx_bin" -p "$run/nginx" -c "$run/nginx/nginx.conf" >"$run/nginx.log" 2>&1 </dev/null &
  nginx_pid=$!
  pids+=("$nginx_pid")
  if wait_for "http://127.0.0.1:$nginx_port/v1/models" 20; then
    workers=$(pgrep -P "$nginx_pid" | tr '\n' ',')
    peer_args+=(--peer nginx --url "http://127.0.0.1:$nginx_port/v1" --pid "$nginx_pid,$workers")
  else
    unavailable+=("nginx: did not start, see $run/nginx.log")
  fi
else
  # Said at once, not only in the report 26 minutes later: every "÷ nginx's" figure needs it.
  unavailable+=("nginx: not installed (Debian: apt-get install nginx-light)")
  echo "   nginx is not installed (Debian: apt-get install nginx-light): no nginx rows, and every ÷ nginx's figure will read n/a" >&2
fi

echo "== bare Vert.x proxy on :$bare_port"
if [[ "$only" == *,bare-vertx,* ]]; then
  # The same JVM and options as Hyperlocal's launcher gives the gateway (G1, its default heap).
  bare_opts=(--enable-native-access=ALL-UNNAMED)
  [ "$(hyperlocal_java_major "$java")" -ge 24 ] && bare_opts+=(--sun-misc-unsafe-memory-access=allow)
  setsid "${peers_cpu[@]}" "$java" "${bare_opts[@]}" -cp "$cp" io.hyperlocal.bench.BareProxy --port "$bare_port" --upstream-port "$upstream_port" \
    >"$run/bare-vertx.log" 2>&1 </dev/null &
  bare_pid=$!
  pids+=("$bare_pid")
  if wait_for "http://127.0.0.1:$bare_port/v1/models" 30; then
    peer_args+=(--peer bare-vertx --url "http://127.0.0.1:$bare_port/v1" --pid "$bare_pid")
  else
    unavailable+=("bare-vertx: did not start, see $run/bare-vertx.log")
  fi
fi

echo "== Hyperlocal on :$hyperlocal_port (embedded PostgreSQL in $run/hyperlocal)"
mkdir -p "$run/hyperlocal/models"
if [[ "$only" == *,hyperlocal,* ]]; then
# The access log (one line per request) is off, as nginx's is: what is compared is the gateway's work.
# BENCH_ACCESS_LOG=1 keeps it.
access_log=WARN
[ -n "${BENCH_ACCESS_LOG:-}" ] && access_log=INFO
QUARKUS_LOG_CATEGORY__IO_HYPERLOCAL_REQUESTS__LEVEL=$access_log \
HYPERLOCAL_JAVA_OPTS="${HYPERLOCAL_JAVA_OPTS:-}" setsid "${peers_cpu[@]}" ./hyperlocal up --port "$hyperlocal_port" \
  --data-dir "$run/hyperlocal/data" --models-dir "$run/hyperlocal/models" >"$run/hyperlocal.log" 2>&1 </dev/null &
hyperlocal_launcher=$!
pids+=("$hyperlocal_launcher")
H="http://127.0.0.1:$hyperlocal_port"
if wait_for "$H/q/health/live" 180; then
  hyperlocal_pid=$hyperlocal_launcher
  api() { # method, url, body: fails loudly with the answer
    local code
    code=$(curl -s -o "$run/api.json" -w '%{http_code}' -X "$1" "$2" -H "$admin" -H "$json" -d "$3")
    if [ "${code:0:1}" != 2 ]; then echo "$1 $2 answered $code: $(head -c 600 "$run/api.json")" >&2; return 1; fi
  }
  admin="Authorization: Bearer $(cat "$run/hyperlocal/data/admin-api-key")"
  json="Content-Type: application/json"
  model_list=$(printf '"%s",' "${models[@]}"); model_list="[${model_list%,}]"
  api PUT "$H/admin/sites/bench-local" "{\"name\": \"Bench\", \"country\": \"FR\",
    \"city\": \"Paris\", \"latitude\": 48.86, \"longitude\": 2.35, \"jurisdictionTags\": [\"FR\", \"EU\"],
    \"engines\": [{\"id\": \"fake-upstream\", \"kind\": \"openai-compatible\", \"baseUrl\": \"http://127.0.0.1:$upstream_port/v1\",
    \"models\": $model_list, \"maxConcurrency\": 4096}]}"
  api POST "$H/admin/subscribers" '{"id": "bench-1", "msisdn": "+33699999901", "country": "FR", "billingAccount": "BA-BENCH"}'
  characteristic() { # name, type, value
    printf '{"@type": "CharacteristicSpecification", "name": "%s", "characteristicValueSpecification": [{"@type": "%sCharacteristicValueSpecification", "value": %s}]}' "$1" "$2" "$3"
  }
  tmf="$H/tmf-api/productCatalogManagement/v5"
  # Far above the benchmark's rates, but every limit is on: allowance leases, requests and tokens per
  # minute, concurrent streams.
  api POST "$tmf/productSpecification" "{\"@type\": \"ProductSpecification\",
    \"id\": \"spec-bench\", \"name\": \"Bench\", \"lifecycleStatus\": \"Launched\", \"productSpecCharacteristic\": [
    $(characteristic allowedModels String '"*"'), $(characteristic tokenAllowance Integer 1000000000000),
    $(characteristic requestsPerMinute Integer 100000000), $(characteristic tokensPerMinute Integer 100000000000),
    $(characteristic concurrentStreams Integer 100000)]}"
  api POST "$tmf/productOfferingPrice" '{"@type": "ProductOfferingPrice",
    "id": "pop-bench", "name": "Bench", "lifecycleStatus": "Launched", "priceType": "recurring",
    "recurringChargePeriodType": "month", "price": {"unit": "EUR", "value": 1}}'
  api POST "$tmf/productOffering" '{"@type": "ProductOffering", "id": "offer-bench",
    "name": "Bench", "lifecycleStatus": "Launched", "productSpecification": {"id": "spec-bench"},
    "productOfferingPrice": [{"id": "pop-bench"}]}'
  api POST "$H/tmf-api/productOrderingManagement/v5/productOrder" '{
    "@type": "ProductOrder", "productOrderItem": [{"@type": "ProductOrderItem", "id": "1", "action": "add",
    "productOffering": {"id": "offer-bench"}}], "relatedParty": [{"@type": "RelatedPartyRefOrPartyRoleRef",
    "role": "customer", "partyOrPartyRole": {"@type": "PartyRef", "id": "bench-1", "@referredType": "Individual"}}]}'
  key=$(curl -sf -X POST "$H/admin/keys" -H "$admin" -H "$json" -d '{"subscriberId": "bench-1"}' | jq -r .key)
  # The order completes asynchronously and the gateway sees the entitlement within a second.
  ok=0
  for _ in $(seq 1 60); do
    code=$(curl -s -o "$run/hyperlocal-probe.json" -w '%{http_code}' "$H/v1/chat/completions" \
      -H "Authorization: Bearer $key" -H "$json" -d "$(body bench-l0-c16-i0)" || true)
    if [ "$code" = 200 ]; then ok=1; break; fi
    sleep 0.5
  done
  if [ "$ok" = 1 ]; then
    java_pid=$(pgrep -P "$hyperlocal_launcher" java || echo "$hyperlocal_launcher")
    peer_args+=(--peer hyperlocal --url "$H/v1" --pid "$java_pid" --header "Authorization: Bearer $key")
    # Its embedded PostgreSQL (the postmaster, a child of the JVM): CPU and memory reported beside the gateway's.
    pg_pid=$(pgrep -P "$java_pid" -x postgres | head -1 || true)
    [ -n "$pg_pid" ] && peer_args+=(--database-pid "$pg_pid")
    echo "   ready: $(curl -s -D - -o /dev/null "$H/v1/chat/completions" -H "Authorization: Bearer $key" -H "$json" \
      -d "$(body bench-l0-c16-i0)" | grep -i 'x-ratelimit-limit-requests\|x-hyperlocal-site' | tr -d '\r' | tr '\n' ' ')"
  else
    unavailable+=("hyperlocal: the benchmark subscriber's request answered $code $(head -c 300 "$run/hyperlocal-probe.json")")
  fi
else
  unavailable+=("hyperlocal: did not start within 180 s, see $run/hyperlocal.log")
fi
fi

echo "== Portkey gateway on :$portkey_port"
portkey="$work/node_modules/@portkey-ai/gateway/build/start-server.js"
hono_node_server=${PORTKEY_HONO_NODE_SERVER:-1.14.1}
if [[ "$only" != *,portkey,* ]]; then
  :
elif command -v npm >/dev/null && { [ ! -f "$portkey" ] || [ "$(jq -r .version "$work/node_modules/@hono/node-server/package.json" 2>/dev/null)" != "$hono_node_server" ]; }; then
  # Portkey asks for @hono/node-server ^1.3.3, which npm resolves to the newest 1.x. From 1.14.2 on,
  # that adapter's Response, built on a fetch() response, hands back the fetch response's own
  # read-only headers, and Portkey adds its x-portkey-* headers to every streamed answer: each stream
  # then fails with HTTP 500 ("TypeError: immutable"). 1.14.1 is the last release whose streams work
  # (bench/README.md, "Portkey"), so the install pins it.
  (cd "$work" && printf '{"name": "hyperlocal-bench-peers", "private": true, "overrides": {"@hono/node-server": "%s"}}\n' "$hono_node_server" >package.json \
    && npm install --no-audit --no-fund @portkey-ai/gateway >"$run/npm.log" 2>&1) || true
fi
if [[ "$only" != *,portkey,* ]]; then
  :
elif [ -f "$portkey" ] && command -v node >/dev/null; then
  NODE_ENV=production setsid "${peers_cpu[@]}" node "$portkey" --port="$portkey_port" --headless >"$run/portkey.log" 2>&1 </dev/null &
  portkey_pid=$!
  pids+=("$portkey_pid")
  portkey_headers=(-H "x-portkey-provider: openai" -H "x-portkey-custom-host: http://127.0.0.1:$upstream_port/v1"
    -H "Authorization: Bearer bench")
  if wait_for "http://127.0.0.1:$portkey_port/v1/chat/completions" 30 -X POST "${portkey_headers[@]}" \
      -H "Content-Type: application/json" -d "$(body bench-l0-c16-i0)"; then
    peer_args+=(--peer portkey --url "http://127.0.0.1:$portkey_port/v1" --pid "$portkey_pid"
      --header "x-portkey-provider: openai" --header "x-portkey-custom-host: http://127.0.0.1:$upstream_port/v1"
      --header "Authorization: Bearer bench")
    echo "   ready: @portkey-ai/gateway $(jq -r .version "$work/node_modules/@portkey-ai/gateway/package.json") on @hono/node-server $(jq -r .version "$work/node_modules/@hono/node-server/package.json"), node $(node --version)"
  else
    unavailable+=("portkey: no answer on :$portkey_port, see $run/portkey.log")
  fi
else
  unavailable+=("portkey: @portkey-ai/gateway could not be installed (npm) or node is missing")
fi

stall=(--stall-peer direct --stall-peer hyperlocal)
[ -n "${NO_STALL:-}" ] && stall=()
if [ "$quick" = 1 ]; then stall+=(--stall-streams 500 --stall-seconds 20); fi
for why in "${unavailable[@]}"; do peer_args+=(--unavailable "$why"); done

if [ -n "${BENCH_HOLD:-}" ]; then
  # For profiling: keep the peers up and print how to load them.
  printf '%q ' "$java" -cp "$cp" io.hyperlocal.bench.GatewayPeers "${peer_args[@]}" >"$work/hold.cmd"
  echo "peers up; load command in $work/hold.cmd; Ctrl-C or kill $$ to stop"
  while true; do sleep 3600; done
fi
echo "== load generator$([ "$pin" = 1 ] && echo ' (pinned to CPU 0; peers and upstream on CPU 1)'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
"${load_cpu[@]}" "$java" -Xms512m -Xmx1g -cp "$cp" io.hyperlocal.bench.GatewayPeers "${extra[@]}" \
  --out "$root/bench/results" "${peer_args[@]}" "${stall[@]}" 2>&1 | grep --line-buffered -v '^WARNING: .*Unsafe\|^WARNING: Please consider\|^WARNING: sun.misc'
echo "logs: $run"
