"""Many people racing for the last places, on a real PostgreSQL (row locks, real concurrency)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from recoverynet.billing.models import Invoice
from recoverynet.events import services
from recoverynet.events.models import Booking, BookingStatus, Delegate
from recoverynet.events.services import DelegateInput
from tests.conftest import build_world, make_user

from .conftest import make_event

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


def test_many_threads_booking_the_last_places_never_oversell():
    world = build_world()
    capacity, racers = 7, 24
    event = make_event(world, capacity=capacity)
    rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="All",
        net_amount=Decimal("150"),
    )
    people = [make_user(f"racer{i}@example.org") for i in range(racers)]
    barrier = threading.Barrier(racers)
    results: list[tuple[str, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def race(i: int) -> None:
        try:
            barrier.wait()
            booking = services.booking_create(
                actor=people[i],
                event=event,
                idempotency_key=f"k{i}",
                delegates=[
                    DelegateInput(name=f"Racer {i}", email=f"racer{i}@example.org", rate_id=rate.pk)
                ],
            ).booking
            with lock:
                results.append((f"k{i}", booking.status))
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(results) == racers  # nothing lost
    confirmed = Delegate.objects.filter(
        booking__event=event, booking__status=BookingStatus.CONFIRMED
    ).count()
    waiting = Booking.objects.filter(event=event, status=BookingStatus.WAITING).count()
    assert confirmed == capacity
    assert waiting == racers - capacity
    assert sorted(
        Invoice.objects.filter(network=world.uk).values_list("sequence_number", flat=True)
    ) == list(range(1, capacity + 1))
    assert Booking.objects.filter(event=event).count() == racers


def test_same_idempotency_key_raced_books_once():
    world = build_world()
    event = make_event(world, capacity=50)
    rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="All",
        net_amount=Decimal("10"),
    )
    barrier = threading.Barrier(8)
    seen: list[int] = []

    def retry() -> None:
        try:
            barrier.wait()
            result = services.booking_create(
                actor=world.outsider,
                event=event,
                idempotency_key="same-key",
                delegates=[DelegateInput(name="Olive", email="olive@example.org", rate_id=rate.pk)],
            )
            seen.append(result.booking.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=retry) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(set(seen)) == 1 and len(seen) == 8
    assert Booking.objects.filter(event=event).count() == 1
