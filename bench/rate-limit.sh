#!/usr/bin/env bash
# What counting rate limits in PostgreSQL costs a request: a cheap partner read (GET /api/v1/learners/{number}, one indexed
# query) with the limiter in process memory (an older build) against the PostgreSQL counter (this build), and this
# build over its limit (every request a 429); the APIs run at once on one database, short wrk runs alternating,
# medians. Every request of the run is one provider's, so the counter's upsert always hits the same row: the worst
# case for it. Then the upsert alone under pgbench, on one hot row (durable commit and as shipped)
# and on many keys.
#   bench/rate-limit.sh <api build with the in-memory limiter> [this build, default bench/results/api]
# Settings: DB (recert_bench_ratelimit, created and migrated if missing), PORT (first of three ports, 5650), CONN (8),
# SECS (4), ROUNDS (5).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
BEFORE=$(realpath "${1:?the directory of an API build whose rate limits count in memory}")
AFTER=$(realpath "${2:-$RESULTS/api}")
DB=${DB:-recert_bench_ratelimit}; PORT=${PORT:-5650}; CONN=${CONN:-8}; SECS=${SECS:-4}; ROUNDS=${ROUNDS:-5}
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
psql_bench -d postgres -tAc "select 1 from pg_database where datname = '$DB'" | grep -q 1 || psql_bench -d postgres -c "create database $DB"

export Recert__RateLimits__ProviderPerMinute=1000000000
API_DIR=$BEFORE start_api "$DB" "$PORT"; PIDS+=("$API_PID")
API_DIR=$AFTER start_api "$DB" $((PORT + 1)); PIDS+=("$API_PID")
# The same build with a limit of 1 a minute: every request but the first is a 429 (the flood an attacker sends).
Recert__RateLimits__ProviderPerMinute=1 API_DIR=$AFTER start_api "$DB" $((PORT + 2)); PIDS+=("$API_PID")

cookie=$(login "$PORT")
staff() { curl -fs -H "Cookie: $cookie" -H 'x-recert-client: bench' -H 'content-type: application/json' -d "$2" "http://127.0.0.1:$PORT$1"; }
provider=$(staff /api/v1/staff/providers "{\"name\":\"Rate limit bench $(date +%s)\",\"contactEmail\":\"bench@example.test\",\"approvedFrom\":\"2020-01-01\",\"approvedUntil\":\"2030-12-31\"}" \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
key=$(staff "/api/v1/staff/providers/$provider/keys" '{"name":"bench"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')

run() { # <port> <seconds> → "rps p50_ms p99_ms non2xx"
  local out
  out=$(BENCH_PREFIX=/api/v1/learners/ BENCH_SUFFIX='?lastName=Rivera' BENCH_CERTS=100000 \
    wrk -t1 -c"$CONN" -d"$2s" --latency -H "Authorization: Bearer $key" -s "$BENCH/random-number.lua" "http://127.0.0.1:$1")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out" | to_ms) $(awk '$1 == "99%" {print $2}' <<<"$out" | to_ms) $(awk '/Non-2xx/ {print $5}' <<<"$out" | grep . || echo 0)"
}

echo "# rate limit counter, wrk -t1 -c$CONN, ${SECS}s per run, $ROUNDS alternating rounds, medians; $(date -u +%FT%TZ); $(machine)"
run "$PORT" 3 >/dev/null; run $((PORT + 1)) 3 >/dev/null
results=$(mktemp)
for _ in $(seq 1 "$ROUNDS"); do
  echo "0 $(run "$PORT" "$SECS")" >>"$results"
  echo "1 $(run $((PORT + 1)) "$SECS")" >>"$results"
  echo "2 $(run $((PORT + 2)) "$SECS")" >>"$results"
done
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
col() { awk -v i="$1" -v c="$2" '$1 == i { print $c }' "$results" | median; }
echo
echo "| limiter | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---:|---:|---:|---:|"
printf "| in process memory (before) | %.0f | %s | %s | %s |\n" "$(col 0 2)" "$(col 0 3)" "$(col 0 4)" "$(awk '$1 == 0 { s += $5 } END { print s + 0 }' "$results")"
printf "| PostgreSQL counter (after) | %.0f | %s | %s | %s |\n" "$(col 1 2)" "$(col 1 3)" "$(col 1 4)" "$(awk '$1 == 1 { s += $5 } END { print s + 0 }' "$results")"
printf "| PostgreSQL counter, over the limit (429s) | %.0f | %s | %s | %s |\n" "$(col 2 2)" "$(col 2 3)" "$(col 2 4)" "$(awk '$1 == 2 { s += $5 } END { print s + 0 }' "$results")"
rm -f "$results"
cleanup; PIDS=()

# The statement itself (PostgresRateLimitCounter.HitAsync), prepared, CONN clients: one hot key with a durable commit
# (what it was first), one hot key as shipped (synchronous_commit off), then a random key per statement.
sql=$(mktemp --suffix=.sql)
for mode in hot-durable hot spread; do
  if [[ $mode == spread ]]; then keyexpr="int4send(:k)"; else keyexpr="'\\x01'::bytea"; fi
  if [[ $mode == hot-durable ]]; then sync=on; else sync=off; fi
  cat >"$sql" <<SQL
\set k random(1, 1000000)
begin;
set local synchronous_commit = $sync;
insert into rate_limit_windows (key, window_start, hits) values ($keyexpr, date_trunc('minute', now()), 1)
on conflict (key, window_start) do update set hits = rate_limit_windows.hits + 1 returning hits;
commit;
SQL
  echo "pgbench, $mode key: $(PGPASSWORD=recert pgbench -h "$PG_HOST" -p "$PG_PORT" -U recert -n -M prepared -c "$CONN" -j 2 -T "$SECS" -f "$sql" "$DB" 2>&1 \
    | awk '/latency average/ {l=$4} /tps =/ {t=$3} END {printf "%.0f statements/s, mean %s ms", t, l}')"
done
rm -f "$sql"
psql_bench -d "$DB" -c "delete from rate_limit_windows"
