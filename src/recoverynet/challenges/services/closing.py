"""Undoing the closing of a round (issue #15, decisions 0037 and 0045): for `core.undo`'s short
window after a round was closed, while closing is still the round's latest audited change (so no
priorities were chosen since), whoever may close the round may open it again. A round whose ratings
a published benchmark snapshot counts stays closed: the snapshot is history, and reopening the round
could change what it was computed from."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.undo import require_undoable
from recoverynet.network.models import Network

from .. import access, selectors
from ..domain_events import ASSESSMENT_CLOSE_UNDONE
from ..models import AssessmentRound, RoundStatus

CLOSED_ACTION = "challenges.round.closed"


def announce(round_: AssessmentRound, event: str) -> None:
    """Tell each network of the organisation (subscribers and webhooks) about the round."""
    url = settings.SITE_URL + reverse("challenges:round-detail", args=[round_.public_id])
    for slug in selectors.organisation_network_slugs(round_.organisation):
        domain_events.emit(
            event,
            network_slug=slug,
            data={
                "round_id": str(round_.public_id),
                "organisation_id": round_.organisation_id,
                "scope": "team" if round_.team_name else "organisation",
                "framework": round_.framework.family,
                "url": url,
            },
        )


@transaction.atomic
def round_close_undo(*, actor: Actor, round_: AssessmentRound) -> AssessmentRound:
    """Open the round again, as it was before it was closed: ratings and agreed ratings can change
    and raters who had not sent theirs can send them."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can undo closing it.")
    round_ = (
        AssessmentRound.objects.select_for_update(of=("self",))
        .select_related("organisation", "framework")
        .get(pk=round_.pk)
    )
    if round_.status != RoundStatus.CLOSED:
        raise ApplicationError("not_closed", "This round is not closed.", status=409)
    entry = require_undoable(round_, CLOSED_ACTION, "Closing the round")
    # Publishers of a benchmark lock the network row first (benchmarks.benchmark_publish): holding
    # the same locks, a snapshot is either already published (and seen below) or is computed
    # after the round is open again (and leaves it out).
    slugs = selectors.organisation_network_slugs(round_.organisation)
    list(Network.objects.select_for_update().filter(slug__in=slugs).order_by("pk"))
    refusal = selectors.round_close_undo_refusal(round_)
    if refusal:
        raise ApplicationError("too_late", refusal, status=409)
    closed_at = round_.closed_at
    round_.status = RoundStatus.OPEN
    round_.closed_at = None
    round_.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(
        actor=actor,
        action=f"{CLOSED_ACTION}.undone",
        obj=round_,
        changes={
            "status": [RoundStatus.CLOSED, RoundStatus.OPEN],
            "closed_at": [closed_at and closed_at.isoformat(), None],
            "undoes": entry.pk,
        },
    )
    announce(round_, ASSESSMENT_CLOSE_UNDONE.name)
    return round_
