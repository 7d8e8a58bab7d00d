#!/usr/bin/env bash
# Read-replica drill (issue 16): a throwaway primary and a streaming standby of it (pg_basebackup -R), the API in Release
# with ConnectionStrings:RecertReadReplica = "Host=standby,primary;Target Session Attributes=prefer-standby" (the set-up
# docs/operations.md recommends), a read load on the replica-routed endpoints, and the standby stopped in the middle of it.
# Checks: the standby served the reads while it was up; no 5xx and no unanswered request; reads continued (on the
# primary) while the standby was down; replication lag was observed (pg_stat_replication) and the standby caught up.
# Exit status 0 only when all hold.     bench/drills/replica.sh   (about 3 minutes)
# Clusters live under .data/replica-drill of the worktree, on ports DRILL_PRIMARY_PORT/DRILL_STANDBY_PORT (5460/5461).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
PRIMARY_PORT=${DRILL_PRIMARY_PORT:-5460}; STANDBY_PORT=${DRILL_STANDBY_PORT:-5461}; PORT=${PORT:-5800}
SECS=${SECS:-45}; STOP_AT=${STOP_AT:-15}; RESTART_AT=${RESTART_AT:-30}; CLIENTS=${CLIENTS:-8}; CERTS=${CERTS:-20000}
PGBIN=/usr/lib/postgresql/15/bin
WORK=$ROOT/.data/replica-drill
DB=recert_drill
as_postgres() { su postgres -s /bin/bash -c "PATH=$PGBIN:\$PATH; $*"; }
pg_start() { as_postgres "pg_ctl -D '$WORK/$1' -o '-p $2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK' -l '$WORK/$1.log' -w start" >/dev/null; }
on() { local port=$1; shift; PGPASSWORD=recert psql -h 127.0.0.1 -p "$port" -U recert -d "$DB" -X -q -tA "$@"; }
commits() { on "$1" -c "select xact_commit from pg_stat_database where datname = '$DB'" 2>/dev/null || echo 0; }
cleanup() {
  stop_api
  [[ -n "${LAG_PID:-}" ]] && kill "$LAG_PID" 2>/dev/null || true
  for cluster in standby primary; do as_postgres "pg_ctl -D '$WORK/$cluster' -m immediate stop" >/dev/null 2>&1 || true; done
  [[ -n "${KEEP:-}" ]] || rm -rf "$WORK"
}
trap cleanup EXIT

for port in "$PRIMARY_PORT" "$STANDBY_PORT" "$PORT"; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use" >&2; exit 1; fi
done
rm -rf "$WORK"; mkdir -p "$WORK"; chown postgres "$WORK"; chmod 755 "$ROOT/.data"

# The primary: initdb's pg_hba.conf already trusts replication connections from 127.0.0.1.
as_postgres "initdb -D '$WORK/primary' -U postgres --auth=trust -E UTF8 >/dev/null"
pg_start primary "$PRIMARY_PORT"
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -X -qc "create role recert login createdb password 'recert'"
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -X -qc "create database $DB owner recert"
# The standby: a base backup with -R writes standby.signal and primary_conninfo; WAL streams from then on.
as_postgres "pg_basebackup -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D '$WORK/standby' -R -X stream -c fast"
pg_start standby "$STANDBY_PORT"
[[ $(on "$STANDBY_PORT" -c "select pg_is_in_recovery()") == t ]] || { echo "FAIL: the standby is not in recovery" >&2; exit 1; }

API_DIR=${API_DIR:-$ROOT/api/Recert.Api/bin/Release/net10.0}
if [[ ! -f "$API_DIR/Recert.Api.dll" || -z "${SKIP_BUILD:-}" ]]; then dotnet build -c Release "$ROOT/api/Recert.Api" -nologo -v q -clp:ErrorsOnly >/dev/null; fi
# REPLICA=single names the standby alone (Recert's own fallback then answers every read of the outage from the primary).
if [[ "${REPLICA:-multi-host}" == single ]]; then
  export ConnectionStrings__RecertReadReplica="Host=127.0.0.1;Port=$STANDBY_PORT;Database=$DB;Username=recert;Password=recert;Timeout=5;Command Timeout=30"
else
  export ConnectionStrings__RecertReadReplica="Host=127.0.0.1:$STANDBY_PORT,127.0.0.1:$PRIMARY_PORT;Database=$DB;Username=recert;Password=recert;Timeout=5;Command Timeout=30;Target Session Attributes=prefer-standby"
fi
export Recert__Credentials__VerifyPerMinute=100000000
echo "# replica drill $(date -u +%FT%TZ) (replica: ${REPLICA:-multi-host}); $(machine)"
# The API migrates the primary when it starts; the schema reaches the standby by streaming.
API_DIR=$API_DIR PG_PORT=$PRIMARY_PORT start_api "$DB" "$PORT"
COOKIE=$(PG_PORT=$PRIMARY_PORT login "$PORT")

# Lag while the primary writes a burst: the seed (certifications, CE activities, cards) and 50 providers.
( while true; do
    PGPASSWORD=recert psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -X -tA -c \
      "select to_char(clock_timestamp(), 'HH24:MI:SS.MS'), coalesce(extract(epoch from write_lag) * 1000, 0)::int, coalesce(extract(epoch from flush_lag) * 1000, 0)::int, coalesce(extract(epoch from replay_lag) * 1000, 0)::int, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) from pg_stat_replication" 2>/dev/null || true
    sleep 0.5
  done ) >"$WORK/lag.txt" &
LAG_PID=$!
seed_started=$(date +%s.%N)
on "$PRIMARY_PORT" -v certs="$CERTS" -v per_cert=5 -f "$BENCH/seed.sql" >/dev/null
on "$PRIMARY_PORT" -c "insert into providers (name, contact_email, approved_from, approved_until) select 'Drill Provider ' || g, 'p' || g || '@example.test', '2025-01-01', '2030-12-31' from generate_series(0, 49) g"
seeded_lsn=$(on "$PRIMARY_PORT" -c "select pg_current_wal_lsn()")
for _ in $(seq 1 600); do
  [[ $(on "$STANDBY_PORT" -c "select pg_last_wal_replay_lsn() >= '$seeded_lsn'::pg_lsn") == t ]] && break
  sleep 0.1
done
caught_up=$(awk -v a="$seed_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "seed of $CERTS certifications written on the primary and replayed on the standby in ${caught_up} s"

commits_primary_0=$(commits "$PRIMARY_PORT"); commits_standby_0=$(commits "$STANDBY_PORT")
node "$BENCH/drills/read-load.js" "http://127.0.0.1:$PORT" "$COOKIE" "$SECS" "$CLIENTS" "$STOP_AT" "$CERTS" "$RESULTS/replica-events.json" >"$WORK/summary.json" &
LOAD=$!
sleep "$STOP_AT"
commits_primary_1=$(commits "$PRIMARY_PORT"); commits_standby_1=$(commits "$STANDBY_PORT")
echo "t=${STOP_AT}s pg_ctl stop -m fast (the standby)"; as_postgres "pg_ctl -D '$WORK/standby' -m fast stop" >/dev/null
sleep $((RESTART_AT - STOP_AT))
commits_primary_2=$(commits "$PRIMARY_PORT")
echo "t=${RESTART_AT}s pg_ctl start (the standby)"; pg_start standby "$STANDBY_PORT"
commits_standby_2=$(commits "$STANDBY_PORT")
wait $LOAD
commits_primary_3=$(commits "$PRIMARY_PORT"); commits_standby_3=$(commits "$STANDBY_PORT")
kill "$LAG_PID" 2>/dev/null || true; LAG_PID=
cat "$WORK/summary.json"; echo

standby_reads=$((commits_standby_1 - commits_standby_0))
primary_during_outage=$((commits_primary_2 - commits_primary_1))
primary_before=$((commits_primary_1 - commits_primary_0))
standby_after_restart=$((commits_standby_3 - commits_standby_2))
echo "transactions on the standby while it was up (0-${STOP_AT} s): $standby_reads; on the primary: $primary_before"
echo "transactions on the primary while the standby was down (${STOP_AT}-${RESTART_AT} s): $primary_during_outage"
echo "transactions on the standby after it came back (${RESTART_AT}-${SECS} s; Npgsql rechecks a host marked down after 10 s): $standby_after_restart"
lag=$(awk -F'|' 'NF >= 5 { n++; if ($4 > replay) replay = $4; if ($2 > write) write = $2; if ($5 > bytes) bytes = $5; if ($4 > 0) seen++ }
  END { printf "%d samples; max write lag %d ms, max replay lag %d ms, max replay behind %.1f MB; samples with replay lag > 0: %d", n, write, replay, bytes / 1048576, seen }' "$WORK/lag.txt")
echo "replication lag (pg_stat_replication every 0.5 s from the seed to the end): $lag"
rows_primary=$(on "$PRIMARY_PORT" -c "select count(*) from certifications"); rows_standby=$(on "$STANDBY_PORT" -c "select count(*) from certifications")
stop_api   # the API logs its count of fallbacks when it stops
fallbacks=$(grep -o '[0-9]* reads so far' "$RESULTS/api-$PORT.log" | tail -1 | tr -dc 0-9); fallbacks=${fallbacks:-0}
echo "replica reads that failed on the standby and were answered by the primary (ReadReplicaDataSource fallback): $fallbacks"
echo "certifications on the primary: $rows_primary; on the standby at the end: $rows_standby"

errors=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$WORK/summary.json')).serverErrorsOrNoAnswer)")
not_ok=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$WORK/summary.json')).notOk)")
ok_after=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$WORK/summary.json')).okAfterStop)")
status=0
[[ "$errors" == 0 ]] || { echo "FAIL: $errors answers were 5xx or never came"; status=1; }
[[ "$not_ok" == 0 ]] || { echo "FAIL: $not_ok answers were not 2xx"; status=1; }
[[ "$standby_reads" -gt 100 ]] || { echo "FAIL: the standby served no reads while it was up"; status=1; }
[[ "$ok_after" -gt 0 && "$primary_during_outage" -gt 100 ]] || { echo "FAIL: reads did not continue on the primary"; status=1; }
grep -q '|' "$WORK/lag.txt" || { echo "FAIL: no replication was observed"; status=1; }
[[ "$rows_primary" == "$rows_standby" ]] || { echo "FAIL: the standby did not catch up"; status=1; }
[[ $status == 0 ]] && echo "PASS"
exit $status
