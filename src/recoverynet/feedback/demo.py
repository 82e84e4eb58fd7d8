"""Demo data from shared/domain/network-facts.md: the peer-worker critical debate with both rounds
closed and a visible swing (one speaker linked to a demo account, its feedback form open for the
people who came), feedback from the family, friends and carers learning-set days (with the words
the Nottingham coaching group used, among many others), and a form still being written for the
crisis plans workshop. Idempotent: a day or event that already has a form, or an event that
already has its debate, is left alone."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from recoverynet.events import selectors as event_selectors
from recoverynet.events import services as event_services
from recoverynet.events.services import DelegateInput

from . import selectors, services

User = get_user_model()
DEBATE_TITLE = "Peer worker critical debate: what is the role of peer support?"
MOTION = "Peer workers should be distinct roles"
SPEAKER, SPEAKER_EMAIL = "Sam Patel", "peer.nottingham@demo.recoverynet.example"
DRAFT_EVENT = "Workshop: co-producing crisis plans"

WORDS = [
    "Improvement in progress",
    "Hopeful",
    "Exciting",
    "Reassuring",
    "Positive",
    "Hopeful",
    "Inspiring",
    "Hopeful",
    "Positive",
    "Thought-provoking",
    "Listened to",
    "Reassuring",
    "Energising",
    "Positive",
    "Honest",
    "Together",
    "Hopeful",
    "Exciting",
]
HELPED = [
    "Hearing carers and staff talk about risk at the same table.",
    "The young carers' stories. I will not forget them.",
    "Practical ideas we can try on the ward next week.",
    "Time to plan with people from my own service.",
    "Being asked what I thought, as a relative, and being listened to.",
    "The discharge checklist we wrote together.",
]
BETTER = [
    "More time for the action plans at the end.",
    "A quieter room for the small groups.",
    "Send the slides before the day.",
    "",
    "Longer lunch so we could keep talking.",
]


def _event(title: str) -> Any:
    return next(
        (e for e in event_selectors.event_list_upcoming(network_slug="uk") if e.title == title),
        None,
    )


def _attendees(admin: Any, event: Any, n: int, prefix: str) -> list[Any]:
    """Demo people with a free place, checked in."""
    rate = next((r for r in event.rates.all() if r.net_amount == Decimal("0")), None)
    if rate is None:
        rate = event_services.rate_create(
            actor=admin,
            event=event,
            kind="free",
            name="Learning set members",
            net_amount=Decimal("0"),
        )
    people = []
    for i in range(n):
        email = f"{prefix}{i + 1}@demo.recoverynet.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, full_name=f"Demo attendee {prefix}{i + 1}"
            )
        people.append(user)
    # One group booking by the organisers for the host organisation (the learning set's cohort).
    event_services.booking_create(
        actor=admin,
        event=event,
        organisation=event.host,
        delegates=[DelegateInput(name=p.full_name, email=p.email, rate_id=rate.pk) for p in people],
    )
    emails = {p.email for p in people}
    for delegate in event_selectors.event_delegates(actor=admin, event=event):
        if delegate.email in emails and delegate.checked_in_at is None:
            event_services.delegate_check_in(actor=admin, delegate=delegate)
    return people


def _carers_feedback(admin: Any) -> int:
    made = 0
    rng = random.Random(2017)
    for day in range(1, 4):
        event = _event(f"Family, friends and carers learning set, day {day}")
        if event is None or selectors.form_for_target(
            actor=admin, kind="event", target_id=str(event.public_id)
        ):
            continue
        people = _attendees(admin, event, 12 + 2 * day, f"carers-day{day}-")
        form = services.form_create(
            actor=admin, target_kind="event", target_id=str(event.public_id)
        )
        form = services.form_open(actor=admin, form=form)
        questions = {q.purpose or q.text: q for q in form.questions.all()}
        for i, person in enumerate(people):
            answers = {
                str(questions["overall"].pk): rng.choice([5, 5, 4, 4, 4, 3]),
                str(questions["word"].pk): WORDS[(i + day * 5) % len(WORDS)],
                str(questions["recommend"].pk): rng.choice(["Yes", "Yes", "Yes", "Maybe"]),
                str(questions["What helped?"].pk): HELPED[(i + day) % len(HELPED)],
                str(questions["What could be better?"].pk): BETTER[i % len(BETTER)],
            }
            services.response_submit(actor=person, form=form, answers=answers)
            made += 1
        if day < 3:
            services.form_close(actor=admin, form=form)
    return made


def _debate(admin: Any) -> int:
    event = _event(DEBATE_TITLE)
    if (
        event is None
        or selectors.debates_for_target(
            actor=admin, kind="event", target_id=str(event.public_id)
        ).exists()
    ):
        return 0
    debate = services.debate_create(
        actor=admin,
        target_kind="event",
        target_id=str(event.public_id),
        motion=MOTION,
        description="Two speakers argue, the room votes before and after, then we talk it "
        "through at our tables.",
        walk_ins=True,
        speakers=[
            services.SpeakerInput(side="chair", name="Ruth Ellis", role="Network coordinator"),
            services.SpeakerInput(
                side="for", name="Sam Patel", role="Peer support worker, Nottinghamshire Healthcare"
            ),
            services.SpeakerInput(
                side="against", name="Dr Anna Kowalski", role="Consultant psychiatrist"
            ),
        ],
    )
    anyone = AnonymousUser()
    # 40 people in the room: 14 for, 16 against, 10 undecided before; the debate moves 16 of them.
    before = ["for"] * 14 + ["against"] * 16 + ["undecided"] * 10
    after = (
        ["for"] * 14
        + ["for"] * 6
        + ["against"] * 8
        + ["undecided"] * 2
        + ["for"] * 6
        + ["against"] * 2
        + ["undecided"] * 2
    )
    # Each phone joined with its own one-time room card.
    cards = services.cards_issue(actor=admin, obj=debate, count=len(before))
    tokens = [services.walk_in_join(actor=anyone, debate=debate, code=code) for code in cards]
    for kind, choices in (("before", before), ("after", after)):
        services.round_open(actor=admin, debate=debate, kind=kind)
        for token, choice in zip(tokens, choices, strict=True):
            services.vote_cast(actor=anyone, debate=debate, kind=kind, choice=choice, token=token)
        services.round_close(actor=admin, debate=debate, kind=kind)
    return 1


def _speaker_linked(admin: Any) -> int:
    """Sam Patel, who argues for the motion, is the demo's Nottingham peer worker: linked to that
    account, the debate shows on their own feedback page (where they may remove the link)."""
    event = _event(DEBATE_TITLE)
    if event is None:
        return 0
    debate = selectors.debates_for_target(
        actor=admin, kind="event", target_id=str(event.public_id)
    ).first()
    speaker = debate.speakers.filter(name=SPEAKER).first() if debate else None
    if debate is None or speaker is None or speaker.person_id is not None:
        return 0
    services.speaker_link(actor=admin, debate=debate, speaker_id=speaker.pk, email=SPEAKER_EMAIL)
    return 1


def _debate_form(admin: Any) -> int:
    """The debate has happened (both rounds are closed): the people who booked were checked in and
    its feedback form is open, so the demo's Nottingham people and `member` have feedback to give."""
    event = _event(DEBATE_TITLE)
    if event is None or selectors.form_for_target(
        actor=admin, kind="event", target_id=str(event.public_id)
    ):
        return 0
    for delegate in event_selectors.event_delegates(actor=admin, event=event):
        if delegate.checked_in_at is None and delegate.cancelled_at is None:
            event_services.delegate_check_in(actor=admin, delegate=delegate)
    form = services.form_create(actor=admin, target_kind="event", target_id=str(event.public_id))
    services.form_open(actor=admin, form=form)
    return 1


def _draft_form(admin: Any) -> int:
    """A form the organisers are still writing (not open yet), with one question of their own:
    its questions can still be changed, moved and removed."""
    event = _event(DRAFT_EVENT)
    if event is None or selectors.form_for_target(
        actor=admin, kind="event", target_id=str(event.public_id)
    ):
        return 0
    form = services.form_create(
        actor=admin,
        target_kind="event",
        target_id=str(event.public_id),
        title="Feedback on the crisis plans workshop",
    )
    services.question_add(
        actor=admin,
        form=form,
        data=services.QuestionInput(
            kind="long_text",
            text="Which part of your crisis plan will you change first?",
            hint="For example: who you will ask to help write it.",
            max_length=1000,
        ),
    )
    return 1


def load_demo() -> dict[str, int]:
    admin = User.objects.filter(email="admin@demo.recoverynet.example").first()
    if admin is None:
        return {}
    return {
        "feedback responses": _carers_feedback(admin),
        "debates": _debate(admin),
        "speakers linked": _speaker_linked(admin),
        "feedback forms": _debate_form(admin) + _draft_form(admin),
    }
