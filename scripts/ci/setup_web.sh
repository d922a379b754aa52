#!/usr/bin/env bash
# Install Debian's chromium and PostgreSQL, start a PostgreSQL server on loopback and create a
# test database for the web tests, and a role that may create databases (each test run makes its
# own beside the test database and drops it at the end, so two runs on one machine never empty
# each other's tables). Idempotent: safe to run again on a machine already set up.
#
# Usage (as root, or as a user with sudo):
#   eval "$(scripts/ci/setup_web.sh)"     # exports PSEPHOS_TEST_POSTGRES_URL
# Progress goes to stderr; stdout carries only the `export ...` line.
#
# Environment (optional): PSEPHOS_PG_DB (default psephos_test), PSEPHOS_PG_USER (psephos),
# PSEPHOS_PG_PASSWORD (psephos-test), PSEPHOS_PG_PORT (5432).
set -euo pipefail

DB="${PSEPHOS_PG_DB:-psephos_test}"
DB_USER="${PSEPHOS_PG_USER:-psephos}"
DB_PASSWORD="${PSEPHOS_PG_PASSWORD:-psephos-test}"
PORT="${PSEPHOS_PG_PORT:-5432}"

log() { echo "setup_web: $*" >&2; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# Run a command as the postgres system user (root: runuser; others: sudo).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

export DEBIAN_FRONTEND=noninteractive
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 \
  || need+=(postgresql)
log "apt-get update"
$SUDO apt-get update -qq >&2
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
else
  log "chromium and postgresql already installed"
fi

# The newest installed major version and its default cluster ("main").
VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! $SUDO pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$VERSION main"; then
  log "creating cluster $VERSION/main on port $PORT"
  $SUDO pg_createcluster --port "$PORT" "$VERSION" main >&2
fi
CLUSTER_PORT="$($SUDO pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $3}')"
STATUS="$($SUDO pg_lsclusters -h | awk -v v="$VERSION" '$1==v && $2=="main" {print $4}')"
if [ "$STATUS" != "online" ]; then
  log "starting PostgreSQL $VERSION/main (port $CLUSTER_PORT)"
  $SUDO pg_ctlcluster "$VERSION" main start >&2  # Debian listens on localhost only
fi
for _ in $(seq 1 30); do
  if as_postgres pg_isready -q -h 127.0.0.1 -p "$CLUSTER_PORT"; then break; fi
  sleep 1
done
as_postgres pg_isready -h 127.0.0.1 -p "$CLUSTER_PORT" >&2

psql_admin() { as_postgres psql -v ON_ERROR_STOP=1 -q -p "$CLUSTER_PORT" "$@"; }
# Values go in as psql variables (:'name' quoting), not pasted into SQL text.
# (psql expands :'name' only in input it reads, not in -c commands.)
if [ "$(echo "SELECT 1 FROM pg_roles WHERE rolname = :'u'" | psql_admin -tA -v u="$DB_USER")" \
     != "1" ]; then
  log "creating role $DB_USER"
  psql_admin -v u="$DB_USER" -v p="$DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'p') \gexec
SQL
else
  psql_admin -v u="$DB_USER" -v p="$DB_PASSWORD" <<'SQL'
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'p') \gexec
SQL
fi
if [ "$(echo "SELECT 1 FROM pg_database WHERE datname = :'d'" | psql_admin -tA -v d="$DB")" \
     != "1" ]; then
  log "creating database $DB"
  psql_admin -v d="$DB" -v u="$DB_USER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'d', :'u') \gexec
SQL
fi

URL="postgresql+psycopg://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${CLUSTER_PORT}/${DB}"
log "ready: $URL"
echo "export PSEPHOS_TEST_POSTGRES_URL='$URL'"
