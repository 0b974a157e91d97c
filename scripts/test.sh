#!/usr/bin/env bash
# The whole suite: lint, types, tests on SQLite, and the tests again on PostgreSQL
# when a server is reachable (this script starts a local one that is installed but stopped),
# side by side with the rest.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export INNOCENCE_DATA_DIR=${INNOCENCE_TEST_DATA_DIR:-$(mktemp -d)}
status=0

pg_up() { $BIN/python - <<'PY'
import socket, sys
s = socket.socket(); s.settimeout(1)
sys.exit(0 if s.connect_ex(("127.0.0.1", 5432)) == 0 else 1)
PY
}
if ! pg_up && command -v pg_ctlcluster >/dev/null; then
  echo "Starting the local PostgreSQL server"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null || true
  sleep 2
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && command -v redis-server >/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null 2>&1 || true
fi

# The PostgreSQL pass runs beside the SQLite pass, on the second core, with a data
# directory of its own (the two share nothing else: SQLite tests use an in-memory
# database, the Redis and identity-provider tests start their own servers on free ports).
# Its output is printed whole after the SQLite pass, so the two never interleave.
pg_pid=""
if pg_up; then
  pg_log=$(mktemp)
  pg_data=$(mktemp -d)
  INNOCENCE_DATA_DIR=$pg_data DATABASE_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres} \
    $BIN/pytest -m "not browser" "$@" >"$pg_log" 2>&1 &
  pg_pid=$!
fi

echo "== ruff"
$BIN/ruff check . || status=1
echo "== mypy"
$BIN/mypy innocence || status=1

echo "== pytest (SQLite)"
env -u DATABASE_URL $BIN/pytest "$@"
rc=$?; [ $rc -eq 0 ] || status=1

if [ -n "$pg_pid" ]; then
  wait "$pg_pid"
  rc=$?; [ $rc -eq 0 ] || status=1
  echo "== pytest (PostgreSQL)"
  cat "$pg_log"
else
  echo "== PostgreSQL not reachable at 127.0.0.1:5432: PostgreSQL tests skipped"
fi
exit $status
