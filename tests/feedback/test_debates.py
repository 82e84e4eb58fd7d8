"""Debates: rounds opened and closed by the chair, one vote per voter per round (changeable until
it closes), tokens, walk-ins, hidden and suppressed results, swing and movement."""

from __future__ import annotations

import pytest

from recoverynet.core.errors import ApplicationError
from recoverynet.feedback import selectors, services
from recoverynet.feedback.models import Debate, Vote, Voter

from .conftest import make_room

pytestmark = pytest.mark.django_db

MOTION = "Peer workers should be distinct roles"


@pytest.fixture
def debate(world, room):
    return services.debate_create(
        actor=world.coordinator_uk,
        motion=MOTION,
        walk_ins=True,
        speakers=[
            services.SpeakerInput(side="for", name="Sam Peer"),
            services.SpeakerInput(side="against", name="Alex Manager"),
        ],
        **room.target,
    )


def _results(world, debate):
    return selectors.debate_results(actor=world.coordinator_uk, debate=debate)


def test_a_debate_has_two_waiting_rounds_and_its_speakers(world, debate):
    assert [r.kind for r in debate.rounds.order_by("-kind")] == ["before", "after"]
    assert {s.side for s in debate.speakers.all()} == {"for", "against"}
    assert debate.min_votes == 5 and debate.walk_ins


def test_only_organisers_create_and_run_debates(world, room, debate):
    with pytest.raises(ApplicationError):
        services.debate_create(actor=world.lead_a, motion=MOTION, **room.target)
    with pytest.raises(ApplicationError):
        services.round_open(actor=world.lead_a, debate=debate, kind="before")


def test_voting_changing_and_closing(world, room, debate):
    people = room.attendees
    with pytest.raises(ApplicationError) as refused:
        services.vote_cast(actor=people[0], debate=debate, kind="before", choice="for")
    assert refused.value.code == "round_closed"  # not opened yet
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    for p in people[:6]:
        services.vote_cast(actor=p, debate=debate, kind="before", choice="against")
    services.vote_cast(actor=people[0], debate=debate, kind="before", choice="for")  # changes
    assert Vote.objects.count() == 6 and Voter.objects.count() == 6
    hidden = _results(world, debate)
    assert hidden.round("before").total is None and hidden.round("before").counts is None
    services.round_close(actor=world.coordinator_uk, debate=debate, kind="before")
    with pytest.raises(ApplicationError) as refused:
        services.vote_cast(actor=people[1], debate=debate, kind="before", choice="for")
    assert refused.value.code == "round_closed"
    shown = _results(world, debate).round("before")
    assert shown.counts == {"for": 1, "against": 5, "undecided": 0} and shown.total == 6


def test_the_after_round_waits_for_the_before_round(world, debate):
    with pytest.raises(ApplicationError) as refused:
        services.round_open(actor=world.coordinator_uk, debate=debate, kind="after")
    assert refused.value.code == "before_round_open"


def test_someone_not_checked_in_cannot_vote_as_themselves(world, room, debate):
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    for actor in (room.absent, world.outsider):
        with pytest.raises(ApplicationError) as refused:
            services.vote_cast(actor=actor, debate=debate, kind="before", choice="for")
        assert refused.value.status == 403
    assert Vote.objects.count() == 0


def test_forged_and_other_debates_tokens_are_refused(world, room, debate):
    other_room = make_room(world, people=1, prefix="o", title="Another debate day")
    other = services.debate_create(
        actor=world.coordinator_uk, motion="Another motion", walk_ins=True, **other_room.target
    )
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    services.round_open(actor=world.coordinator_uk, debate=other, kind="before")
    (card,) = services.cards_issue(actor=world.coordinator_uk, obj=other, count=1)
    other_token = services.walk_in_join(actor=world.outsider, debate=other, code=card)
    from django.contrib.auth.models import AnonymousUser

    for token in (other_token, "rv_forged", "not-even-a-token"):
        with pytest.raises(ApplicationError) as refused:
            services.vote_cast(
                actor=AnonymousUser(), debate=debate, kind="before", choice="for", token=token
            )
        assert refused.value.status == 403
    assert Vote.objects.count() == 0


def test_walk_ins_join_with_a_card_each(world, debate):
    from django.contrib.auth.models import AnonymousUser

    anyone = AnonymousUser()
    first, second = services.cards_issue(actor=world.coordinator_uk, obj=debate, count=2)
    with pytest.raises(ApplicationError) as refused:
        services.walk_in_join(actor=anyone, debate=debate, code="WRONG123")
    assert refused.value.field == "code"
    with pytest.raises(ApplicationError) as refused:
        services.walk_in_join(actor=anyone, debate=debate, code="   ")
    assert refused.value.field == "code"
    typed = f"{first[:4].lower()} {first[4:]}"  # small letters and a space are fine
    token = services.walk_in_join(actor=anyone, debate=debate, code=typed)
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    services.vote_cast(actor=anyone, debate=debate, kind="before", choice="undecided", token=token)
    services.vote_cast(actor=anyone, debate=debate, kind="before", choice="for", token=token)
    assert list(Vote.objects.values_list("choice", flat=True)) == ["for"]
    other = services.walk_in_join(actor=anyone, debate=debate, code=second)
    assert other != token


def test_no_walk_ins_unless_allowed(world, room):
    from django.contrib.auth.models import AnonymousUser

    closed = services.debate_create(actor=world.coordinator_uk, motion=MOTION, **room.target)
    with pytest.raises(ApplicationError) as refused:
        services.walk_in_join(actor=AnonymousUser(), debate=closed, code="ANYTHING")
    assert refused.value.status == 403
    with pytest.raises(ApplicationError) as refused:
        services.cards_issue(actor=world.coordinator_uk, obj=closed, count=5)
    assert refused.value.status == 403


def test_a_bad_choice_is_refused(world, room, debate):
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    with pytest.raises(ApplicationError) as refused:
        services.vote_cast(actor=room.attendees[0], debate=debate, kind="before", choice="maybe")
    assert refused.value.field == "choice"


def test_results_below_the_minimum_are_suppressed(world, room, debate):
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    for p in room.attendees[:4]:
        services.vote_cast(actor=p, debate=debate, kind="before", choice="for")
    services.round_close(actor=world.coordinator_uk, debate=debate, kind="before")
    before = _results(world, debate).round("before")
    assert before.suppressed and before.counts is None and before.total == 4


def test_swing_and_movement_from_paired_votes(world, room, debate):
    people = room.attendees
    before = ["against"] * 5 + ["undecided"] * 3 + ["for"] * 2
    after = ["for"] * 3 + ["against"] * 2 + ["for"] * 2 + ["undecided"] + ["for"] * 2
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    for p, c in zip(people, before, strict=True):
        services.vote_cast(actor=p, debate=debate, kind="before", choice=c)
    services.round_close(actor=world.coordinator_uk, debate=debate, kind="before")
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="after")
    for p, c in zip(people, after, strict=True):
        services.vote_cast(actor=p, debate=debate, kind="after", choice=c)
    services.round_close(actor=world.coordinator_uk, debate=debate, kind="after")
    r = _results(world, debate)
    assert str(r.swing["for"]) == "50.0" and str(r.swing["against"]) == "-30.0"
    assert str(r.swing["undecided"]) == "-20.0"
    m = r.movement
    assert m.paired == 10 and m.count("against", "for") == 3 and m.count("undecided", "for") == 2
    assert m.count("for", "for") == 2 and m.moved() == 5
    # Both rounds are final: attendees' tokens can never be derived again.
    assert Debate.objects.get(pk=debate.pk).salt == ""


def test_motion_cannot_change_after_voting_starts(world, debate):
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    with pytest.raises(ApplicationError) as refused:
        services.debate_update(
            actor=world.coordinator_uk,
            debate=debate,
            motion="Changed",
            description="",
            label_for="For",
            label_against="Against",
            label_undecided="Undecided",
            walk_ins=True,
            min_votes=5,
        )
    assert refused.value.code == "debate_started"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"motion": "  "}, "motion"),
        ({"motion": "m" * 301}, "motion"),
        ({"label_for": "Same", "label_against": "same"}, "label_undecided"),
        ({"min_votes": 0}, "min_votes"),
        ({"speakers": [services.SpeakerInput(side="middle", name="X")]}, "speakers.0.side"),
    ],
)
def test_bad_debates_are_refused(world, room, changes, field):
    values = {"motion": MOTION, **changes}
    with pytest.raises(ApplicationError) as refused:
        services.debate_create(actor=world.coordinator_uk, **room.target, **values)
    assert refused.value.field == field
    assert Debate.objects.count() == 0
