from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from recoverynet.colleges.models import Enrolment, EnrolmentStatus
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.colleges.services import student as student_services
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .conftest import CollegeWorld, make_course, make_student, make_term


def test_enrol_until_full_then_waiting_list(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw), capacity=2)
    statuses = []
    for i in range(3):
        user, _ = make_student(cw, f"s{i}@example.org")
        statuses.append(enrolment_services.enrolment_create(actor=user, course=course).status)
    assert statuses == ["enrolled", "enrolled", "waiting"]


def test_enrolling_twice_gives_a_clear_message(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw))
    user, _ = make_student(cw, "twice@example.org")
    enrolment_services.enrolment_create(actor=user, course=course)
    with pytest.raises(ApplicationError) as caught:
        enrolment_services.enrolment_create(actor=user, course=course)
    assert caught.value.code == "already_enrolled"
    assert "already enrolled" in caught.value.message
    assert Enrolment.objects.filter(course=course).count() == 1


def test_must_register_before_enrolling(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw))
    with pytest.raises(ApplicationError) as caught:
        enrolment_services.enrolment_create(actor=cw.world.outsider, course=course)
    assert caught.value.code == "not_registered"


def test_draft_course_is_not_open(cw: CollegeWorld) -> None:
    term = make_term(cw)
    make_course(cw, term, title="Open")
    draft = make_course(cw, term, title="Draft", publish=False)
    user, _ = make_student(cw, "d@example.org")
    with pytest.raises(ApplicationError) as caught:
        enrolment_services.enrolment_create(actor=user, course=draft)
    assert caught.value.code == "not_open"


def test_cancelling_offers_the_place_with_a_timed_offer(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw), capacity=1)
    first, _ = make_student(cw, "first@example.org")
    second, _ = make_student(cw, "second@example.org")
    taken = enrolment_services.enrolment_create(actor=first, course=course)
    waiting = enrolment_services.enrolment_create(actor=second, course=course)
    enrolment_services.enrolment_cancel(actor=first, enrolment=taken)
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.OFFERED
    assert waiting.offer_expires_at is not None
    assert waiting.offer_expires_at > timezone.now() + datetime.timedelta(hours=47)
    # Someone else enrolling now joins the waiting list: the offered place is held.
    third, _ = make_student(cw, "third@example.org")
    assert enrolment_services.enrolment_create(actor=third, course=course).status == "waiting"
    accepted = enrolment_services.offer_accept(actor=second, enrolment=waiting)
    assert accepted.status == EnrolmentStatus.ENROLLED


def test_expired_offer_moves_on(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw), capacity=1)
    first, _ = make_student(cw, "a1@example.org")
    second, _ = make_student(cw, "a2@example.org")
    third, _ = make_student(cw, "a3@example.org")
    taken = enrolment_services.enrolment_create(actor=first, course=course)
    e2 = enrolment_services.enrolment_create(actor=second, course=course)
    e3 = enrolment_services.enrolment_create(actor=third, course=course)
    enrolment_services.enrolment_cancel(actor=first, enrolment=taken)
    Enrolment.objects.filter(pk=e2.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert enrolment_services.offers_expire() == 1
    e2.refresh_from_db()
    e3.refresh_from_db()
    assert (e2.status, e3.status) == ("expired", "offered")
    with pytest.raises(ApplicationError):
        enrolment_services.offer_accept(actor=second, enrolment=e2)


def test_another_student_cannot_cancel(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw))
    owner, _ = make_student(cw, "own@example.org")
    other, _ = make_student(cw, "other@example.org")
    enrolment = enrolment_services.enrolment_create(actor=owner, course=course)
    with pytest.raises(ApplicationError) as caught:
        enrolment_services.enrolment_cancel(actor=other, enrolment=enrolment)
    assert caught.value.status == 404


def test_staff_enrol_on_behalf_and_it_is_recorded(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw))
    student = student_services.student_register_for(
        actor=cw.administrator,
        college=cw.college,
        email="phoned@example.org",
        preferred_name="Pat",
    )
    assert student.registered_by == cw.administrator
    enrolment = enrolment_services.enrolment_create_for(
        actor=cw.administrator, course=course, student=student, how="phone"
    )
    assert enrolment.enrolled_by == cw.administrator
    assert enrolment.how == "phone"
    with pytest.raises(PermissionDenied):
        enrolment_services.enrolment_create_for(
            actor=cw.peer_trainer, course=course, student=student
        )


def test_enrolment_mail_is_one_per_person(
    cw: CollegeWorld, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    course = make_course(cw, make_term(cw))
    user, _ = make_student(cw, "mail@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_services.enrolment_create(actor=user, course=course)
    assert [m.to for m in mail.outbox] == [["mail@example.org"]]
    assert "enrolled" in mail.outbox[0].subject


def test_registration_questions_required_and_nothing_health_related(cw: CollegeWorld) -> None:
    question = student_services.question_add(
        actor=cw.manager, college=cw.college, label="How did you hear about us?", required=True
    )
    from tests.conftest import make_user

    user = make_user("q@example.org")
    with pytest.raises(ApplicationError) as caught:
        student_services.student_register(actor=user, college=cw.college, preferred_name="Q")
    assert caught.value.field == f"question_{question.pk}"
    student = student_services.student_register(
        actor=user,
        college=cw.college,
        preferred_name="Q",
        answers={str(question.pk): "A friend"},
    )
    assert student.answers == {str(question.pk): "A friend"}
    with pytest.raises(ApplicationError) as twice:
        student_services.student_register(
            actor=user, college=cw.college, preferred_name="Q", answers={str(question.pk): "x"}
        )
    assert twice.value.code == "already_registered"


@pytest.mark.parametrize("name", ["   ", "a\x00b", "x" * 101])
def test_bad_names_are_refused(cw: CollegeWorld, name: str) -> None:
    from tests.conftest import make_user

    user = make_user("bad@example.org")
    with pytest.raises(ApplicationError) as caught:
        student_services.student_register(actor=user, college=cw.college, preferred_name=name)
    assert caught.value.field == "preferred_name"
