"""Undoing a cancellation while others race for the freed place, on a real PostgreSQL: the undo
runs under the event lock, so the place goes to exactly one of them and capacity is never
exceeded (decision 0044)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from recoverynet.core.errors import ApplicationError
from recoverynet.events import services
from recoverynet.events.models import BookingStatus, Delegate
from recoverynet.events.services import DelegateInput
from tests.conftest import build_world, make_user

from .conftest import make_event

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


def _held(event) -> int:
    return Delegate.objects.filter(
        booking__event=event, booking__status=BookingStatus.CONFIRMED, cancelled_at__isnull=True
    ).count()


@pytest.mark.parametrize("undo", ["place", "booking"])
def test_an_undo_and_new_bookings_racing_for_the_freed_place(undo: str) -> None:
    world = build_world()
    racers = 6
    event = make_event(world, capacity=2)
    rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="All",
        net_amount=Decimal("40"),
    )
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        delegates=[
            DelegateInput(name=f"Held {i}", email=f"held{i}@example.org", rate_id=rate.pk)
            for i in range(2 if undo == "place" else 1)
        ],
    ).booking
    if undo == "place":
        gone = booking.delegates.order_by("id")[0]
        services.delegate_cancel(actor=world.lead_a, delegate=gone)
    else:
        services.booking_create(
            actor=world.lead_b,
            event=event,
            delegates=[DelegateInput(name="Other", email="o@example.org", rate_id=rate.pk)],
        )
        services.booking_cancel(actor=world.lead_a, booking=booking)
    assert _held(event) == 1
    people = [make_user(f"racer{i}@example.org") for i in range(racers)]
    barrier = threading.Barrier(racers + 1)
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def undo_it() -> None:
        try:
            barrier.wait()
            if undo == "place":
                services.delegate_cancel_undo(actor=world.lead_a, delegate=gone)
            else:
                services.booking_cancel_undo(actor=world.lead_a, booking=booking)
            with lock:
                outcomes.append("undone")
        except ApplicationError as exc:
            with lock:
                outcomes.append(exc.code)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    def book(i: int) -> None:
        try:
            barrier.wait()
            result = services.booking_create(
                actor=people[i],
                event=event,
                delegates=[
                    DelegateInput(name=f"R{i}", email=f"racer{i}@example.org", rate_id=rate.pk)
                ],
            ).booking
            with lock:
                outcomes.append(result.status)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=undo_it)]
    threads += [threading.Thread(target=book, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(outcomes) == racers + 1  # nothing lost
    # Exactly one of them got the freed place; the rest wait or were told it has gone.
    assert outcomes.count("undone") + outcomes.count("confirmed") == 1
    assert outcomes.count("waiting") == racers - outcomes.count("confirmed")
    if "undone" not in outcomes:
        assert "place_gone" in outcomes
    assert _held(event) == 2 == event.capacity
