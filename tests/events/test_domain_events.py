"""The booking services announce booking.confirmed, booking.cancelled and waiting_list.offered after
commit, with exactly the declared thin payload."""

import pytest
from django.conf import settings

from recoverynet.core import domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.events import services
from recoverynet.events.domain_events import (
    BOOKING_CANCELLED,
    BOOKING_CONFIRMED,
    WAITING_LIST_OFFERED,
)
from recoverynet.events.models import Booking, BookingStatus
from recoverynet.events.services import DelegateInput

from .conftest import delegates

pytestmark = pytest.mark.django_db

NAMES = (BOOKING_CONFIRMED.name, BOOKING_CANCELLED.name, WAITING_LIST_OFFERED.name)


@pytest.fixture
def announced():
    got = []
    for name in NAMES:
        domain_events.subscribe(name, got.append)
    yield got
    domain_events.unsubscribe(got.append)


def _book(world, event, n, actor, organisation=None, prefix="d"):
    return services.booking_create(
        actor=actor,
        event=event,
        organisation=organisation,
        delegates=delegates(n, event.non_member_rate, prefix),
    ).booking


def _expected(booking, places):
    return {
        "booking_id": str(booking.public_id),
        "event_id": str(booking.event.public_id),
        "organisation_id": booking.organisation_id,
        "places": places,
        "url": f"{settings.SITE_URL}/bookings/{booking.public_id}/",
    }


def test_a_confirmed_booking_is_announced_after_commit(
    world, event, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = _book(world, event, 2, world.lead_a, world.org_a)
        assert announced == []  # not before the transaction commits
    assert [(e.type, e.network_slug, dict(e.data)) for e in announced] == [
        ("booking.confirmed", "uk", _expected(booking, 2))
    ]


def test_cancelling_offers_the_place_and_accepting_confirms_it(
    world, event, announced, django_capture_on_commit_callbacks
):
    services.event_update(actor=world.coordinator_uk, event=event, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = _book(world, event, 2, world.lead_a, world.org_a)
        waiting = _book(world, event, 1, world.outsider, prefix="w")
    assert waiting.status == BookingStatus.WAITING
    assert [e.type for e in announced] == ["booking.confirmed"]  # waiting is not confirmed
    announced.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=world.lead_a, booking=first)
    waiting.refresh_from_db()
    assert [e.type for e in announced] == ["booking.cancelled", "waiting_list.offered"]
    cancelled, offered = announced
    assert dict(cancelled.data) == _expected(first, 2)
    assert dict(offered.data) == {
        **_expected(waiting, 1),
        "offer_expires_at": waiting.offer_expires_at.isoformat(),
    }
    announced.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.offer_accept(actor=world.outsider, booking=waiting)
    assert [(e.type, dict(e.data)) for e in announced] == [
        ("booking.confirmed", _expected(waiting, 1))
    ]


def test_cancelling_the_last_place_cancels_and_announces_the_booking(
    world, event, announced, django_capture_on_commit_callbacks
):
    booking = _book(world, event, 2, world.lead_a, world.org_a)
    first, second = booking.delegates.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        services.delegate_cancel(actor=world.lead_a, delegate=first)
    assert announced == []  # the booking still holds a place
    with django_capture_on_commit_callbacks(execute=True):
        services.delegate_cancel(actor=world.lead_a, delegate=second)
    assert [(e.type, dict(e.data)) for e in announced] == [
        ("booking.cancelled", _expected(booking, 1))
    ]


def test_a_refused_booking_announces_nothing(
    world, event, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        services.booking_create(
            actor=world.lead_a,
            event=event,
            organisation=world.org_a,
            delegates=[DelegateInput(name=" ", email="x@example.org", rate_id=0)],
        )
    assert announced == [] and not Booking.objects.exists()


def test_payloads_carry_no_personal_details(
    world, event, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = _book(world, event, 1, world.lead_a, world.org_a)
        services.booking_cancel(actor=world.lead_a, booking=booking)
    text = repr([e.data for e in announced])
    assert len(announced) == 2
    assert "@" not in text and "Delegate" not in text
