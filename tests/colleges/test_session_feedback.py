"""College course sessions as a feedback target kind: the college's manager (or the session's
trainers) attach a form; students marked present or late answer; others are refused."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.colleges.feedback import KIND
from recoverynet.colleges.services import attendance as attendance_services
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.feedback import selectors as feedback_selectors
from recoverynet.feedback import services as feedback_services
from recoverynet.feedback import targets
from recoverynet.feedback.models import FeedbackForm
from tests.conftest import sign_in, token_client
from tests.feedback.conftest import answers_for

from .conftest import CollegeWorld, make_course, make_student, make_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(cw: CollegeWorld):
    course = make_course(cw, make_term(cw))
    session = course.sessions.get(number=1)
    session.starts_at = timezone.now() - datetime.timedelta(days=1, hours=2)
    session.ends_at = timezone.now() - datetime.timedelta(days=1)
    session.save(update_fields=["starts_at", "ends_at"])
    came, _ = make_student(cw, "came@example.org", "Came")
    away, _ = make_student(cw, "away@example.org", "Away")
    marks = {}
    for user, mark in ((came, "present"), (away, "excused")):
        enrolment = enrolment_services.enrolment_create(actor=user, course=course)
        marks[enrolment.pk] = mark
    attendance_services.register_save(actor=cw.peer_trainer, session=session, marks=marks)
    return session, came, away


def test_the_session_as_a_target(cw: CollegeWorld, attended) -> None:
    session, came, away = attended
    target = targets.resolve(KIND, str(session.public_id))
    assert target.label.startswith("Understanding anxiety: session 1 on ")
    assert target.network_id == cw.world.uk.pk and target.host_id == cw.college.organisation_id
    kind = targets.kind_of(KIND)
    assert kind.attendee_emails(target) == ["came@example.org"]
    assert kind.attended(target, came) and not kind.attended(target, away)
    assert kind.is_organiser(cw.manager, target) and kind.is_organiser(cw.peer_trainer, target)
    assert not kind.is_organiser(cw.other_manager, target)
    assert not kind.is_organiser(cw.advisor, target)
    assert not kind.is_organiser(came, target)
    since = timezone.now() - datetime.timedelta(days=30)
    assert kind.attended_by(came, since) == [target.id]
    assert kind.attended_by(away, since) == []
    assert kind.organised_by is not None
    assert (target.id, target.label) in kind.organised_by(cw.manager)
    assert kind.organised_by(cw.other_manager) == []


def test_a_stray_id_or_a_draft_course_is_no_target(cw: CollegeWorld) -> None:
    draft = make_course(cw, make_term(cw), publish=False)
    with pytest.raises(NotFound):
        targets.resolve(KIND, str(draft.sessions.get(number=1).public_id))
    with pytest.raises(NotFound):
        targets.resolve(KIND, "not-a-uuid\x00")


def test_manager_attaches_a_student_who_came_answers(cw: CollegeWorld, attended) -> None:
    session, came, away = attended
    client = sign_in(Client(), cw.manager)
    course_page = client.get(
        reverse("colleges:course-manage", args=[cw.college.slug, session.course.public_id])
    ).content.decode()
    url = reverse("feedback:for-target", args=[KIND, session.public_id])
    assert url in course_page
    assert client.get(url).status_code == 200
    assert (
        client.post(reverse("feedback:form-create", args=[KIND, session.public_id])).status_code
        == 302
    )
    form = FeedbackForm.objects.get(target_kind=KIND, target_id=str(session.public_id))
    feedback_services.form_open(actor=cw.manager, form=form)
    assert [f["form"] for f in feedback_selectors.forms_to_answer(actor=came)] == [form]
    feedback_services.response_submit(actor=came, form=form, answers=answers_for(form))
    assert form.respondents.count() == 1
    for person in (away, cw.world.outsider):
        with pytest.raises(PermissionDenied):
            feedback_services.response_submit(actor=person, form=form, answers=answers_for(form))


def test_others_cannot_attach_a_form(cw: CollegeWorld, attended) -> None:
    session, came, _away = attended
    for person in (cw.other_manager, came, cw.advisor):
        with pytest.raises(PermissionDenied):
            feedback_services.form_create(
                actor=person, target_kind=KIND, target_id=str(session.public_id)
            )
    response = sign_in(Client(), cw.other_manager).post(
        reverse("feedback:form-create", args=[KIND, session.public_id])
    )
    assert response.status_code in (403, 404)
    assert not FeedbackForm.objects.filter(target_kind=KIND).exists()


def test_the_feedback_api_takes_a_college_session(cw: CollegeWorld, attended) -> None:
    session, _came, _away = attended
    api = token_client(cw.manager)
    payload = {"target_kind": KIND, "target_id": str(session.public_id)}
    created = api.post(
        "/api/v1/feedback/forms", json.dumps(payload), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    stranger = token_client(cw.other_manager).post(
        "/api/v1/feedback/forms",
        json.dumps({**payload, "target_id": str(session.public_id)}),
        content_type="application/json",
    )
    assert stranger.status_code in (403, 409)
