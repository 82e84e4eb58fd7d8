"""The Learning Network's pages and endpoints × every role (extends tests/permissions.py): a
college's fidelity reviews, peer reviews and mentoring are its own, its review team's and the
network team's; a student sees only their own ratings; other colleges see nothing of them."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from recoverynet.colleges.services import fidelity as fidelity_services
from recoverynet.colleges.services import mentoring as mentoring_services
from recoverynet.colleges.services import peer_review as peer_services
from tests.conftest import sign_in
from tests.permissions import COLLEGE_NETWORK_ROLES, ROLES, Rule, assert_matrix

from .conftest import make_student

pytestmark = pytest.mark.django_db

UK_TEAM = frozenset({"editor_uk", "consultant_uk", "coordinator_uk", "admin"})
UK_SUPPORT = frozenset({"consultant_uk", "coordinator_uk", "admin"})
COLLEGE_STAFF = frozenset({"college_manager", "college_peer_trainer"})
MEMBER_STAFF = COLLEGE_STAFF | {"other_college_manager"}


class MatrixWorld:
    def __init__(self, cw, student):
        self.cw = cw
        self.people = {
            "college_manager": cw.manager,
            "college_peer_trainer": cw.peer_trainer,
            "college_student": student,
            "other_college_manager": cw.other_manager,
        }

    def client_for(self, role: str) -> Client:
        if role in self.people:
            return sign_in(Client(), self.people[role])
        return self.cw.world.client_for(role)


def test_learning_network_matrix(cw):
    student, _ = make_student(cw, "matrix.student@example.org", "Matrix Student")
    world = cw.world
    review = fidelity_services.fidelity_review_start(
        actor=cw.manager, college=cw.college, network=world.uk, title="Spring 2027"
    )
    peer = peer_services.peer_review_start(
        actor=world.consultant_uk, network=world.uk, college=cw.college
    )
    mentoring_services.mentor_capacity_set(actor=world.admin, college=cw.other_college, capacity=1)
    pair = mentoring_services.pair_create(
        actor=world.admin,
        network=world.uk,
        mentor=cw.other_college,
        mentee=cw.college,
        started_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    f, p, m = review.public_id, peer.public_id, pair.public_id
    # The peer trainer also works at Beta (the other college), the mentor: staff of both see the pair.
    rules = [
        Rule("/colleges/alpha-college/fidelity/", COLLEGE_STAFF | UK_TEAM),
        Rule(f"/fidelity/{f}/rate/", COLLEGE_STAFF | {"college_student"}),
        Rule("/learning-network/uk/", MEMBER_STAFF | UK_TEAM),
        Rule("/learning-network/uk/fidelity/", MEMBER_STAFF | UK_TEAM),
        Rule("/learning-network/uk/report/", UK_TEAM),
        Rule("/learning-network/uk/report.csv", UK_TEAM),
        Rule("/learning-network/uk/report.xlsx", UK_TEAM),
        Rule("/learning-network/uk/peer-reviews/", UK_TEAM),
        Rule("/learning-network/uk/mentoring/", UK_TEAM),
        Rule(
            "/manage/learning-network/uk/fidelity-wording/", frozenset({"coordinator_uk", "admin"})
        ),
        Rule(f"/peer-reviews/{p}/", COLLEGE_STAFF | UK_TEAM),
        Rule(f"/peer-reviews/{p}/self-review/", frozenset({"college_manager"}) | UK_SUPPORT),
        Rule(f"/mentoring/{m}/", MEMBER_STAFF | UK_TEAM),
        Rule("/api/v1/colleges/alpha-college/fidelity-reviews", COLLEGE_STAFF | UK_TEAM, api=True),
        Rule(f"/api/v1/fidelity-reviews/{f}", COLLEGE_STAFF | UK_TEAM, api=True),
        Rule(
            f"/api/v1/fidelity-reviews/{f}/my-ratings",
            COLLEGE_STAFF | UK_TEAM | {"college_student"},
            api=True,
        ),
        Rule("/api/v1/learning-network/uk/fidelity-distribution", MEMBER_STAFF | UK_TEAM, api=True),
        Rule(f"/api/v1/peer-reviews/{p}", COLLEGE_STAFF | UK_TEAM, api=True),
    ]
    matrix = MatrixWorld(cw, student)
    assert_matrix(matrix, rules, roles=(*ROLES, *COLLEGE_NETWORK_ROLES))
    # The whole review: a student is sent on to their own ratings (checked in the fidelity tests).
    everyone_but_the_student = [
        r for r in (*ROLES, *COLLEGE_NETWORK_ROLES) if r != "college_student"
    ]
    assert_matrix(
        matrix, [Rule(f"/fidelity/{f}/", COLLEGE_STAFF | UK_TEAM)], roles=everyone_but_the_student
    )
