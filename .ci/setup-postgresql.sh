#!/usr/bin/env bash
# Install Debian's PostgreSQL, start a server on 127.0.0.1:5432 and create the test role and database.
# Idempotent: running it again leaves a running server and the same role/database. Run as root (CI) or with sudo.
# The tests find the server through PACTWATCH_TEST_PG_URL, whose default matches what this script creates:
#   postgresql://pactwatch:pactwatch@127.0.0.1:5432/pactwatch_test
set -euo pipefail

PG_ROLE=${PG_ROLE:-pactwatch}
PG_PASSWORD=${PG_PASSWORD:-pactwatch}
PG_DB=${PG_DB:-pactwatch_test}
PG_PORT=${PG_PORT:-5432}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "installing postgresql (Debian package)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -q "^$version main$"; then
  as_root pg_createcluster --port "$PG_PORT" "$version" main >/dev/null
fi
# Loopback only: nothing outside this machine can reach the test server.
conf_dir=/etc/postgresql/$version/main/conf.d
as_root mkdir -p "$conf_dir"
printf "listen_addresses = '127.0.0.1'\nport = %s\n" "$PG_PORT" | as_root tee "$conf_dir/pactwatch.conf" >/dev/null
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  as_root pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 30); do
  as_postgres pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 1
done
as_postgres pg_isready -h 127.0.0.1 -p "$PG_PORT"

as_postgres psql -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
    CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD' CREATEDB;
  ELSE
    ALTER ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD' CREATEDB;
  END IF;
END
\$\$;
SQL
if ! as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" -p "$PG_PORT" -d postgres | grep -q 1; then
  as_postgres createdb -p "$PG_PORT" -O "$PG_ROLE" "$PG_DB"
fi
echo "postgresql $version ready: postgresql://$PG_ROLE:***@127.0.0.1:$PG_PORT/$PG_DB"
