#!/usr/bin/env bash
# Cost of the per-request session lookup (issue 9) on the eligibility read: the code before the session table (BASE,
# default the commit this branch started from) against this tree, alternating A/B ROUNDS times on one database, because
# the machine is shared and drifts; prints every run and the medians.
#   CERTS=10000 ROUNDS=3 SECS=10 RATE=150 bench/sessions.sh
# Per run: a fixed-rate load (autocannon, RATE req/s, latency) and a saturating one (throughput).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CERTS=${CERTS:-10000}; PER_CERT=${PER_CERT:-20}; SECS=${SECS:-10}; PORT=${PORT:-5381}; ROUNDS=${ROUNDS:-3}; RATE=${RATE:-150}; CONNS=${CONNS:-8}
BASE=${BASE:-61ad8ae}; DB=${DB:-recert_bench_sessions_$CERTS}
ELIG=/api/v1/certifications/; ELIG_SUFFIX=/eligibility
[[ -d "$BENCH/node_modules/autocannon" ]] || (cd "$BENCH" && npm install --no-audit --no-fund >/dev/null)

base_src=$(mktemp -d)
git -C "$ROOT" archive "$BASE" api | tar -x -C "$base_src"
dotnet build -c Release "$base_src/api/Recert.Api" -o "$RESULTS/api-base" -nologo -v q >/dev/null
build_api
rm -f "$RESULTS/totp.json"
psql_bench -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
trap stop_api EXIT
API_DIR=$RESULTS/api start_api "$DB" "$PORT"
psql_bench -d "$DB" -v certs="$CERTS" -v per_cert="$PER_CERT" -f "$BENCH/seed.sql" >/dev/null
stop_api

paced() { node "$BENCH/paced.js" "http://127.0.0.1:$PORT$ELIG" "$ELIG_SUFFIX" "$CERTS" "$1" "$SECS" "$CONNS" "$COOKIE"; }
j() { node -e "const r=JSON.parse(process.argv[1]); console.log(r['$2'])" "$1"; }

echo "# session lookup cost: $CERTS certifications, ${SECS}s per point, $CONNS connections, base $BASE vs this tree"
echo "# $(date -u +%FT%TZ) $(machine)"
echo
echo "| round | code | req/s at $RATE offered | p50 ms | p99 ms | saturated req/s | p50 ms | p99 ms | non-2xx |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
declare -A lat50 lat99 sat
for round in $(seq 1 "$ROUNDS"); do
  for code in base sessions; do
    dir=$RESULTS/api; [[ $code == base ]] && dir=$RESULTS/api-base
    API_DIR=$dir start_api "$DB" "$PORT"
    COOKIE=$(login "$PORT")
    paced 100000 >/dev/null   # warm-up (JIT, pools, caches)
    fixed=$(paced "$RATE"); full=$(paced 100000)
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n" "$round" "$code" "$(j "$fixed" rps)" "$(j "$fixed" p50)" "$(j "$fixed" p99)" \
      "$(j "$full" rps)" "$(j "$full" p50)" "$(j "$full" p99)" "$(j "$fixed" non2xx)" "$(j "$full" non2xx)"
    lat50[$code]+="$(j "$fixed" p50) "; lat99[$code]+="$(j "$fixed" p99) "; sat[$code]+="$(j "$full" rps) "
    stop_api
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
for code in base sessions; do
  echo "median $code: p50 $(median <<<"${lat50[$code]}") ms, p99 $(median <<<"${lat99[$code]}") ms at $RATE req/s; saturated $(median <<<"${sat[$code]}") req/s"
done
rm -rf "$base_src"
