"""An endpoint is turned off after WEBHOOKS_DISABLE_AFTER_FAILURES deliveries in a row failed (each
after every try), counted from the delivery rows and log; a successful try starts the count again,
and deliveries still being retried do not count. Each coordinator of the network is told by one
e-mail of their own; the endpoint page and the API show the count and turn it back on (audited),
after which earlier failures no longer count.

Most tests here give a delivery a single try (`one_try`), so that each failure is final at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from recoverynet.core.models import AuditEntry
from recoverynet.network import services as network_services
from recoverynet.webhooks import deliveries, selectors
from recoverynet.webhooks.models import Endpoint
from tests.conftest import token_client

from .test_deliveries import announce, endpoint  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(settings: Any) -> int:
    assert settings.WEBHOOKS_DISABLE_AFTER_FAILURES == 3  # the default
    return 3


@pytest.fixture
def one_try(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deliveries, "MAX_ATTEMPTS", 1)


def test_failures_still_being_retried_do_not_count(
    endpoint: Any,  # noqa: F811
    receiver: Any,
    limit: int,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Minutes of downtime with many events: every first try fails, none is final yet."""
    ep, _ = endpoint
    receiver.answers = [503] * 8
    for _ in range(8):
        announce(django_capture_on_commit_callbacks)
    ep.refresh_from_db()
    assert ep.is_active and streak(ep) == 0


def streak(ep: Endpoint) -> int:
    return deliveries.failure_streak(ep)


def test_a_success_starts_the_count_again(
    endpoint: Any,  # noqa: F811
    receiver: Any,
    limit: int,
    one_try: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    ep, _ = endpoint
    receiver.answers = [500, 500, 200, 500, 500]
    for _ in range(5):
        announce(django_capture_on_commit_callbacks)
    ep.refresh_from_db()
    assert ep.is_active and streak(ep) == 2
    assert not [m for m in mail.outbox if "turned off" in m.subject]


def test_the_limit_turns_it_off_and_tells_each_coordinator_once(
    world: Any,
    endpoint: Any,  # noqa: F811
    receiver: Any,
    limit: int,
    one_try: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    network_services.network_role_grant(
        actor=world.admin, network=world.uk, email=world.staff_a.email, role="coordinator"
    )
    ep, _ = endpoint
    receiver.answers = [500, None, 503]  # a connection failure counts too
    for _ in range(3):
        announce(django_capture_on_commit_callbacks)
    ep.refresh_from_db()
    assert not ep.is_active and "3 deliveries in a row failed" in ep.disabled_reason
    told = sorted(tuple(m.to) for m in mail.outbox if "turned off" in m.subject)
    assert told == sorted([(world.coordinator_uk.email,), (world.staff_a.email,)])
    entry = AuditEntry.objects.get(action="webhooks.endpoint.disabled")
    assert "3 deliveries" in entry.changes["reason"]
    # Nothing more is sent while it is off.
    announce(django_capture_on_commit_callbacks)
    assert len(receiver.got) == 3

    # The endpoint page shows why and the count, with a button to turn it back on.
    client = world.client_for("coordinator_uk")
    page_url = f"/manage/uk/webhooks/{ep.public_id}/"
    page = client.get(page_url).content.decode()
    assert "This webhook is turned off" in page and "3 deliveries in a row failed" in page
    assert 'id="failures-in-a-row">3<' in page and "Turn it back on" in page
    assert world.client_for("coordinator_ie").post(f"{page_url}enable/").status_code in (403, 404)
    response = client.post(f"{page_url}enable/")
    assert response.status_code == 302
    ep.refresh_from_db()
    assert ep.is_active and ep.disabled_reason == "" and streak(ep) == 0
    enabled = AuditEntry.objects.get(action="webhooks.endpoint.enabled")
    assert enabled.actor_id == world.coordinator_uk.pk
    assert "3 deliveries" in enabled.changes["was_off_because"]


def test_api_shows_the_count_and_turns_it_back_on(
    world: Any,
    endpoint: Any,  # noqa: F811
    receiver: Any,
    limit: int,
    one_try: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    ep, _ = endpoint
    client = token_client(world.coordinator_uk)
    receiver.answers = [500, 500]
    for _ in range(2):
        announce(django_capture_on_commit_callbacks)
    got = client.get(f"/api/v1/webhooks/{ep.public_id}").json()
    assert (got["failures_in_a_row"], got["disable_after"], got["is_active"]) == (2, 3, True)
    listed = client.get("/api/v1/networks/uk/webhooks").json()
    assert listed[0]["failures_in_a_row"] == 2
    receiver.answers = [500]
    announce(django_capture_on_commit_callbacks)
    off = client.get(f"/api/v1/webhooks/{ep.public_id}").json()
    assert off["is_active"] is False and off["disabled_at"] is not None
    refused = token_client(world.coordinator_ie).post(f"/api/v1/webhooks/{ep.public_id}/enable")
    assert refused.status_code in (403, 404)
    on = client.post(f"/api/v1/webhooks/{ep.public_id}/enable")
    assert on.status_code == 200
    assert on.json()["is_active"] is True and on.json()["failures_in_a_row"] == 0
    assert AuditEntry.objects.filter(action="webhooks.endpoint.enabled").count() == 1


def test_the_list_counts_every_endpoint_in_one_query(
    world: Any,
    endpoint: Any,  # noqa: F811
    receiver: Any,
    limit: int,
    one_try: None,
    django_assert_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    receiver.answers = [500]
    announce(django_capture_on_commit_callbacks)
    with django_assert_num_queries(1):
        rows = list(selectors.endpoint_list(actor=world.admin, network=world.uk))
    assert [r.failures_in_a_row for r in rows] == [1]
