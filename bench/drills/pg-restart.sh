#!/usr/bin/env bash
# Reliability drill: PostgreSQL killed in the middle of a write load.
# A throwaway cluster (initdb as the postgres user into a temp dir, port 55432; never the machine's main cluster), the API in
# Release on a free loopback port against it, 4 clients writing 'other' CE activities (≤ 20/s each) for 40 s. At 10 s:
# `pg_ctl restart -m immediate`; at 22 s: `pg_ctl stop -m immediate`, 6 s of outage, `pg_ctl start`.
# Checks: the API recovers by itself, every write that got a 2xx is stored (by id), failures are 503 problem details with
# Retry-After (no hangs). Exit status 0 only when all hold.     bench/drills/pg-restart.sh   (about 1.5 minutes)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
PG_PORT=${DRILL_PG_PORT:-55432}; PORT=${PORT:-5091}; SECS=${SECS:-40}
CONN_EXTRA=${CONN_EXTRA:-}   # e.g. ";Command Timeout=5"; the API's defaults are Timeout=5;Command Timeout=30
WORK=$(mktemp -d /tmp/recert-pgdrill.XXXXXX); chown postgres "$WORK"
PGDATA=$WORK/pgdata
as_postgres() { su postgres -s /bin/bash -c "$*"; }
cleanup() {
  stop_api
  as_postgres "pg_ctl -D '$PGDATA' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if (echo >"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then echo "port $PG_PORT is in use" >&2; exit 1; fi
as_postgres "initdb -D '$PGDATA' -U postgres --auth=trust -E UTF8 >/dev/null"
as_postgres "pg_ctl -D '$PGDATA' -o '-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK' -l '$WORK/pg.log' -w start >/dev/null"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create role recert login createdb password 'recert'"

build_api
PG_PORT=$PG_PORT start_api recert_drill "$PORT" "$CONN_EXTRA"
COOKIE=$(login "$PORT")
numbers=()
for i in 1 2 3 4; do
  number=DRILL-PG-$i
  curl -fs -o /dev/null -H "cookie: $COOKIE" -H 'x-recert-client: drill' -H 'content-type: application/json' \
    -d "{\"number\":\"$number\",\"credential\":\"CPT\",\"firstName\":\"Drill\",\"lastName\":\"Writer\",\"email\":\"drill-$i@example.test\",\"cycleStart\":\"2025-01-01\",\"expiresOn\":\"2026-12-31\"}" \
    "http://127.0.0.1:$PORT/api/v1/certifications"
  numbers+=("$number")
done

echo "# pg-restart drill $(date -u +%FT%TZ); $(machine)"
node "$BENCH/drills/write-load.js" "http://127.0.0.1:$PORT" "$COOKIE" "$(IFS=,; echo "${numbers[*]}")" "$SECS" 20 "$WORK/ids" "$RESULTS/pg-restart-events.json" >"$WORK/summary.json" &
LOAD=$!
sleep 10; echo "t=10s pg_ctl restart -m immediate"; as_postgres "pg_ctl -D '$PGDATA' -m immediate -w restart -o '-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK'" >/dev/null
sleep 12; echo "t=22s pg_ctl stop -m immediate (6 s outage)"; as_postgres "pg_ctl -D '$PGDATA' -m immediate stop" >/dev/null
sleep 6; echo "t=28s pg_ctl start"; as_postgres "pg_ctl -D '$PGDATA' -o '-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK' -l '$WORK/pg.log' -w start" >/dev/null
wait $LOAD
cat "$WORK/summary.json"

ok=$(grep -c . "$WORK/ids" || true)
ids=$(paste -sd, "$WORK/ids" | sed "s/,/','/g")
stored=$(PGPASSWORD=recert psql -h 127.0.0.1 -p "$PG_PORT" -U recert -d recert_drill -tAc "select count(*) from ce_activities where id in ('$ids')")
rows=$(PGPASSWORD=recert psql -h 127.0.0.1 -p "$PG_PORT" -U recert -d recert_drill -tAc "select count(*) from ce_activities where title like 'drill %'")
after=$(curl -s -o /dev/null -w '%{http_code}' -H "cookie: $COOKIE" "http://127.0.0.1:$PORT/api/v1/certifications/DRILL-PG-1/eligibility")
extra=$(PGPASSWORD=recert psql -h 127.0.0.1 -p "$PG_PORT" -U recert -d recert_drill -tAc "select string_agg(title, ', ') from ce_activities where title like 'drill %' and id not in ('$ids')")
echo "stored rows without a 2xx answer (commit reached PostgreSQL, the answer did not reach the client, or a retried command): ${extra:-none}"
echo "2xx answers: $ok; of their ids stored: $stored; drill rows stored in all: $rows; eligibility after the drill: HTTP $after"

bad=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$WORK/summary.json')).failuresNot503ProblemWithRetryAfter)")
recovered=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$WORK/summary.json')).okAfterLastFailure)")
status=0
[[ "$stored" == "$ok" ]] || { echo "FAIL: $((ok - stored)) acknowledged writes are missing"; status=1; }
[[ "$bad" == 0 ]] || { echo "FAIL: $bad failures were not 503 problem details with Retry-After"; status=1; }
[[ "$recovered" -gt 0 && "$after" == 200 ]] || { echo "FAIL: the API did not recover"; status=1; }
[[ $status == 0 ]] && echo "PASS"
exit $status
