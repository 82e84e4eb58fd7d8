""" "First session required": missing it gives the place up to the waiting list."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.colleges.models import Course, CourseSession, Enrolment, EnrolmentStatus
from recoverynet.colleges.services import attendance as attendance_services
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from tests.conftest import sign_in, token_client

from .conftest import CollegeWorld, make_course, make_student, make_term


def _started(course: Course) -> CourseSession:
    """Move the course's sessions so that the first one started an hour ago."""
    first = course.sessions.get(number=1)
    shift = timezone.now() - datetime.timedelta(hours=1) - first.starts_at
    for session in course.sessions.all():
        session.starts_at += shift
        session.ends_at += shift
        session.save(update_fields=["starts_at", "ends_at"])
    return course.sessions.get(number=1)


def _full_course_with_queue(
    cw: CollegeWorld, *, required: bool = True, term: str = "Spring 2027", mail: str = ""
) -> tuple[Course, dict]:
    course = make_course(cw, make_term(cw, term), capacity=2, first_session_required=required)
    people = {}
    for name in ("ann", "ben", "cat"):
        user, _ = make_student(cw, f"{name}{mail}@example.org", name.title())
        people[name] = (user, enrolment_services.enrolment_create(actor=user, course=course))
    assert people["cat"][1].status == EnrolmentStatus.WAITING
    return course, people


def test_absent_from_the_first_session_gives_the_place_to_the_waiting_list(
    cw: CollegeWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    course, people = _full_course_with_queue(cw)
    session = _started(course)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        attendance_services.register_save(
            actor=cw.peer_trainer,
            session=session,
            marks={people["ann"][1].pk: "absent", people["ben"][1].pk: "present"},
        )
    ann, ben, cat = (Enrolment.objects.get(pk=p[1].pk) for p in people.values())
    assert ann.status == EnrolmentStatus.CANCELLED
    assert ben.status == EnrolmentStatus.ENROLLED
    # The waiting list is offered the place through the timed-offer flow.
    assert cat.status == EnrolmentStatus.OFFERED and cat.offer_expires_at is not None
    assert (
        AuditEntry.objects.filter(action="colleges.enrolment.released_first_session").count() == 1
    )
    to = [m.to for m in mail.outbox]
    assert ["ann@example.org"] in to and ["cat@example.org"] in to
    assert all(len(t) == 1 for t in to)  # one recipient per e-mail
    told = next(m for m in mail.outbox if "given up" in m.subject)
    assert told.to == ["ann@example.org"]
    assert "first session" in told.body and "waiting list" in told.body
    # The offered student takes it.
    taken = enrolment_services.offer_accept(actor=people["cat"][0], enrolment=cat)
    assert taken.status == EnrolmentStatus.ENROLLED


def test_excused_or_a_course_without_the_rule_keeps_the_place(cw: CollegeWorld) -> None:
    course, people = _full_course_with_queue(cw)
    session = _started(course)
    attendance_services.register_save(
        actor=cw.peer_trainer, session=session, marks={people["ann"][1].pk: "excused"}
    )
    assert Enrolment.objects.get(pk=people["ann"][1].pk).status == EnrolmentStatus.ENROLLED
    relaxed, others = _full_course_with_queue(cw, required=False, term="Summer", mail="2")
    attendance_services.register_save(
        actor=cw.peer_trainer,
        session=_started(relaxed),
        marks={others["ann"][1].pk: "absent"},
    )
    assert Enrolment.objects.get(pk=others["ann"][1].pk).status == EnrolmentStatus.ENROLLED


def test_not_before_the_session_and_not_at_a_later_session(cw: CollegeWorld) -> None:
    course, people = _full_course_with_queue(cw)
    first = course.sessions.get(number=1)  # still in 2027
    attendance_services.register_save(
        actor=cw.peer_trainer, session=first, marks={people["ann"][1].pk: "absent"}
    )
    assert Enrolment.objects.get(pk=people["ann"][1].pk).status == EnrolmentStatus.ENROLLED
    _started(course)
    second = course.sessions.get(number=2)
    attendance_services.register_save(
        actor=cw.peer_trainer, session=second, marks={people["ann"][1].pk: "absent"}
    )
    assert Enrolment.objects.get(pk=people["ann"][1].pk).status == EnrolmentStatus.ENROLLED


def test_someone_who_may_not_take_the_register_releases_nothing(cw: CollegeWorld) -> None:
    course, people = _full_course_with_queue(cw)
    session = _started(course)
    for who in (cw.advisor, cw.other_manager, people["ben"][0]):
        with pytest.raises(ApplicationError):
            attendance_services.register_save(
                actor=who, session=session, marks={people["ann"][1].pk: "absent"}
            )
    assert Enrolment.objects.get(pk=people["ann"][1].pk).status == EnrolmentStatus.ENROLLED


def test_register_page_and_api_release_the_place(cw: CollegeWorld) -> None:
    course, people = _full_course_with_queue(cw)
    session = _started(course)
    url = reverse("colleges:session-register", args=[cw.college.slug, session.pk])
    client = sign_in(Client(), cw.peer_trainer)
    page = client.get(url).content.decode()
    assert "first session" in page  # the trainer is told what "absent" does here
    bad = client.post(url, {f"mark_{people['ann'][1].pk}": "gone"})
    assert bad.status_code == 400
    assert Enrolment.objects.get(pk=people["ann"][1].pk).status == EnrolmentStatus.ENROLLED
    client.post(url, {f"mark_{people['ann'][1].pk}": "absent"})
    assert Enrolment.objects.get(pk=people["ann"][1].pk).status == EnrolmentStatus.CANCELLED
    api = token_client(cw.peer_trainer)
    response = api.put(
        f"/api/v1/sessions/{session.pk}/attendance",
        json.dumps({"marks": [{"enrolment": str(people["ben"][1].public_id), "mark": "absent"}]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Enrolment.objects.get(pk=people["ben"][1].pk).status == EnrolmentStatus.CANCELLED
    assert Enrolment.objects.get(pk=people["cat"][1].pk).status == EnrolmentStatus.OFFERED
