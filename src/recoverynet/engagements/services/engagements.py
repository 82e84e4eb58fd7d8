"""Engagements: set up, status, allocation and approved top-ups (the original is never edited
once agreed), phases and milestones, buddying goals and log, the client's quote."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_name, clean_text
from recoverynet.network import access as network_access
from recoverynet.network.models import Network, Organisation

from .. import access
from ..domain_events import ENGAGEMENT_AGREED, ENGAGEMENT_CLOSED
from ..models import (
    AGREED_STATUSES,
    NEXT_STATUSES,
    Allocation,
    Engagement,
    EngagementClient,
    EngagementKind,
    EngagementStatus,
    InvoicingMode,
    SessionState,
    TeamMember,
    TopUp,
)
from . import invoicing, variations
from .common import engagement_url, half_days, money, require_manager


@dataclass(frozen=True)
class EngagementInput:
    kind: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    organisations: Sequence[Organisation]
    lead_consultant: Any
    summary: str = ""
    team: Sequence[tuple[Any, str]] = field(default_factory=tuple)  # (consultant, expertise)
    challenges: Sequence[int] = field(default_factory=tuple)
    invoicing: str = InvoicingMode.NONE
    fee_net: Decimal | None = None
    day_rate_net: Decimal | None = None
    purchase_order: str = ""
    client_contact_name: str = ""
    client_contact_email: str = ""
    days: Decimal | None = None


def _is_consultant(user: Any, network: Network) -> bool:
    kinds = network_access.roles(user).team.get(network.pk, frozenset())
    return bool(kinds & access.CONSULTING_ROLES)


def _check(network: Network, data: EngagementInput) -> dict[str, Any]:
    if data.kind not in EngagementKind.values:
        raise ApplicationError(
            "invalid", "Choose what kind of engagement it is.", field="kind", status=422
        )
    if data.starts_on is None or data.ends_on is None:
        raise ApplicationError(
            "invalid", "Enter the start and end dates.", field="starts_on", status=422
        )
    if data.ends_on < data.starts_on:
        raise ApplicationError(
            "invalid",
            "The end date must be on or after the start date.",
            field="ends_on",
            status=422,
        )
    if (data.ends_on - data.starts_on).days > 366 * 5:
        raise ApplicationError(
            "invalid", "An engagement can last at most five years.", field="ends_on", status=422
        )
    orgs = list(dict.fromkeys(data.organisations))
    if not orgs:
        raise ApplicationError(
            "invalid", "Choose at least one client organisation.", field="organisations", status=422
        )
    if data.kind == EngagementKind.BUDDYING and len(orgs) != 2:
        raise ApplicationError(
            "invalid",
            "A buddying arrangement pairs exactly two organisations.",
            field="organisations",
            status=422,
        )
    for org in orgs:
        if network.pk not in network_access.organisation_network_ids(org) and (
            org.added_by_network_id != network.pk
        ):
            raise ApplicationError(
                "invalid",
                f"{org.name} is not a member of {network.name}.",
                field="organisations",
                status=422,
            )
    if data.lead_consultant is None or not _is_consultant(data.lead_consultant, network):
        raise ApplicationError(
            "invalid",
            "The lead consultant must be a consultant or coordinator on the network's team.",
            field="lead_consultant",
            status=422,
        )
    team: dict[int, tuple[Any, str]] = {}
    for consultant, expertise in data.team:
        if not _is_consultant(consultant, network):
            raise ApplicationError(
                "invalid",
                f"{consultant.email} is not a consultant on the network's team.",
                field="team",
                status=422,
            )
        team[consultant.pk] = (
            consultant,
            clean_text(expertise, field="expertise", max_length=200, single_line=True),
        )
    challenges = sorted(set(data.challenges))
    if any(not isinstance(n, int) or not 1 <= n <= 10 for n in challenges):
        raise ApplicationError(
            "invalid", "Challenges are numbered 1 to 10.", field="challenges", status=422
        )
    if data.invoicing not in InvoicingMode.values:
        raise ApplicationError(
            "invalid", "Choose how it is invoiced.", field="invoicing", status=422
        )
    return {
        "kind": data.kind,
        "title": clean_name(data.title, field="title", max_length=200),
        "summary": clean_text(data.summary, field="summary", max_length=5000),
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "lead_consultant": data.lead_consultant,
        "challenges": challenges,
        "invoicing": data.invoicing,
        "fee_net": money(data.fee_net, field="fee_net", label="The fee"),
        "day_rate_net": money(data.day_rate_net, field="day_rate_net", label="The day rate"),
        "purchase_order": clean_text(
            data.purchase_order, field="purchase_order", max_length=100, single_line=True
        ),
        "client_contact_name": clean_text(
            data.client_contact_name, field="client_contact_name", max_length=200, single_line=True
        ),
        "client_contact_email": clean_text(
            data.client_contact_email,
            field="client_contact_email",
            max_length=254,
            single_line=True,
        ),
        "_orgs": orgs,
        "_team": list(team.values()),
    }


@transaction.atomic
def engagement_create(*, actor: Actor, network: Network, data: EngagementInput) -> Engagement:
    """The network lead or one of the network's consultants records a new engagement (an
    enquiry). Days, if given, become its allocation."""
    if not (
        access.is_network_lead(actor, network.pk)
        or network.pk in access.consulting_network_ids(actor)
    ):
        raise PermissionDenied("Only the network's consultants and its lead can add engagements.")
    values = _check(network, data)
    orgs = values.pop("_orgs")
    team = values.pop("_team")
    days = half_days(data.days, field="days", label="the days") if data.days is not None else None
    engagement = Engagement.objects.create(network=network, created_by=person(actor), **values)
    EngagementClient.objects.bulk_create(
        EngagementClient(engagement=engagement, organisation=org) for org in orgs
    )
    TeamMember.objects.bulk_create(
        TeamMember(engagement=engagement, consultant=c, expertise=e) for c, e in team
    )
    if days is not None:
        Allocation.objects.create(engagement=engagement, days=days, agreed_by=None)
    audit.record(
        actor=actor,
        action="engagements.engagement.created",
        obj=engagement,
        changes={"title": engagement.title, "kind": engagement.kind, "days": str(days or "")},
    )
    return engagement


@transaction.atomic
def allocation_set(*, actor: Actor, engagement: Engagement, days: Decimal) -> Allocation:
    """Set the days while the engagement is being discussed. Once agreed, the original stays as it
    was: more days are a top-up (a variation) that the network lead approves."""
    require_manager(actor, engagement)
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    days = half_days(days, field="days", label="the days")
    if engagement.status in AGREED_STATUSES:
        raise ApplicationError(
            "allocation_agreed",
            "The agreed days cannot be changed. Add a variation (a top-up) instead.",
            field="days",
            status=409,
        )
    allocation, created = Allocation.objects.update_or_create(
        engagement=engagement, defaults={"days": days}
    )
    audit.record(
        actor=actor,
        action="engagements.allocation.set",
        obj=engagement,
        changes={"days": str(days), "new": created},
    )
    return allocation


@transaction.atomic
def top_up_request(*, actor: Actor, engagement: Engagement, days: Decimal, reason: str) -> TopUp:
    require_manager(actor, engagement)
    allocation = Allocation.objects.select_for_update().filter(engagement=engagement).first()
    if allocation is None:
        raise ApplicationError(
            "no_allocation",
            "Set the agreed days before adding a variation.",
            field="days",
            status=409,
        )
    days = half_days(days, field="days", label="the extra days", most=Decimal("100"))
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    top_up = TopUp.objects.create(
        allocation=allocation, days=days, reason=reason, requested_by=person(actor)
    )
    audit.record(
        actor=actor,
        action="engagements.top_up.requested",
        obj=engagement,
        changes={"days": str(days), "top_up": top_up.pk},
    )
    return top_up


@transaction.atomic
def top_up_approve(*, actor: Actor, engagement: Engagement, top_up_id: int) -> TopUp:
    if not access.can_approve_top_up(actor, engagement):
        raise PermissionDenied("Only the network lead can approve extra days.")
    top_up = variations.locked_undecided(engagement, top_up_id)
    top_up.approved_by = person(actor)
    top_up.approved_at = timezone.now()
    top_up.save(update_fields=["approved_by", "approved_at", "updated_at"])
    audit.record(
        actor=actor,
        action="engagements.top_up.approved",
        obj=engagement,
        changes={"days": str(top_up.days), "top_up": top_up.pk},
    )
    return top_up


@transaction.atomic
def engagement_status_set(*, actor: Actor, engagement: Engagement, status: str) -> Engagement:
    """Move along enquiry → proposed → agreed → in progress → closed (or not going ahead).
    Agreeing needs the days; a fee invoiced "when agreed" is invoiced then."""
    require_manager(actor, engagement)
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if status not in NEXT_STATUSES.get(engagement.status, ()):
        allowed = ", ".join(
            EngagementStatus(s).label.lower() for s in NEXT_STATUSES[engagement.status]
        )
        raise ApplicationError(
            "invalid_status",
            f"From {engagement.get_status_display().lower()} it can only go to: {allowed or 'nothing'}.",
            field="status",
            status=409,
        )
    allocation = Allocation.objects.filter(engagement=engagement).first()
    if status == EngagementStatus.AGREED and allocation is None:
        raise ApplicationError(
            "no_allocation",
            "Set the agreed days before marking it agreed.",
            field="status",
            status=409,
        )
    before = engagement.status
    engagement.status = status
    engagement.save(update_fields=["status", "updated_at"])
    if status == EngagementStatus.AGREED and allocation is not None:
        allocation.agreed_by = person(actor)
        allocation.save(update_fields=["agreed_by", "updated_at"])
        if engagement.invoicing == InvoicingMode.ON_AGREEMENT and engagement.fee_net > 0:
            invoicing.invoice_fee(actor=actor, engagement=engagement)
        domain_events.emit(
            ENGAGEMENT_AGREED.name,
            network_slug=engagement.network.slug,
            data={
                "engagement_id": str(engagement.public_id),
                "kind": engagement.kind,
                "organisation_ids": [c.organisation_id for c in engagement.clients.all()],
                "days": str(allocation.days),
                "url": engagement_url(engagement),
            },
        )
    if status == EngagementStatus.CLOSED:
        used = sum(
            (s.days for s in engagement.sessions.filter(state=SessionState.DELIVERED)), Decimal("0")
        )
        domain_events.emit(
            ENGAGEMENT_CLOSED.name,
            network_slug=engagement.network.slug,
            data={
                "engagement_id": str(engagement.public_id),
                "days_used": str(used),
                "url": engagement_url(engagement),
            },
        )
    audit.record(
        actor=actor,
        action="engagements.engagement.status",
        obj=engagement,
        changes={"status": [before, status]},
    )
    return engagement
