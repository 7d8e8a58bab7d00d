#!/usr/bin/env bash
# Installs nginx (Debian's package, the binary only: bench/drills/cluster.sh runs it unprivileged with its own prefix) when missing.
set -euo pipefail
if [[ -x /usr/sbin/nginx ]]; then exit 0; fi
echo "Installing nginx from Debian's packages..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
# The package starts a system nginx on port 80; the drills need only the binary.
if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then systemctl stop nginx || true; fi
