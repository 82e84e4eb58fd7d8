"""Each kept signed-in page (core/private_pages.py) is made afresh after the write that changes it
most: the apps a view names must include the one that writes what it shows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from recoverynet.challenges import frameworks
from recoverynet.challenges import services as challenge_services
from recoverynet.events import services as event_services
from recoverynet.library import services as library_services
from recoverynet.library.services import Content, ResourceInput
from tests.challenges.conftest import agree_all
from tests.conftest import kept_client
from tests.events.conftest import delegates, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_pages")]


def _fresh(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    return response.content.decode()


def test_progress_is_fresh_once_a_round_closes(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    path = f"/organisations/{world.org_a.slug}/self-assessment/progress/"
    client = kept_client(world.lead_a, path)
    with django_capture_on_commit_callbacks(execute=True):
        round_ = challenge_services.round_start(
            actor=world.lead_a, organisation=world.org_a, framework=framework, title="Autumn 2027"
        )
        agree_all(world.lead_a, round_)
        challenge_services.round_close(actor=world.lead_a, round_=round_)
    assert "Autumn 2027" in _fresh(client, path)


def test_the_library_is_fresh_once_a_resource_is_approved(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = kept_client(world.lead_b, "/library/")
    with django_capture_on_commit_callbacks(execute=True):
        resource = library_services.resource_submit(
            actor=world.lead_a,
            network=world.uk,
            data=ResourceInput(
                title="Peer support starter kit", summary="A kit.", kind="tool", audience="members"
            ),
            content=Content(link="https://example.org/kit"),
        )
        library_services.resource_moderate(
            actor=world.coordinator_uk, resource=resource, decision="approved"
        )
    assert "Peer support starter kit" in _fresh(client, "/library/")


def test_the_organisers_event_page_is_fresh_once_someone_books(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(world, capacity=20)
    rate = event_services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal("0")
    )
    path = f"/manage/events/{event.public_id}/"
    client = kept_client(world.coordinator_uk, path)
    before = client.get(path).content
    with django_capture_on_commit_callbacks(execute=True):
        event_services.booking_create(
            actor=world.lead_a, event=event, organisation=world.org_a, delegates=delegates(2, rate)
        )
    assert _fresh(client, path).encode() != before
