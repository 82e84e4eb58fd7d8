#!/bin/bash
# The read replica: on first start, a base backup of the primary with standby.signal and
# primary_conninfo (-R); afterwards it simply starts and streams. Read-only; Django sends it only
# the reads that opt in (core/replica.py).
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -q -h "$PRIMARY_HOST" -p 5432; do sleep 1; done
  PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup -h "$PRIMARY_HOST" -p 5432 -U replicator \
    -D "$PGDATA" -X stream -R -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on -c random_page_cost=1.1
