#!/usr/bin/env bash
# Cluster drill: nginx (Debian's package, unprivileged, config from deploy/nginx/recert.conf.template) load-balancing 3
# Release API instances on one database, with the scheduled jobs on short periods.
#  1. Certificants sign in on one instance and continue on the others, round robin (cookie sessions and Data Protection
#     keys live in PostgreSQL): register, verify, sign in, upload, add CEUs and a card, submit a renewal.
#  2. Through nginx for SECS s: PROVIDERS partner clients send batches of BATCH completions, each with its own
#     Idempotency-Key (retrying the same key on failures); the certificants pay their carts spread over the run.
#     At KILL_AT s instance 2 is killed with kill -9; at RESTART_AT s it is started again.
#  3. Checks: every 2xx batch stored; nothing of a batch without a 2xx half-stored; no duplicate completion, CE ledger
#     entry, charge or receipt; every sent email and webhook event received under one id, a second copy only for a send
#     in flight on the killed instance (at-least-once, same Message-Id / webhook-id); each scheduled job ran at most once
#     per period (job_runs) and ran; instance 2 serves the sessions again.
# Exit status 0 only when every check holds.      bench/drills/cluster.sh   (about 3 minutes; SKIP_BUILD=1 to reuse the build)
# Ports: API 5701-5703, webhook receiver 5749, nginx 5750. Database: recert_drill_cluster (dropped and recreated).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
DB=${DB:-recert_drill_cluster}; NGINX_PORT=${NGINX_PORT:-5750}; HOOK_PORT=${HOOK_PORT:-5749}; PORTS=(${API_PORTS:-5701 5702 5703})
SECS=${SECS:-60}; KILL_AT=${KILL_AT:-20}; RESTART_AT=${RESTART_AT:-32}; PROVIDERS=${PROVIDERS:-3}; BATCH=${BATCH:-20}
CERTIFICANTS=${CERTIFICANTS:-6}; LEARNERS=${LEARNERS:-300}
API_DIR=$ROOT/api/Recert.Api/bin/Release/net10.0
WORK=$ROOT/.data/cluster-drill; MAIL=$WORK/mail; NGINX_DIR=$WORK/nginx
NGINX=http://127.0.0.1:$NGINX_PORT
declare -A PID
OTHER_PIDS=()

cleanup() {
  for p in "${PID[@]}" "${OTHER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f $NGINX_DIR/nginx.pid ]] && kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

for port in "${PORTS[@]}" "$NGINX_PORT" "$HOOK_PORT"; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use" >&2; exit 1; fi
done
rm -rf "$WORK"; mkdir -p "$WORK" "$MAIL" "$NGINX_DIR"
[[ -n "${SKIP_BUILD:-}" ]] || dotnet build -c Release "$ROOT/api/Recert.Api" -nologo -v q -clp:ErrorsOnly >/dev/null
psql_bench -d postgres -c "drop database if exists $DB" -c "create database $DB"

# start_instance <port>: a Release API on its own port, scheduled jobs every few seconds so the drill sees many periods.
start_instance() {
  local port=$1
  ASPNETCORE_URLS="http://127.0.0.1:$port" \
  ConnectionStrings__Recert="Host=$PG_HOST;Port=$PG_PORT;Database=$DB;Username=recert;Password=recert;Timeout=5;Command Timeout=30;Maximum Pool Size=10" \
  Recert__BootstrapStaff__Email=$STAFF_EMAIL Recert__BootstrapStaff__Password=$STAFF_PASSWORD \
  Recert__RateLimits__AuthPerMinute=100000 Recert__RateLimits__ProviderPerMinute=100000 \
  Recert__ForwardedHeaders__KnownProxies__0=127.0.0.1 \
  Recert__BackgroundJobs__PollSeconds=1 Recert__BackgroundJobs__ScheduledMinutes=1 Recert__BackgroundJobs__IdempotencyPurgeMinutes=1 \
  Recert__Payments__ReconcileEverySeconds=5 \
  Recert__Email__PickupDirectory="$MAIL" Recert__Email__PollSeconds=1 \
  Recert__Webhooks__AllowHttp=true Recert__Webhooks__AllowPrivateNetworks=true Recert__Webhooks__PollInterval=00:00:01 \
  Logging__LogLevel__Default=Warning \
  dotnet "$API_DIR/Recert.Api.dll" >>"$WORK/api-$port.log" 2>&1 &
  PID[$port]=$!
}
wait_ready() {
  local port=$1
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    kill -0 "${PID[$port]}" 2>/dev/null || { tail -20 "$WORK/api-$port.log"; return 1; }
    sleep 0.5
  done
  echo "instance $port did not start" >&2; return 1
}

# All three at once: migrations and seed data take turns under the startup advisory lock.
for port in "${PORTS[@]}"; do start_instance "$port"; done
for port in "${PORTS[@]}"; do wait_ready "$port"; done

# nginx as an unprivileged user (nobody when the drill runs as root), with its own prefix, pid and temp directories.
start_nginx "$NGINX_DIR" "$NGINX_PORT" "${PORTS[@]}"

node "$BENCH/drills/webhook-receiver.mjs" "$HOOK_PORT" "$WORK/webhooks.log" & OTHER_PIDS+=($!)
touch "$WORK/webhooks.log"

echo "# cluster drill $(date -u +%FT%TZ); 3 instances (${PORTS[*]}) behind nginx :$NGINX_PORT; $(machine)"
cookie=$(login "$NGINX_PORT")
# Learners for the partner batches, straight into the table (the partner API needs them to exist, not how).
psql_bench -d "$DB" -v ON_ERROR_STOP=1 -c "insert into certifications (number, first_name, last_name, email, cycle_start, expires_on)
  select 'CLL-' || g, 'Learner', 'Learner' || g, 'learner-' || g || '@example.test', '2025-01-01', '2026-12-31' from generate_series(1, $LEARNERS) g" >/dev/null
learners=$(seq 1 "$LEARNERS" | awk '{printf "%sCLL-%d:Learner%d", (NR > 1 ? "," : ""), $1, $1}')
post() { curl -fsS -H "Cookie: $cookie" -H 'x-recert-client: drill' -H 'content-type: application/json' -d "$2" "$NGINX$1"; }
provider=$(post /api/v1/staff/providers '{"name":"Cluster Drill Provider","contactEmail":"cluster-drill@example.test","approvedFrom":"2020-01-01","approvedUntil":"2030-12-31"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
post "/api/v1/staff/providers/$provider/courses" '{"code":"CL-1","title":"Cluster drill course","ceus":0.5,"area":"nutrition","approvedFrom":"2020-01-01","approvedUntil":"2030-12-31"}' >/dev/null
key=$(post "/api/v1/staff/providers/$provider/keys" '{"name":"drill"}' | sed -E 's/.*"key":"([^"]+)".*/\1/')
curl -fsS -o /dev/null -H "Authorization: Bearer $key" -H 'content-type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$HOOK_PORT/hooks\",\"eventTypes\":[\"completion.accepted\",\"completion.attached\",\"completion.rejected\"]}" "$NGINX/api/v1/webhooks/endpoints"

instances=$(for port in "${PORTS[@]}"; do printf 'http://127.0.0.1:%s,' "$port"; done); instances=${instances%,}
echo "## certificants: each step on the next instance, round robin"
PGPASSWORD=recert node "$BENCH/drills/cluster-certificants.mjs" "$instances" "$NGINX" "$cookie" "$CERTIFICANTS" "$DB" "$WORK/certificants.json"

echo "## load through nginx: $PROVIDERS partner clients x batches of $BATCH, $CERTIFICANTS checkouts, ${SECS}s; kill -9 instance ${PORTS[1]} at ${KILL_AT}s, start at ${RESTART_AT}s"
load_start=$(date +%s.%N)
node "$BENCH/drills/cluster-load.mjs" "$NGINX" "$key" "$learners" "$WORK/certificants.json" "$SECS" "$PROVIDERS" "$BATCH" "$WORK/load.json" >"$WORK/load-summary.json" &
LOAD=$!
sleep "$KILL_AT"
kill_time=$(date +%s.%N); kill -9 "${PID[${PORTS[1]}]}"; wait "${PID[${PORTS[1]}]}" 2>/dev/null || true
echo "t=$(awk -v a="$kill_time" -v b="$load_start" 'BEGIN {printf "%.1f", a - b}')s kill -9 instance ${PORTS[1]}"
sleep $((RESTART_AT - KILL_AT))
echo "t=$(awk -v a="$(date +%s.%N)" -v b="$load_start" 'BEGIN {printf "%.1f", a - b}')s starting instance ${PORTS[1]} again"
start_instance "${PORTS[1]}"; wait_ready "${PORTS[1]}"
echo "t=$(awk -v a="$(date +%s.%N)" -v b="$load_start" 'BEGIN {printf "%.1f", a - b}')s instance ${PORTS[1]} ready"
wait $LOAD
cat "$WORK/load-summary.json"

# Let the outboxes drain (sends of the killed instance were released when its connections dropped).
q() { psql_bench -d "$DB" -tA -c "$1"; }
for _ in $(seq 1 60); do
  [[ $(q "select (select count(*) from email_outbox where sent_at is null) + (select count(*) from webhook_deliveries where state = 'pending')") == 0 ]] && break
  sleep 1
done

status=0
fail() { echo "FAIL: $*"; status=1; }

# 1. Writes: every 2xx batch stored; a batch that never got a 2xx is all or nothing.
node -e '
  const { batches } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const fs = require("fs");
  fs.writeFileSync(process.argv[2], batches.filter(b => b.status >= 200 && b.status < 300).flatMap(b => b.externalIds).join("\n") + "\n");
  fs.writeFileSync(process.argv[3], batches.filter(b => !(b.status >= 200 && b.status < 300)).map(b => b.externalIds.join(",")).join("\n") + "\n");
' "$WORK/load.json" "$WORK/ok-ids" "$WORK/unanswered-batches"
acknowledged=$(grep -c . "$WORK/ok-ids" || true)
psql_bench -d "$DB" -v ON_ERROR_STOP=1 >/dev/null <<SQL
create table if not exists drill_ok_ids (external_id text);
truncate drill_ok_ids;
\copy drill_ok_ids from '$WORK/ok-ids'
SQL
stored=$(q "select count(*) from drill_ok_ids o where exists (select 1 from completions c where c.provider_id = '$provider' and c.external_id = o.external_id)")
partial=0
while IFS= read -r ids; do
  [[ -n $ids ]] || continue
  n=$(q "select count(*) from completions where provider_id = '$provider' and external_id = any (string_to_array('$ids', ','))")
  [[ $n == 0 || $n == "$BATCH" ]] || partial=$((partial + 1))
done <"$WORK/unanswered-batches"
unanswered=$(grep -c . "$WORK/unanswered-batches" || true)
echo "completions acknowledged (2xx): $acknowledged; stored: $stored; batches without a 2xx: $unanswered (half-stored: $partial)"
[[ $stored == "$acknowledged" ]] || fail "$((acknowledged - stored)) acknowledged completions are missing"
[[ $partial == 0 ]] || fail "$partial batches were stored in part"

# 2. No duplicates in the ledger, charges or receipts.
dup_completions=$(q "select count(*) from (select 1 from completions where provider_id = '$provider' group by external_id having count(*) > 1) d")
# Each ledger entry (CE activity) of the drill's course belongs to exactly one completion, and no completion has two.
dup_ledger=$(q "select (select count(*) from ce_activities a where a.course_key = 'P:$provider:CL-1' and (select count(*) from completions c where c.ce_activity_id = a.id) <> 1)
  + (select count(*) from (select 1 from completions where provider_id = '$provider' and ce_activity_id is not null group by ce_activity_id having count(*) > 1) d)")
ledger=$(q "select count(*) from ce_activities where course_key = 'P:$provider:CL-1'")
linked=$(q "select count(*) from completions where provider_id = '$provider' and ce_activity_id is not null")
dup_charges=$(q "select count(*) from (select c.user_id from sandbox_charges s join checkouts c on c.idempotency_key = s.idempotency_key where s.outcome = 'succeeded' group by c.user_id having count(*) > 1) d")
dup_receipts=$(q "select count(*) from (select user_id from receipts group by user_id having count(*) > 1) d")
paid=$(q "select count(*) from applications a join certifications c on c.id = a.certification_id where c.number like 'CL-%' and a.status in ('paid', 'approved', 'audit-requested')")
charges=$(q "select count(*) from sandbox_charges where outcome = 'succeeded'")
checkouts_ok=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).checkouts.filter(c => c.status === 200).length)' "$WORK/load.json")
echo "CE ledger entries from the drill's completions: $ledger (completions linked to one: $linked); duplicate completions: $dup_completions; ledger entries without exactly one completion: $dup_ledger"
echo "checkouts answered 200: $checkouts_ok of $CERTIFICANTS; successful charges: $charges; applications paid: $paid; users charged twice: $dup_charges; users with two receipts: $dup_receipts"
[[ $dup_completions == 0 && $dup_ledger == 0 && $ledger == "$linked" ]] || fail "duplicate completions or CE ledger entries"
[[ $dup_charges == 0 && $dup_receipts == 0 ]] || fail "a certificant was charged or receipted twice"
[[ $checkouts_ok -le $paid && $charges -le $CERTIFICANTS ]] || fail "a 200 checkout is not paid, or more charges than certificants"

# 3. Emails and webhooks: each once; a second copy (same id) only for a send in flight on the killed instance.
# duplicates <file of "epoch id"> → "ids total duplicated unexplained"
duplicates() {
  awk -v kill="$kill_time" '{ n[$2]++; if (!($2 in first)) first[$2] = $1 }
    END { ids = 0; dup = 0; bad = 0; for (id in n) { ids++; if (n[id] > 1) { dup++; if (first[id] < kill - 15 || first[id] > kill + 1) bad++ } }
          printf "%d %d %d\n", ids, dup, bad }' "$1"
}
find "$MAIL" -name '*.eml' -printf '%T@ %f\n' | sed -E 's/ [0-9]{8}-[0-9]{6}-/ /' >"$WORK/emails.log"
read -r mail_ids mail_dup mail_bad < <(duplicates "$WORK/emails.log")
sent=$(q "select count(*) from email_outbox where sent_at is not null")
unsent=$(q "select count(*) from email_outbox where sent_at is null")
awk '{ printf "%.3f %s\n", $1 / 1000, $2 }' "$WORK/webhooks.log" >"$WORK/webhooks-s.log"
read -r hook_ids hook_dup hook_bad < <(duplicates "$WORK/webhooks-s.log")
events=$(q "select count(*) from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where e.provider_id = '$provider'")
delivered=$(q "select count(*) from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where e.provider_id = '$provider' and d.state = 'succeeded'")
echo "emails: outbox sent $sent (unsent $unsent); received $mail_ids distinct Message-Ids, $mail_dup sent twice ($mail_bad not explained by the kill)"
echo "webhooks: $events deliveries queued, $delivered delivered; receiver saw $hook_ids distinct webhook-ids in $(grep -c . "$WORK/webhooks.log" || true) requests, $hook_dup twice ($hook_bad not explained by the kill)"
[[ $mail_ids == "$sent" && $unsent == 0 && $mail_bad == 0 ]] || fail "emails lost, unsent or duplicated"
[[ $hook_ids == "$events" && $delivered == "$events" && $hook_bad == 0 ]] || fail "webhooks lost or duplicated"

# 4. Scheduled jobs: at most once per period (consecutive starts at least a period apart, never overlapping), and running.
echo "scheduled jobs (job_runs since the instances started):"
psql_bench -d "$DB" -P footer=off -c "
  select r.job_name as job, j.period, count(*) as runs, count(distinct r.holder) as instances,
         min(r.gap) as shortest_gap, count(*) filter (where r.gap < j.period - interval '1 second' or r.overlap) as too_soon
  from (select *, started_at - lag(started_at) over w as gap, started_at < lag(finished_at) over w as overlap
        from job_runs window w as (partition by job_name order by started_at)) r
  join jobs j on j.name = r.job_name group by r.job_name, j.period order by 1"
too_soon=$(q "select count(*) from (select started_at - lag(started_at) over w as gap, started_at < lag(finished_at) over w as overlap, job_name
  from job_runs window w as (partition by job_name order by started_at)) r join jobs j on j.name = r.job_name where r.gap < j.period - interval '1 second' or r.overlap")
jobs_ran=$(q "select count(*) from jobs where runs >= 2")
[[ $too_soon == 0 ]] || fail "$too_soon job runs started before their period had passed"
[[ $jobs_ran -ge 4 ]] || fail "not every scheduled job ran at least twice ($jobs_ran did)"

# 5. The restarted instance serves the existing sessions.
first_cookie=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1]))[0].cookie)' "$WORK/certificants.json")
again=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $first_cookie" "http://127.0.0.1:${PORTS[1]}/api/v1/me")
echo "a certificant's session on the restarted instance ${PORTS[1]}: HTTP $again"
[[ $again == 200 ]] || fail "the restarted instance does not accept the session"

psql_bench -d "$DB" -c "drop table drill_ok_ids" >/dev/null
[[ $status == 0 ]] && echo "PASS"
exit $status
