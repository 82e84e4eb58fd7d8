#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL (127.0.0.1:5432) as a second cluster on this
# machine, for the replica tests (tests/operations/test_replica_pg.py) and `make drill`.
#
#   scripts/replica_up.sh          # create (or start) cluster "replica" on port 5433; idempotent
#   scripts/replica_up.sh --down   # stop and drop it (the primary is never touched)
#
# Then: DATABASE_REPLICA_URL=postgres://postgres@127.0.0.1:5433/<same database name as DATABASE_URL>
#
# Needs root (or the postgres user's rights) and Debian's postgresql-common (pg_createcluster). The
# primary only gains one pg_hba line allowing replication connections from 127.0.0.1 (reloaded, not
# restarted). No replication slot is made, so a forgotten replica never holds WAL on the primary.
# Loopback-only trust authentication, as on the primary: a test set-up, not a production one (see
# docs/deployment.md for that).
set -euo pipefail

PRIMARY_PORT=${PRIMARY_PORT:-5432}
REPLICA_PORT=${REPLICA_PORT:-5433}
CLUSTER=${REPLICA_CLUSTER:-replica}
VERSION=${PG_VERSION:-$(ls /usr/lib/postgresql | sort -V | tail -1)}
as_postgres() { runuser -u postgres -- "$@"; }

if [ "${1:-}" = "--down" ]; then
  if pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$VERSION $CLUSTER"; then
    pg_dropcluster --stop "$VERSION" "$CLUSTER"
    echo "Dropped cluster $VERSION/$CLUSTER."
  fi
  exit 0
fi

pg_isready -q -h 127.0.0.1 -p "$PRIMARY_PORT" || { echo "The primary on port $PRIMARY_PORT is not running." >&2; exit 1; }

in_recovery() {
  [ "$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -tAc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = "t" ]
}
streaming() {
  [ "$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -tAc \
    "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null)" = "streaming" ]
}

if pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$VERSION $CLUSTER"; then
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start 2>/dev/null || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" && break; sleep 0.5; done
  if ! in_recovery; then
    echo "Cluster $VERSION/$CLUSTER exists but is not a replica; drop it with --down first." >&2
    exit 1
  fi
  # A replica left from an earlier run may be in recovery yet no longer streaming: without a slot
  # the primary recycles the WAL it needed (or the primary was re-created), so it would never see a
  # new database. Only a connected WAL receiver counts; otherwise rebuild it from a fresh backup.
  for _ in $(seq 1 20); do streaming && break; sleep 0.5; done
  if streaming; then
    echo "Replica $VERSION/$CLUSTER is streaming on port $REPLICA_PORT."
    exit 0
  fi
  echo "Replica $VERSION/$CLUSTER is not streaming from the primary; rebuilding it."
  pg_dropcluster --stop "$VERSION" "$CLUSTER"
fi

# 1. The primary accepts replication connections from loopback (one line, then a reload).
PRIMARY_CONF_DIR=$(dirname "$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tAc 'SHOW hba_file')")
HBA="$PRIMARY_CONF_DIR/pg_hba.conf"
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$HBA"; then
  printf '\n# Added by recoverynet scripts/replica_up.sh: streaming replica on loopback.\nhost replication all 127.0.0.1/32 trust\n' >>"$HBA"
  psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tAc 'SELECT pg_reload_conf()' >/dev/null
fi

# 2. A new cluster (its own config in /etc/postgresql/$VERSION/$CLUSTER) whose data directory is
#    replaced by a base backup of the primary, with standby.signal and primary_conninfo (-R).
pg_createcluster --port "$REPLICA_PORT" "$VERSION" "$CLUSTER" >/dev/null
CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER"
DATA_DIR=$(awk -F"'" '/^data_directory/ {print $2}' "$CONF_DIR/postgresql.conf")
cat >"$CONF_DIR/pg_hba.conf" <<'HBA'
local all all trust
host all all 127.0.0.1/32 trust
HBA
cat >>"$CONF_DIR/postgresql.conf" <<'CONF'
# recoverynet replica: read-only queries while streaming; feedback stops the primary vacuuming
# away rows a long report on the replica still reads.
hot_standby = on
hot_standby_feedback = on
listen_addresses = 'localhost'
CONF
rm -rf "${DATA_DIR:?}"/*
as_postgres pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$DATA_DIR" \
  -X stream -R -c fast
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start
for _ in $(seq 1 60); do streaming && break; sleep 0.5; done
streaming || { echo "The replica did not start; see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log" >&2; exit 1; }
echo "Replica $VERSION/$CLUSTER is streaming from port $PRIMARY_PORT on port $REPLICA_PORT."
