"""The day raters are asked to send their ratings by, and reminders before and after it (issue
#15). Reminders go through the outbox, one message per rater, from the scheduled job
`challenges.rater_reminders` (jobs.py)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, dates, outbox, tokens
from recoverynet.core.errors import PermissionDenied

from .. import access
from ..models import AssessmentRound, Rater, RoundStatus
from ._common import require_open

REMIND_DAYS_BEFORE = 3  # the first reminder: this many days before the day, or fewer
LATEST_DAYS_AHEAD = 366


def day_text(day: datetime.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def check_rate_by(rate_by: datetime.date | None) -> None:
    dates.check_date(
        rate_by,
        field="rate_by",
        label="The day to send ratings by",
        earliest=dates.today(),
        latest=dates.today() + datetime.timedelta(days=LATEST_DAYS_AHEAD),
        hint="It can be up to a year ahead.",
    )


@transaction.atomic
def round_deadline_set(
    *, actor: Actor, round_: AssessmentRound, rate_by: datetime.date | None
) -> AssessmentRound:
    """Set, change or clear the day. Raters not yet reminded for the new day will be."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can set the day to send ratings by.")
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    require_open(round_)
    check_rate_by(rate_by)
    old = round_.rate_by
    round_.rate_by = rate_by
    round_.save(update_fields=["rate_by", "updated_at"])
    if old != rate_by:
        Rater.objects.filter(round=round_).update(reminded_at=None)
    audit.record(
        actor=actor,
        action="challenges.round.deadline_set",
        obj=round_,
        changes={"rate_by": [old and old.isoformat(), rate_by and rate_by.isoformat()]},
    )
    return round_


def _due(rater: Rater, today: datetime.date) -> str:
    """ "soon", "passed" or "" (no reminder now)."""
    rate_by = rater.round.rate_by
    assert rate_by is not None
    reminded = timezone.localdate(rater.reminded_at) if rater.reminded_at else None
    if today > rate_by:
        return "passed" if reminded is None or reminded <= rate_by else ""
    if (rate_by - today).days <= REMIND_DAYS_BEFORE and reminded is None:
        return "soon"
    return ""


def rater_reminders() -> int:
    """Remind every rater who has not sent their ratings: once when the day is near, once after it
    has passed (while the round is open). Returns how many reminders were queued."""
    today = dates.today()
    raters = (
        Rater.objects.filter(
            round__status=RoundStatus.OPEN,
            round__rate_by__isnull=False,
            round__rate_by__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
            submitted_at__isnull=True,
        )
        .select_related("round__organisation", "round__framework", "round__facilitator", "user")
        .order_by("pk")
    )
    sent = 0
    for rater in raters:
        due = _due(rater, today)
        if due and (rater.user.email if rater.user else rater.email):
            _remind(rater.pk, due)
            sent += 1
    return sent


@transaction.atomic
def _remind(rater_pk: int, due: str) -> None:
    rater = (
        Rater.objects.select_for_update(of=("self",))
        .select_related("round__organisation", "round__facilitator", "user")
        .get(pk=rater_pk)
    )
    if rater.submitted_at is not None:
        return
    round_ = rater.round
    link = ""
    if rater.user is not None:
        link = settings.SITE_URL + reverse("challenges:rate", args=[round_.public_id])
    elif rater.link_claimed_at is None:
        # Only the hash of the first link is kept, so a reminder carries a new link, which replaces it.
        token = tokens.issue("challenges.rater_link", ttl=None)
        rater.token_hash = token.hash
        link = settings.SITE_URL + reverse("challenges:rate-by-link", args=[token.raw])
    rater.reminded_at = timezone.now()
    rater.save(update_fields=["token_hash", "reminded_at", "updated_at"])
    address = rater.user.email if rater.user else rater.email
    rate_by = round_.rate_by
    assert rate_by is not None
    outbox.enqueue(
        to=[address],
        subject=(
            f"Please send your ratings by {day_text(rate_by)}: {round_.title}"
            if due == "soon"
            else f"There is still time to send your ratings: {round_.title}"
        ),
        body_text=render_to_string(
            "challenges/email/reminder.txt",
            {
                "rater": rater,
                "round": round_,
                "due": due,
                "rate_by": day_text(rate_by),
                "link": link,
                "new_link": rater.user is None and bool(link),
                "facilitator": round_.facilitator,
            },
        ),
    )
    audit.record(
        actor=None,
        action="challenges.rater.reminded",
        obj=round_,
        changes={"rater": rater.pk, "due": due},
    )
