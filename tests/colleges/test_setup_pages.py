"""The pages for setting a college up and changing its courses: the public page, venues, staff
roles, registration questions, a term, a course and a session. Happy path, who must not get in,
bad input (nothing written) and constant queries on the list pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recoverynet.colleges.models import (
    CollegeStaff,
    RegistrationQuestion,
    StaffInvitation,
    StaffRole,
    Venue,
)
from recoverynet.colleges.services import college as college_services
from recoverynet.colleges.services import student as student_services
from recoverynet.core.models import AuditEntry
from tests.conftest import make_user, page_queries, sign_in

from .conftest import CollegeWorld, make_course, make_term

pytestmark = pytest.mark.django_db
BAD_TEXT = ["", "   ", "a\x00b", "x" * 201]


def _url(name: str, cw: CollegeWorld, *args: object) -> str:
    return reverse(f"colleges:{name}", args=[cw.college.slug, *args])


def test_the_college_page_links_to_every_setup_page(cw: CollegeWorld) -> None:
    page = sign_in(Client(), cw.manager).get(_url("college-manage", cw)).content.decode()
    for name in ("public-page-edit", "staff", "venues", "questions"):
        assert _url(name, cw) in page
    administrator = sign_in(Client(), cw.administrator).get(_url("college-manage", cw))
    body = administrator.content.decode()
    assert _url("venues", cw) in body and _url("staff", cw) not in body


def test_public_page_is_changed_and_shown(cw: CollegeWorld) -> None:
    client = sign_in(Client(), cw.manager)
    data = {
        "name": "Alpha Recovery College",
        "who_for": "Anyone aged 16 or over who lives in Alphashire.",
        "how_to_enrol": "Register online, or phone us.",
        "contact_email": "hello@alpha.example",
        "contact_phone": "01234 567890",
        "website": "https://alpha.example",
    }
    response = client.post(_url("public-page-edit", cw), data)
    assert response.status_code == 302
    public = Client().get(reverse("colleges:college-detail", args=[cw.college.slug]))
    body = public.content.decode()
    assert "aged 16 or over" in body and "hello@alpha.example" in body and "The Hub" in body
    assert "Step-free access" in body
    assert AuditEntry.objects.filter(action="colleges.college.updated").exists()


@pytest.mark.parametrize("name", BAD_TEXT)
def test_public_page_refuses_bad_names(cw: CollegeWorld, name: str) -> None:
    client = sign_in(Client(), cw.manager)
    response = client.post(_url("public-page-edit", cw), {"name": name, "website": "nope"})
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    cw.college.refresh_from_db()
    assert cw.college.name == "Alpha Recovery College"


@pytest.mark.parametrize(
    "name", ["public-page-edit", "staff", "venues", "questions", "register-for"]
)
def test_setup_pages_are_not_for_others(cw: CollegeWorld, name: str) -> None:
    url = _url(name, cw)
    assert Client().get(url).status_code == 302  # sign in first
    for who in (cw.other_manager, cw.peer_trainer, cw.advisor, cw.world.outsider):
        assert sign_in(Client(), who).get(url).status_code in (403, 404)
        assert sign_in(Client(), who).post(url, {"name": "Taken over"}).status_code in (403, 404)
    assert not Venue.objects.filter(name="Taken over").exists()


def test_venues_add_change_and_refuse_duplicates(cw: CollegeWorld) -> None:
    client = sign_in(Client(), cw.administrator)
    added = client.post(
        _url("venues", cw),
        {"name": "The Library", "address": "2 Low Road", "access_information": "Lift to floor 2."},
    )
    assert added.status_code == 302
    venue = Venue.objects.get(name="The Library")
    twice = client.post(_url("venues", cw), {"name": "The Library"})
    assert twice.status_code == 400 and "already has a venue" in twice.content.decode()
    changed = client.post(
        _url("venue-edit", cw, venue.pk),
        {"name": "The Old Library", "access_information": "Lift to every floor."},
    )
    assert changed.status_code == 302
    venue.refresh_from_db()
    assert (venue.name, venue.access_information) == ("The Old Library", "Lift to every floor.")
    assert AuditEntry.objects.filter(action="colleges.venue.updated").exists()
    for bad in BAD_TEXT:
        response = client.post(_url("venue-edit", cw, venue.pk), {"name": bad})
        assert response.status_code == 400
    venue.refresh_from_db()
    assert venue.name == "The Old Library"
    # A venue of another college is not found.
    theirs = college_services.venue_create(
        actor=cw.world.admin, college=cw.other_college, name="Beta Hall"
    )
    assert client.get(_url("venue-edit", cw, theirs.pk)).status_code == 404


def test_venue_list_queries_do_not_grow(cw: CollegeWorld) -> None:
    client = sign_in(Client(), cw.manager)
    few = page_queries(client, _url("venues", cw))
    for i in range(5):
        college_services.venue_create(actor=cw.manager, college=cw.college, name=f"Room {i}")
    assert page_queries(client, _url("venues", cw)) == few


def test_staff_roles_given_and_removed(cw: CollegeWorld) -> None:
    newcomer = make_user("newcomer@example.org", full_name="New Comer")
    client = sign_in(Client(), cw.manager)
    given = client.post(
        _url("staff", cw), {"email": "NEWCOMER@example.org", "role": StaffRole.PEER_TRAINER}
    )
    assert given.status_code == 302
    row = CollegeStaff.objects.get(user=newcomer, college=cw.college)
    again = client.post(_url("staff", cw), {"email": newcomer.email, "role": "peer_trainer"})
    assert again.status_code == 400 and "already have that role" in again.content.decode()
    # No account with that address: an invitation instead (tests/colleges/test_staff_invitations.py).
    nobody = client.post(_url("staff", cw), {"email": "nobody@example.org", "role": "manager"})
    assert nobody.status_code == 302
    assert StaffInvitation.objects.filter(email="nobody@example.org", role="manager").exists()
    bad_role = client.post(_url("staff", cw), {"email": newcomer.email, "role": "owner"})
    assert bad_role.status_code == 400
    removed = client.post(_url("staff-revoke", cw, row.pk))
    assert removed.status_code == 302
    assert not CollegeStaff.objects.filter(pk=row.pk).exists()
    assert AuditEntry.objects.filter(action="colleges.staff.revoked").exists()
    # Another college's manager cannot remove anyone here.
    mine = CollegeStaff.objects.get(user=cw.peer_trainer, college=cw.college)
    other = sign_in(Client(), cw.other_manager)
    assert other.post(_url("staff-revoke", cw, mine.pk)).status_code in (403, 404)
    assert other.get(_url("staff-revoke", cw, mine.pk)).status_code == 405
    assert CollegeStaff.objects.filter(pk=mine.pk).exists()


def test_staff_list_queries_do_not_grow(cw: CollegeWorld) -> None:
    client = sign_in(Client(), cw.manager)
    few = page_queries(client, _url("staff", cw))
    for i in range(4):
        user = make_user(f"trainer{i}@example.org")
        college_services.staff_role_grant(
            actor=cw.manager, college=cw.college, user=user, role="peer_trainer"
        )
    assert page_queries(client, _url("staff", cw)) == few


def test_registration_questions_managed_and_asked(cw: CollegeWorld) -> None:
    client = sign_in(Client(), cw.manager)
    added = client.post(
        _url("questions", cw),
        {"label": "How did you hear about us?", "hint": "A friend, a leaflet…", "required": "on"},
    )
    assert added.status_code == 302
    question = RegistrationQuestion.objects.get(college=cw.college)
    assert question.required
    register = reverse("colleges:register", args=[cw.college.slug])
    student = sign_in(Client(), make_user("asked@example.org"))
    assert "How did you hear about us?" in student.get(register).content.decode()
    stopped = client.post(
        _url("question-edit", cw, question.pk), {"label": "How did you hear about us?"}
    )
    assert stopped.status_code == 302
    question.refresh_from_db()
    assert not question.active and not question.required
    assert "How did you hear" not in student.get(register).content.decode()
    assert "No longer asked" in client.get(_url("questions", cw)).content.decode()
    for bad in BAD_TEXT:
        assert client.post(_url("questions", cw), {"label": bad}).status_code == 400
    assert RegistrationQuestion.objects.filter(college=cw.college).count() == 1
    assert AuditEntry.objects.filter(action="colleges.question.updated").exists()


def test_question_list_queries_do_not_grow(cw: CollegeWorld) -> None:
    client = sign_in(Client(), cw.manager)
    few = page_queries(client, _url("questions", cw))
    for i in range(4):
        student_services.question_add(actor=cw.manager, college=cw.college, label=f"Q {i}")
    assert page_queries(client, _url("questions", cw)) == few


def test_term_course_and_session_are_changed(cw: CollegeWorld) -> None:
    term = make_term(cw)
    course = make_course(cw, term, capacity=5, first_session_required=False)
    session = course.sessions.get(number=2)
    client = sign_in(Client(), cw.manager)
    term_page = client.get(_url("term-manage", cw, term.slug)).content.decode()
    assert _url("term-edit", cw, term.slug) in term_page
    response = client.post(
        _url("term-edit", cw, term.slug),
        {"name": "Spring 2027 (new dates)", "starts_on": "2027-01-05", "ends_on": "2027-04-01"},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.name == "Spring 2027 (new dates)" and term.slug == "spring-2027"
    course_page = client.get(_url("course-manage", cw, course.public_id)).content.decode()
    assert _url("course-edit", cw, course.public_id) in course_page
    assert _url("session-edit", cw, course.public_id, session.public_id) in course_page
    form = client.get(_url("course-edit", cw, course.public_id))
    data = {k: v for k, v in form.context["form"].initial.items() if v not in (None, False)}
    data.update({"capacity": 8, "first_session_required": "on", "who_for": "Carers too."})
    response = client.post(_url("course-edit", cw, course.public_id), data)
    assert response.status_code == 302, response.context["form"].errors
    course.refresh_from_db()
    assert (course.capacity, course.first_session_required) == (8, True)
    response = client.post(
        _url("session-edit", cw, course.public_id, session.public_id),
        {
            "starts_at": "2027-01-18T14:00",
            "ends_at": "2027-01-18T16:00",
            "online": "on",
            "joining_information": "The link comes the day before.",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.online and session.venue is None and session.starts_at.hour in (14, 13)
    assert AuditEntry.objects.filter(action="colleges.session.updated").exists()


def test_course_and_session_edits_refuse_bad_input(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw), sessions=2)
    session = course.sessions.get(number=1)
    client = sign_in(Client(), cw.manager)
    url = _url("course-edit", cw, course.public_id)
    base = {
        "title": "Understanding anxiety",
        "topic": "understanding",
        "suitable_for": "everyone",
        "what_you_will_learn": "Things.",
        "capacity": 12,
        "offer_hours": 48,
    }
    for change in (
        {"title": "  "},
        {"title": "a\x00b"},
        {"capacity": 0},
        {"min_sessions_to_complete": 3},  # the course has 2 sessions
        {"what_you_will_learn": "x" * 4001},
        {"topic": "astrology"},
    ):
        response = client.post(url, {**base, **change})
        assert response.status_code == 400, change
    course.refresh_from_db()
    assert course.capacity == 12 and course.min_sessions_to_complete is None
    session_url = _url("session-edit", cw, course.public_id, session.public_id)
    before = session.starts_at
    for data in (
        {"starts_at": "2027-01-18T16:00", "ends_at": "2027-01-18T14:00", "online": "on"},
        {"starts_at": "2027-01-18T14:00", "ends_at": "2027-01-18T16:00"},  # no venue, not online
        {"starts_at": "tomorrow", "ends_at": "2027-01-18T16:00", "online": "on"},
    ):
        assert client.post(session_url, data).status_code == 400
    session.refresh_from_db()
    assert session.starts_at == before
    # Trainers and other colleges may not change courses.
    for who in (cw.peer_trainer, cw.other_manager):
        assert sign_in(Client(), who).get(url).status_code in (403, 404)
        assert sign_in(Client(), who).post(session_url, {}).status_code in (403, 404)
