"""Which endpoints want an event is read after every domain event (a booking announces two). With a
shared cache it is kept there, and every change to an endpoint makes the kept copy stale after
commit: a new, changed, turned-off or deleted endpoint is never missed or wrongly sent to."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recoverynet.webhooks import services
from recoverynet.webhooks.models import Delivery

from .test_deliveries import URL, announce

# Outside a test transaction: a value read in the transaction that changed it is not kept
# (core.versioned), and these tests are about what is kept.
pytestmark = pytest.mark.django_db(transaction=True)


def _endpoint(world: Any, capture: Any, url: str = URL, types: tuple[str, ...] = ()) -> Any:
    with capture(execute=True):  # the cached copy is made stale after commit
        endpoint, _ = services.endpoint_create(
            actor=world.coordinator_uk,
            network=world.uk,
            url=url,
            event_types=list(types or ("resource.published",)),
        )
    return endpoint


def _reads_endpoints(capture: Any) -> bool:
    with CaptureQueriesContext(connection) as queries:
        announce(capture)
    # The subscriptions query finds endpoints by their network's slug (sending reads one by id).
    return any(
        'FROM "webhooks_endpoint"' in q["sql"] and '"network_network"."slug"' in q["sql"]
        for q in queries.captured_queries
    )


def _sent_to(endpoint: Any) -> int:
    return Delivery.objects.filter(endpoint=endpoint).count()


def test_the_endpoints_are_read_once_then_kept(
    world: Any, receiver: Any, shared_cache: None, django_capture_on_commit_callbacks: Any
) -> None:
    first = _endpoint(world, django_capture_on_commit_callbacks)
    assert _reads_endpoints(django_capture_on_commit_callbacks)
    assert not _reads_endpoints(django_capture_on_commit_callbacks)
    assert _sent_to(first) == 2


def test_a_new_endpoint_gets_the_next_event(
    world: Any, receiver: Any, shared_cache: None, django_capture_on_commit_callbacks: Any
) -> None:
    first = _endpoint(world, django_capture_on_commit_callbacks)
    announce(django_capture_on_commit_callbacks)
    second = _endpoint(world, django_capture_on_commit_callbacks, url=URL + "&two=1")
    announce(django_capture_on_commit_callbacks)
    assert (_sent_to(first), _sent_to(second)) == (2, 1)


def test_a_changed_turned_off_or_deleted_endpoint_is_seen_at_once(
    world: Any, receiver: Any, shared_cache: None, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    endpoint = _endpoint(world, capture)
    announce(capture)
    with capture(execute=True):
        services.endpoint_update(
            actor=world.coordinator_uk, endpoint=endpoint, event_types=["article.published"]
        )
    announce(capture)  # no longer chosen
    assert _sent_to(endpoint) == 1
    with capture(execute=True):
        services.endpoint_update(
            actor=world.coordinator_uk, endpoint=endpoint, event_types=["resource.published"]
        )
    announce(capture)
    assert _sent_to(endpoint) == 2
    with capture(execute=True):
        services.endpoint_update(actor=world.coordinator_uk, endpoint=endpoint, is_active=False)
    announce(capture)
    assert _sent_to(endpoint) == 2
    with capture(execute=True):
        services.endpoint_delete(actor=world.coordinator_uk, endpoint=endpoint)
    announce(capture)
    assert Delivery.objects.count() == 0


def test_without_a_shared_cache_every_event_reads_the_endpoints(
    world: Any, receiver: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Each process would keep its own copy and miss a change made in another (a worker's events).
    settings.REDIS_URL = ""
    _endpoint(world, django_capture_on_commit_callbacks)
    assert _reads_endpoints(django_capture_on_commit_callbacks)
    assert _reads_endpoints(django_capture_on_commit_callbacks)
