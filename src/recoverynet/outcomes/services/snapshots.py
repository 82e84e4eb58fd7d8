"""Publishing results as snapshots (decision 0033): what anyone sees of a collection, a Recovery
College or a network is the latest published snapshot, never live figures. Each figure (cell)
gets new numbers only when at least `cells.needed_change()` people joined or changed in it since
it was last published, so two snapshots cannot be compared to work out one person's answers.
Snapshots are published by the daily job and on request by the people who plan collections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AggregateSnapshot
from recoverynet.network.models import Network, Organisation

from .. import access
from ..models import Collection, ResponseStatus
from ..selectors import cells
from ..selectors.pools import Pool, pool_collections


def _publish(
    actor: Actor | None,
    scope: str,
    kind: str,
    live: Mapping[str, cells.LiveCell],
    contributors: Mapping[str, str],
    extra: dict[str, Any],
) -> AggregateSnapshot:
    needed = cells.needed_change()
    previous = aggregates.snapshot_latest(kind=kind, scope=scope)
    data = previous.data if previous is not None else {}
    held_before: dict[str, dict[str, Any]] = data.get("withheld", {})
    earlier: dict[str, dict[str, Any]] = {**held_before, **data.get("cells", {})}
    published: dict[str, dict[str, Any]] = {}
    withheld: dict[str, dict[str, Any]] = {}
    refreshed = 0
    for key, cell in live.items():
        found, count = aggregates.refresh_cells(
            {key: earlier[key]} if key in earlier else {},
            {key: cell.basis},
            lambda basis, cell=cell: cells.compute(cell, basis),  # type: ignore[misc]
            needed,
        )
        refreshed += count
        _keep(key, found[key], cell.basis if count == 0 else None, published, withheld)
    for key, cell_data in earlier.items():  # a figure whose people have all left the pool
        if key not in live:
            _keep(key, cell_data, {}, published, withheld)
    newly_withheld = len(withheld.keys() - held_before.keys())
    if previous is not None and refreshed + newly_withheld == 0:
        raise ApplicationError(
            "too_little_change",
            f"The figures cannot be updated yet: each one changes only once at least {needed} "
            "more people have answered (or changed) since it was last published. Otherwise "
            "comparing the two versions could show one person's answers.",
            status=409,
        )
    return aggregates.snapshot_publish(
        actor=actor,
        kind=kind,
        scope=scope,
        contributors=contributors,
        data={"cells": published, "withheld": withheld, **extra},
        minimum_change=needed,
        cells_refreshed=refreshed + newly_withheld if previous is not None else None,
    )


def _keep(
    key: str,
    cell_data: dict[str, Any],
    live_basis: Mapping[str, str] | None,
    published: dict[str, dict[str, Any]],
    withheld: dict[str, dict[str, Any]],
) -> None:
    """Place a cell in the new snapshot. A figure kept from before (`live_basis` given: too few
    people changed for new figures) that still counts people who are no longer in it — their
    organisation left the network — is withheld rather than shown: it cannot be recomputed
    without them yet (that would let the two versions be compared), and it must not go on
    counting them. It keeps its basis, so that it comes back once enough people have changed
    since it was last shown (leaving counts as a change). Otherwise a figure never disappears."""
    if live_basis is not None and set(cell_data.get("basis", {})) - set(live_basis):
        withheld[key] = cell_data
    else:
        published[key] = cell_data


def _collection_snapshot(actor: Actor | None, collection: Collection) -> AggregateSnapshot:
    live = cells.live_collection_cells(collection)
    contributors: dict[str, list[str]] = {}
    for key, cell in live.items():
        for pseudonym, value in cell.basis.items():
            contributors.setdefault(pseudonym, []).append(f"{key}={value}")
    return _publish(
        actor,
        cells.collection_scope(collection),
        cells.KIND_COLLECTION,
        live,
        {p: ";".join(v) for p, v in contributors.items()},
        {},
    )


@transaction.atomic
def results_publish(*, actor: Actor, collection: Collection) -> AggregateSnapshot:
    """Publish the collection's figures now (its planners), if enough people changed."""
    if not access.can_plan(actor, collection.organisation):
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    locked = Collection.objects.select_for_update().get(pk=collection.pk)
    return _collection_snapshot(actor, locked)


def _pool_snapshot(actor: Actor | None, pool: Pool) -> AggregateSnapshot:
    contributors: dict[str, str] = {}
    datas = []
    organisations = set()
    for collection in pool_collections(pool):
        latest = aggregates.snapshot_latest(
            kind=cells.KIND_COLLECTION, scope=cells.collection_scope(collection)
        )
        if latest is None:
            continue
        contributors[str(collection.public_id)] = str(latest.pk)
        datas.append(latest.data)
        organisations.add(collection.organisation_id)
    if (
        not contributors
        and aggregates.snapshot_latest(kind=cells.KIND_POOL, scope=pool.scope) is None
    ):
        raise ApplicationError(
            "too_little_change", "None of these collections has published figures yet.", status=409
        )
    live = cells.pool_cells(datas)
    return _publish(
        actor,
        pool.scope,
        cells.KIND_POOL,
        live,
        contributors,
        {"collections": len(contributors), "organisations": len(organisations)},
    )


@transaction.atomic
def pool_publish(*, actor: Actor, pool: Pool) -> AggregateSnapshot:
    """Publish a pool's figures now (a college's: its organisation's planners; a network's: its
    coordinators), from its collections' published figures, if enough people changed."""
    if not access.can_publish_pool(actor, pool):
        raise PermissionDenied("Only the people who plan these collections can do this.")
    _lock(pool)
    return _pool_snapshot(actor, pool)


def _lock(pool: Pool) -> None:
    if pool.network is not None:
        Network.objects.select_for_update().filter(pk=pool.network.pk).first()
    elif pool.organisation is not None:
        Organisation.objects.select_for_update().filter(pk=pool.organisation.pk).first()


def snapshots_publish() -> int:
    """For the scheduler (daily): publish every collection's and every pool's figures where enough
    people changed; the others keep their published figures. Returns how many were published."""
    from ..selectors.pools import all_pools

    published = 0
    ids = (
        Collection.objects.filter(timepoints__responses__status=ResponseStatus.COMPLETE)
        .values_list("pk", flat=True)
        .distinct()
    )
    for pk in list(ids):
        with transaction.atomic():
            collection = Collection.objects.select_for_update().get(pk=pk)
            published += _try(lambda c=collection: _collection_snapshot(None, c))
    for pool in all_pools():
        with transaction.atomic():
            _lock(pool)
            published += _try(lambda p=pool: _pool_snapshot(None, p))
    return published


def _try(publish: Any) -> int:
    try:
        with transaction.atomic():
            publish()
    except ApplicationError as exc:
        if exc.code != "too_little_change":
            raise
        return 0
    return 1
