#!/usr/bin/env bash
# Eligibility read vs the one-query baseline, side by side in one run, over loopback from a second process (wrk, autocannon).
#   bench/eligibility.sh                    100,000 certifications × 20 activities (2 million), database recert_bench_100000
#   CERTS=10000 SECS=5 bench/eligibility.sh
#   CONNS="1 4 16 32" EXTRA_CONN=";Max Auto Prepare=20" bench/eligibility.sh
#   WARMUP=60 bench/eligibility.sh          seconds of load on each endpoint before measuring (default 30: the JIT is not
#                                           done after a few seconds, and a cold first point reads half its real rate)
# Prints a Markdown table; also kept in bench/results/. Needs: wrk (apt), node + npm install in bench/, psql.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CERTS=${CERTS:-100000}; PER_CERT=${PER_CERT:-20}; SECS=${SECS:-10}; PORT=${PORT:-5081}
CONNS=${CONNS:-"1 4 16 32"}; PACED_CONNS=${PACED_CONNS:-16}; EXTRA_CONN=${EXTRA_CONN:-}; WARMUP=${WARMUP:-30}
DB=recert_bench_$CERTS
ELIG=/api/v1/certifications/; ELIG_SUFFIX=/eligibility; BASE=/bench/baseline/
[[ -d "$BENCH/node_modules/autocannon" ]] || (cd "$BENCH" && npm install --no-audit --no-fund >/dev/null)

build_api
trap stop_api EXIT
start_api "$DB" "$PORT" "$EXTRA_CONN"
psql_bench -d "$DB" -v certs="$CERTS" -v per_cert="$PER_CERT" -f "$BENCH/seed.sql" >/dev/null
COOKIE=$(login "$PORT")
[[ -n "$COOKIE" ]] || { echo "login failed" >&2; exit 1; }

echo "# eligibility vs baseline: $CERTS certifications, $((CERTS * PER_CERT)) activities, ${SECS}s per point after ${WARMUP}s of warm-up per endpoint, connection string extra: '${EXTRA_CONN}'"
echo "# $(date -u +%FT%TZ) $(machine)"
wrk_run "$PORT" "$ELIG" "$ELIG_SUFFIX" "$CERTS" 16 "$WARMUP" "$COOKIE" >/dev/null   # warm-up (JIT tiers, pools, caches)
wrk_run "$PORT" "$BASE" "" "$CERTS" 16 "$WARMUP" "$COOKIE" >/dev/null

echo
echo "| connections | eligibility req/s | p50 ms | p99 ms | baseline req/s | p50 ms | p99 ms | eligibility/baseline throughput | non-2xx |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
best_e=0; best_b=0; best_e_line=; best_b_line=
for c in $CONNS; do
  read -r er e50 e99 ebad < <(wrk_run "$PORT" "$ELIG" "$ELIG_SUFFIX" "$CERTS" "$c" "$SECS" "$COOKIE")
  read -r br b50 b99 bbad < <(wrk_run "$PORT" "$BASE" "" "$CERTS" "$c" "$SECS" "$COOKIE")
  printf "| %s | %.0f | %s | %s | %.0f | %s | %s | %.2f | %s / %s |\n" "$c" "$er" "$e50" "$e99" "$br" "$b50" "$b99" "$(echo "$er / $br" | bc -l)" "$ebad" "$bbad"
  if (( $(echo "$er > $best_e" | bc) )); then best_e=$er; best_e_line="$c $er $e50 $e99"; fi
  if (( $(echo "$br > $best_b" | bc) )); then best_b=$br; best_b_line="$c $br $b50 $b99"; fi
done

paced() { node "$BENCH/paced.js" "http://127.0.0.1:$PORT$1" "$2" "$CERTS" "$3" "$SECS" "$PACED_CONNS" "$COOKIE"; }
half_e=$(printf "%.0f" "$(echo "$best_e / 2" | bc -l)"); half_b=$(printf "%.0f" "$(echo "$best_b / 2" | bc -l)")
pe=$(paced "$ELIG" "$ELIG_SUFFIX" "$half_e"); pb=$(paced "$BASE" "" "$half_b")
j() { node -e "const r=JSON.parse(process.argv[1]); console.log(r['$2'])" "$1"; }

echo
echo "| load | endpoint | offered req/s | achieved req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---:|---:|---:|---:|---:|"
read -r c r p50 p99 <<<"$best_e_line"; printf "| 100%% (saturation, wrk -c%s) | eligibility | closed loop | %.0f | %s | %s | |\n" "$c" "$r" "$p50" "$p99"
read -r c r p50 p99 <<<"$best_b_line"; printf "| 100%% (saturation, wrk -c%s) | baseline | closed loop | %.0f | %s | %s | |\n" "$c" "$r" "$p50" "$p99"
printf "| 50%% (autocannon -c%s --overallRate) | eligibility | %s | %s | %s | %s | %s |\n" "$PACED_CONNS" "$half_e" "$(j "$pe" rps)" "$(j "$pe" p50)" "$(j "$pe" p99)" "$(j "$pe" non2xx)"
printf "| 50%% (autocannon -c%s --overallRate) | baseline | %s | %s | %s | %s | %s |\n" "$PACED_CONNS" "$half_b" "$(j "$pb" rps)" "$(j "$pb" p50)" "$(j "$pb" p99)" "$(j "$pb" non2xx)"
printf "\nsaturation throughput ratio eligibility/baseline: %.2f (goal ≥ 0.8); eligibility p99 at half load: %s ms (goal < 10 ms)\n" \
  "$(echo "$best_e / $best_b" | bc -l)" "$(j "$pe" p99)"
