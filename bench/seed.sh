#!/usr/bin/env bash
# Creates and migrates recert_bench_<certs> (by starting the API once) and seeds it with bench/seed.sql.
#   bench/seed.sh 100000 [per_cert=20]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CERTS=${1:-100000}; PER_CERT=${2:-20}; PORT=${PORT:-5089}
build_api
trap stop_api EXIT
start_api "recert_bench_$CERTS" "$PORT"
time psql_bench -d "recert_bench_$CERTS" -v certs="$CERTS" -v per_cert="$PER_CERT" -f "$BENCH/seed.sql"
