#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings their schemas up to the version
# the admin-tools image ships. Runs on every `docker compose up`, so every step must be a
# no-op on a database that is already set up.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}" # read by temporal-sql-tool itself
PORT=${DB_PORT:-5432}
SCHEMA=/etc/temporal/schema/postgresql/v12

sql() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$PORT" "$@"
}

# $1: database, $2: versioned schema folder.
setup() {
  sql --db "$1" create # skips a database that exists
  # update-schema fails only where no schema_version table exists yet: a fresh database.
  # Running setup-schema on a set-up database instead would reset its recorded version.
  if ! sql --db "$1" update-schema -d "$2"; then
    echo "No schema in $1 yet: setting it up"
    sql --db "$1" setup-schema -v 0.0
    sql --db "$1" update-schema -d "$2"
  fi
}

setup temporal "$SCHEMA/temporal/versioned"
setup temporal_visibility "$SCHEMA/visibility/versioned"
echo "Temporal schemas are up to date"
