"""Turning down a variation (a top-up): the network lead says why, and whoever asked is told by
e-mail through the outbox (one message, to them alone)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, outbox
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access
from ..arithmetic import days_text
from ..models import Engagement, TopUp
from .common import engagement_url


def locked_undecided(engagement: Engagement, top_up_id: int) -> TopUp:
    """The top-up, locked, refusing one already approved or turned down."""
    top_up = (
        TopUp.objects.select_for_update(of=("self",))
        .select_related("requested_by")
        .filter(pk=top_up_id, allocation__engagement=engagement)
        .first()
    )
    if top_up is None:
        raise ApplicationError("not_found", "We could not find that variation.", status=404)
    if top_up.approved_at is not None:
        raise ApplicationError(
            "already_approved", "That variation is already approved.", status=409
        )
    if top_up.rejected_at is not None:
        raise ApplicationError(
            "already_rejected", "That variation has already been turned down.", status=409
        )
    return top_up


@transaction.atomic
def top_up_reject(*, actor: Actor, engagement: Engagement, top_up_id: int, reason: str) -> TopUp:
    if not access.can_approve_top_up(actor, engagement):
        raise PermissionDenied("Only the network lead can turn down extra days.")
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    top_up = locked_undecided(engagement, top_up_id)
    top_up.rejected_by = person(actor)
    top_up.rejected_at = timezone.now()
    top_up.rejection_reason = reason
    top_up.save(update_fields=["rejected_by", "rejected_at", "rejection_reason", "updated_at"])
    requester = top_up.requested_by
    if requester is not None and requester.email:
        outbox.enqueue(
            to=[requester.email],
            subject=f"Extra days not approved: {engagement.title}",
            body_text=(
                f"The network lead has not approved the {days_text(top_up.days)} extra days "
                f"you asked for on {engagement.title}.\n\n"
                f"Their reason: {reason}\n\n"
                f"You asked because: {top_up.reason}\n\n"
                f"See the engagement: {settings.SITE_URL}{engagement_url(engagement)}\n"
            ),
        )
    audit.record(
        actor=actor,
        action="engagements.top_up.rejected",
        obj=engagement,
        changes={"days": str(top_up.days), "top_up": top_up.pk, "told": requester is not None},
    )
    return top_up
