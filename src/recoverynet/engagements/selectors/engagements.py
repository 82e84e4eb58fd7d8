"""Reads for engagements: access checked, days used and allocated counted in the same query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from recoverynet.accounts.actors import Actor
from recoverynet.challenges import selectors as challenge_selectors
from recoverynet.core.charts import Bar, Chart, Group
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.network.models import Network

from .. import access
from ..arithmetic import Burn, Drawdown, burn
from ..models import (
    Engagement,
    EngagementClient,
    Session,
    SessionState,
    TeamMember,
    TopUp,
)

ZERO = Decimal("0")
_DAYS = DecimalField(max_digits=8, decimal_places=1)


class View:
    TEAM = "team"  # the network lead and the consultants on it: everything
    CLIENT = "client"  # a client's recovery lead: agreed, days, sessions, outputs, invoices
    BUDDY = "buddy"  # a buddying partner's recovery lead: shared goals and log only


def _with_days(qs: QuerySet[Engagement]) -> QuerySet[Engagement]:
    used = (
        Session.objects.filter(engagement=OuterRef("pk"), state=SessionState.DELIVERED)
        .values("engagement")
        .annotate(total=Sum("days"))
        .values("total")
    )
    top_ups = (
        TopUp.objects.filter(allocation__engagement=OuterRef("pk"), approved_at__isnull=False)
        .values("allocation")
        .annotate(total=Sum("days"))
        .values("total")
    )
    return qs.annotate(
        days_used=Coalesce(Subquery(used, output_field=_DAYS), Value(ZERO), output_field=_DAYS),
        days_topped_up=Coalesce(
            Subquery(top_ups, output_field=_DAYS), Value(ZERO), output_field=_DAYS
        ),
    )


def _base() -> QuerySet[Engagement]:
    return _with_days(
        Engagement.objects.select_related(
            "network", "lead_consultant", "allocation"
        ).prefetch_related(
            Prefetch("clients", queryset=EngagementClient.objects.select_related("organisation")),
            Prefetch("team", queryset=TeamMember.objects.select_related("consultant")),
        )
    )


def drawdown(engagement: Engagement) -> Drawdown:
    """From the annotations (`_with_days`) where present, else counted."""
    allocation = getattr(engagement, "allocation", None) if _has_allocation(engagement) else None
    base = allocation.days if allocation is not None else ZERO
    topped = getattr(engagement, "days_topped_up", None)
    used = getattr(engagement, "days_used", None)
    if topped is None or used is None:
        topped = (
            TopUp.objects.filter(
                allocation__engagement=engagement, approved_at__isnull=False
            ).aggregate(t=Sum("days"))["t"]
            or ZERO
        )
        used = (
            engagement.sessions.filter(state=SessionState.DELIVERED).aggregate(t=Sum("days"))["t"]
            or ZERO
        )
    return Drawdown(allocated=base + topped, used=used)


def _has_allocation(engagement: Engagement) -> bool:
    try:
        engagement.allocation  # noqa: B018  (loaded by select_related, or one query)
    except Engagement.allocation.RelatedObjectDoesNotExist:
        return False
    return True


def engagement_burn(engagement: Engagement, today: datetime.date | None = None) -> Burn:
    return burn(
        drawdown(engagement),
        engagement.starts_on,
        engagement.ends_on,
        today or engagement.network.today(),
    )


def burn_chart(engagement: Engagement, today: datetime.date | None = None) -> Chart:
    b = engagement_burn(engagement, today)
    top = max(100, int(b.used_percent), int(b.time_percent))
    return Chart(
        id=f"burn-{engagement.public_id}",
        title="Days used against time gone",
        description=f"{b.sentence}.",
        series=("Per cent",),
        groups=(
            Group(label="Days used", bars=(Bar(label="Per cent", value=float(b.used_percent)),)),
            Group(label="Time gone", bars=(Bar(label="Per cent", value=float(b.time_percent)),)),
        ),
        scale_max=top,
        row_heading="Measure",
        axis_label="Per cent",
        missing="None",
    )


def engagements_for_team(*, actor: Actor, network: Network | None = None) -> QuerySet[Engagement]:
    """The engagements the actor works on (all of a network's for its lead). Empty for others."""
    qs = _base().filter(access.team_q(actor))
    if network is not None:
        qs = qs.filter(network=network)
    # The id last: the lists are shown a page at a time, and ties must not move between pages.
    return qs.distinct().order_by("-starts_on", "title", "pk")


def engagements_for_client(*, actor: Actor) -> QuerySet[Engagement]:
    """The engagements of the organisations the actor is recovery lead of."""
    return _base().filter(access.client_q(actor)).distinct().order_by("-starts_on", "title", "pk")


@dataclass(frozen=True)
class Found:
    engagement: Engagement
    view: str


def engagement_get(*, actor: Actor, public_id: Any) -> Found:
    engagement = (
        _base()
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("consultant").order_by("on", "created_at"),
            ),
            Prefetch("allocation__top_ups", queryset=TopUp.objects.select_related("approved_by")),
            "phases",
            "milestones",
            "outputs",
            "shared_goals",
            "log__author",
        )
        .filter(public_id=public_id)
        .first()
    )
    if engagement is None:
        raise NotFound("We could not find that engagement.")
    if access.can_manage(actor, engagement):
        return Found(engagement, View.TEAM)
    if access.is_client_lead(actor, engagement):
        return Found(engagement, View.BUDDY if engagement.is_buddying else View.CLIENT)
    raise NotFound("We could not find that engagement.")


def invoices(*, actor: Actor, found: Found) -> list[Any]:
    """The engagement's invoices, for the team and the client (never for buddying partners)."""
    if found.view == View.BUDDY:
        return []
    return list(found.engagement.invoices.order_by("sequence_number"))


def rounds_side_by_side(*, actor: Actor, found: Found) -> list[Any]:
    """The client's self-assessment rounds before and after, where the actor may see them."""
    if found.view == View.BUDDY:
        return []
    out: list[Any] = []
    for label, public_id in (
        ("Before", found.engagement.round_before),
        ("After", found.engagement.round_after),
    ):
        if public_id is None:
            continue
        try:
            out.append((label, challenge_selectors.round_get(actor=actor, public_id=public_id)))
        except NotFound:
            continue
    return out


def client_rounds(*, actor: Actor, found: Found) -> list[Any]:
    """Every self-assessment round of the engagement's clients that the actor may see (to link)."""
    out: list[Any] = []
    for client in found.engagement.clients.all():
        try:
            out.extend(
                challenge_selectors.rounds_for_organisation(
                    actor=actor, organisation=client.organisation
                )
            )
        except ApplicationError:
            continue
    return out
