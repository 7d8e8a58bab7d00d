#!/usr/bin/env bash
# Starts the whole system on this machine: PostgreSQL, migrations, demo data, the API and the SPA,
# all served at http://127.0.0.1:5080 (override with RECERT_URL), and a local mail catcher (smtp4dev, from the
# project's tool manifest) whose web inbox shows every email the API sends (RECERT_MAIL_URL, RECERT_SMTP_PORT). Ctrl+C stops it.
# The demo data is seeded once and kept across starts; `scripts/start.sh --fresh` starts over from it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
url="${RECERT_URL:-http://127.0.0.1:5080}"
mail_url="${RECERT_MAIL_URL:-http://127.0.0.1:5090}"
smtp_port="${RECERT_SMTP_PORT:-2525}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

"$root/scripts/postgres.sh"
if [ "${1:-}" = "--fresh" ]; then
  # Start over from the demo data: the demo database and the mail inbox go; the API recreates and seeds them.
  if [ -n "${ConnectionStrings__Recert:-}" ]; then echo "--fresh drops only the default demo database; unset ConnectionStrings__Recert." >&2; exit 2; fi
  echo "Dropping the demo database and the mail inbox..."
  PGPASSWORD=recert dropdb -h 127.0.0.1 -p 5432 -U recert --if-exists --force recert
  rm -rf "$root/.data/smtp4dev"
fi
mkdir -p "$root/.data/mail"

if [ -f web-client/package.json ]; then
  echo "Building the web client..."
  (cd web-client && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi

echo "Building the API..."
dotnet build api/Recert.Api -c Release -nologo -clp:ErrorsOnly
dotnet tool restore >/dev/null

# Ports only on 127.0.0.1; the IMAP and POP3 servers smtp4dev also runs get ports next to the SMTP one.
mkdir -p "$root/.data/smtp4dev"
dotnet tool run smtp4dev -- --urls="$mail_url" --smtpport="$smtp_port" --imapport=$((smtp_port + 1)) --pop3port=$((smtp_port + 2)) \
  --hostname=localhost --allowremoteconnections- --nousersettings --baseappdatapath="$root/.data/smtp4dev" \
  >"$root/.data/smtp4dev.log" 2>&1 &
mail=$!

export ConnectionStrings__Recert="${ConnectionStrings__Recert:-Host=127.0.0.1;Port=5432;Database=recert;Username=recert;Password=recert;Timeout=5}"
export Recert__DemoData__Enabled=true
export Recert__BootstrapStaff__Email="${Recert__BootstrapStaff__Email:-staff@recert.local}"
export Recert__BootstrapStaff__Password="${Recert__BootstrapStaff__Password:-back-office-keys-2026}"
export Recert__SpaPath="$root/web-client/dist"
# Data Protection keys (sessions, webhook secrets) live in PostgreSQL: nothing to keep on disk.
# This machine is a developer's: webhooks may go to local http receivers (production allows public https only).
export Recert__Webhooks__AllowHttp="${Recert__Webhooks__AllowHttp:-true}"
export Recert__Webhooks__AllowPrivateNetworks="${Recert__Webhooks__AllowPrivateNetworks:-true}"
export Recert__Email__Smtp__Host="${Recert__Email__Smtp__Host:-127.0.0.1}"
export Recert__Email__Smtp__Port="${Recert__Email__Smtp__Port:-$smtp_port}"
export Recert__Email__Smtp__UseStartTls="${Recert__Email__Smtp__UseStartTls:-false}"
export Recert__Email__PollSeconds="${Recert__Email__PollSeconds:-2}"
export Recert__Accounts__PublicBaseUrl="${Recert__Accounts__PublicBaseUrl:-$url}"
export Recert__Credentials__PublicBaseUrl="${Recert__Credentials__PublicBaseUrl:-$url}"

dotnet run --project api/Recert.Api -c Release --no-build --no-launch-profile --urls "$url" &
api=$!
# dotnet tool run starts the server as its child: stop both.
trap 'kill $api 2>/dev/null; pkill -TERM -P $mail 2>/dev/null; kill $mail 2>/dev/null; wait $api 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 60); do
  if curl -fsS "$url/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 $api 2>/dev/null; then echo "The API stopped; see the log above." >&2; exit 1; fi
  sleep 1
done
for _ in $(seq 1 90); do
  if curl -fsS "$mail_url/api/messages" >/dev/null 2>&1; then break; fi
  if ! kill -0 $mail 2>/dev/null; then echo "smtp4dev stopped; see .data/smtp4dev.log." >&2; break; fi
  sleep 1
done

cat <<MSG

  Recert is running at $url
    web client:  $url/
    API docs:    $url/swagger
    certificant: demo@recert.local / demo-password-2026   (certification CPT-100001)
    provider:    provider@recert.local / roster-upload-demo-2026   (provider portal of Demo Fitness Academy)
    staff:       $Recert__BootstrapStaff__Email / $Recert__BootstrapStaff__Password (then set up an authenticator app: QR code at the first sign-in)
    mail inbox:  $mail_url   (every email the API sends: verification, claims, receipts, reminders)

  Press Ctrl+C to stop.
MSG
wait $api
