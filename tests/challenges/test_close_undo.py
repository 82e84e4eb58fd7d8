"""Undoing the closing of a round (issue #15, decisions 0037 and 0045): for 15 minutes, by whoever
may close it, while nothing else changed and no published benchmark counts it; audited, announced,
on the page and in the API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from recoverynet.challenges import services
from recoverynet.challenges.benchmarks import benchmark_publish
from recoverynet.challenges.models import RoundStatus
from recoverynet.core import domain_events
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AuditEntry
from recoverynet.core.undo import UNDO_WINDOW
from tests.challenges.conftest import agree_all, cell
from tests.conftest import sign_in, token_client

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def closed(world, round_, clock):
    agree_all(world.lead_a, round_)
    return services.round_close(actor=world.lead_a, round_=round_)


@pytest.fixture
def recorded() -> Any:
    got: list[domain_events.DomainEvent] = []
    domain_events.subscribe("assessment.close_undone", got.append)
    yield got
    domain_events.unsubscribe(got.append)


def test_undo_opens_the_round_again_audited_and_announced(
    world, closed, clock, recorded, django_capture_on_commit_callbacks
):
    clock.move_to(NOON + datetime.timedelta(minutes=14))
    with django_capture_on_commit_callbacks(execute=True):
        services.round_close_undo(actor=world.lead_a, round_=closed)
    closed.refresh_from_db()
    assert closed.status == RoundStatus.OPEN and closed.closed_at is None
    entry = AuditEntry.objects.get(action="challenges.round.closed.undone")
    assert entry.changes["undoes"] == AuditEntry.objects.get(action="challenges.round.closed").pk
    assert [(e.type, e.network_slug) for e in recorded] == [("assessment.close_undone", "uk")]
    assert recorded[0].data["round_id"] == str(closed.public_id)
    # Open again: ratings can change, and it can be closed again (and that can be undone again).
    services.consensus_set(
        actor=world.lead_a,
        round_=closed,
        challenge_id=cell(closed.framework, 1)[0],
        level_key="practice",
        value=3,
    )
    services.round_close(actor=world.lead_a, round_=closed)
    services.round_close_undo(actor=world.lead_a, round_=closed)
    closed.refresh_from_db()
    assert closed.status == RoundStatus.OPEN


def test_the_window_ends_after_15_minutes(world, closed, clock):
    clock.move_to(NOON + UNDO_WINDOW + datetime.timedelta(seconds=1))
    with pytest.raises(ApplicationError) as exc:
        services.round_close_undo(actor=world.lead_a, round_=closed)
    assert exc.value.code == "too_late" and "15 minutes" in exc.value.message
    closed.refresh_from_db()
    assert closed.status == RoundStatus.CLOSED
    assert not AuditEntry.objects.filter(action="challenges.round.closed.undone").exists()


def test_choosing_priorities_ends_the_window(world, closed):
    challenge_id, level = cell(closed.framework, 7)
    services.priorities_set(
        actor=world.lead_a,
        round_=closed,
        priorities=[services.PriorityInput(challenge_id=challenge_id, level_key=level)],
    )
    with pytest.raises(ApplicationError) as exc:
        services.round_close_undo(actor=world.lead_a, round_=closed)
    assert exc.value.code == "too_late"
    closed.refresh_from_db()
    assert closed.status == RoundStatus.CLOSED


def test_a_published_benchmark_keeps_the_round_closed(world, closed, clock):
    clock.move_to(NOON + datetime.timedelta(minutes=1))
    snapshot = benchmark_publish(
        actor=world.coordinator_uk, network=world.uk, framework=closed.framework
    )
    assert str(closed.pk) in snapshot.contributors.values()
    with pytest.raises(ApplicationError) as exc:
        services.round_close_undo(actor=world.lead_a, round_=closed)
    assert "benchmark" in exc.value.message and exc.value.status == 409
    closed.refresh_from_db()
    assert closed.status == RoundStatus.CLOSED
    client = sign_in(Client(), world.lead_a)
    page = client.get(reverse("challenges:round-detail", args=[closed.public_id])).content.decode()
    assert 'id="undo-close"' not in page


def test_who_may_not_undo(world, closed):
    for user in (world.staff_a, world.lead_b, world.outsider, world.editor_uk):
        with pytest.raises(PermissionDenied):
            services.round_close_undo(actor=user, round_=closed)
        response = sign_in(Client(), user).post(
            reverse("challenges:round-close-undo", args=[closed.public_id])
        )
        assert response.status_code in (403, 404)
    closed.refresh_from_db()
    assert closed.status == RoundStatus.CLOSED
    # A coordinator of the organisation's network may close it, so may undo it.
    services.round_close_undo(actor=world.coordinator_uk, round_=closed)


def test_an_open_round_has_nothing_to_undo(world, round_):
    with pytest.raises(ApplicationError) as exc:
        services.round_close_undo(actor=world.lead_a, round_=round_)
    assert exc.value.code == "not_closed"


def test_the_page_confirms_then_shows_the_undo_button(world, round_, clock):
    agree_all(world.lead_a, round_)
    client = sign_in(Client(), world.lead_a)
    close = reverse("challenges:round-close", args=[round_.public_id])
    asked = client.post(close).content.decode()
    assert "you can open the round again for 15 minutes" in asked
    done = client.post(close, {"confirmed": "yes"}, follow=True).content.decode()
    undo = reverse("challenges:round-close-undo", args=[round_.public_id])
    assert 'id="undo-close"' in done and undo in done and "until 12:15" in done
    detail = client.get(reverse("challenges:round-detail", args=[round_.public_id])).content
    assert undo.encode() in detail
    # Someone who may see the round but not close it sees no undo button.
    staff = sign_in(Client(), world.staff_a).get(
        reverse("challenges:round-detail", args=[round_.public_id])
    )
    assert undo.encode() not in staff.content
    reopened = client.post(undo, follow=True).content.decode()
    assert "Closing is undone" in reopened and 'id="undo-close"' not in reopened
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
    # A second press (another tab) says why, without an error page.
    again = client.post(undo, follow=True)
    assert again.status_code == 200 and "This round is not closed." in again.content.decode()


def test_the_page_refuses_a_late_undo_clearly(world, closed, clock):
    clock.move_to(NOON + datetime.timedelta(minutes=16))
    client = sign_in(Client(), world.lead_a)
    detail = client.get(reverse("challenges:round-detail", args=[closed.public_id])).content
    assert b'id="undo-close"' not in detail
    response = client.post(
        reverse("challenges:round-close-undo", args=[closed.public_id]), follow=True
    )
    assert "can no longer be undone" in response.content.decode()
    assert (
        client.get(reverse("challenges:round-close-undo", args=[closed.public_id])).status_code
        == 405
    )


def test_undo_over_the_api(world, round_, clock):
    agree_all(world.lead_a, round_)
    api = token_client(world.lead_a)
    base = f"/api/v1/assessments/{round_.public_id}"
    assert api.post(f"{base}/close").json()["status"] == "closed"
    response = api.post(f"{base}/close/undo")
    assert response.status_code == 200
    assert response.json()["status"] == "open" and response.json()["closed_at"] is None
    again = api.post(f"{base}/close/undo")
    assert again.status_code == 409 and again.json()["code"] == "not_closed"
    api.post(f"{base}/close")
    assert token_client(world.staff_a).post(f"{base}/close/undo").status_code == 403
    assert token_client(world.outsider).post(f"{base}/close/undo").status_code in (403, 404)
    clock.move_to(NOON + datetime.timedelta(hours=1))
    late = api.post(f"{base}/close/undo")
    assert late.status_code == 409 and late.json()["code"] == "too_late"
