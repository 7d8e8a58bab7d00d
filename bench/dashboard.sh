#!/usr/bin/env bash
# Dashboard spike (issue 16): the SPA's dashboard visit (GET /api/v1/me, then the certification, its eligibility and its
# applications at once) for USERS signed-in certificants of the CERTS data set, at fixed arrival rates (open loop,
# bench/dashboard.mjs), against 1 API instance and against 3 instances behind nginx (deploy/nginx/recert.conf.template).
# Per rate: visits/s served, p50/p99 of admitted visits, visits shed with 503 (admission control), other errors, and the
# CPU the API processes and this database's PostgreSQL backends spent per served visit.
#   bench/dashboard.sh                                    (about 8 minutes after seeding and signing in; SKIP_BUILD=1 reuses the build)
#   INSTANCES="1 3" RATES="200 400 800 1600 2400" SECS=20 USERS=20000 CERTS=100000 bench/dashboard.sh
# The API runs with its shipped defaults (pool, admission control); POOL=n sets "Maximum Pool Size", EXTRA_CONN adds to the
# connection string (e.g. ";SSL Mode=Prefer"), CAPACITY_CONCURRENT
# and CAPACITY_QUEUED the admission limits. Ports: API 6000-6003, nginx 6050. Database: recert_bench_dashboard_<CERTS>
# (kept between runs; seeding is skipped when done).
# EDGE_RATE and EDGE_BURST (requests/s and burst, 100000 and 1000: no cap) set nginx's edge admission for the 3-instance runs.
# GENERATOR_NICE (e.g. -10) runs the load generator at that nice level, so that in an overload it still starts each visit
# on time and reads each answer when it arrives, instead of queueing behind the server it measures for the same 2 cores.
# PIN_API ("0-1 2-3 4-5": one taskset CPU list per instance, the 1-instance run uses the first), PIN_GENERATOR and PIN_NGINX
# give each process cores of its own, which is what a cluster needs to be measured at all (docs/BENCHMARKS.md, "Why three
# instances on this box serve fewer visits than one"); PostgreSQL is not pinned, so leave it the cores none of them use, e.g.
# on 16 cores: PIN_API="0-1 2-3 4-5" PIN_NGINX=6 PIN_GENERATOR=7-9 (PostgreSQL then competes only for 10-15).
# Sign-in is not what is measured here (bench/login-timing.sh is): the bench users' passwords are hashed with 1,000
# PBKDF2 iterations instead of 210,000 so that USERS sessions can be made in seconds; the sessions are real ones.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
CERTS=${CERTS:-100000}; PER_CERT=${PER_CERT:-20}; USERS=${USERS:-20000}; SECS=${SECS:-20}; WARMUP=${WARMUP:-30}
RATES=${RATES:-200 400 800 1600 2400}; INSTANCES=${INSTANCES:-1 3}; SOCKETS=${SOCKETS:-512}
CAPACITY_CONCURRENT=${CAPACITY_CONCURRENT:-32}; CAPACITY_QUEUED=${CAPACITY_QUEUED:-64}
DB=${DB:-recert_bench_dashboard_$CERTS}; NGINX_PORT=${NGINX_PORT:-6050}; FIRST_PORT=${FIRST_PORT:-6000}
PASSWORD=bench-dashboard-pass-1
COOKIES=$RESULTS/dashboard-sessions-$DB.json
NGINX_DIR=$RESULTS/dashboard-nginx
POOL_SETTING=${POOL:+;Maximum Pool Size=$POOL}${EXTRA_CONN:-}
(( USERS <= CERTS )) || { echo "USERS must not exceed CERTS" >&2; exit 1; }
GENERATOR=(${PIN_GENERATOR:+taskset -c "$PIN_GENERATOR"} ${GENERATOR_NICE:+nice -n "$GENERATOR_NICE"} node "$BENCH/dashboard.mjs")
read -r -a PIN_LISTS <<<"${PIN_API:-}"
if [[ -n ${PIN_API:-} ]] && (( ${#PIN_LISTS[@]} < $(tr ' ' '\n' <<<"$INSTANCES" | sort -n | tail -1) )); then
  echo "PIN_API needs one CPU list per instance: ${#PIN_LISTS[@]} given, INSTANCES=\"$INSTANCES\"" >&2; exit 1
fi
export NGINX_CPUS=${PIN_NGINX:-}
PINNING="not pinned"; [[ -z ${PIN_API:-} ]] || PINNING="instances ${PIN_API// / | }, generator ${PIN_GENERATOR:-any}, nginx ${PIN_NGINX:-any}"

PIDS=()
stop_all() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
  if [[ -f $NGINX_DIR/nginx.pid ]]; then kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null || true; rm -f "$NGINX_DIR/nginx.pid"; fi
}
trap stop_all EXIT
for port in $(seq "$FIRST_PORT" $((FIRST_PORT + 3))) "$NGINX_PORT"; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use" >&2; exit 1; fi
done

# start_instances <n>: n Release APIs on FIRST_PORT+1.. (one instance: FIRST_PORT), nginx in front when n > 1; sets TARGET.
start_instances() {
  local n=$1 port
  if (( n == 1 )); then
    API_CPUS=${PIN_LISTS[0]:-} start_api "$DB" "$FIRST_PORT" "$POOL_SETTING"; PIDS+=("$API_PID"); TARGET=http://127.0.0.1:$FIRST_PORT; return
  fi
  local ports=() i=0
  for port in $(seq $((FIRST_PORT + 1)) $((FIRST_PORT + n))); do
    API_CPUS=${PIN_LISTS[i++]:-} start_api "$DB" "$port" "$POOL_SETTING"; PIDS+=("$API_PID"); ports+=("$port")
  done
  start_nginx "$NGINX_DIR" "$NGINX_PORT" "${ports[@]}"
  TARGET=http://127.0.0.1:$NGINX_PORT
}

# CPU (user + system) of the API processes and of this database's PostgreSQL backends (cpu_of, backend_pids: lib.sh).
api_pids() { local p; for p in "${PIDS[@]}"; do echo "$p"; pgrep -P "$p" || true; done; }
nginx_pids() { [[ -f $NGINX_DIR/nginx.pid ]] || return 0; local m; m=$(cat "$NGINX_DIR/nginx.pid"); echo "$m"; pgrep -P "$m" || true; }
pg_pids() { backend_pids "$DB"; }
declare -A PG_BEFORE
cpu_mark() {
  API_BEFORE=$(cpu_of $(api_pids)); NGINX_BEFORE=$(cpu_of $(nginx_pids)); PG_BEFORE=()
  local p; for p in $(pg_pids); do PG_BEFORE[$p]=$(cpu_of "$p"); done
}
# cpu_since_mark → "api_ms pg_ms nginx_ms" of CPU since cpu_mark (a backend started since then counts in full)
cpu_since_mark() {
  local api pg=0 p now nginx
  api=$(( $(cpu_of $(api_pids)) - API_BEFORE )); nginx=$(( $(cpu_of $(nginx_pids)) - NGINX_BEFORE ))
  for p in $(pg_pids); do now=$(cpu_of "$p"); pg=$((pg + now - ${PG_BEFORE[$p]:-0})); done
  echo "$((api * 1000 / ticks)) $((pg * 1000 / ticks)) $((nginx * 1000 / ticks))"
}

build_api

# 1. Data set and certificant accounts (BENCH-000001..USERS, verified, linked to their certification).
if [[ -z $(psql_bench -d postgres -tA -c "select 1 from pg_database where datname = '$DB'") ]]; then
  psql_bench -d postgres -c "create database $DB" >/dev/null
fi
start_api "$DB" "$FIRST_PORT" "$POOL_SETTING"; PIDS+=("$API_PID")
psql_bench -d "$DB" -v certs="$CERTS" -v per_cert="$PER_CERT" -f "$BENCH/seed.sql" >/dev/null
# ASP.NET Core Identity's V3 format (0x01, PRF 1 = HMAC-SHA256, iterations, salt length, salt, subkey), 1,000 iterations.
hash=$(node -e '
  const c = require("crypto"); const salt = Buffer.alloc(16, 7); const it = 1000;
  const h = Buffer.alloc(13); h[0] = 1; h.writeUInt32BE(1, 1); h.writeUInt32BE(it, 5); h.writeUInt32BE(16, 9);
  console.log(Buffer.concat([h, salt, c.pbkdf2Sync(process.argv[1], salt, it, 32, "sha256")]).toString("base64"));' "$PASSWORD")
psql_bench -d "$DB" -v ON_ERROR_STOP=1 >/dev/null <<SQL
insert into users (email, password_hash, first_name, last_name, role, email_verified_at)
select 'bench-' || g || '@example.test', '$hash', 'Holder', 'Number' || g, 'certificant', now()
from generate_series(1, $USERS) g
on conflict do nothing;
update certifications c set user_id = u.id
from users u
where c.number like 'BENCH-%' and c.user_id is null and lower(u.email) = lower(c.email) and u.password_hash = '$hash';
vacuum analyze users;
vacuum analyze certifications;
SQL
linked=$(psql_bench -d "$DB" -tA -c "select count(*) from certifications where number like 'BENCH-%' and user_id is not null")
# 2. Sessions: signed in once, reused across runs while they live (12 h; 2 h idle); the Data Protection keys are in the database.
sample() { node -e 'const s = JSON.parse(require("fs").readFileSync(process.argv[1])); console.log(s.length + " " + s[s.length - 1].cookie)' "$COOKIES"; }
valid=no
if [[ -f $COOKIES ]]; then
  read -r count cookie < <(sample)
  [[ $count == "$USERS" && $(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$FIRST_PORT/api/v1/me") == 200 ]] && valid=yes
fi
if [[ $valid == no ]]; then
  start=$(date +%s.%N)
  node "$BENCH/dashboard.mjs" signin "http://127.0.0.1:$FIRST_PORT" 1 "$USERS" "$PASSWORD" "$COOKIES" >/dev/null
  echo "# signed in $USERS certificants in $(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {printf "%.0f", a - b}') s" >&2
fi
stop_all

echo "# dashboard spike $(date -u +%FT%TZ): $CERTS certifications ($linked with an account), $USERS signed-in certificants, ${SECS}s per rate after ${WARMUP}s warm-up"
echo "# pool: ${POOL:-default}; admission control: $CAPACITY_CONCURRENT concurrent + $CAPACITY_QUEUED queued per instance; generator nice: ${GENERATOR_NICE:-0}; CPUs: $PINNING; $(machine)"
j() { node -e 'const r = JSON.parse(process.argv[1]); console.log(process.argv.slice(2).map((k) => r[k]).join(" "))' "$@"; }
for n in $INSTANCES; do
  start_instances "$n"
  echo
  echo "## $n instance(s) ($TARGET)"
  "${GENERATOR[@]}" load "$TARGET" "$COOKIES" 300 "$WARMUP" "$SOCKETS" >/dev/null   # JIT, pools, caches
  echo
  echo "| offered visits/s | served visits/s | p50 ms | p99 ms | shed (503) | other errors | CPU ms per served visit: API / PostgreSQL / nginx / generator | generator start lag p99 ms |"
  echo "|---:|---:|---:|---:|---:|---:|---|---:|"
  for rate in $RATES; do
    cpu_mark
    out=$("${GENERATOR[@]}" load "$TARGET" "$COOKIES" "$rate" "$SECS" "$SOCKETS")
    read -r api_ms pg_ms nginx_ms < <(cpu_since_mark)
    read -r served admitted p50 p99 shed errors lag gen_ms < <(j "$out" served admitted p50 p99 shed errors startLagP99 generatorCpuMs)
    per() { awk -v c="$1" -v a="$admitted" 'BEGIN { if (a > 0) printf "%.2f", c / a; else print "-" }'; }
    echo "| $rate | $served | $p50 | $p99 | $shed | $errors | $(per "$api_ms") / $(per "$pg_ms") / $(per "$nginx_ms") / $(per "$gen_ms") | $lag |"
    echo "$n $out" >>"$RESULTS/dashboard-raw.log"
    sleep 2
  done
  stop_all
done
