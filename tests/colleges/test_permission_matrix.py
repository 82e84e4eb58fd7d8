"""Who may see each colleges page and endpoint: a student's learning plan, attendance and
enrolments are invisible to other students, other colleges and the network's aggregates (which see
only suppressed counts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from recoverynet.colleges.models import Attendance, Certificate, StaffInvitation
from recoverynet.colleges.services import attendance as attendance_services
from recoverynet.colleges.services import college as college_services
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.colleges.services import plan as plan_services
from recoverynet.colleges.services import staff_invitations as invitation_services
from recoverynet.colleges.services import student as student_services
from recoverynet.core import tokens
from tests.conftest import make_user, sign_in
from tests.permissions import (
    COLLEGE_MANAGERS,
    COLLEGE_ROLES,
    COLLEGE_RUNNERS,
    EVERYONE,
    ROLES,
    SIGNED_IN,
    Rule,
    assert_matrix,
)

from .conftest import CollegeWorld, make_course, make_student, make_term

ALL = (*ROLES, *COLLEGE_ROLES)
ALL_SIGNED_IN = SIGNED_IN | frozenset(COLLEGE_ROLES)


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
    # A second course the student completed, with a certificate (attendance on every session).
    done = make_course(cw, term, title="Finding your voice", sessions=1)
    completed = enrolment_services.enrolment_create(actor=student, course=done)
    for past in done.sessions.all():
        Attendance.objects.create(enrolment=completed, session=past, mark="present")
    attendance_services.certificate_issue(actor=cw.manager, enrolment=completed)
    certificate = Certificate.objects.get(enrolment=completed)
    question = student_services.question_add(actor=cw.manager, college=cw.college, label="Pronouns")
    token = tokens.issue("colleges.staff_invitation", ttl=invitation_services.INVITATION_LIFETIME)
    StaffInvitation.objects.create(
        college=cw.college,
        email="invited@example.org",
        role="peer_trainer",
        token_hash=token.hash,
        expires_at=token.expires_at,
    )
    staff_row = college_services.staff_role_grant(
        actor=cw.manager,
        college=cw.college,
        user=make_user("leaving.advisor@example.org"),
        role="learning_advisor",
    )
    manage = f"/manage/colleges/{slug}"
    course_at = f"{manage}/courses/{course.public_id}"
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
            # Everything else of the colleges app (URL names in brackets).
            "college_list": "/colleges/",  # college-list
            "college_feed": f"/colleges/{slug}/feed.atom",  # college-feed
            "prospectus_pdf": f"/colleges/{slug}/terms/{term.slug}/prospectus.pdf",
            "term_ics": f"/colleges/{slug}/terms/{term.slug}/sessions.ics",
            "student_register": f"/colleges/{slug}/register/",  # register
            "plan_edit": f"/colleges/{slug}/my-plan/",
            "my_learning": "/my-learning/",
            "my_sessions_ics": "/my-learning/sessions.ics",
            "certificate_pdf": f"/certificates/{certificate.public_id}/certificate.pdf",
            "my_colleges": "/manage/colleges/",
            "register_for": f"{manage}/register-someone/",
            "term_manage": f"{manage}/terms/{term.slug}/",
            "public_page_edit": f"{manage}/public-page/",
            "venues": f"{manage}/venues/",
            "venue_edit": f"{manage}/venues/{cw.venue.pk}/",
            "staff": f"{manage}/staff/",
            "questions": f"{manage}/questions/",
            "question_edit": f"{manage}/questions/{question.pk}/",
            "term_edit": f"{manage}/terms/{term.slug}/change/",
            "course_edit": f"{course_at}/change/",
            "session_edit": f"{course_at}/sessions/{session.public_id}/",
            "session_delete": f"{course_at}/sessions/{session.public_id}/delete/",
            "invitation_accept": f"/college-invitations/{token.raw}/",
            "api_invitations": f"/api/v1/colleges/{slug}/staff-invitations",
            "api_my_enrolments": "/api/v1/me/enrolments",
            # Writes (POST only): who must not.
            "staff_revoke": f"{manage}/staff/{staff_row.pk}/remove/",
            "invitation_revoke": f"{manage}/invitations/"
            f"{StaffInvitation.objects.get().pk}/withdraw/",
            "invitation_resend": f"{manage}/invitations/"
            f"{StaffInvitation.objects.get().pk}/send-again/",
            "certificates_issue": f"{course_at}/certificates/",
            "certificate_issue": f"/my-learning/enrolments/{completed.public_id}/certificate/",
            "offer_accept": f"/my-learning/enrolments/{enrolment.public_id}/accept/",
            "enrolment_cancel": f"/my-learning/enrolments/{enrolment.public_id}/cancel/",
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


def test_college_permission_matrix_setup_and_learning_pages(cw: CollegeWorld) -> None:
    """The pages added after the first matrix: public extras, the student's own pages, set-up
    (public page, staff roles and invitations, venues, registration questions) and the term,
    course and session change pages."""
    mw = _world(cw)
    p = mw.paths
    public = frozenset(ALL)
    rules = [
        Rule(p["college_list"], public),
        Rule(p["college_feed"], public),
        Rule(p["prospectus_pdf"], public),
        Rule(p["term_ics"], public),
        # Anyone holding the link sees what it offers (accepting needs the invited address).
        Rule(p["invitation_accept"], public),
        # Every signed-in person: their own page (a student's rows are never on anyone else's).
        # The learning plan form: the college's own students only (others register first).
        Rule(p["plan_edit"], frozenset({"student", "other_student"})),
        Rule(p["my_learning"], ALL_SIGNED_IN),
        Rule(p["my_sessions_ics"], ALL_SIGNED_IN),
        Rule(p["my_colleges"], ALL_SIGNED_IN),
        Rule(p["api_my_enrolments"], ALL_SIGNED_IN, api=True),
        # A student's certificate: theirs, and the people who run the college.
        Rule(p["certificate_pdf"], frozenset({"student"}) | COLLEGE_RUNNERS),
        # Running the college: its manager (and administrators of the college and the site).
        Rule(p["register_for"], COLLEGE_RUNNERS),
        # The term's page: the college's staff (trainers find their sessions there).
        Rule(
            p["term_manage"],
            frozenset({"college_manager", "peer_trainer", "learning_advisor"}) | {"admin"},
        ),
        Rule(p["venues"], COLLEGE_RUNNERS),
        Rule(p["venue_edit"], COLLEGE_RUNNERS),
        Rule(p["questions"], COLLEGE_RUNNERS),
        Rule(p["question_edit"], COLLEGE_RUNNERS),
        Rule(p["term_edit"], COLLEGE_RUNNERS),
        Rule(p["course_edit"], COLLEGE_RUNNERS),
        Rule(p["session_edit"], COLLEGE_RUNNERS),
        Rule(p["session_delete"], COLLEGE_RUNNERS),
        # Its public page and staff list: also the coordinators of its network.
        Rule(p["public_page_edit"], COLLEGE_MANAGERS),
        Rule(p["staff"], COLLEGE_MANAGERS),
        Rule(p["api_invitations"], COLLEGE_MANAGERS, api=True),
    ]
    assert_matrix(mw, rules, roles=ALL)
    # The registration form: anyone signed in who is not a student yet (students are sent on to
    # the college's page).
    not_students = [r for r in ALL if r not in ("student", "other_student")]
    assert_matrix(mw, [Rule(p["student_register"], ALL_SIGNED_IN)], roles=not_students)
    for role in ("student", "other_student"):
        sent_on = mw.client_for(role).get(p["student_register"])
        assert sent_on.status_code == 302 and sent_on["Location"] == p["college"]


WRITES = {
    "staff_revoke": COLLEGE_MANAGERS,
    "invitation_revoke": COLLEGE_MANAGERS,
    "invitation_resend": COLLEGE_MANAGERS,
    "certificates_issue": COLLEGE_RUNNERS,
    "certificate_issue": frozenset({"student"}) | COLLEGE_RUNNERS,
    "offer_accept": frozenset({"student"}) | COLLEGE_RUNNERS,
    "enrolment_cancel": frozenset({"student"}) | COLLEGE_RUNNERS,
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_college_writes_refuse_everyone_else(cw: CollegeWorld, name: str) -> None:
    """POST-only pages: everyone outside the allowed set is sent to sign in or refused, and
    nothing changes (a student's enrolments are theirs and their college's alone)."""
    mw = _world(cw)
    before = (
        StaffInvitation.objects.filter(revoked_at=None).count(),
        Certificate.objects.count(),
        list(cw.college.staff.values_list("pk", flat=True)),
    )
    for role in ALL:
        if role in WRITES[name]:
            continue
        response = mw.client_for(role).post(mw.paths[name])
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code in (403, 404), (role, name, response.status_code)
    after = (
        StaffInvitation.objects.filter(revoked_at=None).count(),
        Certificate.objects.count(),
        list(cw.college.staff.values_list("pk", flat=True)),
    )
    assert after == before


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
