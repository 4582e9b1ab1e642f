#!/usr/bin/env bash
# The suite on SQLite and on a throw-away PostgreSQL server at the same time (a machine with two cores
# runs them side by side in the time of the slower one). Each run gets its own data directory, so their
# files (uploads, job files, keys) never meet; each writes its own log, shown whole when both are done.
# Usage: scripts/test-databases.sh PYTEST [ARGS...]   (each run gets its own --basetemp)
set -uo pipefail
cd "$(dirname "$0")/.."

WORK=$(mktemp -d /tmp/thidua-tests.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/sqlite" "$WORK/postgres"

THIDUA_DATA_DIR="$WORK/sqlite" "$@" --basetemp="$WORK/sqlite/tmp" >"$WORK/sqlite.log" 2>&1 &
sqlite=$!
THIDUA_DATA_DIR="$WORK/postgres" scripts/with-postgres.sh "$@" --basetemp="$WORK/postgres/tmp" >"$WORK/postgres.log" 2>&1 &
postgres=$!

wait "$sqlite"; sqlite_rc=$?
wait "$postgres"; postgres_rc=$?

echo "== SQLite (exit $sqlite_rc)"; cat "$WORK/sqlite.log"
echo "== PostgreSQL (exit $postgres_rc)"; cat "$WORK/postgres.log"
[ "$sqlite_rc" -eq 0 ] && [ "$postgres_rc" -eq 0 ]
