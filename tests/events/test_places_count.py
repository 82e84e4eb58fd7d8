"""The booking path counts places with one hand-written query (events/services/places.py); it must
agree with the ORM's counts (the selectors the pages use) for every booking status, live and stale
offers, and cancelled places — on SQLite and on PostgreSQL."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q
from django.utils import timezone

from recoverynet.events import selectors
from recoverynet.events.models import Booking, BookingStatus, Delegate
from recoverynet.events.services.places import _places

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _booking(event, booker, status, *, places=1, cancelled=0, offer_in=None):
    now = timezone.now()
    booking = Booking.objects.create(
        event=event,
        booker=booker,
        status=status,
        currency="GBP",
        offer_expires_at=now + offer_in if offer_in is not None else None,
    )
    rate = event.rates.first()
    for i in range(places):
        Delegate.objects.create(
            booking=booking,
            name=f"Person {booking.pk}-{i}",
            email=f"p{booking.pk}-{i}@example.org",
            rate=rate,
            rate_name=rate.name,
            net=Decimal("0"),
            tax_rate=Decimal("0"),
            tax=Decimal("0"),
            gross=Decimal("0"),
            cancelled_at=now if i < cancelled else None,
        )
    return booking


def _orm_counts(event):
    now = timezone.now()
    live = Delegate.objects.filter(booking__event=event, cancelled_at__isnull=True)
    live_offer = Q(booking__status=BookingStatus.OFFERED, booking__offer_expires_at__gt=now)
    waiting = live.filter(Q(booking__status=BookingStatus.WAITING) | live_offer).count()
    stale = live.filter(
        booking__status=BookingStatus.OFFERED, booking__offer_expires_at__lte=now
    ).count()
    return selectors.held_places(event), waiting, stale


def _rate(world, event):
    from recoverynet.events import services

    return services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal("0")
    )


def test_the_count_agrees_with_the_orm_for_every_status(world):
    event = make_event(world, capacity=40)
    _rate(world, event)
    person = world.lead_a
    hour = datetime.timedelta(hours=1)
    _booking(event, person, BookingStatus.CONFIRMED, places=3, cancelled=1)
    _booking(event, person, BookingStatus.CONFIRMED, places=2)
    _booking(event, person, BookingStatus.WAITING, places=2)
    _booking(event, person, BookingStatus.OFFERED, places=2, offer_in=hour)  # live: held
    _booking(event, person, BookingStatus.OFFERED, places=1, offer_in=-hour)  # stale
    _booking(event, person, BookingStatus.CANCELLED, places=2, cancelled=2)
    _booking(event, person, BookingStatus.EXPIRED, places=1)
    _booking(event, person, BookingStatus.DECLINED, places=1)
    other = make_event(world, capacity=5, title="Another day")
    _rate(world, other)
    _booking(other, person, BookingStatus.CONFIRMED, places=4)  # another event's places

    held, waiting, stale = _orm_counts(event)
    assert (held, waiting, stale) == (6, 4, 1)
    places = _places(event)
    assert places.free == 40 - held
    assert places.waiting is True
    assert places.stale_offers is True


def test_an_empty_event_and_an_unlimited_one(world):
    event = make_event(world, capacity=3)
    _rate(world, event)
    places = _places(event)
    assert (places.free, places.waiting, places.stale_offers) == (3, False, False)

    unlimited = make_event(world, capacity=None, title="Open to all")
    _rate(world, unlimited)
    _booking(unlimited, world.lead_a, BookingStatus.CONFIRMED, places=5)
    places = _places(unlimited)
    assert (places.free, places.waiting, places.stale_offers) == (None, False, False)


def test_a_full_event_never_shows_negative_places(world):
    event = make_event(world, capacity=2)
    _rate(world, event)
    _booking(event, world.lead_a, BookingStatus.CONFIRMED, places=3)  # e.g. capacity lowered
    assert _places(event).free == 0
