"""An event's start date must make sense (from a year ago to ten years ahead, in the network's time
zone): refused on the page with a message on the field, nothing written; an old event whose start is
left as it was can still be changed."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from recoverynet.core.errors import ApplicationError
from recoverynet.events import services
from recoverynet.events.models import Event
from tests.conftest import World, sign_in

pytestmark = pytest.mark.django_db


def _form(starts: str, ends: str) -> dict[str, str]:
    return {
        "title": "New workshop",
        "kind": "workshop",
        "starts_at": starts,
        "ends_at": ends,
        "venue_name": "Hall",
        "capacity": "20",
        "booking_mode": "open",
        "cancellation_cutoff_hours": "48",
        "max_delegates_per_booking": "10",
        "offer_hours": "48",
        "reminder_days": "2",
        "needs_retention_days": "30",
    }


@pytest.mark.parametrize(
    ("starts", "ends"),
    [("2099-06-01 10:00", "2099-06-01 15:00"), ("2019-06-01 10:00", "2019-06-01 15:00")],
)
def test_the_page_refuses_an_event_years_away(world: World, starts: str, ends: str) -> None:
    before = Event.objects.count()
    response = sign_in(Client(), world.coordinator_uk).post(
        "/manage/events/add/uk/", _form(starts, ends)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "The start date must be on or " in body and 'id="id_starts_at-error"' in body
    assert Event.objects.count() == before


def test_an_old_event_can_still_be_changed_if_its_start_stays(world: World, event: Event) -> None:
    long_ago = event.starts_at - datetime.timedelta(days=3 * 365)
    Event.objects.filter(pk=event.pk).update(
        starts_at=long_ago, ends_at=long_ago + datetime.timedelta(hours=3)
    )
    event.refresh_from_db()
    services.event_update(
        actor=world.coordinator_uk, event=event, starts_at=event.starts_at, title="Renamed"
    )
    assert Event.objects.get(pk=event.pk).title == "Renamed"
    with pytest.raises(ApplicationError) as caught:
        services.event_update(
            actor=world.coordinator_uk,
            event=event,
            starts_at=long_ago - datetime.timedelta(days=1),
            ends_at=long_ago,
        )
    assert caught.value.field == "starts_at"


def test_a_booking_window_decades_away_is_refused(world: World, event: Event) -> None:
    far = datetime.datetime(2099, 1, 1, 9, tzinfo=datetime.UTC)
    with pytest.raises(ApplicationError) as refused:
        services.event_update(actor=world.coordinator_uk, event=event, booking_closes_at=far)
    assert refused.value.field == "booking_closes_at"
    assert "on or before" in refused.value.message
    event.refresh_from_db()
    assert event.booking_closes_at != far
