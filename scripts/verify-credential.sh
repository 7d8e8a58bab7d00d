#!/usr/bin/env bash
# Verifies a credential fetched from a running Recert with public tools only (node + the jose npm package).
#   scripts/verify-credential.sh credential.jwt [--issuer-origin https://recert.example.org]
#   curl -sb jar http://127.0.0.1:5080/api/v1/certifications/CPT-100001/credential | jq -r .jwt | scripts/verify-credential.sh -
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$root/web-client/node_modules/jose" ]; then
  (cd "$root/web-client" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec node "$root/web-client/tools/verify-credential.mjs" "$@"
