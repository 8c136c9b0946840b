#!/usr/bin/env bash
# Start-up time and idle memory of `./hyperlocal up`, measured from outside as a user sees them.
#
#   bench/startup-and-memory.sh [MODELS_DIR] [RUNS]
#
# Builds first if needed (not timed), then RUNS times (default 3): starts `up` on a fresh data
# directory (first start: initdb + migrations) and once more on the same one (restart), measures the
# time from launch until /q/health/ready answers 200, waits 10 s idle, reads the process's resident
# memory (VmRSS), and stops it with SIGTERM. Prints one table row per start.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
models=${1:-$HOME/.hyperlocal/models}
runs=${2:-3}

"$root/hyperlocal" help >/dev/null   # builds when the sources changed
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # $1: data dir, $2: label
  local start end pid rss ms
  start=$(date +%s%N)
  "$root/hyperlocal" up --port "$port" --data-dir "$1" --models-dir "$models" >"$work/out.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "up exited; its output:" >&2; cat "$work/out.log" >&2; exit 1; fi
    sleep 0.05
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  sleep 10
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  printf '%-14s %12d %14d\n' "$2" "$ms" "$rss"
}

echo "models directory: $models ($(ls "$models"/*.gguf 2>/dev/null | wc -l) GGUF files)"
printf '%-14s %12s %14s\n' "start" "ready (ms)" "idle RSS (MiB)"
for i in $(seq 1 "$runs"); do
  measure "$work/data-$i" "first start"
  measure "$work/data-$i" "restart"
done
