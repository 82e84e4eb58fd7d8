"""Delivered engagement sessions as a feedback target kind: the consultants and the network's
coordinators attach a form, the client's lead contact and recovery leads answer, and the results
show on the engagement page, suppressed as feedback does."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.engagements import services
from recoverynet.engagements.feedback import KIND
from recoverynet.engagements.models import SessionState
from recoverynet.feedback import selectors as feedback_selectors
from recoverynet.feedback import services as feedback_services
from recoverynet.feedback import targets
from recoverynet.feedback.models import FeedbackForm
from tests.conftest import World
from tests.engagements.conftest import TODAY, log, package
from tests.feedback.conftest import answers_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(world: World) -> Any:
    engagement = package(
        world, title="Coaching for Alpha", client_contact_email="Contact@Alpha.example"
    )
    return log(world, engagement, on=TODAY - datetime.timedelta(days=2))


def _attach(world: World, session: Any, actor: Any = None) -> Any:
    form = feedback_services.form_create(
        actor=actor or world.consultant_uk, target_kind=KIND, target_id=str(session.public_id)
    )
    return feedback_services.form_open(actor=actor or world.consultant_uk, form=form)


def test_the_session_as_a_target(world: World, delivered: Any) -> None:
    target = targets.resolve(KIND, str(delivered.public_id))
    assert target.label == f"Coaching for Alpha: session on {delivered.on:%-d %b %Y}"
    assert target.network_id == world.uk.pk and target.host_id == world.org_a.pk
    assert target.ends_at.date() == delivered.on and target.ends_at.hour == 17
    assert target.url.endswith(f"/engagements/{delivered.engagement.public_id}/#sessions")
    kind = targets.kind_of(KIND)
    assert kind.attendee_emails(target) == sorted(["contact@alpha.example", world.lead_a.email])
    assert kind.attended(target, world.lead_a)
    assert not kind.attended(target, world.lead_b)
    assert not kind.attended(target, world.staff_a)  # staff of the client: not recorded
    assert kind.is_organiser(world.consultant_uk, target)
    assert kind.is_organiser(world.coordinator_uk, target)
    assert not kind.is_organiser(world.coordinator_ie, target)
    assert not kind.is_organiser(world.lead_a, target)
    since = TODAY - datetime.timedelta(days=10)
    assert kind.attended_by(world.lead_a, datetime.datetime.combine(since, datetime.time()))
    assert kind.attended_by(world.lead_b, datetime.datetime.combine(since, datetime.time())) == []
    assert kind.organised_by is not None
    assert kind.organised_by(world.consultant_uk) == [(target.id, target.label)]
    assert kind.organised_by(world.coordinator_ie) == []


def test_a_planned_session_or_a_stray_id_is_no_target(world: World) -> None:
    engagement = package(world)
    planned = services.session_log(
        actor=world.consultant_uk,
        engagement=engagement,
        data=services.SessionInput(
            on=TODAY + datetime.timedelta(days=5),
            consultant=world.consultant_uk,
            days=Decimal("1"),
            state=SessionState.PLANNED,
        ),
    )
    with pytest.raises(NotFound):
        targets.resolve(KIND, str(planned.public_id))
    with pytest.raises(NotFound):
        targets.resolve(KIND, "not-a-uuid")


@override_settings(SUPPRESS_PEOPLE_BELOW=1)
def test_consultant_attaches_the_client_answers_results_show(world: World, delivered: Any) -> None:
    form = _attach(world, delivered)
    assert form.host_id == world.org_a.pk and form.network_id == world.uk.pk
    feedback_services.response_submit(
        actor=world.lead_a, form=form, answers=answers_for(form, word="Clearer priorities")
    )
    feedback_services.form_close(actor=world.consultant_uk, form=form)

    page = reverse("engagements:detail", args=[delivered.engagement.public_id])
    team = world.client_for("consultant_uk").get(page)
    assert team.status_code == 200
    body = team.content.decode()
    assert reverse("feedback:for-target", args=[KIND, delivered.public_id]) in body
    assert "What the client said" in body and "Clearer priorities" in body
    assert "Would you recommend this to a colleague?: Yes 1, Maybe 0, No 0" in body

    client = world.client_for("lead_a").get(page).content.decode()
    assert "Clearer priorities" in client
    assert reverse("feedback:for-target", args=[KIND, delivered.public_id]) not in client


def test_results_are_suppressed_below_the_threshold(world: World, delivered: Any) -> None:
    form = _attach(world, delivered)
    feedback_services.response_submit(
        actor=world.lead_a, form=form, answers=answers_for(form, word="Clearer priorities")
    )
    feedback_services.form_close(actor=world.consultant_uk, form=form)
    page = reverse("engagements:detail", args=[delivered.engagement.public_id])
    for role in ("consultant_uk", "lead_a"):
        body = world.client_for(role).get(page).content.decode()
        assert "What the client said" in body
        assert "Clearer priorities" not in body
        assert "Fewer than 8 people answered, so the answers are hidden to protect them" in body


def test_someone_who_did_not_attend_is_refused(world: World, delivered: Any) -> None:
    form = _attach(world, delivered)
    for person in (world.lead_b, world.staff_a, world.outsider):
        with pytest.raises(PermissionDenied):
            feedback_services.response_submit(actor=person, form=form, answers=answers_for(form))
    assert form.respondents.count() == 0


def test_the_other_networks_team_cannot_attach(world: World, delivered: Any) -> None:
    with pytest.raises(PermissionDenied):
        _attach(world, delivered, actor=world.coordinator_ie)
    with pytest.raises(PermissionDenied):
        _attach(world, delivered, actor=world.lead_a)
    assert not FeedbackForm.objects.filter(target_kind=KIND).exists()
    url = reverse("feedback:form-create", args=[KIND, delivered.public_id])
    response = world.client_for("coordinator_ie").post(url)
    assert response.status_code in (403, 404)
    assert not FeedbackForm.objects.filter(target_kind=KIND).exists()


def test_the_coordinator_attaches_through_the_feedback_pages(world: World, delivered: Any) -> None:
    client = world.client_for("coordinator_uk")
    page = client.get(reverse("feedback:for-target", args=[KIND, delivered.public_id]))
    assert page.status_code == 200
    made = client.post(reverse("feedback:form-create", args=[KIND, delivered.public_id]))
    assert made.status_code == 302
    form = FeedbackForm.objects.get(target_kind=KIND, target_id=str(delivered.public_id))
    assert form.title == f"Feedback on Coaching for Alpha: session on {delivered.on:%-d %b %Y}"
    # The lead sees it among the forms to answer.
    feedback_services.form_open(actor=world.coordinator_uk, form=form)
    assert [f["form"] for f in feedback_selectors.forms_to_answer(actor=world.lead_a)] == [form]


def test_demo_feedback_on_the_nottingham_coaching_session(capsys: Any) -> None:
    from django.core.management import call_command

    call_command("load_demo")
    call_command("load_demo")  # safe to run twice
    # (The running buddying arrangement has its own forms: tests/engagements/test_demo.py.)
    forms = FeedbackForm.objects.filter(
        target_kind=KIND, target_label__startswith="Coaching a community team"
    )
    assert forms.count() == 1
    form = forms.get()
    assert form.target_label == "Coaching a community team in Nottingham: session on 14 Mar 2017"
    assert form.status == "closed" and form.respondents.count() == 1
    words = form.questions.get(purpose="word").answers.values_list("text", flat=True)
    assert list(words) == ["Improvement in progress"]
