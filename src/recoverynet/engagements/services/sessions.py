"""Sessions and days delivered, drawn down from the allocation under a row lock.

Two consultants logging the last day at once: both transactions lock the allocation row
(`select_for_update`); the second waits, recounts the days used after the first commits, and is
refused with a clear message unless it gives a reason for over-running."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, dates, domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_text

from ..arithmetic import Drawdown, days_text
from ..domain_events import SESSION_DELIVERED
from ..models import (
    AGREED_STATUSES,
    Allocation,
    Engagement,
    EngagementStatus,
    Session,
    SessionState,
    TopUp,
)
from .common import engagement_url, half_days, require_manager

ZERO = Decimal("0")


@dataclass(frozen=True)
class SessionInput:
    on: datetime.date
    consultant: Any
    days: Decimal
    state: str = SessionState.DELIVERED
    place: str = ""
    notes: str = ""
    attended_staff: int | None = None
    attended_lived_experience: int | None = None
    attended_family_carers: int | None = None
    attended_other: int | None = None
    over_run_reason: str = ""


def _drawdown_locked(allocation: Allocation) -> Drawdown:
    """Recount from the rows (inside the caller's lock): never a stored counter."""
    top_ups = TopUp.objects.filter(allocation=allocation, approved_at__isnull=False).aggregate(
        total=Sum("days")
    )["total"]
    used = Session.objects.filter(
        engagement_id=allocation.engagement_id, state=SessionState.DELIVERED
    ).aggregate(total=Sum("days"))["total"]
    return Drawdown(allocated=allocation.days + (top_ups or ZERO), used=used or ZERO)


def _attendance(data: SessionInput) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for name in (
        "attended_staff",
        "attended_lived_experience",
        "attended_family_carers",
        "attended_other",
    ):
        value = getattr(data, name)
        if value is not None and (not isinstance(value, int) or not 0 <= value <= 10000):
            raise ApplicationError(
                "invalid", "Numbers attending must be between 0 and 10,000.", field=name, status=422
            )
        out[name] = value
    return out


def checked_days_and_date(engagement: Engagement, data: SessionInput) -> Decimal:
    """The checks a session's who, days and date pass, logged or corrected: a consultant on the
    engagement, whole or half days, a date within the engagement and, once delivered, not ahead.
    Returns the days."""
    team_ids = {engagement.lead_consultant_id, *(m.consultant_id for m in engagement.team.all())}
    if data.consultant is None or data.consultant.pk not in team_ids:
        raise ApplicationError(
            "invalid", "Choose a consultant on this engagement.", field="consultant", status=422
        )
    days = half_days(data.days, field="days", label="the days used", most=Decimal("5"))
    if data.on is None:
        raise ApplicationError("invalid", "Enter the date.", field="on", status=422)
    if not engagement.starts_on <= data.on <= engagement.ends_on:
        raise ApplicationError(
            "invalid",
            f"The date must be within the engagement "
            f"({engagement.starts_on:%-d %B %Y} to {engagement.ends_on:%-d %B %Y}).",
            field="on",
            status=422,
        )
    if data.state == SessionState.DELIVERED:
        dates.check_not_future(
            data.on, field="on", label="The date delivered", tz=engagement.network.tz
        )
    return days


@transaction.atomic
def session_log(*, actor: Actor, engagement: Engagement, data: SessionInput) -> Session:
    require_manager(actor, engagement)
    engagement.refresh_from_db(fields=["status", "starts_on", "ends_on"])
    if data.state not in SessionState.values:
        raise ApplicationError(
            "invalid", "Say whether it is planned or delivered.", field="state", status=422
        )
    if engagement.status not in AGREED_STATUSES or engagement.status == EngagementStatus.CLOSED:
        raise ApplicationError(
            "not_agreed",
            "Sessions can only be logged on an agreed engagement that is not closed.",
            status=409,
        )
    days = checked_days_and_date(engagement, data)
    values = {
        "place": clean_text(data.place, field="place", max_length=200, single_line=True),
        "notes": clean_text(data.notes, field="notes", max_length=5000),
        "over_run_reason": clean_text(
            data.over_run_reason, field="over_run_reason", max_length=500
        ),
        **_attendance(data),
    }
    # The lock: every logging of days on this engagement queues here.
    allocation = Allocation.objects.select_for_update().filter(engagement=engagement).first()
    if allocation is None:
        raise ApplicationError(
            "no_allocation", "This engagement has no agreed days yet.", status=409
        )
    drawdown = _drawdown_locked(allocation)
    over = data.state == SessionState.DELIVERED and drawdown.would_over_run(days)
    if over and not values["over_run_reason"]:
        left = drawdown.remaining
        raise ApplicationError(
            "days_used_up",
            (
                f"Only {days_text(left)} of the {days_text(drawdown.allocated)} agreed days "
                f"{'is' if left == 1 else 'are'} left, so {days_text(days)} would over-run. "
                "Someone may have just logged the last days. Give the reason for over-running, "
                "or ask the network lead to approve a top-up."
            ),
            field="over_run_reason",
            status=409,
        )
    if not over:
        values["over_run_reason"] = ""
    session = Session.objects.create(
        engagement=engagement,
        state=data.state,
        on=data.on,
        consultant=data.consultant,
        days=days,
        logged_by=person(actor),
        **values,
    )
    if data.state == SessionState.DELIVERED:
        if engagement.status == EngagementStatus.AGREED:
            Engagement.objects.filter(pk=engagement.pk).update(status=EngagementStatus.IN_PROGRESS)
            engagement.status = EngagementStatus.IN_PROGRESS
        after = Drawdown(allocated=drawdown.allocated, used=drawdown.used + days)
        domain_events.emit(
            SESSION_DELIVERED.name,
            network_slug=engagement.network.slug,
            data={
                "engagement_id": str(engagement.public_id),
                "session_id": session.pk,
                "on": session.on.isoformat(),
                "days": str(days),
                "level": after.level,
                "url": engagement_url(engagement),
            },
        )
    audit.record(
        actor=actor,
        action="engagements.session.logged",
        obj=engagement,
        changes={
            "session": session.pk,
            "state": session.state,
            "days": str(days),
            "over_run": over,
        },
    )
    return session


@transaction.atomic
def session_deliver(
    *, actor: Actor, engagement: Engagement, session_id: int, over_run_reason: str = ""
) -> Session:
    """A planned session took place: it now draws down the days (under the same lock)."""
    require_manager(actor, engagement)
    allocation = Allocation.objects.select_for_update().filter(engagement=engagement).first()
    session = Session.objects.filter(pk=session_id, engagement=engagement).first()
    if session is None or allocation is None:
        raise ApplicationError("not_found", "We could not find that session.", status=404)
    if session.state != SessionState.PLANNED:
        raise ApplicationError(
            "already_delivered", "That session is already delivered.", status=409
        )
    dates.check_not_future(
        session.on, field="on", label="The date delivered", tz=engagement.network.tz
    )
    reason = clean_text(over_run_reason, field="over_run_reason", max_length=500)
    drawdown = _drawdown_locked(allocation)
    if drawdown.would_over_run(session.days) and not reason:
        raise ApplicationError(
            "days_used_up",
            f"Only {days_text(drawdown.remaining)} agreed days are left. Give the reason for over-running.",
            field="over_run_reason",
            status=409,
        )
    session.state = SessionState.DELIVERED
    session.over_run_reason = reason if drawdown.would_over_run(session.days) else ""
    session.save(update_fields=["state", "over_run_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="engagements.session.delivered",
        obj=engagement,
        changes={"session": session.pk, "days": str(session.days)},
    )
    return session
