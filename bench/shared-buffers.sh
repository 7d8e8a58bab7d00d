#!/usr/bin/env bash
# Does a larger shared_buffers close the 100k gap? A throwaway cluster (port 55433, shared_buffers=$SB) seeded like
# recert_bench_100000, and ab.sh with one API on the main cluster and one on the throwaway, side by side.
#   SB=1GB bench/shared-buffers.sh       (about 6 minutes; never touches the machine's main cluster's settings)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SB=${SB:-1GB}; TPORT=${TPORT:-55433}; CERTS=${CERTS:-100000}
WORK=$(mktemp -d /tmp/recert-sb.XXXXXX); chown postgres "$WORK"
as_postgres() { su postgres -s /bin/bash -c "$*"; }
cleanup() { stop_api; as_postgres "pg_ctl -D '$WORK/pgdata' -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
as_postgres "initdb -D '$WORK/pgdata' -U postgres --auth=trust -E UTF8 >/dev/null"
as_postgres "pg_ctl -D '$WORK/pgdata' -o '-p $TPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK -c shared_buffers=$SB' -l '$WORK/pg.log' -w start >/dev/null"
psql -h 127.0.0.1 -p "$TPORT" -U postgres -qc "create role recert login createdb password 'recert'"
build_api
PG_PORT=$TPORT start_api "recert_bench_$CERTS" 5099; stop_api   # creates and migrates the database
PG_PORT=$TPORT psql_bench -d "recert_bench_$CERTS" -v certs="$CERTS" -v per_cert=20 -f "$BENCH/seed.sql" >/dev/null
SKIP_BUILD=1 CERTS=$CERTS bash "$BENCH/ab.sh" "main cluster, shared_buffers $(PGPASSWORD=recert psql -h 127.0.0.1 -U recert -d postgres -tAc 'show shared_buffers')|$RESULTS/api|" \
  "throwaway cluster, shared_buffers $SB|$RESULTS/api|;Port=$TPORT"
