#!/usr/bin/env bash
# Throughput of `./hyperlocal import subscribers`, measured from outside as an operator runs it.
#
#   bench/import-subscribers.sh [ROWS]
#
# Builds first if needed (not timed). Generates a realistic subscriber CSV of ROWS rows (default
# 1000000): four countries (FR, DE, ES, IT) with their mobile number ranges, some numbers written
# with spaces, 10 % without a birth year, billing accounts shared by families, some quoted fields,
# and about 0.1 % bad rows (national numbers, unknown countries, future birth years, missing
# columns, repeated ids). Imports it into a fresh data directory (the embedded PostgreSQL is started
# for the import and stopped after), then imports the same file again (the idempotent run: every
# row unchanged), and prints the wall time and rows per second of both runs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=${1:-1000000}

"$root/hyperlocal" help >/dev/null   # builds when the sources changed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$work/subscribers.csv"

awk -v rows="$rows" 'BEGIN {
  srand(42)
  split("FR DE ES IT", country, " ")
  split("+336 +49151 +346 +393", prefix, " ")
  print "id,msisdn,country,birth_year,billing_account"
  for (i = 1; i <= rows; i++) {
    c = (i % 4) + 1
    id = sprintf("CUST-%09d", i)
    number = sprintf("%08d", i)
    msisdn = prefix[c] number
    if (i % 7 == 0) msisdn = prefix[c] " " substr(number, 1, 2) " " substr(number, 3, 2) " " substr(number, 5, 2) " " substr(number, 7, 2)
    year = (i % 10 == 0) ? "" : 1940 + int(rand() * 68)
    account = sprintf("BA-%08d", int(i / 3))
    if (i % 50 == 0) account = "\"" account ", family\""
    line = id "," msisdn "," country[c] "," year "," account
    if (i % 1000 == 500) {
      kind = int(i / 1000) % 5
      if (kind == 0) line = id ",06" number "," country[c] "," year "," account
      if (kind == 1) line = id "," msisdn ",XX," year "," account
      if (kind == 2) line = id "," msisdn "," country[c] ",2999," account
      if (kind == 3) line = id "," msisdn "," country[c]
      if (kind == 4) line = sprintf("CUST-%09d", i - 1) "," prefix[c] sprintf("9%07d", i) "," country[c] "," year "," account
    }
    print line
  }
}' >"$csv"
size=$(du -m "$csv" | cut -f1)
echo "workload: $rows rows ($size MiB), about 0.1 % bad; a fresh data directory; $(nproc) cores"

run() { # $1: label
  local start end ms summary cpu
  start=$(date +%s%N)
  # CPU seconds (user + system) of the import and of the PostgreSQL it starts, which a busy machine
  # does not inflate the way it inflates the wall time.
  { TIMEFORMAT='%U %S'; time (CI=true "$root/hyperlocal" import subscribers "$csv" --data-dir "$work/data" \
      >"$work/out.log" 2>"$work/err.log"); } 2>"$work/cpu.txt" || {
    echo "the import failed:" >&2; cat "$work/err.log" >&2; exit 1; }
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  summary=$(head -n1 "$work/out.log" | sed 's/.*rows\/s): //')
  cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$work/cpu.txt")
  printf '%-18s %10d %10.1f %10d %9s   %s\n' "$1" "$rows" "$(echo "$ms / 1000" | bc -l)" \
    "$(( rows * 1000 / (ms > 0 ? ms : 1) ))" "$cpu" "$summary"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %10s %10s %10s %9s   %s\n' "run" "rows" "wall (s)" "rows/s" "CPU (s)" "result"
run "first import"
run "same file again"
echo "rejected rows: $(($(wc -l <"$work/subscribers.rejected.csv") - 1)) listed in subscribers.rejected.csv (first lines:)"
sed -n 2,4p "$work/subscribers.rejected.csv"
