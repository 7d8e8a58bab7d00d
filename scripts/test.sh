#!/usr/bin/env bash
# Runs every test suite of the project against a real PostgreSQL and ends with one line:
#   N passed, N failed, N skipped
# Suites: the .NET tests (domain rules + HTTP integration), and, when web-client/ exists, its component
# tests (Vitest) and end-to-end tests (playwright-core driving Debian's Chromium against the real API).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results="$root/.data/results"
rm -rf "$results" && mkdir -p "$results"
status=0

"$root/scripts/postgres.sh" || { echo "PostgreSQL could not be started"; echo "0 passed, 1 failed"; exit 1; }
export RECERT_TEST_DB="${RECERT_TEST_DB:-Host=127.0.0.1;Port=5432;Database=recert_test;Username=recert;Password=recert;Timeout=5}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== .NET: build"
if ! dotnet build Recert.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

echo "== .NET: tests"
dotnet test Recert.sln -c Release --no-build --logger "trx;LogFilePrefix=dotnet" --results-directory "$results" || status=1

if [ -f web-client/package.json ]; then
  "$root/scripts/chromium.sh" || status=1
  "$root/scripts/poppler.sh" || status=1
  echo "== web-client: install and build"
  (cd web-client && npm ci --no-audit --no-fund --loglevel=error && npm run build) || status=1
  echo "== web-client: component tests"
  (cd web-client && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$results/vitest.junit.xml") || status=1
  echo "== web-client: end-to-end tests"
  (cd web-client && RECERT_E2E_RESULTS="$results" npm run --silent test:e2e) || status=1
fi

summary=$(node "$root/scripts/count-results.mjs" "$results") || { summary="0 passed, 1 failed"; status=1; }
echo "$summary"
case "$summary" in
  "0 passed, 0 failed"*) exit 1 ;;
  *" 0 failed"*) exit $status ;;
  *) exit 1 ;;
esac
