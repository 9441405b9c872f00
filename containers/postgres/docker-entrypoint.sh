#!/usr/bin/env bash
# The postgres image's start, kept small: as root, owns the data directory to postgres and runs itself
# again as postgres; on the first start (no PG_VERSION) runs initdb with POSTGRES_USER as the superuser
# and POSTGRES_PASSWORD as its password, creates POSTGRES_DB, and lets every address in with a
# scram-sha-256 password; then runs the command (postgres, listening on all addresses).
set -euo pipefail

# like the official image: no command or options only: postgres with them; anything else: run as is
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi
if [ "$1" != postgres ]; then
  exec "$@"
fi

: "${PGDATA:=/var/lib/postgresql/data}"
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "docker-entrypoint.sh: POSTGRES_PASSWORD is empty: set it (this image lets no one in without a password)" >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    # no psql in the bundle: single-user mode runs the statement
    printf 'CREATE DATABASE "%s" OWNER "%s";\n' "${db//\"/\"\"}" "${user//\"/\"\"}" \
      | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "docker-entrypoint.sh: initialised $PGDATA (user $user, database $db)"
fi

shift
exec postgres -c listen_addresses='*' "$@"
