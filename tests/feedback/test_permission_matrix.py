"""Every role against the feedback and debate pages and API (tests/permissions.py)."""

from __future__ import annotations

import pytest

from recoverynet.feedback import services
from tests.permissions import EVERYONE, SIGNED_IN, UK_TEAM, Rule, assert_matrix

from .conftest import make_room

pytestmark = pytest.mark.django_db

ORGANISERS = frozenset({"coordinator_uk", "consultant_uk", "admin"})
RESULTS = UK_TEAM | {"lead_a", "staff_a"}  # the UK team and the hosting organisation
TEAM = UK_TEAM | {"coordinator_ie"}


def test_feedback_permission_matrix(world):
    room = make_room(world, people=1)
    form = services.form_create(actor=world.coordinator_uk, **room.target)
    debate = services.debate_create(
        actor=world.coordinator_uk,
        motion="A motion",
        walk_ins=True,
        speakers=[services.SpeakerInput(side="for", name="Sam Peer")],
        **room.target,
    )
    speaker = debate.speakers.get().pk
    f, d, e = form.public_id, debate.public_id, room.event.public_id
    rules = [
        Rule("/manage/feedback/", TEAM),
        Rule(f"/manage/feedback/event/{e}/", RESULTS),
        Rule(f"/manage/feedback-forms/{f}/", ORGANISERS),
        Rule(f"/feedback/{f}/results/", RESULTS),
        Rule(f"/feedback/{f}/", SIGNED_IN),
        Rule("/me/feedback/", SIGNED_IN),
        Rule("/manage/feedback/summary/uk/", UK_TEAM),
        Rule(f"/manage/debates/{d}/", ORGANISERS),
        Rule(f"/debates/{d}/projector/", ORGANISERS),
        Rule(f"/debates/{d}/projector/live/", ORGANISERS),
        Rule(f"/debates/{d}/report/", RESULTS),
        Rule(f"/vote/{d}/", EVERYONE),
        Rule("/join/", EVERYONE),
        Rule(f"/manage/debates/{d}/cards/", ORGANISERS),
        Rule(f"/manage/feedback-forms/{f}/cards/", ORGANISERS),
        Rule(f"/manage/debates/{d}/speakers/{speaker}/", ORGANISERS),
        Rule("/api/v1/feedback/speaking", SIGNED_IN, api=True),
        Rule(f"/api/v1/feedback/forms/{f}", ORGANISERS, api=True),
        Rule(f"/api/v1/feedback/forms/{f}/results", RESULTS, api=True),
        Rule(f"/api/v1/feedback/forms/{f}/response", SIGNED_IN, api=True),
        Rule(f"/api/v1/debates/{d}/results", RESULTS, api=True),
        Rule(f"/api/v1/debates/{d}", SIGNED_IN, api=True),
    ]
    assert_matrix(world, rules)
