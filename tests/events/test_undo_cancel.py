"""Undoing a cancelled place or booking (issue #15, decision 0044): for 15 minutes, only while the
places are still free, billing's documents never deleted, audited, on the page and in the API."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from recoverynet.billing.models import CreditNote, Invoice
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AuditEntry
from recoverynet.events import services, undo_offers
from recoverynet.events.models import Booking, BookingStatus, Delegate
from recoverynet.events.services import DelegateInput
from tests.conftest import make_user, sign_in, token_client

from .conftest import delegates, make_event

pytestmark = pytest.mark.django_db


def _book(world: Any, event: Any, n: int = 2, key: str = "k1") -> Booking:
    return services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        idempotency_key=key,
        delegates=delegates(n, event.member_rate, prefix=key),
    ).booking


def _active(booking: Booking) -> int:
    return Delegate.objects.filter(booking=booking, cancelled_at__isnull=True).count()


def _age(booking: Booking, minutes: int) -> None:
    AuditEntry.objects.filter(object_type="events.booking", object_id=str(booking.pk)).update(
        at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_undoing_a_booking_cancellation_reinvoices_and_keeps_the_credit_note(
    world: Any, event: Any
) -> None:
    booking = _book(world, event)
    first = Invoice.objects.get()
    services.booking_cancel(actor=world.lead_a, booking=booking, reason="Clash")
    note = CreditNote.objects.get()
    assert note.gross_total == first.gross_total == Decimal("240.00")
    undo = undo_offers.booking_undo_offer(actor=world.lead_a, booking=booking)
    assert undo is not None and undo["kind"] == "booking"

    services.booking_cancel_undo(actor=world.lead_a, booking=booking)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.cancelled_at is None
    assert _active(booking) == 2
    # The credit note stays issued; a new invoice bills the places again, numbered next.
    assert CreditNote.objects.get().pk == note.pk
    second = Invoice.objects.exclude(pk=first.pk).get()
    assert second.gross_total == Decimal("240.00") and second.sequence_number == 2
    entry = AuditEntry.objects.filter(action="events.booking.cancelled.undone").get()
    assert entry.changes["status"] == ["cancelled", "confirmed"]
    assert entry.changes["invoice"] == second.number
    # Undone once: the window has ended.
    assert undo_offers.booking_undo_offer(actor=world.lead_a, booking=booking) is None
    with pytest.raises(ApplicationError) as again:
        services.booking_cancel_undo(actor=world.lead_a, booking=booking)
    assert again.value.code == "too_late"
    # Cancelling again credits the new invoice's places (the first invoice is already credited).
    services.booking_cancel(actor=world.lead_a, booking=booking)
    assert CreditNote.objects.count() == 2
    assert CreditNote.objects.exclude(pk=note.pk).get().invoice_id == second.pk


def test_undoing_one_place_bills_it_again_and_a_later_cancel_credits_every_place(
    world: Any, event: Any
) -> None:
    booking = _book(world, event, n=3)
    first = Invoice.objects.get()
    gone = booking.delegates.order_by("id")[1]
    services.delegate_cancel(actor=world.lead_a, delegate=gone)
    assert CreditNote.objects.get().gross_total == Decimal("120.00")
    undo = undo_offers.booking_undo_offer(actor=world.lead_a, booking=booking)
    assert undo is not None and undo["kind"] == "delegate" and undo["delegate"].pk == gone.pk

    services.delegate_cancel_undo(actor=world.lead_a, delegate=gone)

    assert _active(booking) == 3
    second = Invoice.objects.exclude(pk=first.pk).get()
    assert second.gross_total == Decimal("120.00")
    assert [line.item_ref for line in second.lines.all()] == [gone.pk]
    # Cancelling the whole booking now credits the two places left on the first invoice and the
    # one on the second: nothing is credited twice, nothing is left uncredited.
    services.booking_cancel(actor=world.lead_a, booking=booking)
    credited = sum(n.gross_total for n in CreditNote.objects.all())
    assert credited == first.gross_total + second.gross_total == Decimal("480.00")
    assert set(Invoice.objects.values_list("status", flat=True)) == {"credited"}


def test_the_last_place_undone_brings_the_booking_back(world: Any, event: Any) -> None:
    booking = _book(world, event, n=1)
    only = booking.delegates.get()
    services.delegate_cancel(actor=world.lead_a, delegate=only)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    services.delegate_cancel_undo(actor=world.lead_a, delegate=only)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and _active(booking) == 1


def test_a_place_taken_from_the_waiting_list_cannot_be_undone(world: Any) -> None:
    event = make_event(world, capacity=2)
    rate = services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal(0)
    )
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        delegates=[
            DelegateInput(name=f"P{i}", email=f"p{i}@example.org", rate_id=rate.pk)
            for i in range(2)
        ],
    ).booking
    waiter = make_user("waiter@example.org")
    waiting = services.booking_create(
        actor=waiter,
        event=event,
        delegates=[DelegateInput(name="Wait", email="waiter@example.org", rate_id=rate.pk)],
    ).booking
    assert waiting.status == BookingStatus.WAITING
    gone = booking.delegates.order_by("id")[0]
    services.delegate_cancel(actor=world.lead_a, delegate=gone)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.OFFERED  # the freed place went to the waiting list
    with pytest.raises(ApplicationError) as refused:
        services.delegate_cancel_undo(actor=world.lead_a, delegate=gone)
    assert refused.value.code == "place_gone" and refused.value.status == 409
    assert "waiting list" in refused.value.message
    gone.refresh_from_db()
    assert gone.cancelled_at is not None  # nothing half-written
    assert not AuditEntry.objects.filter(action__endswith=".undone").exists()


def test_a_waiting_booking_goes_back_on_the_waiting_list(world: Any) -> None:
    event = make_event(world, capacity=1)
    rate = services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal(0)
    )
    services.booking_create(
        actor=world.lead_b,
        event=event,
        delegates=[DelegateInput(name="First", email="first@example.org", rate_id=rate.pk)],
    )
    waiting = services.booking_create(
        actor=world.lead_a,
        event=event,
        delegates=[DelegateInput(name="Second", email="second@example.org", rate_id=rate.pk)],
    ).booking
    services.booking_cancel(actor=world.lead_a, booking=waiting)
    services.booking_cancel_undo(actor=world.lead_a, booking=waiting)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.WAITING and not Invoice.objects.exists()


def test_no_undo_after_fifteen_minutes_or_after_another_change(world: Any, event: Any) -> None:
    booking = _book(world, event)
    services.booking_cancel(actor=world.lead_a, booking=booking)
    _age(booking, 16)
    assert undo_offers.booking_undo_offer(actor=world.lead_a, booking=booking) is None
    with pytest.raises(ApplicationError) as late:
        services.booking_cancel_undo(actor=world.lead_a, booking=booking)
    assert late.value.code == "too_late"
    # A place cancelled and then another one: only the later one can be undone.
    other = _book(world, event, n=2, key="k2")
    one, two = other.delegates.order_by("id")
    services.delegate_cancel(actor=world.lead_a, delegate=one)
    services.delegate_cancel(actor=world.lead_a, delegate=two)
    with pytest.raises(ApplicationError) as not_last:
        services.delegate_cancel_undo(actor=world.lead_a, delegate=one)
    assert not_last.value.code == "not_undoable"


def test_who_must_not_undo(world: Any, event: Any) -> None:
    booking = _book(world, event)
    services.booking_cancel(actor=world.lead_a, booking=booking)
    for outsider in (world.lead_b, world.outsider, world.coordinator_ie):
        assert undo_offers.booking_undo_offer(actor=outsider, booking=booking) is None
        with pytest.raises(PermissionDenied):
            services.booking_cancel_undo(actor=outsider, booking=booking)
    # The organisers may undo it.
    services.booking_cancel_undo(actor=world.coordinator_uk, booking=booking)


def test_a_cancellation_by_an_organiser_is_undone_only_by_an_organiser(
    world: Any, event: Any
) -> None:
    """The booker, or the delegate, cannot bring back a place the organisers removed (and be
    invoiced for it again); the person who cancelled, and the organisers, can."""
    booking = _book(world, event)
    place = booking.delegates.first()
    assert place is not None
    delegate_user = make_user(place.email)
    services.delegate_cancel(actor=world.coordinator_uk, delegate=place)
    for person in (world.lead_a, delegate_user):
        assert undo_offers.booking_undo_offer(actor=person, booking=booking) is None
        with pytest.raises(PermissionDenied):
            services.delegate_cancel_undo(actor=person, delegate=place)
    assert _active(booking) == 1
    services.delegate_cancel_undo(actor=world.coordinator_uk, delegate=place)
    assert _active(booking) == 2
    # The booker who cancelled their own booking may undo it.
    services.booking_cancel(actor=world.lead_a, booking=booking)
    assert undo_offers.booking_undo_offer(actor=world.lead_a, booking=booking) is not None
    services.booking_cancel_undo(actor=world.lead_a, booking=booking)
    assert _active(booking) == 2


def test_the_event_cancelled_meanwhile_refuses_the_undo(world: Any, event: Any) -> None:
    booking = _book(world, event)
    services.booking_cancel(actor=world.lead_a, booking=booking)
    services.event_cancel(actor=world.coordinator_uk, event=event, reason="Venue closed")
    with pytest.raises(ApplicationError) as refused:
        services.booking_cancel_undo(actor=world.lead_a, booking=booking)
    assert refused.value.code in ("not_bookable", "too_late")


def test_the_page_offers_the_undo_and_says_when_the_place_has_gone(world: Any) -> None:
    event = make_event(world, capacity=1)
    rate = services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal(0)
    )
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        delegates=[DelegateInput(name="Ann Able", email="ann@example.org", rate_id=rate.pk)],
    ).booking
    client = sign_in(Client(), world.lead_a)
    url = f"/bookings/{booking.public_id}/"
    asked = client.post(url + "cancel/", {"reason": ""})
    assert "You can undo this for 15 minutes" in asked.content.decode()
    client.post(url + "cancel/", {"reason": "", "confirmed": "yes"})
    page = client.get(url).content.decode()
    assert 'id="undo-cancel"' in page and "Undo the cancellation" in page
    # Someone else books the freed place; the undo says it has gone and what to do.
    services.booking_create(
        actor=world.lead_b,
        event=event,
        delegates=[DelegateInput(name="Ben", email="ben@example.org", rate_id=rate.pk)],
    )
    refused = client.post(url + "cancel/undo/", follow=True)
    text = refused.content.decode()
    assert "The place has gone" in text and "waiting list" in text
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    # Another person gets nothing: the banner is not shown and the undo is refused.
    other = sign_in(Client(), world.lead_b)
    assert other.get(url).status_code in (403, 404)
    assert other.post(url + "cancel/undo/").status_code in (403, 404)


def test_the_page_undoes_a_place(world: Any, event: Any) -> None:
    booking = _book(world, event)
    gone = booking.delegates.order_by("id")[0]
    client = sign_in(Client(), world.lead_a)
    url = f"/bookings/{booking.public_id}/"
    client.post(f"{url}delegates/{gone.pk}/cancel/", {"confirmed": "yes"})
    page = client.get(url).content.decode()
    assert f"The place for {gone.name} was cancelled" in page
    done = client.post(f"{url}delegates/{gone.pk}/cancel/undo/", follow=True)
    assert f"{gone.name} has the place again" in done.content.decode()
    assert _active(booking) == 2
    assert client.post(f"{url}delegates/999999/cancel/undo/").status_code == 404


def test_the_api_undoes_a_cancellation(world: Any, event: Any) -> None:
    booking = _book(world, event)
    api = token_client(world.lead_a)
    base = f"/api/v1/bookings/{booking.public_id}"
    assert api.post(f"{base}/cancel", {}, content_type="application/json").status_code == 200
    done = api.post(f"{base}/cancel/undo", {}, content_type="application/json")
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "confirmed" and len(body["invoices"]) == 2
    again = api.post(f"{base}/cancel/undo", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "too_late"
    gone = booking.delegates.order_by("id")[0]
    services.delegate_cancel(actor=world.lead_a, delegate=gone)
    place = api.post(f"{base}/delegates/{gone.pk}/cancel/undo", {}, content_type="application/json")
    assert place.status_code == 200 and all(not d["cancelled"] for d in place.json()["delegates"])
    missing = api.post(f"{base}/delegates/999999/cancel/undo", {}, content_type="application/json")
    assert missing.status_code == 404
    stranger = token_client(world.lead_b)
    assert stranger.post(
        f"{base}/cancel/undo", {}, content_type="application/json"
    ).status_code in (
        403,
        404,
    )
