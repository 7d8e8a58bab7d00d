#!/usr/bin/env bash
# Starts the whole system on this machine: PostgreSQL, migrations, demo data, the API and the SPA,
# all served at http://127.0.0.1:5080 (override with RECERT_URL). Ctrl+C stops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
url="${RECERT_URL:-http://127.0.0.1:5080}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

"$root/scripts/postgres.sh"
mkdir -p "$root/.data/mail"

if [ -f web-client/package.json ]; then
  echo "Building the web client..."
  (cd web-client && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi

echo "Building the API..."
dotnet build api/Recert.Api -c Release -nologo -clp:ErrorsOnly

export ConnectionStrings__Recert="${ConnectionStrings__Recert:-Host=127.0.0.1;Port=5432;Database=recert;Username=recert;Password=recert;Timeout=5}"
export Recert__DemoData__Enabled=true
export Recert__BootstrapStaff__Email="${Recert__BootstrapStaff__Email:-staff@recert.local}"
export Recert__BootstrapStaff__Password="${Recert__BootstrapStaff__Password:-back-office-keys-2026}"
export Recert__SpaPath="$root/web-client/dist"
# Data Protection keys (sessions, webhook secrets) live in PostgreSQL: nothing to keep on disk.
# This machine is a developer's: webhooks may go to local http receivers (production allows public https only).
export Recert__Webhooks__AllowHttp="${Recert__Webhooks__AllowHttp:-true}"
export Recert__Webhooks__AllowPrivateNetworks="${Recert__Webhooks__AllowPrivateNetworks:-true}"
export Recert__Email__PickupDirectory="${Recert__Email__PickupDirectory:-$root/.data/mail}"

dotnet run --project api/Recert.Api -c Release --no-build --no-launch-profile --urls "$url" &
api=$!
trap 'kill $api 2>/dev/null; wait $api 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 60); do
  if curl -fsS "$url/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 $api 2>/dev/null; then echo "The API stopped; see the log above." >&2; exit 1; fi
  sleep 1
done

cat <<MSG

  Recert is running at $url
    web client:  $url/
    API docs:    $url/swagger
    certificant: demo@recert.local / demo-password-2026   (certification CPT-100001)
    staff:       $Recert__BootstrapStaff__Email / $Recert__BootstrapStaff__Password (then set up an authenticator app: QR code at the first sign-in)
    emails sent: $Recert__Email__PickupDirectory

  Press Ctrl+C to stop.
MSG
wait $api
