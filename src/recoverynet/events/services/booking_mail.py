"""The e-mails a booking sends at once (confirmed, on the waiting list, its invoice), built when they
are sent rather than when they are queued.

Why: these are queued inside the booking's transaction, which holds the event's lock, and every
other booking for the event waits on that lock. Rendering three templates and a calendar file there
took about a third of the time the lock was held (issue #17). Inside the transaction each message is
now a small outbox row (one recipient, the subject, and the ids to build it from); the outbox's
sending task renders it. The row is still written with the booking, so a message is never lost.

A message is built from the booking as it is when it is sent, normally seconds later. If what it
was about has gone by then (the booking or invoice erased, the delegate's place cancelled or every
place in the booking cancelled), it is not sent: the outbox records it as cancelled.
"""

from __future__ import annotations

from typing import Any

from recoverynet.billing.models import Invoice
from recoverynet.core import outbox
from recoverynet.core.models import OutboxMessage

from ..calendar import event_ics
from ..models import Booking, Delegate
from .notify import _body, _url

RENDERER = "events.booking"

CONFIRMED = "confirmed"
WAITING = "waiting"
INVOICE = "invoice"


def booking_confirmed(booking: Booking, *, invoice: Invoice | None = None) -> None:
    """One message to the booker (with every place in the booking) and one to each delegate (with
    only their own place): delegates of one booking need not know each other's addresses. With
    the booking's new `invoice`, its message too, in the same insert."""
    booker = str(booking.booker.email)
    places = [d for d in booking.delegates.all() if d.cancelled_at is None]
    subject = f"Booking confirmed: {booking.event.title}"
    # Delegates' addresses are unique within a booking; a booker who has a place too gets one
    # message, the booker's.
    items: list[tuple[str, dict[str, Any]]] = [
        (booker, {"kind": CONFIRMED, "booking": booking.pk, "delegate": None})
    ]
    items += [
        (d.email, {"kind": CONFIRMED, "booking": booking.pk, "delegate": d.pk})
        for d in places
        if d.email.lower() != booker.lower()
    ]
    subjects = [subject] * len(items)
    if invoice is not None:
        to, payload = _invoice_item(invoice)
        items.append((to, payload))
        subjects.append(f"Invoice {invoice.number}")
    outbox.enqueue_rendered_many(items, renderer=RENDERER, subjects=subjects)


def booking_waiting(booking: Booking) -> None:
    outbox.enqueue_rendered(
        to=str(booking.booker.email),
        renderer=RENDERER,
        payload={"kind": WAITING, "booking": booking.pk},
        subject=f"You are on the waiting list: {booking.event.title}",
    )


def invoice_issued(invoice: Invoice) -> None:
    to, payload = _invoice_item(invoice)
    outbox.enqueue_rendered(
        to=to, renderer=RENDERER, payload=payload, subject=f"Invoice {invoice.number}"
    )


def _invoice_item(invoice: Invoice) -> tuple[str, dict[str, Any]]:
    # A link, not an attachment: a PDF would take far longer to build than the booking itself.
    assert invoice.person is not None  # a booking's invoice is always to its booker
    return str(invoice.person.email), {"kind": INVOICE, "invoice": invoice.pk}


# --- Built at send time --------------------------------------------------------------------------


@outbox.renderer(RENDERER)
def render(message: OutboxMessage) -> outbox.Rendered | None:
    payload = message.payload
    if payload.get("kind") == INVOICE:
        return _render_invoice(message, payload["invoice"])
    booking = (
        Booking.objects.select_related("event__network", "booker")
        .prefetch_related("delegates")
        .filter(pk=payload.get("booking"))
        .first()
    )
    if booking is None:
        return None
    event = booking.event
    context: dict[str, Any] = {
        "booking": booking,
        "event": event,
        "link": _url("events:booking-detail", booking.public_id),
    }
    if payload["kind"] == WAITING:
        return outbox.Rendered(subject=message.subject, body_text=_body("booking_waiting", context))
    places = _places_for(booking, payload.get("delegate"))
    if not places:
        return None
    body = _body(
        "booking_confirmed",
        {**context, "places": places, "for_booker": payload.get("delegate") is None},
    )
    ics = ("event.ics", "text/calendar", event_ics(event, include_joining_link=True))
    return outbox.Rendered(subject=message.subject, body_text=body, attachments=[ics])


def _places_for(booking: Booking, delegate_id: int | None) -> list[Delegate]:
    """The places a confirmation lists: all the booking's live places for the booker, only their
    own for a delegate."""
    live = [d for d in booking.delegates.all() if d.cancelled_at is None]
    if delegate_id is None:
        return live
    return [d for d in live if d.pk == delegate_id]


def _render_invoice(message: OutboxMessage, invoice_id: int) -> outbox.Rendered | None:
    invoice = Invoice.objects.filter(pk=invoice_id).first()
    if invoice is None:
        return None
    body = _body(
        "invoice_issued",
        {"invoice": invoice, "link": _url("billing:invoice-pdf", invoice.public_id)},
    )
    return outbox.Rendered(subject=message.subject, body_text=body)
