"""The library announces `resource.published` when a resource is approved, once."""

from __future__ import annotations

from typing import Any

import pytest

from recoverynet.core import domain_events
from recoverynet.library import services

from .test_services import share

pytestmark = pytest.mark.django_db


@pytest.fixture
def received() -> Any:
    got: list[domain_events.DomainEvent] = []
    domain_events.subscribe("resource.published", got.append)
    yield got
    domain_events.unsubscribe(got.append)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_approving_announces_resource_published_after_commit(
    world: Any, received: Any, django_capture_on_commit_callbacks: Any
) -> None:
    resource = share(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_moderate(
            actor=world.coordinator_uk, resource=resource, decision="changes", note="x"
        )
    assert received == []
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_moderate(
            actor=world.coordinator_uk, resource=resource, decision="approved"
        )
    [event] = received
    assert event.network_slug == "uk"
    assert event.data["resource_id"] == str(resource.public_id)
    assert event.data["title"] == resource.title
    assert event.data["url"].endswith(f"/library/{resource.public_id}/")
    # Approving again announces nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_moderate(
            actor=world.coordinator_uk, resource=resource, decision="approved"
        )
    assert len(received) == 1
