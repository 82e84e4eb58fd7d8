"""Programme structure (phases and milestones, a milestone's fee invoiced when reached), a buddying
pair's shared goals and meeting log, and the client's quote kept for use with consent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access
from ..models import Engagement, InvoicingMode, LogEntry, Milestone, Phase, SharedGoal
from . import invoicing, structure
from .common import in_engagement, require_manager


@transaction.atomic
def phase_add(
    *,
    actor: Actor,
    engagement: Engagement,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Phase:
    require_manager(actor, engagement)
    phase = Phase.objects.create(
        engagement=engagement, **structure.phase_values(engagement, title, starts_on, ends_on)
    )
    audit.record(
        actor=actor,
        action="engagements.phase.added",
        obj=engagement,
        changes={"phase": phase.title},
    )
    return phase


@transaction.atomic
def milestone_add(
    *,
    actor: Actor,
    engagement: Engagement,
    title: str,
    due_on: datetime.date,
    fee_net: Decimal | None = None,
    phase: Phase | None = None,
) -> Milestone:
    require_manager(actor, engagement)
    milestone = Milestone.objects.create(
        engagement=engagement,
        **structure.milestone_values(engagement, title, due_on, fee_net, phase),
    )
    audit.record(
        actor=actor,
        action="engagements.milestone.added",
        obj=engagement,
        changes={"milestone": milestone.title},
    )
    return milestone


@transaction.atomic
def milestone_reach(
    *, actor: Actor, engagement: Engagement, milestone_id: int, reached_on: datetime.date
) -> Milestone:
    """Mark a milestone reached; with invoicing per milestone, its fee is invoiced (once)."""
    require_manager(actor, engagement)
    milestone = (
        Milestone.objects.select_for_update().filter(pk=milestone_id, engagement=engagement).first()
    )
    if milestone is None:
        raise ApplicationError("not_found", "We could not find that milestone.", status=404)
    if milestone.reached_on is not None:
        raise ApplicationError("already_reached", "That milestone is already reached.", status=409)
    in_engagement(engagement, reached_on, field="reached_on", label="the day it was reached")
    milestone.reached_on = reached_on
    milestone.save(update_fields=["reached_on", "updated_at"])
    if engagement.invoicing == InvoicingMode.PER_MILESTONE and milestone.fee_net > 0:
        invoicing.invoice_milestone(actor=actor, engagement=engagement, milestone=milestone)
    audit.record(
        actor=actor,
        action="engagements.milestone.reached",
        obj=engagement,
        changes={"milestone": milestone.title},
    )
    return milestone


@transaction.atomic
def shared_goal_add(*, actor: Actor, engagement: Engagement, text: str) -> SharedGoal:
    require_manager(actor, engagement)
    goal = SharedGoal.objects.create(
        engagement=engagement, text=structure.goal_text(engagement, text)
    )
    audit.record(
        actor=actor, action="engagements.goal.added", obj=engagement, changes={"goal": goal.pk}
    )
    return goal


@transaction.atomic
def log_entry_add(
    *, actor: Actor, engagement: Engagement, on: datetime.date, text: str
) -> LogEntry:
    """A buddying meeting: written by the network team or either partner's recovery lead."""
    if not (access.can_manage(actor, engagement) or access.is_client_lead(actor, engagement)):
        raise PermissionDenied("Only the partners and the network team can add to the log.")
    if not engagement.is_buddying:
        raise ApplicationError(
            "invalid", "The meeting log belongs to buddying pairs.", field="text", status=409
        )
    in_engagement(engagement, on, field="on", label="the meeting date")
    entry = LogEntry.objects.create(
        engagement=engagement,
        on=on,
        text=clean_text(text, field="text", max_length=5000, required=True),
        author=person(actor),
    )
    audit.record(
        actor=actor, action="engagements.log.added", obj=engagement, changes={"entry": entry.pk}
    )
    return entry


@transaction.atomic
def quote_set(*, actor: Actor, engagement: Engagement, quote: str, consent: bool) -> Engagement:
    """The client's own words, kept for use only with their consent (no consent: nothing kept)."""
    require_manager(actor, engagement)
    quote = clean_text(quote, field="quote", max_length=500)
    if quote and not consent:
        raise ApplicationError(
            "consent_needed",
            "Only keep a quote for use when the client has agreed to it.",
            field="consent",
            status=422,
        )
    engagement.client_quote = quote
    engagement.quote_consent = bool(quote) and consent
    engagement.save(update_fields=["client_quote", "quote_consent", "updated_at"])
    audit.record(
        actor=actor, action="engagements.quote.set", obj=engagement, changes={"consent": consent}
    )
    return engagement
