"""The day raters are asked to send their ratings by, and the round's reminder schedule (issue #15,
decision 0045). Reminders go through the outbox, one message per rater, from the scheduled job
`challenges.rater_reminders` (jobs.py): each rater gets at most one e-mail for each step of the
schedule and at most one a day, never once they have sent their ratings or the round is closed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, dates, outbox, tokens
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import access
from ..models import REMINDER_DAY_CHOICES, AssessmentRound, Rater, RaterReminder, RoundStatus
from ._common import require_open

LATEST_DAYS_AHEAD = 366
# A step missed (the job did not run, or the day was set late) is still sent for this many days
# after its own day, unless the next step's day has come.
CATCH_UP_DAYS = 2


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


def step_label(step: int) -> str:
    """ "3 days before", "on the day", "1 day after"."""
    if step == 0:
        return "on the day"
    days = abs(step)
    when = "2 weeks" if days == 14 else "1 week" if days == 7 else f"{days} day{'s' * (days != 1)}"
    return f"{when} {'before' if step < 0 else 'after'}"


def schedule_text(steps: Iterable[int]) -> str:
    """The schedule in words: "3 days before, on the day and 3 days after"."""
    labels = [step_label(s) for s in sorted(steps)]
    if not labels:
        return "no reminders"
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def check_reminder_days(days: object) -> list[int]:
    """The schedule, sorted and without repeats, or a 422 naming `reminder_days`."""
    allowed = ", ".join(str(d) for d in REMINDER_DAY_CHOICES)
    if not isinstance(days, list | tuple) or not all(
        isinstance(d, int) and not isinstance(d, bool) and d in REMINDER_DAY_CHOICES for d in days
    ):
        raise ApplicationError(
            "invalid",
            f"Choose when reminders go from the steps offered (days from the day: {allowed}).",
            field="reminder_days",
            status=422,
        )
    return sorted(set(days))


@transaction.atomic
def round_deadline_set(
    *,
    actor: Actor,
    round_: AssessmentRound,
    rate_by: datetime.date | None,
    reminder_days: list[int] | None = None,
) -> AssessmentRound:
    """Set, change or clear the day, and (unless `reminder_days` is None) the reminder schedule.
    Reminders sent for an earlier day do not count for a new one, but still keep to one a day."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can set the day to send ratings by.")
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    require_open(round_)
    check_rate_by(rate_by)
    old_steps = list(round_.reminder_days)
    steps = old_steps if reminder_days is None else check_reminder_days(reminder_days)
    old = round_.rate_by
    round_.rate_by = rate_by
    round_.reminder_days = steps
    round_.save(update_fields=["rate_by", "reminder_days", "updated_at"])
    changes: dict[str, object] = {
        "rate_by": [old and old.isoformat(), rate_by and rate_by.isoformat()]
    }
    if steps != old_steps:
        changes["reminder_days"] = [old_steps, steps]
    audit.record(actor=actor, action="challenges.round.deadline_set", obj=round_, changes=changes)
    return round_


def due_step(rate_by: datetime.date, steps: Iterable[int], today: datetime.date) -> int | None:
    """The step of the schedule whose reminder is due today, if any: the latest whose day has
    come, while the next step's day has not and for `CATCH_UP_DAYS` after its own day."""
    ordered = sorted(steps)
    for index, step in enumerate(ordered):
        day = rate_by + datetime.timedelta(days=step)
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        until = day + datetime.timedelta(days=CATCH_UP_DAYS)
        if following is not None:
            until = min(until, rate_by + datetime.timedelta(days=following - 1))
        if day <= today <= until:
            return step
    return None


def rater_reminders() -> int:
    """Queue today's reminders: for each open round with a day set and a step due today, every
    rater who has not sent their ratings and was not reminded for this step (or today). Safe to
    run twice, or twice at once. Returns how many reminders were queued."""
    today = dates.today()
    rounds = AssessmentRound.objects.filter(
        status=RoundStatus.OPEN,
        rate_by__isnull=False,
        rate_by__gte=today - datetime.timedelta(days=max(REMINDER_DAY_CHOICES) + CATCH_UP_DAYS),
        rate_by__lte=today - datetime.timedelta(days=min(REMINDER_DAY_CHOICES)),
    ).order_by("pk")
    sent = 0
    for round_ in rounds:
        assert round_.rate_by is not None
        step = due_step(round_.rate_by, round_.reminder_days, today)
        if step is None:
            continue
        step_day = round_.rate_by + datetime.timedelta(days=step)
        reminded = RaterReminder.objects.filter(rater=OuterRef("pk")).filter(
            Q(rate_by=round_.rate_by, sent_on__gte=step_day) | Q(sent_on=today)
        )
        raters = (
            Rater.objects.filter(round=round_, submitted_at__isnull=True)
            .filter(~Exists(reminded))
            .values_list("pk", flat=True)
            .order_by("pk")
        )
        for rater_pk in list(raters):
            sent += _remind(rater_pk, round_.rate_by, step, today)
    return sent


@transaction.atomic
def _remind(rater_pk: int, rate_by: datetime.date, step: int, today: datetime.date) -> bool:
    """One reminder, checked again under a lock on the rater (another run may have sent it)."""
    rater = (
        Rater.objects.select_for_update(of=("self",))
        .select_related("round__organisation", "round__facilitator", "user")
        .get(pk=rater_pk)
    )
    round_ = rater.round
    address = rater.user.email if rater.user else rater.email
    step_day = rate_by + datetime.timedelta(days=step)
    if (
        not address
        or rater.submitted_at is not None
        or round_.status != RoundStatus.OPEN
        or round_.rate_by != rate_by
        or rater.reminders.filter(rate_by=rate_by, sent_on__gte=step_day).exists()
        or rater.reminders.filter(sent_on=today).exists()
    ):
        return False
    try:
        with transaction.atomic():  # the constraints are the last word when two runs race
            RaterReminder.objects.create(rater=rater, rate_by=rate_by, step=step, sent_on=today)
    except IntegrityError:
        return False
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
    due = "soon" if today < rate_by else "today" if today == rate_by else "passed"
    subject = {
        "soon": f"Please send your ratings by {day_text(rate_by)}: {round_.title}",
        "today": f"Today is the day to send your ratings: {round_.title}",
        "passed": f"There is still time to send your ratings: {round_.title}",
    }[due]
    outbox.enqueue(
        to=[address],
        subject=subject,
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
        changes={"rater": rater.pk, "due": due, "step": step},
    )
    return True
