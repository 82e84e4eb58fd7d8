"""Pooled results: a Recovery College's collections together (the pool its cohort source gives a
collection when it is planned), and a network's member organisations' collections together. Both
are shown only as published snapshots built from the collections' own published figures
(decision 0033)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates
from recoverynet.core.errors import NotFound
from recoverynet.network import selectors as network_selectors
from recoverynet.network.models import Membership, Network, Organisation

from .. import access
from ..models import Collection
from . import cells
from .results import Published, published


@dataclass(frozen=True)
class Pool:
    scope: str  # "college:<key>" or "network:<slug>"
    label: str
    organisation: Organisation | None = None  # a college's pool
    key: str = ""
    network: Network | None = None  # a network's pool


def pool_collections(pool: Pool) -> QuerySet[Collection]:
    """The collections a pool is built from (for the publishing service; no access check). A
    network's: those of the organisations that are members *today* (the network's today), so an
    organisation whose membership ended or lapsed drops out of the next publication."""
    if pool.network is not None:
        members = Membership.objects.filter(
            network_selectors.current_membership_q(network=pool.network), network=pool.network
        ).values("organisation_id")
        return Collection.objects.filter(organisation_id__in=members).order_by("pk")
    return Collection.objects.filter(organisation=pool.organisation, pool_key=pool.key).order_by(
        "pk"
    )


def _college_pool(organisation: Organisation, key: str, label: str) -> Pool:
    return Pool(scope=f"college:{key}", label=label, organisation=organisation, key=key)


def _network_pool(network: Network) -> Pool:
    return Pool(scope=f"network:{network.slug}", label=network.name, network=network)


def pools_for_organisation(*, actor: Actor, organisation: Organisation) -> list[Pool]:
    """The Recovery Colleges (pools) among the organisation's collections."""
    if not access.can_view_results(actor, organisation):
        raise NotFound("We could not find that.")
    found = (
        Collection.objects.filter(organisation=organisation)
        .exclude(pool_key="")
        .values_list("pool_key", "pool_label")
        .order_by("pool_label")
        .distinct()
    )
    seen: dict[str, str] = {}
    for key, label in found:
        seen.setdefault(key, label)
    return [_college_pool(organisation, key, label) for key, label in seen.items()]


def pool_get(*, actor: Actor, organisation: Organisation, key: str) -> Pool:
    for pool in pools_for_organisation(actor=actor, organisation=organisation):
        if pool.key == key:
            return pool
    raise NotFound("We could not find those results.")


def network_pool_get(*, actor: Actor, slug: str) -> Pool:
    network = Network.objects.filter(slug=slug).first()
    if network is None or not access.can_view_network_results(actor, network):
        raise NotFound("We could not find that network's results.")
    return _network_pool(network)


def network_pools_for(*, actor: Actor, organisation: Organisation) -> list[Pool]:
    """The networks of the organisation whose pooled results the actor may see (for links)."""
    networks = Network.objects.filter(memberships__organisation=organisation).distinct()
    return [
        _network_pool(n)
        for n in networks.order_by("name")
        if access.can_view_network_results(actor, n)
    ]


def all_pools() -> list[Pool]:
    """Every pool (for the daily publishing job)."""
    pools: list[Pool] = []
    for organisation_id, key, label in (
        Collection.objects.exclude(pool_key="")
        .values_list("organisation_id", "pool_key", "pool_label")
        .order_by("organisation_id", "pool_key")
        .distinct()
    ):
        if not any(p.key == key for p in pools):
            pools.append(_college_pool(Organisation.objects.get(pk=organisation_id), key, label))
    pools.extend(
        _network_pool(n)
        for n in Network.objects.filter(
            memberships__organisation__outcome_collections__isnull=False
        )
        .distinct()
        .order_by("pk")
    )
    return pools


def pool_results(*, actor: Actor, pool: Pool) -> Published:
    """A pool's figures as last published; the caller found the pool with a selector above."""
    if pool.network is not None:
        if not access.can_view_network_results(actor, pool.network):
            raise NotFound("We could not find those results.")
    elif pool.organisation is None or not access.can_view_results(actor, pool.organisation):
        raise NotFound("We could not find those results.")
    snapshot = aggregates.snapshot_latest(kind=cells.KIND_POOL, scope=pool.scope)
    return published(snapshot)


def pool_counts(*, pool: Pool) -> tuple[int, int]:
    """(collections, organisations) behind the latest published pool figures."""
    snapshot = aggregates.snapshot_latest(kind=cells.KIND_POOL, scope=pool.scope)
    data = snapshot.data if snapshot is not None else {}
    return int(data.get("collections", 0)), int(data.get("organisations", 0))
