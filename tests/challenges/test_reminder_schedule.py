"""The reminder schedule of a round (issue #15, decision 0045): the facilitator chooses the steps
(days before, on, or after the day to send ratings by); each rater gets at most one e-mail per step
and one a day, none once they have sent their ratings or the round is closed; the job may run twice,
or twice at once."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.challenges import services
from recoverynet.challenges.models import RaterReminder
from recoverynet.challenges.services.deadlines import _remind, due_step, schedule_text
from recoverynet.core import scheduling
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import OutboxMessage
from tests.challenges.conftest import agree_all
from tests.conftest import sign_in, token_client

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)
NOON = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)
RATE_BY = TODAY + datetime.timedelta(days=10)


def at(day: int) -> datetime.datetime:
    """Noon on the day `day` days from the day to send ratings by."""
    return NOON + datetime.timedelta(days=10 + day)


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def round_(world, framework, clock):
    round_ = services.round_start(
        actor=world.lead_a,
        organisation=world.org_a,
        framework=framework,
        title="Spring 2027",
        rate_by=RATE_BY,
    )
    # The facilitator has rated.
    round_.raters.filter(user=world.lead_a).update(submitted_at=timezone.now())
    services.rater_invite_by_link(
        actor=world.lead_a, round_=round_, name="Sam", email="sam@example.org"
    )
    services.rater_invite_member(actor=world.lead_a, round_=round_, user=world.staff_a)
    return round_


def _subjects() -> list[tuple[str, str]]:
    return [
        (m.to[0], m.subject.split(":")[0])
        for m in OutboxMessage.objects.filter(subject__contains="ratings").order_by("pk")
    ]


def _run_twice() -> int:
    first = scheduling.run_job("challenges.rater_reminders")
    assert scheduling.run_job("challenges.rater_reminders") == 0  # the same day again: nothing
    return first


def test_due_step():
    steps = [-3, 0, 3]
    day = datetime.date(2027, 3, 11)

    def due(offset: int) -> int | None:
        return due_step(day, steps, day + datetime.timedelta(days=offset))

    assert [due(d) for d in range(-5, 8)] == [
        None,
        None,
        -3,
        -3,
        -3,
        0,
        0,
        0,
        3,
        3,
        3,
        None,
        None,
    ]
    assert due_step(day, [], day) is None
    assert due_step(day, [-1, 0], day - datetime.timedelta(days=1)) == -1
    assert schedule_text([3, -3, 0]) == "3 days before, on the day and 3 days after"
    assert schedule_text([-7]) == "1 week before" and schedule_text([]) == "no reminders"


def test_the_default_schedule_over_the_weeks(world, round_, clock):
    assert round_.reminder_days == [-3, 0, 3]
    sent = {}
    for day in range(-10, 12):
        clock.move_to(at(day))
        sent[day] = _run_twice()
    assert {d: n for d, n in sent.items() if n} == {-3: 2, 0: 2, 3: 2}
    subjects = [s for _, s in _subjects()]
    assert subjects == [
        "Please send your ratings by 11 March 2027",
        "Please send your ratings by 11 March 2027",
        "Today is the day to send your ratings",
        "Today is the day to send your ratings",
        "There is still time to send your ratings",
        "There is still time to send your ratings",
    ]
    assert RaterReminder.objects.count() == 6
    assert set(RaterReminder.objects.values_list("step", flat=True)) == {-3, 0, 3}


def test_whoever_rates_or_a_closed_round_gets_no_more(world, round_, clock):
    clock.move_to(at(-3))
    assert _run_twice() == 2
    round_.raters.filter(user=world.staff_a).update(submitted_at=timezone.now())
    clock.move_to(at(0))
    assert _run_twice() == 1
    assert _subjects()[-1][0] == "sam@example.org"
    agree_all(world.lead_a, round_)
    services.round_close(actor=world.lead_a, round_=round_)
    clock.move_to(at(3))
    assert _run_twice() == 0


def test_a_missed_step_is_caught_up_once_and_never_two_a_day(world, round_, clock):
    # The day is set late, to tomorrow: the "3 days before" step is sent once today, and the "on
    # the day" step tomorrow, not both today.
    services.round_deadline_set(
        actor=world.lead_a, round_=round_, rate_by=TODAY + datetime.timedelta(days=1)
    )
    assert _run_twice() == 2
    clock.move_to(NOON + datetime.timedelta(days=1))
    assert _run_twice() == 2
    # Moving the day again the same day sends nothing more today, whatever is due.
    services.round_deadline_set(
        actor=world.lead_a, round_=round_, rate_by=TODAY + datetime.timedelta(days=1)
    )
    assert _run_twice() == 0
    # A step whose catch-up days are over is not sent late.
    clock.move_to(NOON + datetime.timedelta(days=7))
    assert _run_twice() == 0


def test_the_facilitator_chooses_the_steps(world, round_, clock):
    services.round_deadline_set(
        actor=world.lead_a, round_=round_, rate_by=RATE_BY, reminder_days=[7, -7, -7]
    )
    round_.refresh_from_db()
    assert round_.reminder_days == [-7, 7]
    sent = {}
    for day in range(-10, 12):
        clock.move_to(at(day))
        sent[day] = _run_twice()
    assert {d: n for d, n in sent.items() if n} == {-7: 2, 7: 2}
    services.round_deadline_set(actor=world.lead_a, round_=round_, rate_by=None)
    round_.refresh_from_db()
    assert round_.reminder_days == [-7, 7]  # kept for when a day is set again


@pytest.mark.parametrize("bad", [[5], [-3, 100], ["x"], [True], "0", {"a": 1}])
def test_bad_steps_are_refused_naming_the_field(world, round_, bad):
    with pytest.raises(ApplicationError) as exc:
        services.round_deadline_set(
            actor=world.lead_a, round_=round_, rate_by=RATE_BY, reminder_days=bad
        )
    assert exc.value.field == "reminder_days" and exc.value.status == 422
    round_.refresh_from_db()
    assert round_.reminder_days == [-3, 0, 3]


def test_a_second_run_at_the_same_time_sends_nothing_more(world, round_, clock):
    clock.move_to(at(0))
    sam = round_.raters.get(name="Sam")
    # Another run found Sam due too, and gets the lock after the first run sent the reminder.
    assert _remind(sam.pk, RATE_BY, 0, at(0).date()) is True
    assert _remind(sam.pk, RATE_BY, 0, at(0).date()) is False
    assert scheduling.run_job("challenges.rater_reminders") == 1  # only the staff member now
    assert (
        OutboxMessage.objects.filter(to=["sam@example.org"], subject__contains="ratings").count()
        == 1
    )


def test_the_constraints_keep_one_a_day_if_the_checks_are_passed(world, round_, clock):
    sam = round_.raters.get(name="Sam")
    RaterReminder.objects.create(rater=sam, rate_by=RATE_BY, step=-7, sent_on=at(-3).date())
    clock.move_to(at(-3))
    # Even asked for another step the same day (as a racing run would be), no second e-mail.
    assert _remind(sam.pk, RATE_BY, -3, at(-3).date()) is False
    assert not OutboxMessage.objects.filter(
        to=["sam@example.org"], subject__contains="ratings"
    ).exists()


def test_the_page_sets_the_steps(world, round_, clock):
    client = sign_in(Client(), world.lead_a)
    detail = client.get(reverse("challenges:round-detail", args=[round_.public_id])).content
    assert b"Reminders: 3 days before, on the day and 3 days after" in detail
    url = reverse("challenges:round-deadline", args=[round_.public_id])
    page = client.get(url).content.decode()
    assert 'type="checkbox"' in page and 'value="-3" checked' in page.replace(' id="', ' x="')
    response = client.post(url, {"rate_by": "2027-03-20", "reminder_days": ["-1", "5"]})
    assert response.status_code == 400
    assert "Choose when reminders go from the times listed." in response.content.decode()
    round_.refresh_from_db()
    assert round_.reminder_days == [-3, 0, 3] and round_.rate_by == RATE_BY
    response = client.post(url, {"rate_by": "2027-03-20", "reminder_days": ["-1", "-14"]})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.reminder_days == [-14, -1]
    done = client.get(reverse("challenges:round-detail", args=[round_.public_id])).content
    assert b"Reminders: 2 weeks before and 1 day before" in done
    client.post(url, {"rate_by": "2027-03-20"})  # none ticked: no reminders
    round_.refresh_from_db()
    assert round_.reminder_days == []
    assert sign_in(Client(), world.staff_a).post(
        url, {"rate_by": "2027-03-20", "reminder_days": ["0"]}
    ).status_code in (403, 404)
    round_.refresh_from_db()
    assert round_.reminder_days == []


def test_the_api_sets_the_steps(world, round_, clock):
    client = token_client(world.lead_a)
    url = f"/api/v1/assessments/{round_.public_id}/deadline"
    response = client.put(
        url, {"rate_by": "2027-03-20", "reminder_days": [0, -3]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["reminder_days"] == [-3, 0]
    kept = client.put(url, {"rate_by": "2027-03-21"}, content_type="application/json")
    assert kept.json()["reminder_days"] == [-3, 0]
    bad = client.put(
        url, {"rate_by": "2027-03-20", "reminder_days": [2]}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert "reminder_days" in str(bad.json()["errors"]), bad.json()
    too_many = client.put(
        url,
        {"rate_by": "2027-03-20", "reminder_days": list(range(-14, 0))},
        content_type="application/json",
    )
    assert too_many.status_code == 422
    round_.refresh_from_db()
    assert round_.reminder_days == [-3, 0]


def test_a_reminder_sent_before_the_schedule_is_not_sent_again(world, round_, clock):
    """Migration 0007 turns each `reminded_at` into a reminder row for the step it stood for."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("recoverynet.challenges.migrations.0007_reminder_schedule")
    round_.raters.filter(name="Sam").update(reminded_at=at(-2))
    migration.reminders_from_reminded_at(apps, None)
    migration.reminders_from_reminded_at(apps, None)  # twice changes nothing
    [row] = RaterReminder.objects.all()
    assert (row.rate_by, row.step, row.sent_on) == (RATE_BY, -2, at(-2).date())
    clock.move_to(at(-2))
    assert _run_twice() == 1  # only the staff member: Sam had theirs today
    clock.move_to(at(0))
    assert _run_twice() == 2  # the day itself is a step of its own
