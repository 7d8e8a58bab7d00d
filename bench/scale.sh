#!/usr/bin/env bash
# How eligibility latency grows with the data: 1k, 10k, 100k certifications (20 activities each), eligibility and
# baseline side by side at a fixed load (wrk -c$CONN) in one run.     SCALES="1000 10000 100000" CONN=8 SECS=8 bench/scale.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SCALES=${SCALES:-"1000 10000 100000"}; CONN=${CONN:-8}; SECS=${SECS:-8}; PORT=${PORT:-5082}; EXTRA_CONN=${EXTRA_CONN:-}
build_api
trap stop_api EXIT
echo "# eligibility vs data size, wrk -t1 -c$CONN, ${SECS}s per point; $(date -u +%FT%TZ); $(machine)"
echo
echo "| certifications | activities | eligibility req/s | p50 ms | p99 ms | baseline req/s | p50 ms | p99 ms | throughput ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for certs in $SCALES; do
  start_api "recert_bench_$certs" "$PORT" "$EXTRA_CONN"
  psql_bench -d "recert_bench_$certs" -v certs="$certs" -v per_cert=20 -f "$BENCH/seed.sql" >/dev/null
  cookie=$(login "$PORT")
  wrk_run "$PORT" /api/v1/certifications/ /eligibility "$certs" 4 3 "$cookie" >/dev/null
  wrk_run "$PORT" /bench/baseline/ "" "$certs" 4 3 "$cookie" >/dev/null
  read -r er e50 e99 _ < <(wrk_run "$PORT" /api/v1/certifications/ /eligibility "$certs" "$CONN" "$SECS" "$cookie")
  read -r br b50 b99 _ < <(wrk_run "$PORT" /bench/baseline/ "" "$certs" "$CONN" "$SECS" "$cookie")
  printf "| %s | %s | %.0f | %s | %s | %.0f | %s | %s | %.2f |\n" "$certs" "$((certs * 20))" "$er" "$e50" "$e99" "$br" "$b50" "$b99" "$(echo "$er / $br" | bc -l)"
  stop_api
done
