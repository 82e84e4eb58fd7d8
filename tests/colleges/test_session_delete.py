"""Deleting a course session: refused once its register is taken, or when the completion rule
would ask for more sessions than are left (naming the field); otherwise students holding a place
are told once by e-mail, later sessions move up one number, it is audited and announced."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.colleges.domain_events import SESSION_CHANGED
from recoverynet.colleges.models import CourseSession, Enrolment, EnrolmentStatus
from recoverynet.colleges.services import attendance as attendance_services
from recoverynet.colleges.services import course_edit as edit_services
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.core import domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from tests.conftest import sign_in, token_client

from .conftest import CollegeWorld, make_course, make_student, make_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():  # type: ignore[no-untyped-def]
    got: list = []
    domain_events.subscribe(SESSION_CHANGED.name, got.append)
    yield got
    domain_events.unsubscribe(got.append)


def _url(cw: CollegeWorld, session: CourseSession) -> str:
    course = session.course
    return reverse(
        "colleges:session-delete", args=[cw.college.slug, course.public_id, session.public_id]
    )


def _course_with_students(cw: CollegeWorld, **extra):  # type: ignore[no-untyped-def]
    course = make_course(cw, make_term(cw), capacity=2, sessions=3, **extra)
    people = []
    for name in ("ann", "ben", "cat"):  # cat waits: not told
        user, _ = make_student(cw, f"{name}@example.org", name.title())
        people.append(enrolment_services.enrolment_create(actor=user, course=course))
    assert people[2].status == EnrolmentStatus.WAITING
    return course, people


def test_confirm_then_delete_tells_each_student_once(
    cw: CollegeWorld, django_capture_on_commit_callbacks, announced
) -> None:  # type: ignore[no-untyped-def]
    course, _ = _course_with_students(cw)
    second = course.sessions.get(number=2)
    client = sign_in(Client(), cw.manager)
    page = client.get(_url(cw, second)).content.decode()
    assert "e-mail the 2 students" in page and "move up one number" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_url(cw, second))
    assert done.status_code == 302
    told = [m for m in mail.outbox if "will not take place" in m.subject]
    assert sorted(m.to for m in told) == [["ann@example.org"], ["ben@example.org"]]
    numbers = list(course.sessions.order_by("number").values_list("number", "starts_at"))
    assert [n for n, _ in numbers] == [1, 2]
    assert numbers[1][1].day == 25  # the third session (25 January) is now session 2
    entry = AuditEntry.objects.get(action="colleges.session.deleted")
    assert entry.changes["students_told"] == 2 and entry.changes["number"] == 2
    assert [(e.type, e.data["change"]) for e in announced] == [
        ("college_session.changed", "deleted")
    ]
    assert "cat@example.org" not in str(announced[0].data)


def test_a_session_with_a_register_cannot_be_deleted(cw: CollegeWorld) -> None:
    course, people = _course_with_students(cw)
    first = course.sessions.get(number=1)
    shift = timezone.now() - datetime.timedelta(hours=1) - first.starts_at
    CourseSession.objects.filter(course=course).update(
        starts_at=first.starts_at + shift, ends_at=first.ends_at + shift
    )
    first.refresh_from_db()
    attendance_services.register_save(
        actor=cw.peer_trainer, session=first, marks={people[0].pk: "present"}
    )
    client = sign_in(Client(), cw.manager)
    page = client.get(_url(cw, first))
    assert page.status_code == 200 and b"register has been taken" in page.content
    assert b"Delete session 1</button>" not in page.content
    assert client.post(_url(cw, first)).status_code == 409
    with pytest.raises(ApplicationError) as refused:
        edit_services.session_delete(actor=cw.manager, session=first)
    assert refused.value.code == "has_attendance"
    assert course.sessions.count() == 3


def test_a_rule_that_would_become_unmeetable_is_refused_naming_the_field(
    cw: CollegeWorld,
) -> None:
    course, _ = _course_with_students(cw, min_sessions_to_complete=3)
    session = course.sessions.get(number=3)
    client = sign_in(Client(), cw.manager)
    response = client.post(_url(cw, session))
    assert response.status_code == 422
    assert "attend at least 3 sessions" in response.content.decode()
    assert "id_min_sessions_to_complete" in response.content.decode()
    api = token_client(cw.manager)
    gone = api.delete(f"/api/v1/courses/{course.public_id}/sessions/{session.public_id}")
    assert gone.status_code == 422 and gone.json()["errors"][0]["field"] == (
        "min_sessions_to_complete"
    )
    assert course.sessions.count() == 3 and not mail.outbox


def test_the_only_session_of_a_published_course_stays(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw), sessions=1)
    session = course.sessions.get()
    with pytest.raises(ApplicationError) as refused:
        edit_services.session_delete(actor=cw.manager, session=session)
    assert refused.value.code == "last_session"


def test_a_past_session_without_a_register_is_deleted_without_e_mail(
    cw: CollegeWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    course, _ = _course_with_students(cw)
    first = course.sessions.get(number=1)
    CourseSession.objects.filter(pk=first.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert edit_services.session_delete(actor=cw.manager, session=first) == 0
    assert not mail.outbox
    assert list(course.sessions.values_list("number", flat=True)) == [1, 2]


def test_only_the_college_runners_may_delete(cw: CollegeWorld) -> None:
    course, _ = _course_with_students(cw)
    session = course.sessions.get(number=2)
    url = _url(cw, session)
    assert Client().get(url).status_code == 302
    student = Enrolment.objects.filter(course=course).first().student.user  # type: ignore[union-attr]
    for who in (cw.peer_trainer, cw.advisor, cw.other_manager, cw.world.outsider, student):
        assert sign_in(Client(), who).post(url).status_code in (403, 404)
        api = token_client(who)
        path = f"/api/v1/courses/{course.public_id}/sessions/{session.public_id}"
        assert api.delete(path).status_code in (403, 404)
    other_url = reverse(
        "colleges:session-delete",
        args=[cw.other_college.slug, course.public_id, session.public_id],
    )
    assert sign_in(Client(), cw.other_manager).post(other_url).status_code in (403, 404)
    assert course.sessions.count() == 3


def test_api_delete(cw: CollegeWorld, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    course, _ = _course_with_students(cw)
    session = course.sessions.get(number=1)
    api = token_client(cw.administrator)
    path = f"/api/v1/courses/{course.public_id}/sessions/{session.public_id}"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(path).status_code == 204
    assert len([m for m in mail.outbox if "will not take place" in m.subject]) == 2
    assert api.delete(path).status_code == 404
    read = Client().get(f"/api/v1/courses/{course.public_id}").json()
    assert [s["number"] for s in read["sessions"]] == [1, 2]


def test_adding_and_moving_a_session_is_announced(
    cw: CollegeWorld, announced, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        course = make_course(cw, make_term(cw), sessions=1, publish=False)
    session = course.sessions.get()
    with django_capture_on_commit_callbacks(execute=True):
        edit_services.session_update(
            actor=cw.manager,
            session=session,
            starts_at=session.starts_at + datetime.timedelta(hours=1),
            ends_at=session.ends_at + datetime.timedelta(hours=1),
            venue=cw.venue,
        )
    assert [e.data["change"] for e in announced] == ["added", "changed"]
