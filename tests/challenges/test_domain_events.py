"""Self-assessment announces `assessment.closed` when a round closes (only ids, never ratings)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from recoverynet.challenges import services
from recoverynet.core import domain_events
from recoverynet.core.errors import ApplicationError

from .conftest import agree_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded() -> Any:
    got: list[domain_events.DomainEvent] = []
    domain_events.subscribe("assessment.closed", got.append)
    yield got
    domain_events.unsubscribe(got.append)


def test_closing_a_round_announces_it_in_the_organisations_network(
    world: Any, round_: Any, recorded: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        services.round_close(actor=world.lead_a, round_=round_)  # not every cell agreed
    assert recorded == []
    agree_all(world.lead_a, round_)
    with django_capture_on_commit_callbacks(execute=True):
        services.round_close(actor=world.lead_a, round_=round_)
    assert [(e.type, e.network_slug) for e in recorded] == [("assessment.closed", "uk")]
    assert recorded[0].data == {
        "round_id": str(round_.public_id),
        "organisation_id": world.org_a.pk,
        "scope": "organisation",
        "framework": "ten-organisational-challenges",
        "url": f"{settings.SITE_URL}/self-assessment/{round_.public_id}/",
    }
