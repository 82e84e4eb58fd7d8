"""Anonymous network benchmarks: for each challenge and level, how the latest agreed ratings of
member organisations are spread. Shown to members only as aggregates, and suppressed below a minimum
number of contributing organisations (settings.SUPPRESS_ORGANISATIONS_BELOW, default 5), so no
organisation can be picked out. The network team also sees the named table."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F, OuterRef, Subquery

from recoverynet.core.errors import PermissionDenied
from recoverynet.network import access as network_access
from recoverynet.network.models import Membership, Network
from recoverynet.network.selectors import current_membership_q

from .models import AssessmentRound, Consensus, Framework, RoundStatus


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


def can_view(user: Any, network: Network) -> bool:
    """Members of the network's organisations (any role) and its team."""
    if network_access.is_network_team(user, network.pk):
        return True
    org_ids = set(network_access.roles(user).orgs)
    return Membership.objects.filter(
        current_membership_q(network=network), network=network, organisation_id__in=org_ids
    ).exists()


def network_benchmark(*, actor: Any, network: Network, framework: Framework) -> Benchmark:
    if not can_view(actor, network):
        raise PermissionDenied("Benchmarks are for the network's members and team.")
    minimum = settings.SUPPRESS_ORGANISATIONS_BELOW
    named = network_access.is_network_team(actor, network.pk)
    members = Membership.objects.filter(
        current_membership_q(network=network), network=network
    ).values("organisation_id")
    family_versions = Framework.objects.filter(family=framework.family).values("pk")
    # The latest closed whole-organisation round of each member organisation, on any version of the
    # framework (versions share challenge numbers and level keys).
    eligible = AssessmentRound.objects.filter(
        framework_id__in=family_versions, status=RoundStatus.CLOSED, team_name=""
    )
    newest = (
        eligible.filter(organisation=OuterRef("organisation"))
        .order_by("-closed_at", "-pk")
        .values("pk")[:1]
    )
    round_ids = (
        eligible.filter(organisation_id__in=members)
        .annotate(newest=Subquery(newest))
        .filter(pk=F("newest"))
        .values("pk")
    )
    values: dict[tuple[int, str], dict[str, int]] = {}
    rows = Consensus.objects.filter(round_id__in=round_ids).select_related(
        "challenge", "level", "round__organisation"
    )
    for c in rows:
        values.setdefault((c.challenge.number, c.level.key), {})[c.round.organisation.name] = (
            c.value
        )
    contributors = len({c.round.organisation_id for c in rows})
    cells = []
    for challenge in framework.challenges.all():
        for level in framework.levels.all():
            by_org = values.get((challenge.number, level.key), {})
            data = sorted(by_org.values())
            suppressed = len(data) < minimum
            cell = BenchmarkCell(
                challenge_number=challenge.number,
                challenge_title=challenge.title,
                level_key=level.key,
                level_label=level.label,
                contributors=len(data),
                suppressed=suppressed,
            )
            if not suppressed:
                cell.median = float(statistics.median(data))
                q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
                cell.lower_quartile, cell.upper_quartile = float(q1), float(q3)
            if named:
                cell.named = dict(sorted(by_org.items()))
            cells.append(cell)
    return Benchmark(
        network=network,
        framework=framework,
        minimum=minimum,
        contributors=contributors,
        cells=cells,
        named=named,
    )
