"""generate_scale for feedback (see core/scale.py): a feedback form on nine in ten past published
events (12,000 at full size; a few upcoming ones have a form still in draft), each with the
default questions and two of the organisers' own, about 200,000 responses with 1,000,000 answers;
and 300 critical debates on events with their speakers, before and after rounds, 60,000 voters
and 120,000 votes (`scale_debates.py`).

The rules of the app hold in the data:

- Only people who attended answer: the events generator checks nobody in, so this one records
  attendance on past events (`_check_in`): nine places in ten are checked in, and the first place
  of each confirmed booking is the booker's own (their name and address; not for the busy booker,
  whose "My bookings" shape stays the events generator's). Respondents are drawn from those
  checked-in bookers; everyone else answers with a room card (a used `RoomCard` with its token).
- Responses and answers carry no person; `Respondent` only says who answered (one per form and
  person), inserted in another order than the responses. A closed form has no salt and no edit
  tags; an open one (its event ended less than two weeks ago) keeps both, each response's tag
  keyed as the service keys it (with this run's secret key).
- A debate's voters are random token digests; walk-ins came in with used room cards; the tally
  is only ever counted from the votes (no counters exist to keep).

Shapes for bench/pages.py: the busy form with 500 responses, on "events.busy_event" when that
event is over (its checked-in bookers, the rest with room cards), else on the past event with most
people checked in (most of its 500 then with room cards); one card's device token is
`SCALE_CARD_TOKEN`. The busy debate, on the same event, has 1,000 votes in each round. Ids left:
"feedback.forms", "feedback.busy_event", "feedback.busy_form", "feedback.debates",
"feedback.busy_debate".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import connection
from django.db.models import F

from recoverynet.accounts.models import User
from recoverynet.core.scale import Progress, ScaleContext, insert, register
from recoverynet.network.scale import SCALE_DOMAIN

from .models import FeedbackForm, FormStatus, Question
from .scale_answers import AnswerPlan, question_rows, responses_for, salt, short_code
from .scale_debates import generate_debates

# Events are another domain app: read through the app registry, its values as stored.
Event = apps.get_model("events", "Event")
Booking = apps.get_model("events", "Booking")
Delegate = apps.get_model("events", "Delegate")
CONFIRMED, PUBLISHED = "confirmed", "published"

# The busy form's room card: a device holding this token answers it without a sign-in (the
# benchmark's "anonymous answering" page). Benchmark installations only.
SCALE_CARD_TOKEN = "rf_scale-benchmark-card-2026"
BUSY_FORM_RESPONSES = 500
FORM_SHARE = 0.9  # of past published events
DRAFT_SHARE = 0.05  # of upcoming published events
OPEN_DAYS = 14  # a form closes two weeks after its event ends
CHUNK = 400  # forms per round of inserts


@dataclass(frozen=True)
class EventRow:
    id: int
    public_id: str
    title: str
    network_id: int
    host_id: int | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def generate(ctx: ScaleContext) -> None:
    attendees = _check_in(ctx)
    events = _events(ctx)
    past = [e for e in events if e.ends_at < ctx.anchor]
    upcoming = [e for e in events if e.ends_at >= ctx.anchor]
    busy = _busy_event(ctx, past, attendees)
    chosen = [e for e in past if e.id == busy.id or ctx.rng.random() < FORM_SHARE]
    chosen += [e for e in upcoming if ctx.rng.random() < DRAFT_SHARE]
    team = _team_by_network(ctx)
    codes: set[str] = set()
    progress = Progress(ctx, "feedback forms", len(chosen))
    for start in range(0, len(chosen), CHUNK):
        _forms(ctx, chosen[start : start + CHUNK], busy, attendees, team, codes)
        progress.step(len(chosen[start : start + CHUNK]))
    progress.close()
    generate_debates(ctx, busy, past, upcoming, attendees, team)


def _check_in(ctx: ScaleContext) -> dict[int, list[int]]:
    """Attendance on past published events (see the module text); returns each event's checked-in
    people who have an account (the bookers in their own place), in id order."""
    busy = (ctx.ids.get("events.busy_booker") or [0])[0]
    with connection.cursor() as cursor:
        cursor.execute(
            _ATTENDANCE_SQL,
            [
                f"%0@{SCALE_DOMAIN}",
                busy,
                CONFIRMED,
                PUBLISHED,
                ctx.anchor,
            ],
        )
        ctx.counts["places (attendance updated)"] = cursor.rowcount
    found: dict[int, list[int]] = {}
    for event_id, user_id in (
        Delegate.objects.filter(
            booking__status=CONFIRMED,
            booking__event__status=PUBLISHED,
            booking__event__ends_at__lt=ctx.anchor,
            cancelled_at__isnull=True,
            checked_in_at__isnull=False,
            email=F("booking__booker__email"),
        )
        .order_by("booking__event_id", "booking__booker_id")
        .values_list("booking__event_id", "booking__booker_id")
        .distinct()
    ):
        found.setdefault(event_id, []).append(user_id)
    return found


_PLACE, _BOOKING, _EVENT = (m._meta.db_table for m in (Delegate, Booking, Event))
# One write a place: nine in ten checked in (one in ten, by the generated address's last digit,
# did not come), and the first place of each booking made the booker's own (not the busy
# booker's). UPDATE … FROM (PostgreSQL; SQLite since 3.33) with a window function (SQLite 3.25).
_ATTENDANCE_SQL = f"""
    UPDATE {_PLACE} SET
        checked_in_at = CASE WHEN x.came THEN x.starts_at ELSE {_PLACE}.checked_in_at END,
        email = COALESCE(x.own_email, {_PLACE}.email),
        name = COALESCE(x.own_name, {_PLACE}.name)
    FROM (
        SELECT y.id, y.starts_at, y.came, u.email AS own_email, u.full_name AS own_name
        FROM (
            SELECT d.id, e.starts_at, d.email NOT LIKE %s AS came,
                CASE WHEN b.booker_id <> %s
                    AND ROW_NUMBER() OVER (PARTITION BY d.booking_id ORDER BY d.id) = 1
                    THEN b.booker_id END AS own
            FROM {_PLACE} d
            JOIN {_BOOKING} b ON b.id = d.booking_id
            JOIN {_EVENT} e ON e.id = b.event_id
            WHERE b.status = %s AND e.status = %s AND e.ends_at < %s AND d.cancelled_at IS NULL
        ) y LEFT JOIN {User._meta.db_table} u ON u.id = y.own
    ) x
    WHERE {_PLACE}.id = x.id AND (x.came OR x.own_email IS NOT NULL)
"""  # noqa: S608 (table names are our own)


def _events(ctx: ScaleContext) -> list[EventRow]:
    return [
        EventRow(pk, str(public_id), title, network, host, starts, ends)
        for pk, public_id, title, network, host, starts, ends in Event.objects.filter(
            pk__in=ctx.ids["events.events"], status=PUBLISHED
        )
        .order_by("pk")
        .values_list("pk", "public_id", "title", "network_id", "host_id", "starts_at", "ends_at")
    ]


def _busy_event(
    ctx: ScaleContext, past: list[EventRow], attendees: dict[int, list[int]]
) -> EventRow:
    """The events generator's busy event when it is over; otherwise the past event with most
    people checked in (an upcoming event has nobody to answer yet)."""
    busy_ids = ctx.ids.get("events.busy_event", [])
    found = next((e for e in past if e.id in busy_ids), None)
    if found is None:
        found = max(past, key=lambda e: (len(attendees.get(e.id, [])), -e.id))
    ctx.ids["feedback.busy_event"] = [found.id]
    return found


def _team_by_network(ctx: ScaleContext) -> dict[int, list[int]]:
    """Each network's coordinators (network.scale: the i-th is in network i % 3)."""
    networks = ctx.ids["network.networks"]
    team: dict[int, list[int]] = {n: [] for n in networks}
    for i, user in enumerate(ctx.ids["network.team"]):
        team[networks[i % len(networks)]].append(user)
    return team


def _forms(
    ctx: ScaleContext,
    events: list[EventRow],
    busy: EventRow,
    attendees: dict[int, list[int]],
    team: dict[int, list[int]],
    codes: set[str],
) -> None:
    forms = insert(ctx, FeedbackForm, [_form(ctx, e, team, codes) for e in events])
    ids = [f.pk for f in forms]
    ctx.ids.setdefault("feedback.forms", []).extend(ids)
    if any(e.id == busy.id for e in events):
        ctx.ids["feedback.busy_form"] = [forms[[e.id for e in events].index(busy.id)].pk]
    questions = insert(ctx, Question, [q for f in forms for q in question_rows(f.pk)])
    by_form: dict[int, list[Question]] = {}
    for q in questions:
        by_form.setdefault(q.form_id, []).append(q)
    plans = [
        AnswerPlan(
            form=form,
            questions=by_form[form.pk],
            attendees=attendees.get(event.id, []),
            busy=event.id == busy.id,
            card_token=SCALE_CARD_TOKEN if event.id == busy.id else "",
            responses_wanted=BUSY_FORM_RESPONSES if event.id == busy.id else 0,
        )
        for form, event in zip(forms, events, strict=True)
        if form.status != FormStatus.DRAFT
    ]
    responses_for(ctx, plans)


def _form(
    ctx: ScaleContext, event: EventRow, team: dict[int, list[int]], codes: set[str]
) -> FeedbackForm:
    closes = event.ends_at + datetime.timedelta(days=OPEN_DAYS)
    over = event.ends_at < ctx.anchor
    status = (
        FormStatus.DRAFT
        if not over
        else FormStatus.OPEN
        if closes > ctx.anchor
        else FormStatus.CLOSED
    )
    return FeedbackForm(
        public_id=ctx.uuid(),
        target_kind="event",
        target_id=event.public_id,
        target_label=event.title[:300],
        network_id=event.network_id,
        host_id=event.host_id,
        title=f"Feedback on {event.title}"[:200],
        status=status,
        target_ends_at=event.ends_at,
        closes_at=closes if over else None,
        invite_delay_hours=2,
        invitations_sent_at=event.ends_at + datetime.timedelta(hours=2) if over else None,
        salt=salt(ctx) if status == FormStatus.OPEN else "",
        short_code=short_code(ctx, codes),
        created_by_id=ctx.rng.choice(team[event.network_id]),
    )


register("Feedback forms and critical debates", 80, generate)
