#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the postgres-engine tests: Debian's `postgresql` package
# (installed if missing), a fresh cluster in a temporary directory, listening on 127.0.0.1 only,
# with a `dbwire` database. Prints the `export DBWIRE_POSTGRES_URL=...` line for the tests; stop it
# with `scripts/test-postgres.sh stop`.
set -euo pipefail

PORT="${DBWIRE_TEST_PG_PORT:-54329}"
DATA_DIR="${DBWIRE_TEST_PG_DIR:-/tmp/dbwire-test-postgres}"

bin_dir() {
  local version
  version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)"
  [ -n "$version" ] && echo "/usr/lib/postgresql/$version/bin"
}

# Postgres refuses to run as root, so the server runs as the `postgres` user the package creates.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-start}" = stop ]; then
  as_postgres "$(bin_dir)/pg_ctl" -D "$DATA_DIR" -m fast stop > /dev/null
  exit 0
fi

if [ -z "$(bin_dir)" ]; then
  apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
fi
BIN="$(bin_dir)"

if ! as_postgres "$BIN/pg_ctl" -D "$DATA_DIR" status > /dev/null 2>&1; then
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$DATA_DIR"
  as_postgres "$BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust --no-sync > /dev/null
  as_postgres "$BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DATA_DIR -c max_connections=200" start > /dev/null
  as_postgres "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres dbwire
fi
echo "export DBWIRE_POSTGRES_URL=postgres://postgres@127.0.0.1:$PORT/dbwire"
