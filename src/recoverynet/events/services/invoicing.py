"""Bookings bill through billing: the invoice for a confirmed booking (one line per delegate) and
credit notes for cancelled places. Numbers, amounts and documents are billing's."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.billing import services as billing
from recoverynet.billing.models import CreditNote, DocumentLine, Invoice
from recoverynet.billing.services import invoice_mark_paid, require_invoice_details

from ..models import Booking, Delegate
from . import booking_mail, notify

__all__ = [
    "credit_delegates",
    "invoice_issue",
    "invoice_mark_paid",
    "require_invoice_details",
]


def _bill_to(booking: Booking) -> str:
    booker = booking.booker
    lines = [booking.organisation.name] if booking.organisation else []
    lines.append(f"{booker.full_name or booker.email} <{booker.email}>")
    return "\n".join(lines)


def _sum(lines: Iterable[Delegate]) -> tuple[Decimal, Decimal]:
    net = tax = Decimal("0.00")
    for line in lines:
        net += line.net
        tax += line.tax
    return net, tax


def invoice_issue(
    booking: Booking, *, delegates: list[Delegate] | None = None, mail: bool = True
) -> Invoice | None:
    """Issue the invoice for a just-confirmed booking (nothing to invoice for free places), or,
    given `delegates`, for those places alone (places restored by undoing a cancellation whose
    credit note stays issued: decision 0044). Called by booking services inside their transaction;
    `mail=False` when the caller sends the invoice's message with its own (one insert)."""
    if delegates is None:
        delegates = [d for d in booking.delegates.all() if d.cancelled_at is None]
    net, tax = _sum(delegates)
    if net + tax == 0:
        return None
    event = booking.event
    day = timezone.localtime(event.starts_at, event.network.tz)
    invoice = billing.invoice_issue(
        actor=booking.booker,
        network=event.network,
        billed=billing.BilledItem(
            obj=booking,
            label=event.title,
            url=reverse("events:booking-detail", args=[booking.public_id]),
        ),
        lines=[
            billing.Line(
                description=f"{event.title}, {day:%d %b %Y}: {d.name} ({d.rate_name})",
                net=d.net,
                tax_rate=d.tax_rate,
                tax=d.tax,
                gross=d.gross,
                item_ref=d.pk,
            )
            for d in delegates
        ],
        bill_to=_bill_to(booking),
        organisation=booking.organisation,
        person=booking.booker,
        purchase_order=booking.purchase_order,
        currency=booking.currency,
    )
    if mail:
        booking_mail.invoice_issued(invoice)
    return invoice


def credit_delegates(
    *, actor: Actor, booking: Booking, delegates: list[Delegate], reason: str
) -> list[CreditNote]:
    """Credit cancelled places that were invoiced: one credit note for each of the booking's
    invoices that bills one of them (usually just the one), referring to that invoice; never more
    than was invoiced for a delegate (billing credits a line once)."""
    refs = {d.pk for d in delegates}
    notes = []
    for invoice in booking.invoices.order_by("sequence_number"):
        note = billing.credit_note_issue(
            actor=actor, invoice=invoice, reason=reason, item_refs=refs
        )
        if note is not None:
            notify.credit_note_issued(note, booking)
            notes.append(note)
    return notes


def _credited(booking: Booking, delegates: list[Delegate]) -> list[Delegate]:
    """Those of `delegates` whose every invoiced line has been credited: after undoing their
    cancellation they are billed again on a new invoice (decision 0044)."""
    refs = {d.pk for d in delegates}
    lines = DocumentLine.objects.filter(
        item_ref__in=refs, invoice__in=booking.invoices.all()
    ).values_list("item_ref", flat=True)
    credits = DocumentLine.objects.filter(
        item_ref__in=refs, credit_note__invoice__in=booking.invoices.all()
    ).values_list("item_ref", flat=True)
    invoiced: dict[int | None, int] = {}
    for ref in lines:
        invoiced[ref] = invoiced.get(ref, 0) + 1
    for ref in credits:
        invoiced[ref] = invoiced.get(ref, 0) - 1
    return [d for d in delegates if d.pk in invoiced and invoiced[d.pk] <= 0]
