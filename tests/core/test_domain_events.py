"""The domain-event registry: declared payloads, delivery only after commit, isolated subscribers."""

from __future__ import annotations

import pytest
from django.db import transaction

from recoverynet.core import domain_events
from recoverynet.core.domain_events import DomainEvent

pytestmark = pytest.mark.django_db(transaction=True)

domain_events.define(
    "test.happened",
    summary="A thing happened in a test.",
    payload={"thing_id": "The thing's id."},
)


@pytest.fixture
def received():
    got: list[DomainEvent] = []
    domain_events.subscribe("test.happened", got.append)
    yield got
    domain_events.unsubscribe(got.append)


def test_an_event_reaches_subscribers_only_after_commit(received):
    with transaction.atomic():
        event = domain_events.emit("test.happened", network_slug="uk", data={"thing_id": "7"})
        assert received == []
    assert received == [event]
    assert event.id.startswith("evt_") and event.network_slug == "uk"


def test_a_rolled_back_change_announces_nothing(received):
    def failing_service() -> None:
        with transaction.atomic():
            domain_events.emit("test.happened", network_slug=None, data={"thing_id": "7"})
            raise RuntimeError("the service failed")

    with pytest.raises(RuntimeError):
        failing_service()
    assert received == []


def test_the_payload_must_match_the_definition():
    with pytest.raises(ValueError, match="the definition says"):
        domain_events.emit("test.happened", network_slug=None, data={"other": 1})
    with pytest.raises(ValueError, match="not defined"):
        domain_events.emit("test.unknown", network_slug=None, data={})


def test_one_failing_subscriber_does_not_stop_another(received):
    def broken(event: DomainEvent) -> None:
        raise RuntimeError("subscriber bug")

    domain_events.subscribe("test.happened", broken)
    try:
        with transaction.atomic():
            domain_events.emit("test.happened", network_slug=None, data={"thing_id": "1"})
    finally:
        domain_events.unsubscribe(broken)
    assert len(received) == 1


def test_redefining_with_another_shape_is_refused():
    with pytest.raises(ValueError, match="defined twice"):
        domain_events.define("test.happened", summary="Other.", payload={"x": "y"})
    assert domain_events.is_defined("test.happened")
    assert "test.happened" in [t.name for t in domain_events.catalogue()]
