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
# Every suite that should leave a result file in $results; one that leaves none (its install or build failed, the
# API did not start) is counted as a failure of that suite. Each suite's exit code goes to $results/<suite>.exitcode.
expected="counter,dotnet"
record() { local suite=$1; shift; "$@"; local code=$?; echo "$code" >"$results/$suite.exitcode"; [ "$code" -eq 0 ] || status=1; }

echo "== closing-line counter: its own tests"
record counter node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="$results/counter.junit.xml" scripts/count-results.test.mjs

"$root/scripts/postgres.sh" || { echo "PostgreSQL could not be started"; echo "0 passed, 1 failed"; exit 1; }
# Databases of this run only, so two runs on one PostgreSQL do not break each other: recert_test_<run> and
# recert_e2e_<run>, created here and dropped on exit. RECERT_TEST_DB / RECERT_E2E_DB, when set, are used as they are
# (and left alone).
run_id="$(date -u +%Y%m%d%H%M%S)_$$"
own_databases=()
if [ -z "${RECERT_TEST_DB:-}" ]; then
  export RECERT_TEST_DB="Host=127.0.0.1;Port=5432;Database=recert_test_$run_id;Username=recert;Password=recert;Timeout=5"
  own_databases+=("recert_test_$run_id" "recert_test_${run_id}_standby")   # the second: ReadReplicaTests' standby
  PGPASSWORD=recert psql -h 127.0.0.1 -U recert -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE recert_test_$run_id" \
    || { echo "the test database could not be created"; echo "0 passed, 1 failed"; exit 1; }
fi
if [ -z "${RECERT_E2E_DB:-}" ]; then
  export RECERT_E2E_DB="recert_e2e_$run_id"   # e2e/run.mjs creates it
  own_databases+=("$RECERT_E2E_DB" "${RECERT_E2E_DB}_settings")   # the second: walk.e2e.mjs's settings walk
fi
drop_own_databases() {
  for database in "${own_databases[@]}"; do
    PGPASSWORD=recert psql -h 127.0.0.1 -U recert -d postgres -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
trap drop_own_databases EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== .NET: build"
if ! dotnet build Recert.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

echo "== .NET: tests"
record dotnet dotnet test Recert.sln -c Release --no-build --logger "trx;LogFilePrefix=dotnet" --results-directory "$results"

if [ -f web-client/package.json ]; then
  expected="$expected,vitest,e2e"
  "$root/scripts/chromium.sh" || status=1
  "$root/scripts/poppler.sh" || status=1
  echo "== web-client: install and build"
  # A failed install or build runs neither suite (a stale dist/ must not be tested): both count as failed.
  if (cd web-client && npm ci --no-audit --no-fund --loglevel=error && npm run build); then
    echo "== web-client: component tests"
    record vitest bash -c 'cd web-client && npx vitest run --reporter=default --reporter=junit --outputFile.junit="$0/vitest.junit.xml"' "$results"
    echo "== web-client: end-to-end tests"
    record e2e bash -c 'cd web-client && RECERT_E2E_RESULTS="$0" npm run --silent test:e2e' "$results"
  else
    echo "web-client install or build failed"; status=1
  fi
fi

summary=$(node "$root/scripts/count-results.mjs" "$results" --expect "$expected") || { summary="0 passed, 1 failed"; status=1; }
echo "$summary"
case "$summary" in
  "0 passed, 0 failed"*) exit 1 ;;
  *" 0 failed"*) exit $status ;;
  *) exit 1 ;;
esac
