#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster (installing it if missing) and makes sure the role `recert`
# (password `recert`, allowed to create databases) exists. Idempotent; used by start.sh and test.sh.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages..." >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done

su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname = 'recert'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"create role recert login createdb password 'recert'\""
