"""Many phones voting and changing their votes at once, and the chair closing a round while votes
are in flight, on a real PostgreSQL: the tally always equals the distinct voters."""

from __future__ import annotations

import random
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections

from recoverynet.core.errors import ApplicationError
from recoverynet.feedback import selectors, services
from recoverynet.feedback.models import Respondent, Response, Vote
from tests.conftest import build_world

from .conftest import answers_for, make_room

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


def _run(workers, target):
    errors: list[BaseException] = []
    lock = threading.Lock()

    def wrapped(i):
        try:
            target(i)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=wrapped, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_many_voters_casting_and_changing_never_lose_or_double_count():
    world = build_world()
    room = make_room(world, people=2)
    debate = services.debate_create(
        actor=world.coordinator_uk,
        motion="Peer workers should be distinct roles",
        walk_ins=True,
        **room.target,
    )
    voters = 40
    tokens = [
        services.walk_in_join(actor=AnonymousUser(), debate=debate, code=code)
        for code in services.cards_issue(actor=world.coordinator_uk, obj=debate, count=voters)
    ]
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    final: dict[int, str] = {}
    barrier = threading.Barrier(voters)

    def vote(i):
        rng = random.Random(i)
        barrier.wait()
        choice = "for"
        for _ in range(4):  # cast, then change three times
            choice = rng.choice(["for", "against", "undecided"])
            services.vote_cast(
                actor=AnonymousUser(), debate=debate, kind="before", choice=choice, token=tokens[i]
            )
        final[i] = choice

    errors = _run(voters, vote)
    assert errors == []
    services.round_close(actor=world.coordinator_uk, debate=debate, kind="before")
    assert Vote.objects.filter(round__debate=debate).count() == voters
    result = selectors.debate_results(actor=world.coordinator_uk, debate=debate).round("before")
    assert result.total == voters
    expected = {
        c: sum(1 for v in final.values() if v == c) for c in ("for", "against", "undecided")
    }
    assert result.counts == expected


def test_no_vote_gets_in_after_the_round_closes():
    world = build_world()
    room = make_room(world, people=1)
    debate = services.debate_create(
        actor=world.coordinator_uk, motion="A motion", walk_ins=True, **room.target
    )
    voters = 30
    tokens = [
        services.walk_in_join(actor=AnonymousUser(), debate=debate, code=code)
        for code in services.cards_issue(actor=world.coordinator_uk, obj=debate, count=voters)
    ]
    services.round_open(actor=world.coordinator_uk, debate=debate, kind="before")
    accepted: list[int] = []
    refused: list[str] = []
    barrier = threading.Barrier(voters + 1)
    lock = threading.Lock()

    def work(i):
        barrier.wait()
        if i == voters:
            services.round_close(actor=world.coordinator_uk, debate=debate, kind="before")
            return
        try:
            services.vote_cast(
                actor=AnonymousUser(), debate=debate, kind="before", choice="for", token=tokens[i]
            )
        except ApplicationError as exc:
            with lock:
                refused.append(exc.code)
        else:
            with lock:
                accepted.append(i)

    assert _run(voters + 1, work) == []
    assert set(refused) <= {"round_closed"}
    # Every vote that was told "your vote is in" is counted, and nothing else.
    assert Vote.objects.filter(round__debate=debate).count() == len(accepted)


def test_the_same_person_answering_twice_at_once_gives_one_response():
    world = build_world()
    room = make_room(world, people=1)
    form = services.form_open(
        actor=world.coordinator_uk,
        form=services.form_create(actor=world.coordinator_uk, **room.target),
    )
    person = room.attendees[0]
    barrier = threading.Barrier(6)

    def answer(i):
        barrier.wait()
        services.response_submit(
            actor=person, form=form, answers=answers_for(form, rating=1 + i % 5)
        )

    assert _run(6, answer) == []
    assert Respondent.objects.filter(form=form).count() == 1
    assert Response.objects.filter(form=form).count() == 1
