"""Anonymous network benchmarks: for each challenge and level, how the latest agreed ratings of
member organisations are spread.

Members see only **published snapshots** (decision 0009): the network's coordinators publish one
when enough has changed, and its contributing set (each organisation and the round it contributed)
is frozen with it. A new snapshot is refused unless at least `SNAPSHOT_MIN_CHANGE` organisations
joined, left or sent a newer round since the last one, so comparing two snapshots never isolates one
organisation (e.g. one whose membership ended). Figures are suppressed below
`SUPPRESS_ORGANISATIONS_BELOW` organisations and coarsened to the nearest half point. The network
team also sees the named table of the snapshot's organisations, and how far the live data has moved
since it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates, replica
from recoverynet.core.errors import PermissionDenied
from recoverynet.core.models import AggregateSnapshot
from recoverynet.network import access as network_access
from recoverynet.network.models import Membership, Network
from recoverynet.network.selectors import current_membership_q

from .models import AssessmentRound, Consensus, Framework, RoundStatus

SNAPSHOT_KIND = "challenges.benchmark"


@dataclass
class BenchmarkCell:
    challenge_number: int
    challenge_title: str
    level_key: str
    level_label: str
    contributors: int
    suppressed: bool
    median: float | None = None
    lower_quartile: float | None = None
    upper_quartile: float | None = None
    named: dict[str, int] = field(default_factory=dict)  # organisation name → rating (team only)


@dataclass
class Benchmark:
    network: Network
    framework: Framework
    minimum: int
    contributors: int
    cells: list[BenchmarkCell]
    named: bool
    published_at: datetime.datetime | None = None  # None: nothing published yet
    # For the network team only: how many organisations' contributions differ from the snapshot
    # now, and how many must before a new one can be published.
    changes_since: int | None = None
    min_change: int = 0

    @property
    def can_publish(self) -> bool:
        return self.changes_since is not None and (
            self.published_at is None or self.changes_since >= self.min_change
        )


def can_view(user: Any, network: Network) -> bool:
    """Members of the network's organisations (any role) and its team."""
    if network_access.is_network_team(user, network.pk):
        return True
    org_ids = set(network_access.roles(user).orgs)
    return Membership.objects.filter(
        current_membership_q(network=network), network=network, organisation_id__in=org_ids
    ).exists()


def can_publish(user: Any, network: Network) -> bool:
    return network_access.can_manage_network(user, network.pk)


def _scope(network: Network, framework: Framework) -> str:
    return f"{network.pk}:{framework.family}"


def _live_contributors(network: Network, framework: Framework) -> dict[str, str]:
    """Organisation id → id of its latest closed whole-organisation round on any version of the
    framework (versions share challenge numbers and level keys), for current members."""
    members = Membership.objects.filter(
        current_membership_q(network=network), network=network
    ).values("organisation_id")
    family_versions = Framework.objects.filter(family=framework.family).values("pk")
    eligible = AssessmentRound.objects.filter(
        framework_id__in=family_versions, status=RoundStatus.CLOSED, team_name=""
    )
    newest = (
        eligible.filter(organisation=OuterRef("organisation"))
        .order_by("-closed_at", "-pk")
        .values("pk")[:1]
    )
    rows = (
        eligible.filter(organisation_id__in=members)
        .annotate(newest=Subquery(newest))
        .filter(pk=F("newest"))
        .values_list("organisation_id", "pk")
    )
    return {str(org_id): str(round_id) for org_id, round_id in rows}


def _values(round_ids: list[int], *, by: str) -> dict[tuple[int, str], dict[str, int]]:
    """(challenge number, level key) → organisation (its id, or its name with by="name") → agreed
    rating."""
    field = "round__organisation__name" if by == "name" else "round__organisation_id"
    values: dict[tuple[int, str], dict[str, int]] = {}
    rows = Consensus.objects.filter(round_id__in=round_ids).values_list(
        "challenge__number", "level__key", field, "value"
    )
    for number, key, organisation, value in rows:
        values.setdefault((number, key), {})[str(organisation)] = value
    return values


def _cell_key(number: int, level: str) -> str:
    return f"{number}:{level}"


def _figures(
    framework: Framework, contributors: dict[str, str], previous: AggregateSnapshot | None
) -> tuple[dict[str, Any], int]:
    """The snapshot's data, each cell refreshed only where enough organisations' ratings for it
    changed (`aggregates.refresh_cells`), and how many cells were refreshed."""
    minimum = aggregates.organisations_minimum()
    values = _values([int(r) for r in contributors.values()], by="id")
    live = {
        _cell_key(challenge.number, level.key): {
            org: str(value) for org, value in values.get((challenge.number, level.key), {}).items()
        }
        for challenge in framework.challenges.all()
        for level in framework.levels.all()
    }
    earlier = {
        _cell_key(c["challenge"], c["level"]): c
        for c in (previous.data if previous else {}).get("cells", [])
    }

    def compute(basis: Any) -> dict[str, Any]:
        spread = aggregates.spread([int(v) for v in basis.values()], minimum=minimum)
        return {
            "contributors": spread.contributors,
            "median": spread.median,
            "lower_quartile": spread.lower_quartile,
            "upper_quartile": spread.upper_quartile,
        }

    cells, refreshed = aggregates.refresh_cells(
        earlier, live, compute, aggregates.snapshot_min_change()
    )
    shaped = []
    for key, cell in cells.items():
        number, level = key.split(":", 1)
        shaped.append({**cell, "challenge": int(number), "level": level})
    return {"framework": framework.pk, "minimum": minimum, "cells": shaped}, refreshed


@transaction.atomic
def benchmark_publish(*, actor: Actor, network: Network, framework: Framework) -> AggregateSnapshot:
    """Publish a new snapshot of the network's benchmark for the framework's family, from the live
    data. Each figure changes only where enough organisations' ratings for it changed since it was
    last published; with nothing to change, publishing is refused."""
    if not can_publish(actor, network):
        raise PermissionDenied("Only the network's coordinators can publish a benchmark.")
    # One publisher at a time per network, so two snapshots cannot both pass the change check.
    Network.objects.select_for_update().filter(pk=network.pk).first()
    scope = _scope(network, framework)
    previous = aggregates.snapshot_latest(kind=SNAPSHOT_KIND, scope=scope)
    contributors = _live_contributors(network, framework)
    data, refreshed = _figures(framework, contributors, previous)
    return aggregates.snapshot_publish(
        actor=actor,
        kind=SNAPSHOT_KIND,
        scope=scope,
        contributors=contributors,
        data=data,
        cells_refreshed=refreshed,
    )


@replica.reads()
def network_benchmark(*, actor: Actor, network: Network, framework: Framework) -> Benchmark:
    """The latest published snapshot, with the rows of `framework` (any version of its family)."""
    if not can_view(actor, network):
        raise PermissionDenied("Benchmarks are for the network's members and team.")
    named = network_access.is_network_team(actor, network.pk)
    snapshot = aggregates.snapshot_latest(kind=SNAPSHOT_KIND, scope=_scope(network, framework))
    data: dict[str, Any] = snapshot.data if snapshot else {}
    minimum = int(data.get("minimum", aggregates.organisations_minimum()))
    published = {(c["challenge"], c["level"]): c for c in data.get("cells", [])}
    frozen: dict[str, str] = snapshot.contributors if snapshot else {}
    by_org = _values([int(r) for r in frozen.values()], by="name") if named and frozen else {}
    cells = []
    for challenge in framework.challenges.all():
        for level in framework.levels.all():
            figures = published.get((challenge.number, level.key), {})
            median = figures.get("median")
            cells.append(
                BenchmarkCell(
                    challenge_number=challenge.number,
                    challenge_title=challenge.title,
                    level_key=level.key,
                    level_label=level.label,
                    contributors=int(figures.get("contributors", 0)),
                    suppressed=median is None,
                    median=median,
                    lower_quartile=figures.get("lower_quartile"),
                    upper_quartile=figures.get("upper_quartile"),
                    named=dict(sorted(by_org.get((challenge.number, level.key), {}).items())),
                )
            )
    changes_since = None
    if can_publish(actor, network):
        changes_since = aggregates.contribution_changes(
            frozen, _live_contributors(network, framework)
        )
    return Benchmark(
        network=network,
        framework=framework,
        minimum=minimum,
        contributors=len(frozen),
        cells=cells,
        named=named,
        published_at=snapshot.created_at if snapshot else None,
        changes_since=changes_since,
        min_change=aggregates.snapshot_min_change(),
    )


def round_in_published_benchmark(round_: AssessmentRound) -> bool:
    """Whether a benchmark snapshot published since the round closed counts its ratings. Such a
    round is history: it is never reopened, so no published figure can change afterwards."""
    if round_.closed_at is None:
        return False
    rows = AggregateSnapshot.objects.filter(
        kind=SNAPSHOT_KIND,
        scope__endswith=f":{round_.framework.family}",
        created_at__gte=round_.closed_at,
    ).values_list("contributors", flat=True)
    return any(str(round_.pk) in (contributors or {}).values() for contributors in rows)
