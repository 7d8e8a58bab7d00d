#!/usr/bin/env bash
# Sign-in timing for a known email vs an unknown one (issue 9: within 20 %), on a Release API on loopback.
# Each sample is one POST /api/v1/auth/login timed by curl; the three kinds alternate so that machine load hits them alike:
#   known-wrong  a registered email with a wrong password (each account once, so the per-account throttle never starts)
#   unknown      an email with no account (a fresh one each time)
#   known-right  a registered email with its password (the successful sign-in, for comparison)
# Then the CPU one sign-in of each kind costs: CPU_SAMPLES sign-ins one after another, CPU of the API process and of the
# database's PostgreSQL backends from /proc (no other client uses the database meanwhile).
# Settings: SAMPLES (per kind, 40), CPU_SAMPLES (per kind, 100), DB (recert_bench_login, recreated), PORT (5738).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SAMPLES=${SAMPLES:-40}; CPU_SAMPLES=${CPU_SAMPLES:-100}; DB=${DB:-recert_bench_login}; PORT=${PORT:-5738}
build_api
psql_bench -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
trap stop_api EXIT
start_api "$DB" "$PORT"
url="http://127.0.0.1:$PORT/api/v1/auth"
OUT=$RESULTS/login-timing-$(date -u +%Y%m%dT%H%M%SZ).txt
echo "# $(date -u +%FT%TZ) $(machine)" | tee "$OUT"

password=bench-login-password-1
run=$(date +%s)
for i in $(seq 0 "$SAMPLES"); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
    -d "{\"email\":\"known-$run-$i@example.test\",\"password\":\"$password\",\"firstName\":\"Bench\",\"lastName\":\"User\"}" "$url/register")
  [[ $code == 202 ]] || { echo "register answered $code" >&2; exit 1; }
done

sample() { # <email> <password> <expected status> → seconds
  local out; out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'content-type: application/json' -d "{\"email\":\"$1\",\"password\":\"$2\"}" "$url/login")
  [[ ${out%% *} == "$3" ]] || { echo "login $1 answered ${out%% *}, expected $3" >&2; exit 1; }
  echo "${out#* }"
}

# Warm-up: JIT, connection pool, the unknown-account hash.
sample "known-$run-0@example.test" "$password" 200 >/dev/null; sample "warm-$run@example.test" wrong 401 >/dev/null

: >"$RESULTS/.known-wrong"; : >"$RESULTS/.unknown"; : >"$RESULTS/.known-right"
for i in $(seq 1 "$SAMPLES"); do
  sample "known-$run-$i@example.test" "wrong-password-$i" 401 >>"$RESULTS/.known-wrong"
  sample "unknown-$run-$i@example.test" "wrong-password-$i" 401 >>"$RESULTS/.unknown"
  sample "known-$run-0@example.test" "$password" 200 >>"$RESULTS/.known-right"
done

stats() { sort -n "$1" | awk '{ v[NR] = $1 * 1000; s += $1 * 1000 } END { printf "%.1f %.1f %.1f %.1f", v[int((NR + 1) / 2)], s / NR, v[1], v[int(NR * 0.9)] }'; }
printf '%-12s %9s %9s %9s %9s\n' kind "p50 ms" "mean ms" "min ms" "p90 ms" | tee -a "$OUT"
for kind in known-wrong unknown known-right; do
  read -r p50 mean min p90 <<<"$(stats "$RESULTS/.$kind")"
  printf '%-12s %9s %9s %9s %9s\n' "$kind" "$p50" "$mean" "$min" "$p90" | tee -a "$OUT"
done
read -r kw _ <<<"$(stats "$RESULTS/.known-wrong")"; read -r uk _ <<<"$(stats "$RESULTS/.unknown")"
awk -v a="$uk" -v b="$kw" 'BEGIN { printf "ratio unknown / known-wrong (p50): %.2f (goal 0.80–1.20)\n", a / b }' | tee -a "$OUT"

# cpu_per_sign_in <kind> <email prefix> <password> <status> → "api_ms pg_ms" per sign-in (a backend opened meanwhile counts in full)
cpu_per_sign_in() {
  local kind=$1 prefix=$2 pass=$3 status=$4 i p api pg=0
  declare -A pg_before=()
  for p in $(backend_pids "$DB"); do pg_before[$p]=$(cpu_of "$p"); done
  api=$(cpu_of "$API_PID")
  for i in $(seq 1 "$CPU_SAMPLES"); do
    local email=$prefix; [[ $kind == known-right ]] || email="$prefix-$i@example.test"
    sample "$email" "$pass" "$status" >/dev/null
  done
  api=$(( $(cpu_of "$API_PID") - api ))
  for p in $(backend_pids "$DB"); do pg=$(( pg + $(cpu_of "$p") - ${pg_before[$p]:-0} )); done
  awk -v a="$api" -v g="$pg" -v t="$ticks" -v n="$CPU_SAMPLES" 'BEGIN { printf "%.1f %.1f", a * 1000 / t / n, g * 1000 / t / n }'
}

# Fresh accounts for the known-wrong phase, each signed in once (as above, so the per-account throttle never starts).
for i in $(seq 1 "$CPU_SAMPLES"); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
    -d "{\"email\":\"cpu-$run-$i@example.test\",\"password\":\"$password\",\"firstName\":\"Bench\",\"lastName\":\"User\"}" "$url/register")
  [[ $code == 202 ]] || { echo "register answered $code" >&2; exit 1; }
done
printf '\n%-12s %14s %14s   (%s sign-ins each, one after another)\n' kind "API CPU ms" "PG CPU ms" "$CPU_SAMPLES" | tee -a "$OUT"
read -r a g <<<"$(cpu_per_sign_in known-wrong "cpu-$run" wrong-password 401)"; printf '%-12s %14s %14s\n' known-wrong "$a" "$g" | tee -a "$OUT"
read -r a g <<<"$(cpu_per_sign_in unknown "cpu-unknown-$run" wrong-password 401)"; printf '%-12s %14s %14s\n' unknown "$a" "$g" | tee -a "$OUT"
read -r a g <<<"$(cpu_per_sign_in known-right "known-$run-0@example.test" "$password" 200)"; printf '%-12s %14s %14s\n' known-right "$a" "$g" | tee -a "$OUT"
rm -f "$RESULTS"/.known-wrong "$RESULTS"/.unknown "$RESULTS"/.known-right
