#!/usr/bin/env bash
# Before/after, side by side: one API process per variant, all running at once against the same database; short wrk runs
# alternate between variants and endpoints for ROUNDS rounds, and the median of each is reported, so that the machine's
# noise falls on every variant alike.
#   bench/ab.sh "before|bench/results/api-before|" "after|bench/results/api|"
#   CERTS=100000 CONN=8 SECS=4 ROUNDS=5 WARMUP=30 bench/ab.sh ...   (WARMUP: seconds per variant and endpoint first, default 3)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CERTS=${CERTS:-100000}; CONN=${CONN:-8}; SECS=${SECS:-4}; ROUNDS=${ROUNDS:-5}; WARMUP=${WARMUP:-3}
DB=recert_bench_$CERTS
declare -a labels ports pids
cleanup() { for pid in "${pids[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; done; wait 2>/dev/null; true; }
trap cleanup EXIT
port=5100
for variant in "$@"; do
  IFS='|' read -r label dir extra <<<"$variant"
  API_DIR=$(realpath "$dir") start_api "$DB" "$port" "$extra"
  labels+=("$label"); ports+=("$port"); pids+=("$API_PID"); port=$((port + 1))
done
psql_bench -d "$DB" -v certs="$CERTS" -v per_cert=20 -f "$BENCH/seed.sql" >/dev/null
cookie=$(login "${ports[0]}")   # one data-protection key ring per machine user: the cookie works on every variant

echo "# A/B, $CERTS certifications, wrk -t1 -c$CONN, ${SECS}s per run, $ROUNDS alternating rounds, medians; $(date -u +%FT%TZ); $(machine)"
results=$(mktemp)
for i in "${!labels[@]}"; do   # warm-up
  wrk_run "${ports[$i]}" /api/v1/certifications/ /eligibility "$CERTS" "$CONN" "$WARMUP" "$cookie" >/dev/null
  wrk_run "${ports[$i]}" /bench/baseline/ "" "$CERTS" "$CONN" "$WARMUP" "$cookie" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!labels[@]}"; do
    echo "$i e $(wrk_run "${ports[$i]}" /api/v1/certifications/ /eligibility "$CERTS" "$CONN" "$SECS" "$cookie")" >>"$results"
    echo "$i b $(wrk_run "${ports[$i]}" /bench/baseline/ "" "$CERTS" "$CONN" "$SECS" "$cookie")" >>"$results"
  done
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
echo
echo "| variant | eligibility req/s | p50 ms | p99 ms | baseline req/s | p50 ms | p99 ms | eligibility/baseline (median of per-round ratios) | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for i in "${!labels[@]}"; do
  col() { awk -v i="$i" -v k="$1" -v c="$2" '$1 == i && $2 == k { print $c }' "$results" | median; }
  ratio=$(paste <(awk -v i="$i" '$1 == i && $2 == "e" { print $3 }' "$results") <(awk -v i="$i" '$1 == i && $2 == "b" { print $3 }' "$results") | awk '{ print $1 / $2 }' | median)
  bad=$(awk -v i="$i" '$1 == i { s += $6 } END { print s + 0 }' "$results")
  printf "| %s | %.0f | %s | %s | %.0f | %s | %s | %.2f | %s |\n" "${labels[$i]}" "$(col e 3)" "$(col e 4)" "$(col e 5)" "$(col b 3)" "$(col b 4)" "$(col b 5)" "$ratio" "$bad"
done
rm -f "$results"
