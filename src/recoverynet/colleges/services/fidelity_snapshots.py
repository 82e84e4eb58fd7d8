"""The network's fidelity distribution as stored snapshots (`core.aggregates`), never live.

Member colleges see only the latest published snapshot of the spread of totals. A new snapshot is
taken when a review is closed and by the `colleges.fidelity_snapshots` job once a period, but is
stored only when enough colleges joined, left or closed a newer review since the last one
(`SNAPSHOT_MIN_CHANGE`, at least 2), so two snapshots cannot be differenced down to one college.
No snapshot is taken while fewer colleges than the suppression threshold have a closed review."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AggregateSnapshot
from recoverynet.network.models import Network

from .. import fidelity as structure
from ..selectors.fidelity import SNAPSHOT_KIND, live_contributors
from ..selectors.fidelity import snapshot_scope as scope

PERIOD = datetime.timedelta(days=30)


def _data(totals: list[int]) -> dict[str, Any]:
    minimum = aggregates.organisations_minimum()
    spread = aggregates.spread([float(t) for t in totals], minimum=minimum)
    counts = Counter(structure.band(t) for t in totals)
    return {
        "colleges": len(totals),
        "minimum": minimum,
        "median": spread.median,
        "lower_quartile": spread.lower_quartile,
        "upper_quartile": spread.upper_quartile,
        "bands": [] if spread.suppressed else [[b, counts.get(b, 0)] for b in structure.BANDS],
    }


@transaction.atomic
def distribution_snapshot_take(
    *, actor: Actor | None, network: Network
) -> AggregateSnapshot | None:
    """Store a new snapshot of the distribution if enough changed; None when nothing was stored.
    Called by the services that close reviews and by the periodic job, never by a page."""
    # One snapshot at a time per network, so two cannot both pass the change check.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    live = live_contributors(network)
    previous = aggregates.snapshot_latest(kind=SNAPSHOT_KIND, scope=scope(network))
    if previous is None and len(live) < aggregates.organisations_minimum():
        return None
    try:
        return aggregates.snapshot_publish(
            actor=actor,
            kind=SNAPSHOT_KIND,
            scope=scope(network),
            contributors={key: review for key, (review, _total) in live.items()},
            data=_data([total for _review, total in live.values()]),
        )
    except ApplicationError as exc:
        if exc.code == "too_little_change":
            return None
        raise


def snapshots_due(*, now: datetime.datetime | None = None) -> int:
    """The periodic job: a snapshot attempt for every network with colleges whose latest snapshot is
    older than a period. Idempotent."""
    now = now or timezone.now()
    taken = 0
    for network in Network.objects.filter(colleges__isnull=False).distinct():
        latest = aggregates.snapshot_latest(kind=SNAPSHOT_KIND, scope=scope(network))
        if latest is not None and now - latest.created_at < PERIOD:
            continue
        if distribution_snapshot_take(actor=None, network=network) is not None:
            taken += 1
    return taken
