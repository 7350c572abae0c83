#!/bin/sh
# Start (or reuse) a throwaway PostgreSQL cluster for the tests under ./.pg (git-ignored), listening
# on loopback only, and write its URL to .pg/url. `make test` runs this and passes the URL to
# pytest as PAUSECHECK_TEST_PG. Debian's postgresql is installed with apt when CI=true or when
# initdb is missing and apt is usable; without PostgreSQL the tests run on SQLite only.
# initdb refuses root, so as root the cluster belongs to a dedicated system user.
set -eu
ROOT=$(pwd)
DIR="$ROOT/.pg"
PORT="${PAUSECHECK_PG_PORT:-54329}"
CLUSTER_USER=pausecheck-pg

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
apt_usable() {
  command -v apt-get >/dev/null 2>&1 && { [ -z "$SUDO" ] || sudo -n true 2>/dev/null; }
}
BIN=$(find_bin || true)
if [ "${CI:-}" = true ] || [ -z "$BIN" ]; then
  if apt_usable; then
    echo "pg: installing Debian's postgresql with apt" >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || \
      { $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
    BIN=$(find_bin)
  elif [ -z "$BIN" ]; then
    [ "${CI:-}" = true ] && { echo "pg: CI=true but PostgreSQL is missing and apt is not usable" >&2; exit 1; }
    echo "pg: PostgreSQL is not installed and apt is not usable; the store tests run on SQLite only" >&2
    rm -f "$DIR/url"
    exit 0
  fi
fi

run() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  id "$CLUSTER_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$CLUSTER_USER"
  run() { runuser -u "$CLUSTER_USER" -- "$@"; }
fi

if [ "${1:-}" = stop ]; then
  [ -f "$DIR/data/PG_VERSION" ] && run "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2 || true
  exit 0
fi
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown "$CLUSTER_USER" "$DIR"
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  run "$BIN/initdb" -D "$DIR/data" -U pausecheck --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || \
    { cat "$DIR/initdb.log" >&2; exit 1; }
fi
if ! run "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  run "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off" start >&2 || { cat "$DIR/server.log" >&2; exit 1; }
fi
run "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U pausecheck -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'pausecheck_test'" | grep -q 1 || \
  run "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U pausecheck pausecheck_test
echo "postgresql://pausecheck@127.0.0.1:$PORT/pausecheck_test" > "$DIR/url"
echo "pg: $(cat "$DIR/url")" >&2
