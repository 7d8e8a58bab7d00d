#!/usr/bin/env bash
# Regenerates openapi/recert.v1.json from the code (the contract test fails until it is committed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/postgres.sh"
export RECERT_TEST_DB="${RECERT_TEST_DB:-Host=127.0.0.1;Port=5432;Database=recert_test;Username=recert;Password=recert;Timeout=5}"
RECERT_UPDATE_OPENAPI=1 dotnet test "$root/tests/Recert.Tests" --filter "FullyQualifiedName~OpenApiContractTests" -nologo
