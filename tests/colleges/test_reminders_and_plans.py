from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.colleges.services import plan as plan_services
from recoverynet.colleges.services.reminders import session_reminders_send
from recoverynet.core.errors import ApplicationError
from tests.conftest import sign_in

from .conftest import START, CollegeWorld, make_course, make_student, make_term


def test_reminder_once_per_student_per_session_with_ics(
    cw: CollegeWorld,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    course = make_course(cw, make_term(cw))
    user, _ = make_student(cw, "remind@example.org")
    other, _ = make_student(cw, "cancelled@example.org")
    enrolment_services.enrolment_create(actor=user, course=course)
    gone = enrolment_services.enrolment_create(actor=other, course=course)
    enrolment_services.enrolment_cancel(actor=other, enrolment=gone)
    the_day_before = START - datetime.timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert session_reminders_send(now=the_day_before) == 1
        assert session_reminders_send(now=the_day_before) == 0
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert [m.to for m in reminders] == [["remind@example.org"]]
    message = reminders[0]
    assert "Reminder: Understanding anxiety" in message.subject
    assert message.attachments[0][0] == "session.ics"


def test_learning_plan_is_private_to_student_and_chosen_advisor(cw: CollegeWorld) -> None:
    user, student = make_student(cw, "plan@example.org", "Pip")
    plan = plan_services.plan_save(actor=user, student=student, goals="Sleep better")
    url = reverse("colleges:plan-detail", args=[plan.public_id])
    assert sign_in(Client(), user).get(url).status_code == 200
    for stranger in (cw.advisor, cw.manager, cw.world.admin, cw.world.coordinator_uk):
        assert sign_in(Client(), stranger).get(url).status_code == 404
    # Shared with the advisor: they see it and may add a review; still nobody else.
    with pytest.raises(ApplicationError):
        plan_services.plan_share(actor=user, plan=plan, advisor=cw.manager)
    plan_services.plan_share(actor=user, plan=plan, advisor=cw.advisor)
    advisor = sign_in(Client(), cw.advisor)
    assert advisor.get(url).status_code == 200
    response = advisor.post(url, {"note": "1", "text": "We talked about sleep.", "kind": "review"})
    assert response.status_code == 302
    assert plan.notes.get().kind == "review"
    assert sign_in(Client(), cw.manager).get(url).status_code == 404
    # Another student cannot write on it either.
    other, _ = make_student(cw, "nosy.plan@example.org")
    with pytest.raises(ApplicationError):
        plan_services.plan_note_add(actor=other, plan=plan, text="hi")
    # Unsharing takes the advisor out again.
    plan_services.plan_share(actor=user, plan=plan, advisor=None)
    assert advisor.get(url).status_code == 404


def test_staff_enrol_on_behalf_through_the_page(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw))
    _, student = make_student(cw, "phone@example.org", "Phoebe")
    client = sign_in(Client(), cw.administrator)
    url = reverse("colleges:course-manage", args=[cw.college.slug, course.public_id])
    response = client.post(url, {"enrol_for": "1", "student": str(student.pk), "how": "phone"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Phoebe" in page and "(phone)" in page


def test_staff_register_someone_through_the_page(cw: CollegeWorld) -> None:
    from recoverynet.colleges.models import Student

    url = reverse("colleges:register-for", args=[cw.college.slug])
    client = sign_in(Client(), cw.administrator)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"email": "not-an-address", "preferred_name": "Ray"})
    assert bad.status_code == 400
    response = client.post(url, {"email": "ray@example.org", "preferred_name": "Ray"})
    assert response.status_code == 302
    student = Student.objects.get(user__email="ray@example.org")
    assert student.registered_by == cw.administrator
    assert sign_in(Client(), cw.peer_trainer).get(url).status_code == 403
