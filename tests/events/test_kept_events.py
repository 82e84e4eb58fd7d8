"""The event as a booking reads it is kept in the shared cache (events/kept_events.py, issue #17),
and every change to it, its rates or its network's tax rates prices the very next booking."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recoverynet.events import services
from recoverynet.events.models import Delegate
from recoverynet.network.services import tax_rate_set
from tests.conftest import token_client

from .conftest import make_event

# Committed for real: a read in the transaction that changed the topic is never kept.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_cache")]


def _book(client: Any, event: Any, rate: Any, email: str) -> Any:
    return client.post(
        f"/api/v1/events/{event.public_id}/bookings",
        {"delegates": [{"name": "A Person", "email": email, "rate": rate.pk}]},
        content_type="application/json",
    )


def _net_of(email: str) -> Decimal:
    return Delegate.objects.get(email=email).net


def test_a_second_booking_reads_no_event_rate_or_tax_rate(world: Any, event: Any) -> None:
    client = token_client(world.outsider)
    assert _book(client, event, event.non_member_rate, "one@example.org").status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert _book(client, event, event.non_member_rate, "two@example.org").status_code == 201
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in reads if 'FROM "events_rate"' in sql]
    assert not [sql for sql in reads if 'FROM "network_taxrate"' in sql]
    # The event row itself is read once: locked, to count its places.
    assert len([sql for sql in reads if 'FROM "events_event"' in sql]) == 1
    assert _net_of("two@example.org") == Decimal("150.00")


def test_a_retired_rate_and_a_new_one_reach_the_next_booking(world: Any, event: Any) -> None:
    client = token_client(world.outsider)
    assert _book(client, event, event.non_member_rate, "one@example.org").status_code == 201
    services.rate_update(actor=world.coordinator_uk, rate=event.non_member_rate, active=False)
    refused = _book(client, event, event.non_member_rate, "two@example.org")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == (
        "delegates.0.rate"
    )
    dearer = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="Others from now",
        net_amount=Decimal("175.00"),
    )
    assert _book(client, event, dearer, "three@example.org").status_code == 201
    assert _net_of("three@example.org") == Decimal("175.00")


def test_a_new_tax_rate_prices_the_next_booking(world: Any, event: Any) -> None:
    client = token_client(world.outsider)
    assert _book(client, event, event.non_member_rate, "one@example.org").status_code == 201
    assert Delegate.objects.get(email="one@example.org").tax == Decimal("30.00")  # 20 %
    tax_rate_set(
        actor=world.admin,
        network=world.uk,
        rate=Decimal("0.10"),
        valid_from=event.starts_at.date() - datetime.timedelta(days=1),
    )
    assert _book(client, event, event.non_member_rate, "two@example.org").status_code == 201
    assert Delegate.objects.get(email="two@example.org").tax == Decimal("15.00")


def test_an_event_taken_back_to_draft_is_not_found_at_once(world: Any, event: Any) -> None:
    client = token_client(world.outsider)
    assert _book(client, event, event.non_member_rate, "one@example.org").status_code == 201
    services.event_update(actor=world.coordinator_uk, event=event, status="draft")
    assert _book(client, event, event.non_member_rate, "two@example.org").status_code == 404


def test_an_event_closed_to_bookings_refuses_the_next_one(world: Any, event: Any) -> None:
    client = token_client(world.outsider)
    assert _book(client, event, event.non_member_rate, "one@example.org").status_code == 201
    services.event_update(actor=world.coordinator_uk, event=event, booking_mode="closed")
    refused = _book(client, event, event.non_member_rate, "two@example.org")
    assert (
        refused.status_code in (409, 422)
        and not Delegate.objects.filter(email="two@example.org").exists()
    )


def test_a_change_that_sent_no_signal_is_checked_on_the_locked_row(world: Any, event: Any) -> None:
    """A write without a signal leaves the kept copy as it was, for up to five minutes: the
    booking compares what it checked with the locked row and checks again there."""
    from recoverynet.events.models import Event

    client = token_client(world.outsider)
    assert _book(client, event, event.non_member_rate, "one@example.org").status_code == 201
    Event.objects.filter(pk=event.pk).update(max_delegates_per_booking=1)
    two = client.post(
        f"/api/v1/events/{event.public_id}/bookings",
        {
            "delegates": [
                {"name": "A Person", "email": "two@example.org", "rate": event.non_member_rate.pk},
                {
                    "name": "B Person",
                    "email": "three@example.org",
                    "rate": event.non_member_rate.pk,
                },
            ]
        },
        content_type="application/json",
    )
    assert two.status_code == 422 and two.json()["code"] == "too_many"
    assert not Delegate.objects.filter(email__in=["two@example.org", "three@example.org"]).exists()


def test_a_learning_set_deleted_no_longer_limits_the_next_booking(world: Any) -> None:
    from recoverynet.events.models import LearningSet

    learning_set = services.learning_set_create(
        actor=world.coordinator_uk, network=world.uk, title="Leading recovery", cohort=[world.org_a]
    )
    event = make_event(world, capacity=50, learning_set=learning_set)
    rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="Others",
        net_amount=Decimal("150.00"),
    )
    client = token_client(world.outsider)
    assert _book(client, event, rate, "one@example.org").status_code == 403  # not in the cohort
    LearningSet.objects.filter(pk=learning_set.pk).delete()
    assert _book(client, event, rate, "two@example.org").status_code == 201
