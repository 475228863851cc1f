#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the persistence tests and print its URL.
# Installs Debian's server package when it is missing. Data lives under $1 (default /tmp).
set -euo pipefail
base="${1:-/tmp}/fiscal-review-pg"
port="${FISCAL_REVIEW_PG_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if [ -f "$base/data/postmaster.pid" ]; then run "'$bin/pg_ctl' -D '$base/data' -m fast -w stop" >/dev/null 2>&1 || true; fi
rm -rf "$base" && mkdir -p "$base"
[ "$(id -u)" = 0 ] && chown postgres "$base"
run "'$bin/initdb' -D '$base/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
run "'$bin/pg_ctl' -D '$base/data' -l '$base/log' -o \"-h 127.0.0.1 -p $port -k '$base'\" -w start" >/dev/null
run "'$bin/createdb' -h 127.0.0.1 -p $port -U postgres fiscal_review_test"
echo "postgresql+psycopg://postgres@127.0.0.1:$port/fiscal_review_test"
