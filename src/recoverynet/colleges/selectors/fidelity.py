"""Reads for RECOLLECT fidelity reviews, access checked: a college's reviews, one review side by
side (each version's view with its n, disagreement, the agreed ratings and the total), a rater's own
ratings, the network's wording, and the network distribution of totals (suppressed)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core import aggregates
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network.models import Network

from .. import fidelity as structure
from .. import network_access as access
from ..models import College, StaffRole
from ..models.network import (
    FidelityAgreement,
    FidelityLicence,
    FidelityRating,
    FidelityResponse,
    FidelityReview,
    FidelityStatus,
    FidelityWording,
)


def college_in_network(college: College, network: Network) -> bool:
    return college.networks.filter(pk=network.pk).exists()


def rater_version(user: Actor, college: College) -> str | None:
    """Which version a person rates in at a college: manager, peer trainer or student (the first
    that applies), or None when they may not rate."""
    roles = access.staff_roles(user).get(college.pk, frozenset())
    if StaffRole.MANAGER in roles:
        return structure.MANAGER
    if StaffRole.PEER_TRAINER in roles:
        return structure.PEER_TRAINER
    if is_person(user) and _is_student(user, college):
        return structure.STUDENT
    return None


def _is_student(user: Any, college: College) -> bool:
    from ..models import Student

    return Student.objects.filter(college=college, user=user).exists()


def fidelity_reviews_for_college(*, actor: Actor, college: College) -> list[FidelityReview]:
    """The college's reviews the actor may see (its staff; the team of the review's network).
    Refused for anyone who is neither."""
    networks = list(college.networks.values_list("pk", flat=True))
    if not access.is_staff_of(actor, college) and not any(
        access.is_team(actor, n) for n in networks
    ):
        raise NotFound("We could not find that college's fidelity reviews.")
    reviews = (
        FidelityReview.objects.filter(college=college)
        .select_related("network", "college")
        .prefetch_related("agreements")
        .order_by("-created_at")
    )
    return [r for r in reviews if access.can_see_college_work(actor, college, r.network_id)]


def fidelity_reviews_to_rate(*, actor: Actor) -> list[FidelityReview]:
    """Open reviews at colleges where the actor studies or works (to rate)."""
    if not is_person(actor):
        return []
    from ..models import Student

    colleges = set(access.staff_roles(actor)) | set(
        Student.objects.filter(user=actor).values_list("college_id", flat=True)
    )
    return list(
        FidelityReview.objects.filter(college_id__in=colleges, status=FidelityStatus.OPEN)
        .select_related("college", "network")
        .order_by("college__name")
    )


def fidelity_review_get(*, actor: Actor, public_id: Any) -> FidelityReview:
    """A review for someone who may see it whole, or rate in it."""
    review = (
        FidelityReview.objects.select_related("college__organisation", "network")
        .filter(public_id=public_id)
        .first()
    )
    if review is None:
        raise NotFound("We could not find that fidelity review.")
    if access.can_see_college_work(actor, review.college, review.network_id):
        return review
    if is_person(actor) and rater_version(actor, review.college) is not None:
        return review
    raise NotFound("We could not find that fidelity review.")


def can_see_whole(actor: Actor, review: FidelityReview) -> bool:
    return access.can_see_college_work(actor, review.college, review.network_id)


def can_facilitate(actor: Actor, review: FidelityReview) -> bool:
    return access.can_run_college_work(actor, review.college, review.network_id)


def my_ratings(*, actor: Actor, review: FidelityReview) -> dict[str, FidelityRating]:
    """The actor's own ratings in the review, by component (empty before they rate)."""
    if not is_person(actor):
        return {}
    return {
        r.component: r
        for r in FidelityRating.objects.filter(response__review=review, response__rater=actor)
    }


def wording(network_id: int) -> dict[tuple[str, str], str]:
    """(component, version) → the licensed wording the network loaded (empty: names only)."""
    return {
        (w.component, w.version): w.text
        for w in FidelityWording.objects.filter(network_id=network_id)
    }


def licence(network: Network) -> FidelityLicence | None:
    return FidelityLicence.objects.select_related("confirmed_by").filter(network=network).first()


# --- Side by side --------------------------------------------------------------------------------


@dataclass
class VersionView:
    version: str
    label: str
    n: int
    counts: dict[int, int]  # score or type → raters
    view: float | None  # median score (scored components) or None
    evidence: list[str] = field(default_factory=list)


@dataclass
class ComponentRow:
    component: structure.Component
    versions: list[VersionView]
    disagreement: int
    agreed: FidelityAgreement | None


@dataclass
class Grid:
    rows: list[ComponentRow]
    raters: dict[str, int]  # version → how many raters saved anything
    total: int | None

    @property
    def scored(self) -> list[ComponentRow]:
        return [r for r in self.rows if r.component.scored]

    @property
    def modifiable(self) -> list[ComponentRow]:
        return [r for r in self.rows if not r.component.scored]


def fidelity_grid(*, actor: Actor, review: FidelityReview) -> Grid:
    """Each component with each version's view side by side (n, counts, median), where versions
    disagree, and the agreed rating; the total 0-14 once every scored component is agreed. Three
    queries however many raters. No rater is named."""
    if not can_see_whole(actor, review):
        raise PermissionDenied(
            "Only the college's staff and the network team see the whole review."
        )
    responses = list(
        FidelityResponse.objects.filter(review=review).prefetch_related(
            Prefetch("ratings", queryset=FidelityRating.objects.order_by("component"))
        )
    )
    agreements = {a.component: a for a in FidelityAgreement.objects.filter(review=review)}
    raters = Counter(r.version for r in responses)
    values: dict[tuple[str, str], list[int]] = {}
    evidence: dict[tuple[str, str], list[str]] = {}
    for response in responses:
        for rating in response.ratings.all():
            key = (rating.component, response.version)
            value = rating.score if rating.score is not None else rating.type
            if value is not None:
                values.setdefault(key, []).append(value)
            if rating.evidence:
                evidence.setdefault(key, []).append(rating.evidence)
    rows = []
    for component in structure.COMPONENTS:
        views = []
        for version in structure.versions_for_component(component):
            got = values.get((component.key, version), [])
            views.append(
                VersionView(
                    version=version,
                    label=structure.VERSION_LABELS[version],
                    n=len(got),
                    counts=dict(Counter(got)),
                    view=structure.version_view(got) if component.scored else None,
                    evidence=evidence.get((component.key, version), []),
                )
            )
        level = (
            structure.disagreement({v.version: v.view for v in views}) if component.scored else 0
        )
        rows.append(ComponentRow(component, views, level, agreements.get(component.key)))
    total = structure.total({k: a.score for k, a in agreements.items()})
    return Grid(rows=rows, raters=dict(raters), total=total)


# --- Across the network --------------------------------------------------------------------------


SNAPSHOT_KIND = "colleges.fidelity_distribution"


def snapshot_scope(network: Network) -> str:
    return f"network:{network.pk}"


def live_contributors(network: Network) -> dict[str, tuple[str, int]]:
    """college id → (public id of its latest closed review in the network, that review's total).
    Read only by the snapshot service and for the network team's "changed since" count."""
    reviews = (
        FidelityReview.objects.filter(network=network, status=FidelityStatus.CLOSED)
        .prefetch_related("agreements")
        .order_by("college_id", "-closed_at")
    )
    found: dict[str, tuple[str, int]] = {}
    for review in reviews:
        key = str(review.college_id)
        if key in found:
            continue
        value = structure.total({a.component: a.score for a in review.agreements.all()})
        if value is not None:
            found[key] = (str(review.public_id), value)
    return found


@dataclass
class Distribution:
    """The latest stored snapshot of the spread of totals (never computed live)."""

    colleges: int
    suppressed: bool
    minimum: int
    spread: aggregates.Spread | None
    bands: list[tuple[str, int]]  # shown to the network team only
    published_at: datetime.datetime | None = None
    changes_since: int | None = None  # for the network team: colleges changed since


def fidelity_distribution(*, actor: Actor, network: Network) -> Distribution:
    """The spread of member colleges' latest totals from the latest snapshot
    (`services.fidelity_snapshots`), suppressed below the organisations threshold. The network
    team also sees how many colleges fall in each band and how many changed since."""
    team = access.is_team(actor, network.pk)
    if not team and not access.is_member_staff(actor, network.pk):
        raise PermissionDenied("Only the network's member colleges and team see this.")
    snapshot = aggregates.snapshot_latest(kind=SNAPSHOT_KIND, scope=snapshot_scope(network))
    data: dict[str, Any] = snapshot.data if snapshot else {}
    colleges = int(data.get("colleges", 0))
    minimum = int(data.get("minimum", aggregates.organisations_minimum()))
    hidden = data.get("median") is None
    spread = aggregates.Spread(
        contributors=colleges,
        suppressed=hidden,
        median=data.get("median"),
        lower_quartile=data.get("lower_quartile"),
        upper_quartile=data.get("upper_quartile"),
    )
    bands = [] if hidden or not team else [(b, int(n)) for b, n in data.get("bands", [])]
    changes = None
    if team:
        frozen = snapshot.contributors if snapshot else {}
        live = {k: review for k, (review, _t) in live_contributors(network).items()}
        changes = aggregates.contribution_changes(frozen, live)
    return Distribution(
        colleges=colleges,
        suppressed=hidden,
        minimum=minimum,
        spread=spread,
        bands=bands,
        published_at=snapshot.created_at if snapshot else None,
        changes_since=changes,
    )


def reviews_in_network(*, actor: Actor, network: Network) -> QuerySet[FidelityReview]:
    """Every review in the network, for its team."""
    if not access.is_team(actor, network.pk):
        raise PermissionDenied("Only the network team sees every college's reviews.")
    return (
        FidelityReview.objects.filter(network=network)
        .select_related("college")
        .prefetch_related("agreements")
        .order_by("college__name", "-created_at")
    )
