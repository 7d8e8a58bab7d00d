#!/usr/bin/env bash
# Installs poppler-utils (pdftoppm) when missing: the end-to-end tests render the certificate and wallet card PDFs to PNG.
set -euo pipefail
if command -v pdftoppm >/dev/null; then exit 0; fi
echo "Installing poppler-utils from Debian's packages..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
