"""Who may see each colleges page and endpoint: a student's learning plan, attendance and
enrolments are invisible to other students, other colleges and the network's aggregates (which see
only suppressed counts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client

from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.colleges.services import plan as plan_services
from tests.conftest import sign_in
from tests.permissions import COLLEGE_ROLES, EVERYONE, ROLES, Rule, assert_matrix

from .conftest import CollegeWorld, make_course, make_student, make_term

ALL = (*ROLES, *COLLEGE_ROLES)
COLLEGE_RUNNERS = frozenset({"college_manager", "admin"})


@dataclass
class MatrixWorld:
    cw: CollegeWorld
    people: dict[str, Any]
    paths: dict[str, str]

    def client_for(self, role: str) -> Client:
        if role == "anonymous":
            return Client()
        user = self.people.get(role) or getattr(self.cw.world, role)
        return sign_in(Client(), user)


def _world(cw: CollegeWorld) -> MatrixWorld:
    term = make_term(cw)
    course = make_course(cw, term)
    student, record = make_student(cw, "matrix.student@example.org", "Mo")
    other, _ = make_student(cw, "matrix.other@example.org", "Ola")
    enrolment = enrolment_services.enrolment_create(actor=student, course=course)
    enrolment_services.enrolment_create(actor=other, course=course)
    plan = plan_services.plan_save(actor=student, student=record, goals="My own goals")
    plan_services.plan_share(actor=student, plan=plan, advisor=cw.advisor)
    session = course.sessions.get(number=1)
    slug = cw.college.slug
    return MatrixWorld(
        cw=cw,
        people={
            "student": student,
            "other_student": other,
            "college_manager": cw.manager,
            "peer_trainer": cw.peer_trainer,
            "learning_advisor": cw.advisor,
            "other_college_manager": cw.other_manager,
        },
        paths={
            "college": f"/colleges/{slug}/",
            "prospectus": f"/colleges/{slug}/terms/{term.slug}/",
            "course": f"/courses/{course.public_id}/",
            "plan": f"/learning-plans/{plan.public_id}/",
            "register": f"/manage/colleges/{slug}/sessions/{session.pk}/register/",
            "manage": f"/manage/colleges/{slug}/",
            "course_manage": f"/manage/colleges/{slug}/courses/{course.public_id}/",
            "report": f"/manage/colleges/{slug}/terms/{term.slug}/report/",
            "api_attendance": f"/api/v1/sessions/{session.pk}/attendance",
            "api_course": f"/api/v1/courses/{course.public_id}",
            "enrolment_cancel_api": f"/api/v1/enrolments/{enrolment.public_id}/cancel",
        },
    )


def test_college_permission_matrix(cw: CollegeWorld) -> None:
    mw = _world(cw)
    p = mw.paths
    staff = frozenset({"college_manager", "peer_trainer", "learning_advisor", "admin"})
    rules = [
        Rule(p["college"], frozenset(ALL)),
        Rule(p["prospectus"], frozenset(ALL)),
        Rule(p["course"], frozenset(ALL)),
        Rule(p["api_course"], frozenset(ALL), api=True),
        # The learning plan: its student and the advisor it is shared with. Not the manager, not
        # the network team, not an administrator.
        Rule(p["plan"], frozenset({"student", "learning_advisor"})),
        Rule(p["register"], frozenset({"college_manager", "peer_trainer", "admin"})),
        Rule(
            p["api_attendance"], frozenset({"college_manager", "peer_trainer", "admin"}), api=True
        ),
        Rule(p["manage"], staff),
        Rule(p["course_manage"], staff),
        # Reports: the college's runners, and (suppressed) the team of its network.
        Rule(p["report"], COLLEGE_RUNNERS | {"coordinator_uk", "consultant_uk", "editor_uk"}),
    ]
    assert frozenset(ALL) >= EVERYONE
    assert_matrix(mw, rules, roles=ALL)


def test_my_learning_shows_only_my_own(cw: CollegeWorld) -> None:
    mw = _world(cw)
    page = mw.client_for("other_student").get("/my-learning/").content.decode()
    assert "My learning plan at" not in page  # Ola has no plan; Mo's is never shown to her
    mine = mw.client_for("student").get("/my-learning/").content.decode()
    assert "My learning plan at" in mine


def test_nobody_else_cancels_an_enrolment(cw: CollegeWorld) -> None:
    mw = _world(cw)
    for role in ("other_student", "peer_trainer", "other_college_manager", "outsider"):
        response = mw.client_for(role).post(mw.paths["enrolment_cancel_api"])
        assert response.status_code == 404, role
