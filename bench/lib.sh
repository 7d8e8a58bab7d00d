# Shared by bench/*.sh: build the API in Release, start it on a free loopback port against a bench database, sign in.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
RESULTS=$BENCH/results
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
STAFF_EMAIL=bench-staff@example.test
STAFF_PASSWORD=bench-back-office-pass-1
mkdir -p "$RESULTS"

build_api() {
  if [[ -z "${SKIP_BUILD:-}" ]]; then
    dotnet build -c Release "$ROOT/api/Recert.Api" -o "$RESULTS/api" -nologo -v q >/dev/null
  fi
}

# start_api <database> <port> [extra connection-string settings]; sets API_PID. API_CPUS (a taskset list, e.g. 0-1) pins it.
start_api() {
  local db=$1 port=$2 extra=${3:-}
  API_DB=$db
  # Another process answering on the port would be measured instead of this build.
  if curl -s -o /dev/null "http://127.0.0.1:$port/health"; then echo "port $port is already in use" >&2; return 1; fi
  ASPNETCORE_URLS="http://127.0.0.1:$port" \
  ConnectionStrings__Recert="Host=$PG_HOST;Port=$PG_PORT;Database=$db;Username=recert;Password=recert;Timeout=5;Command Timeout=30$extra" \
  Recert__Bench__BaselineEndpoint=true \
  Recert__BootstrapStaff__Email=$STAFF_EMAIL Recert__BootstrapStaff__Password=$STAFF_PASSWORD \
  Recert__RateLimits__AuthPerMinute=100000 \
  Recert__Capacity__ConcurrentRequests=${CAPACITY_CONCURRENT:-4000} Recert__Capacity__QueuedRequests=${CAPACITY_QUEUED:-64} \
  Logging__LogLevel__Default=Warning \
  ${API_CPUS:+taskset -c "$API_CPUS"} dotnet "${API_DIR:-$RESULTS/api}/Recert.Api.dll" >"$RESULTS/api-$port.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    kill -0 "$API_PID" 2>/dev/null || { cat "$RESULTS/api-$port.log"; return 1; }
    sleep 0.5
  done
  echo "API did not start" >&2; return 1
}

stop_api() { [[ -n "${API_PID:-}" ]] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null; API_PID=; true; }

# login <port> → prints the Cookie header value (staff sign in with TOTP: bench/staff-login.mjs enrols on first use and keeps
# the key per database of the last start_api)
login() {
  node "$BENCH/staff-login.mjs" "http://127.0.0.1:$1" "$STAFF_EMAIL" "$STAFF_PASSWORD" "${API_DB:-}"
}

psql_bench() { PGPASSWORD=recert psql -h "$PG_HOST" -p "$PG_PORT" -U recert -X -q "$@"; }

# cpu_of <pid>... → clock ticks of CPU (user + system, /proc) these processes have used; a process that is gone counts 0
ticks=$(getconf CLK_TCK)
cpu_of() { local t=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# backend_pids <database> → the PostgreSQL backends connected to it
backend_pids() { psql_bench -d postgres -tA -c "select pid from pg_stat_activity where datname = '$1'"; }

machine() {
  echo "nproc=$(nproc); cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); mem=$(free -g | awk '/Mem:/ {print $2 " GiB"}'); load(1m)=$(cut -d' ' -f1 /proc/loadavg); other processes using CPU now: $(top -b -n 2 -d 0.5 | awk '/^top -/ {n++} n == 2 && $1 ~ /^[0-9]+$/ && $9 > 5 {printf "%s(%s%%) ", $12, $9}')"
}

# wrk_run <port> <prefix> <suffix> <certs> <connections> <seconds> <cookie> → "rps p50_ms p99_ms non2xx"
wrk_run() {
  local port=$1 prefix=$2 suffix=$3 certs=$4 conns=$5 secs=$6 cookie=$7 out
  out=$(BENCH_PREFIX=$prefix BENCH_SUFFIX=$suffix BENCH_CERTS=$certs \
    wrk -t1 -c"$conns" -d"${secs}s" --latency -H "Cookie: $cookie" -s "$BENCH/random-number.lua" "http://127.0.0.1:$port")
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out" | to_ms)
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out" | to_ms)
  bad=$(awk '/Non-2xx/ {print $5}' <<<"$out"); bad=${bad:-0}
  echo "$rps $p50 $p99 $bad"
}

to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v=v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v=v*1000 } printf "%.2f\n", v }'; }

# start_nginx <dir> <port> <api port>... → nginx from deploy/nginx/recert.conf.template on 127.0.0.1:<port>, round robin over
# the API ports, prefix/pid/temp files in <dir> (made empty first), unprivileged (nobody when run as root); edge admission
# from EDGE_RATE/EDGE_BURST (default 100000/1000: no cap); NGINX_CPUS (a taskset list) pins it. Returns once it answers /health.
start_nginx() {
  local dir=$1 port=$2 ups="" p; shift 2
  for p in "$@"; do ups+="    server 127.0.0.1:$p max_fails=1 fail_timeout=10s;"$'\n'; done
  "$ROOT/scripts/nginx.sh"
  rm -rf "$dir"; mkdir -p "$dir"
  awk -v work="$dir" -v port="$port" -v ups="$ups" -v rate="${EDGE_RATE:-100000}" -v burst="${EDGE_BURST:-1000}" '
    { gsub("__WORK__", work); gsub("__PORT__", port); gsub("__EDGE_RATE__", rate); gsub("__EDGE_BURST__", burst)
      if ($0 ~ /__UPSTREAMS__/) printf "%s", ups; else print
      # runuser starts nginx with a soft limit of 1024 files; 2 per proxied connection needs more (the hard limit allows it).
      if ($0 ~ /^worker_processes/) print "worker_rlimit_nofile 8192;" }' \
    "$ROOT/deploy/nginx/recert.conf.template" >"$dir/nginx.conf"
  ulimit -n 8192 2>/dev/null || true
  local as=()
  if [[ $(id -u) == 0 ]]; then chown -R nobody "$dir"; as=(runuser -u nobody --); fi
  "${as[@]}" ${NGINX_CPUS:+taskset -c "$NGINX_CPUS"} /usr/sbin/nginx -p "$dir" -e "$dir/nginx-error.log" -c "$dir/nginx.conf"
  for _ in $(seq 1 20); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0; sleep 0.25; done
  echo "nginx did not start" >&2; return 1
}
