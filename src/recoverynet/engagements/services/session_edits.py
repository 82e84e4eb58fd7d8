"""Correcting and cancelling a session, recounted under the same row lock as logging one.

Every change to the days drawn down locks the allocation row first (`select_for_update`, the lock
`session_log` takes), then the session, recounts from the rows, and only then writes: an edit racing
a new session or another edit waits, so no half day is lost or counted twice. An edit that would
draw the days over the allocation is refused: the network lead approves a top-up first."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_text
from recoverynet.feedback import services as feedback_services

from ..arithmetic import Drawdown, days_text
from ..domain_events import SESSION_CANCELLED
from ..models import Allocation, Engagement, EngagementStatus, Session, SessionState
from ..selectors.cancel import session_attachments
from .common import engagement_url, require_manager
from .sessions import SessionInput, _attendance, _drawdown_locked, checked_days_and_date

ZERO = Decimal("0")
EDITABLE_STATES = (SessionState.PLANNED, SessionState.DELIVERED)


def _locked(engagement: Engagement, session_id: int) -> tuple[Allocation, Session]:
    """The allocation row, then the session: the same order as every other writer."""
    allocation = Allocation.objects.select_for_update().filter(engagement=engagement).first()
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("consultant")
        .filter(pk=session_id, engagement=engagement)
        .first()
    )
    if session is None or allocation is None:
        raise ApplicationError("not_found", "We could not find that session.", status=404)
    if session.state == SessionState.CANCELLED:
        raise ApplicationError(
            "cancelled", "That session is cancelled, so it cannot be changed.", status=409
        )
    return allocation, session


def _drawn(session: Session) -> Decimal:
    return session.days if session.state == SessionState.DELIVERED else ZERO


def _snapshot(session: Session) -> dict[str, Any]:
    return {
        "state": session.state,
        "on": session.on.isoformat(),
        "days": str(session.days),
        "consultant": session.consultant_id,
    }


@transaction.atomic
def session_edit(
    *, actor: Actor, engagement: Engagement, session_id: int, data: SessionInput
) -> Session:
    """Correct a session (date, who, days, planned or delivered, place, attendance, notes). The
    days are recounted under the lock; an invoiced session's days and state stay as invoiced."""
    require_manager(actor, engagement)
    engagement.refresh_from_db(fields=["status", "starts_on", "ends_on"])
    allocation, session = _locked(engagement, session_id)
    if data.state not in EDITABLE_STATES:
        raise ApplicationError(
            "invalid", "Say whether it is planned or delivered.", field="state", status=422
        )
    days = checked_days_and_date(engagement, data)
    values: dict[str, Any] = {
        "place": clean_text(data.place, field="place", max_length=200, single_line=True),
        "notes": clean_text(data.notes, field="notes", max_length=5000),
        **_attendance(data),
    }
    reason = clean_text(data.over_run_reason, field="over_run_reason", max_length=500)
    if session.invoiced_at is not None and (days != session.days or data.state != session.state):
        raise ApplicationError(
            "invoiced",
            "This session's days are already invoiced, so its days and whether it was delivered "
            "stay as invoiced. Ask the finance team for a credit note to correct them.",
            field="days",
            status=409,
        )
    if session.state == SessionState.DELIVERED and data.state != SessionState.DELIVERED:
        _release(actor, session, field="state")
    drawdown = _drawdown_locked(allocation)
    others = drawdown.used - _drawn(session)
    new_drawn = days if data.state == SessionState.DELIVERED else ZERO
    after = Drawdown(allocated=drawdown.allocated, used=others + new_drawn)
    if after.used > drawdown.allocated and after.used > drawdown.used:
        left = max(drawdown.allocated - others, ZERO)
        raise ApplicationError(
            "days_used_up",
            f"Only {days_text(left)} of the {days_text(drawdown.allocated)} agreed days are free "
            f"for this session, so {days_text(days)} would over-run. Someone may have just logged "
            "days. Ask the network lead to approve a top-up first.",
            field="days",
            status=409,
        )
    over = after.used > drawdown.allocated and new_drawn > 0
    before = _snapshot(session)
    session.state = data.state
    session.on = data.on
    session.consultant = data.consultant
    session.days = days
    session.over_run_reason = (reason or session.over_run_reason) if over else ""
    for name, value in values.items():
        setattr(session, name, value)
    session.save()
    if new_drawn > 0 and engagement.status == EngagementStatus.AGREED:
        Engagement.objects.filter(pk=engagement.pk).update(status=EngagementStatus.IN_PROGRESS)
        engagement.status = EngagementStatus.IN_PROGRESS
    audit.record(
        actor=actor,
        action="engagements.session.edited",
        obj=engagement,
        changes={"session": session.pk, "before": before, "after": _snapshot(session)},
    )
    return session


@transaction.atomic
def session_cancel(
    *, actor: Actor, engagement: Engagement, session_id: int, reason: str
) -> Session:
    """Cancel a session (it did not take place, or was logged by mistake): it is kept for the
    record with the reason and draws nothing down. An invoiced session cannot be cancelled, nor
    one whose feedback form people answered or that a plan or review names (decision 0042); a
    feedback form nobody answered is closed."""
    require_manager(actor, engagement)
    _allocation, session = _locked(engagement, session_id)
    reason = clean_text(reason, field="reason", max_length=500, required=True)
    if session.invoiced_at is not None:
        raise ApplicationError(
            "invoiced",
            "This session is already invoiced, so it cannot be cancelled. Ask the finance team "
            "for a credit note.",
            field="reason",
            status=409,
        )
    form_closed = _release(actor, session, field="reason")
    before = _snapshot(session)
    session.state = SessionState.CANCELLED
    session.cancel_reason = reason
    session.over_run_reason = ""
    session.save(update_fields=["state", "cancel_reason", "over_run_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="engagements.session.cancelled",
        obj=engagement,
        changes={
            "session": session.pk,
            "before": before,
            "days_freed": str(_drawn_before(before)),
            "feedback_form_closed": form_closed,
        },
    )
    domain_events.emit(
        SESSION_CANCELLED.name,
        network_slug=engagement.network.slug,
        data={
            "engagement_id": str(engagement.public_id),
            "session_id": session.pk,
            "on": session.on.isoformat(),
            "days_freed": days_text(_drawn_before(before)),
            "feedback_form_closed": form_closed,
            "url": engagement_url(engagement),
        },
    )
    return session


def _release(actor: Actor, session: Session, *, field: str) -> bool:
    """Before a session stops being delivered (inside the allocation and session locks): refuse
    when people answered its feedback form or a plan or review names it (409 `attached`); close
    a form nobody answered. Closing locks the form row first, so an answer racing this either
    lands before (and is counted here: refused) or finds the form closed. Returns whether a form
    was closed."""
    attached = session_attachments(session)
    closed = False
    if attached.form_to_close:
        feedback_services.form_close(actor=actor, form=attached.form)
        attached = session_attachments(session)  # recounted after the form's lock
        closed = True
    if attached.blockers:
        raise ApplicationError("attached", attached.message, field=field, status=409)
    return closed


def _drawn_before(before: dict[str, Any]) -> Decimal:
    return Decimal(before["days"]) if before["state"] == SessionState.DELIVERED else ZERO
