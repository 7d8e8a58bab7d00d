#!/usr/bin/env bash
# Provider ingest: POST /api/v1/completions end to end (Release API on loopback) against binary COPY of the same rows into
# the same tables, in the same run; then how ingest grows with the batch size.
#   bench/ingest.sh                                   # the current code
#   VARIANTS="before|/path/to/old/api after|bench/results/api" bench/ingest.sh   # A/B, runs alternate, medians
# Settings: DB (recert_bench_10000: the learners BENCH-000001… must exist, bench/seed.sh 10000), CERTS (10000), ROUNDS (3),
# BIG_TOTAL (completions per batch-1000 run, 100000), CONC (client concurrency, 4), SIZES ("1 10 100 1000"; "" skips the growth runs),
# BIG_BATCH (the batch size of the rounds, 1000), WARM_SECS (each variant is loaded with batches of 1,000 for this long before
# anything is measured, 60: tiered JIT still compiles ~20 s after start).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DB=${DB:-recert_bench_10000}; CERTS=${CERTS:-10000}; ROUNDS=${ROUNDS:-3}; BIG_TOTAL=${BIG_TOTAL:-100000}; CONC=${CONC:-4}; BIG_BATCH=${BIG_BATCH:-1000}
SIZES=${SIZES-"1 10 100 1000"}
VARIANTS=${VARIANTS:-"current|$RESULTS/api"}
TOOL=$RESULTS/tool/Recert.Benchmarks.dll
build_api
[[ -n "${SKIP_BUILD:-}" ]] || dotnet build -c Release "$BENCH/Recert.Benchmarks" -o "$RESULTS/tool" -nologo -v q >/dev/null
OUT=$RESULTS/ingest-$(date -u +%Y%m%dT%H%M%SZ).txt
echo "# $(date -u +%FT%TZ) $(machine)" | tee "$OUT"

PIDS=(); PORTS=(); NAMES=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
port=5095
for v in $VARIANTS; do
  name=${v%%|*}; dir=${v#*|}
  API_DIR=$dir Recert__RateLimits__ProviderPerMinute=10000000 start_api "$DB" "$port"
  PIDS+=("$API_PID"); PORTS+=("$port"); NAMES+=("$name"); port=$((port + 1))
done

# One provider with course ING-1 (approved 2020–2030) and a key, made by staff through the API.
cookie=$(login "${PORTS[0]}")
run=$(date +%s)
provider=$(curl -fs -H "Cookie: $cookie" -H 'X-Recert-Client: bench' -H 'content-type: application/json' \
  -d "{\"name\":\"Ingest Bench $run\",\"contactEmail\":\"bench@example.test\",\"approvedFrom\":\"2020-01-01\",\"approvedUntil\":\"2030-12-31\"}" \
  "http://127.0.0.1:${PORTS[0]}/api/v1/staff/providers" | sed -E 's/.*"id":"([^"]+)".*/\1/')
curl -fs -H "Cookie: $cookie" -H 'X-Recert-Client: bench' -H 'content-type: application/json' \
  -d '{"code":"ING-1","title":"Ingest bench course","ceus":0.5,"area":"nutrition","approvedFrom":"2020-01-01","approvedUntil":"2030-12-31"}' \
  "http://127.0.0.1:${PORTS[0]}/api/v1/staff/providers/$provider/courses" >/dev/null
key=$(curl -fs -H "Cookie: $cookie" -H 'X-Recert-Client: bench' -H 'content-type: application/json' -d '{"name":"bench"}' \
  "http://127.0.0.1:${PORTS[0]}/api/v1/staff/providers/$provider/keys" | sed -E 's/.*"key":"([^"]+)".*/\1/')
CONN="Host=$PG_HOST;Port=$PG_PORT;Database=$DB;Username=recert;Password=recert"

ingest() { # <variant index> <batch> <total> <concurrency> <tag>
  dotnet "$TOOL" ingest "http://127.0.0.1:${PORTS[$1]}" "$key" "$2" "$3" "$4" "$CERTS" "r$run-$5"
}

WARM_SECS=${WARM_SECS:-60}
for i in "${!NAMES[@]}"; do
  until_t=$(( $(date +%s) + WARM_SECS )); w=0
  while (( $(date +%s) < until_t )); do ingest "$i" 1000 30000 "$CONC" "warm-${NAMES[$i]}-$w" >/dev/null; w=$((w + 1)); done
  echo "warm-up: variant=${NAMES[$i]} ${WARM_SECS}s, $((w * 30000)) completions" | tee -a "$OUT"
done
dotnet "$TOOL" copy "$CONN" "$provider" ING-1 30000 "$CERTS" "r$run-copy-warm" >/dev/null

echo "## batch $BIG_BATCH vs COPY, $ROUNDS rounds (each: every variant, then COPY), $BIG_TOTAL completions per run, $CONC client connections" | tee -a "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!NAMES[@]}"; do
    echo "round=$round variant=${NAMES[$i]} batch=$BIG_BATCH $(ingest "$i" "$BIG_BATCH" "$BIG_TOTAL" "$CONC" "$round-${NAMES[$i]}-b$BIG_BATCH")" | tee -a "$OUT"
  done
  echo "round=$round variant=copy batch=- $(dotnet "$TOOL" copy "$CONN" "$provider" ING-1 "$BIG_TOTAL" "$CERTS" "r$run-copy-$round")" | tee -a "$OUT"
done

[[ -n "$SIZES" ]] && echo "## growth with the batch size (each variant), 1,000 / 3,000 / 10,000 / BIG_TOTAL completions" | tee -a "$OUT"
for i in "${!NAMES[@]}"; do
  for size in $SIZES; do
    total=$(( size == 1 ? 1000 : size == 10 ? 3000 : size == 100 ? 10000 : BIG_TOTAL ))
    conc=$(( size >= 1000 ? CONC : 8 ))
    echo "variant=${NAMES[$i]} batch=$size conc=$conc $(ingest "$i" "$size" "$total" "$conc" "g$size-${NAMES[$i]}")" | tee -a "$OUT"
  done
done
# Leave the data set as the eligibility benchmarks expect it: remove this run's provider and everything it ingested.
psql_bench -d "$DB" -v ON_ERROR_STOP=1 -v pid="$provider" >/dev/null <<'SQL'
begin;
delete from webhook_deliveries where event_id in (select id from webhook_events where provider_id = :'pid');
delete from webhook_events where provider_id = :'pid';
delete from completions where provider_id = :'pid';
delete from ce_activities where course_key like 'P:' || :'pid' || ':%';
delete from idempotency_keys where provider_id = :'pid';
delete from provider_api_keys where provider_id = :'pid';
delete from provider_courses where provider_id = :'pid';
delete from providers where id = :'pid';
commit;
SQL
echo "raw: $OUT (provider $provider and its rows removed from $DB)"
