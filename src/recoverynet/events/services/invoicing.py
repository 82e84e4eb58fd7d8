"""Invoices and credit notes: sequential numbers per network with no gaps, immutable once issued."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.network.models import Network

from .. import access
from ..models import (
    Booking,
    CreditNote,
    Delegate,
    DocumentKind,
    DocumentLine,
    DocumentSequence,
    Invoice,
    InvoiceStatus,
)
from . import notify

PAYMENT_TERMS_DAYS = 30
_PREFIX: dict[str, str] = {DocumentKind.INVOICE: "", DocumentKind.CREDIT_NOTE: "CN-"}


def _next_number(network: Network, kind: str) -> tuple[int, str]:
    """Take the next number for the network. The row lock is held until the caller's transaction
    ends, so a rollback gives the number back and there are never gaps."""
    sequence, _ = DocumentSequence.objects.select_for_update(of=("self",)).get_or_create(
        network=network, kind=kind
    )
    number = sequence.next_number
    sequence.next_number = number + 1
    sequence.save(update_fields=["next_number"])
    prefix = network.slug.upper()
    return number, f"{_PREFIX[kind]}{prefix}-{number:06d}"


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


def invoice_issue(booking: Booking) -> Invoice | None:
    """Issue the invoice for a just-confirmed booking (nothing to invoice for free places).
    Called by booking services inside their transaction."""
    delegates = [d for d in booking.delegates.all() if d.cancelled_at is None]
    net, tax = _sum(delegates)
    if net + tax == 0:
        return None
    sequence_number, number = _next_number(booking.event.network, DocumentKind.INVOICE)
    now = timezone.now()
    invoice = Invoice.objects.create(
        network=booking.event.network,
        number=number,
        sequence_number=sequence_number,
        booking=booking,
        bill_to=_bill_to(booking),
        purchase_order=booking.purchase_order,
        currency=booking.currency,
        tax_name=booking.event.network.tax_name,
        net_total=net,
        tax_total=tax,
        gross_total=net + tax,
        issued_at=now,
        due_at=now + datetime.timedelta(days=PAYMENT_TERMS_DAYS),
    )
    day = timezone.localtime(booking.event.starts_at, booking.event.network.tz)
    DocumentLine.objects.bulk_create(
        DocumentLine(
            invoice=invoice,
            delegate=d,
            description=f"{booking.event.title}, {day:%d %b %Y}: {d.name} ({d.rate_name})",
            net=d.net,
            tax_rate=d.tax_rate,
            tax=d.tax,
            gross=d.gross,
        )
        for d in delegates
    )
    audit.record(
        actor=booking.booker,
        action="events.invoice.issued",
        obj=invoice,
        changes={"number": number, "gross": str(invoice.gross_total), "currency": invoice.currency},
    )
    notify.invoice_issued(invoice)
    return invoice


def credit_delegates(
    *, actor: Any, booking: Booking, delegates: list[Delegate], reason: str
) -> CreditNote | None:
    """Credit cancelled places that were invoiced. One credit note per cancellation, referring to
    the invoice; never more than was invoiced for a delegate."""
    invoice = booking.invoices.order_by("-sequence_number").first()
    if invoice is None:
        return None
    invoiced = {line.delegate_id: line for line in invoice.lines.all()}
    already = set(
        DocumentLine.objects.filter(credit_note__invoice=invoice).values_list(
            "delegate_id", flat=True
        )
    )
    to_credit = [invoiced[d.pk] for d in delegates if d.pk in invoiced and d.pk not in already]
    if not to_credit:
        return None
    net = sum((line.net for line in to_credit), Decimal("0.00"))
    tax = sum((line.tax for line in to_credit), Decimal("0.00"))
    sequence_number, number = _next_number(invoice.network, DocumentKind.CREDIT_NOTE)
    note = CreditNote.objects.create(
        network=invoice.network,
        number=number,
        sequence_number=sequence_number,
        invoice=invoice,
        reason=reason[:200],
        currency=invoice.currency,
        net_total=net,
        tax_total=tax,
        gross_total=net + tax,
        issued_at=timezone.now(),
    )
    DocumentLine.objects.bulk_create(
        DocumentLine(
            credit_note=note,
            delegate_id=line.delegate_id,
            description=f"Credit: {line.description}",
            net=line.net,
            tax_rate=line.tax_rate,
            tax=line.tax,
            gross=line.gross,
        )
        for line in to_credit
    )
    credited = DocumentLine.objects.filter(credit_note__invoice=invoice).count()
    if credited >= invoice.lines.count():
        Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.CREDITED)
    audit.record(
        actor=actor,
        action="events.credit_note.issued",
        obj=note,
        changes={"number": number, "invoice": invoice.number, "gross": str(note.gross_total)},
    )
    return note


@transaction.atomic
def invoice_mark_paid(
    *, actor: Any, invoice: Invoice, paid_on: datetime.date | None = None
) -> Invoice:
    if not access.can_manage_events(actor, invoice.network_id):
        raise PermissionDenied("Only a coordinator of this network can record payments.")
    invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if invoice.status == InvoiceStatus.PAID:
        raise ApplicationError(
            "already_paid", "This invoice is already marked as paid.", status=409
        )
    if invoice.status == InvoiceStatus.CREDITED:
        raise ApplicationError("credited", "This invoice has been credited in full.", status=409)
    invoice.status = InvoiceStatus.PAID
    invoice.paid_at = (
        timezone.now()
        if paid_on is None
        else timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(12)))
    )
    invoice.save(update_fields=["status", "paid_at", "updated_at"])
    audit.record(
        actor=actor, action="events.invoice.paid", obj=invoice, changes={"number": invoice.number}
    )
    return invoice
