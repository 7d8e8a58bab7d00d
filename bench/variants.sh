#!/usr/bin/env bash
# Before/after in one run: eligibility.sh for each variant "label|api build dir|connection-string extra", one after another,
# each with its own baseline measured beside it.
#   bench/variants.sh "before|bench/results/api-before|" "after|bench/results/api|" "after+prepare|bench/results/api|;Max Auto Prepare=32"
set -euo pipefail
cd "$(dirname "$0")/.."
for variant in "$@"; do
  IFS='|' read -r label dir extra <<<"$variant"
  echo; echo "## variant: $label"
  SKIP_BUILD=1 API_DIR=$(realpath "$dir") EXTRA_CONN="$extra" bash bench/eligibility.sh
done
