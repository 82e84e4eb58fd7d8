"""The day raters are asked to send ratings by, and reminders through the outbox (issue #15)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.challenges import services
from recoverynet.challenges.models import AssessmentRound, Rater
from recoverynet.core import scheduling
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AuditEntry, OutboxMessage
from tests.conftest import sign_in, token_client

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)
NOON = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def invited(world, framework, clock):
    round_ = services.round_start(
        actor=world.lead_a,
        organisation=world.org_a,
        framework=framework,
        title="Spring 2027",
        rate_by=TODAY + datetime.timedelta(days=10),
    )
    link = services.rater_invite_by_link(
        actor=world.lead_a, round_=round_, name="Sam", email="sam@example.org"
    ).rater
    no_address = services.rater_invite_by_link(actor=world.lead_a, round_=round_, name="Jo").rater
    member = services.rater_invite_member(actor=world.lead_a, round_=round_, user=world.staff_a)
    return round_, link, no_address, member


def _reminders() -> list:
    return list(OutboxMessage.objects.filter(subject__contains="ratings").order_by("pk"))


def test_reminders_go_before_and_after_the_day_once_each(world, invited, clock):
    round_, *_ = invited
    Rater.objects.filter(round=round_, user=world.lead_a).update(submitted_at=timezone.now())
    assert services.rater_reminders() == 0  # ten days ahead: too early

    clock.move_to(NOON + datetime.timedelta(days=8))
    assert services.rater_reminders() == 2  # Sam and the member; Jo has no address
    assert services.rater_reminders() == 0  # not twice
    messages = _reminders()
    assert [m.to for m in messages] == [["sam@example.org"], [world.staff_a.email]]
    for message in messages:
        assert message.subject.startswith("Please send your ratings by 11 March 2027")
    assert "replaces the link we sent before" in messages[0].body_text
    assert reverse("challenges:rate", args=[round_.public_id]) in messages[1].body_text

    clock.move_to(NOON + datetime.timedelta(days=11))
    assert services.rater_reminders() == 2
    assert services.rater_reminders() == 0
    later = _reminders()[2:]
    assert all(m.subject.startswith("There is still time") for m in later)
    assert AuditEntry.objects.filter(action="challenges.rater.reminded").count() == 4

    clock.move_to(NOON + datetime.timedelta(days=20))
    assert services.rater_reminders() == 0


def test_the_new_link_in_a_reminder_works_and_the_old_one_does_not(world, invited, clock):
    _, link, _, _ = invited
    old_hash = link.token_hash
    clock.move_to(NOON + datetime.timedelta(days=8))
    services.rater_reminders()
    link.refresh_from_db()
    assert link.token_hash != old_hash
    [message] = [m for m in _reminders() if m.to == ["sam@example.org"]]
    raw = message.body_text.split("/rate/")[1].split("/")[0]
    assert services.rater_by_link(raw).pk == link.pk


def test_who_sent_or_a_closed_round_gets_no_reminder(world, invited, clock):
    round_, *_ = invited
    Rater.objects.filter(round=round_).update(submitted_at=timezone.now())
    clock.move_to(NOON + datetime.timedelta(days=8))
    assert services.rater_reminders() == 0
    Rater.objects.filter(round=round_).update(submitted_at=None)
    AssessmentRound.objects.filter(pk=round_.pk).update(status="closed")
    assert services.rater_reminders() == 0


def test_changing_the_day_reminds_again_and_is_audited(world, invited, clock):
    round_, *_ = invited
    clock.move_to(NOON + datetime.timedelta(days=8))
    assert services.rater_reminders() == 3  # lead_a has not sent either
    same = TODAY + datetime.timedelta(days=10)
    services.round_deadline_set(actor=world.lead_a, round_=round_, rate_by=same)
    assert services.rater_reminders() == 0  # the same day: nobody is reminded again
    services.round_deadline_set(
        actor=world.lead_a, round_=round_, rate_by=TODAY + datetime.timedelta(days=9)
    )
    assert services.rater_reminders() == 0  # never two e-mails a day
    clock.move_to(NOON + datetime.timedelta(days=9))  # the new day itself: its own step
    assert services.rater_reminders() == 3
    assert AuditEntry.objects.filter(action="challenges.round.deadline_set").exists()


def test_the_day_is_checked_and_only_the_facilitator_sets_it(world, invited, clock):
    round_, *_ = invited
    with pytest.raises(ApplicationError) as exc:
        services.round_deadline_set(
            actor=world.lead_a, round_=round_, rate_by=TODAY - datetime.timedelta(days=1)
        )
    assert exc.value.field == "rate_by"
    with pytest.raises(ApplicationError):
        services.round_deadline_set(
            actor=world.lead_a, round_=round_, rate_by=TODAY + datetime.timedelta(days=800)
        )
    with pytest.raises(PermissionDenied):
        services.round_deadline_set(actor=world.staff_a, round_=round_, rate_by=None)
    round_.refresh_from_db()
    assert round_.rate_by == TODAY + datetime.timedelta(days=10)


def test_the_page_sets_the_day_and_the_rate_page_shows_it(world, invited, clock):
    round_, *_ = invited
    client = sign_in(Client(), world.lead_a)
    detail = client.get(reverse("challenges:round-detail", args=[round_.public_id])).content
    assert b"11 March 2027" in detail
    url = reverse("challenges:round-deadline", args=[round_.public_id])
    assert url.encode() in detail
    assert client.get(url).status_code == 200
    response = client.post(url, {"rate_by": "2027-02-01"})
    assert response.status_code == 400
    assert "today or in the future" in response.content.decode()
    response = client.post(url, {"rate_by": "2027-04-02"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.rate_by == datetime.date(2027, 4, 2)
    rate = sign_in(Client(), world.staff_a).get(reverse("challenges:rate", args=[round_.public_id]))
    assert "Please send your ratings by <strong>2 April 2027</strong>" in rate.content.decode()
    assert sign_in(Client(), world.staff_a).get(url).status_code in (403, 404)
    response = client.post(url, {"rate_by": ""})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.rate_by is None


def test_the_api_sets_the_day(world, invited, clock):
    round_, *_ = invited
    client = token_client(world.lead_a)
    url = f"/api/v1/assessments/{round_.public_id}/deadline"
    response = client.put(url, {"rate_by": "2027-04-02"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["rate_by"] == "2027-04-02"
    response = client.put(url, {"rate_by": "2020-01-01"}, content_type="application/json")
    assert response.status_code == 422
    assert token_client(world.staff_a).put(
        url, {"rate_by": None}, content_type="application/json"
    ).status_code in (403, 404)


def test_the_job_is_scheduled_and_runs(world, invited, clock):
    clock.move_to(NOON + datetime.timedelta(days=8))
    assert scheduling.run_job("challenges.rater_reminders") == 3
