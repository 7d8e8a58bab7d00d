#!/usr/bin/env bash
# Installs Debian's Chromium for the end-to-end tests when it is missing (browsers are never downloaded otherwise).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "Installing Chromium from Debian's packages..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
