"""Colleges racing for a mentor's last place, and two ratings of one review saved at once, on a real
PostgreSQL (row locks): capacity is never exceeded and nothing is duplicated."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from recoverynet.colleges.models.network import FidelityRating, MentoringPair
from recoverynet.colleges.services import fidelity as fidelity_services
from recoverynet.colleges.services import mentoring as services
from recoverynet.core.errors import ApplicationError
from tests.conftest import build_world

from .conftest import build_college_world
from .network_helpers import add_college
from .test_concurrency import _race

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


def test_many_pairings_at_once_never_exceed_the_mentors_capacity() -> None:
    cw = build_college_world(build_world())
    world = cw.world
    services.mentor_capacity_set(actor=world.admin, college=cw.other_college, capacity=2)
    mentees = [add_college(world, f"Racing College {i}", f"racing-{i}") for i in range(8)]
    today = timezone.localdate() - datetime.timedelta(days=1)

    def pair(i: int) -> str:
        try:
            services.pair_create(
                actor=world.admin,
                network=world.uk,
                mentor=cw.other_college,
                mentee=mentees[i],
                started_on=today,
            )
        except ApplicationError as exc:
            return exc.code
        return "paired"

    results, errors = _race(mentees, pair)
    assert errors == []
    assert sorted(results).count("paired") == 2
    assert sorted(results).count("no_capacity") == 6
    assert MentoringPair.objects.filter(mentor=cw.other_college, ended_on__isnull=True).count() == 2


def test_one_rater_saving_twice_at_once_keeps_one_rating() -> None:
    cw = build_college_world(build_world())
    review = fidelity_services.fidelity_review_start(
        actor=cw.manager, college=cw.college, network=cw.world.uk, title="Race"
    )

    def save(i: int) -> str:
        fidelity_services.fidelity_ratings_save(
            actor=cw.peer_trainer,
            review=review,
            ratings=[fidelity_services.RatingInput("learning", score=i % 3)],
        )
        return "saved"

    results, errors = _race(list(range(6)), save)
    assert errors == []
    assert results == ["saved"] * 6
    assert FidelityRating.objects.filter(response__review=review, component="learning").count() == 1
