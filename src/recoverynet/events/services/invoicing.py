"""Invoices and credit notes: sequential numbers per network with no gaps, immutable once issued."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from recoverynet.core import audit
from recoverynet.core.dates import local_date
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text
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
    PaymentMethod,
)
from . import notify

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


def require_invoice_details(network: Network) -> None:
    """Refuse anything that would need an invoice while the network cannot issue one."""
    missing = network.invoice_details_missing()
    if missing:
        raise ApplicationError(
            "invoice_details_missing",
            f"{network.name} cannot take paid bookings yet: its invoice details are incomplete "
            f"(missing: {', '.join(missing)}). Please contact the network team.",
            status=409,
        )


def _supplier(network: Network) -> dict[str, str]:
    """The supplier's details as they stand now, copied onto the document being issued."""
    return {
        "supplier_name": network.supplier_name.strip(),
        "supplier_address": network.supplier_address.strip(),
        "supplier_tax_label": network.tax_number_label,
        "supplier_tax_number": network.tax_number.strip(),
        "payment_instructions": network.payment_instructions.strip(),
    }


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
    network = booking.event.network
    require_invoice_details(network)
    sequence_number, number = _next_number(network, DocumentKind.INVOICE)
    now = timezone.now()
    issued_on = local_date(now, network.tz)
    invoice = Invoice.objects.create(
        network=network,
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
        issued_on=issued_on,
        payment_terms_days=network.payment_terms_days,
        due_on=issued_on + datetime.timedelta(days=network.payment_terms_days),
        **_supplier(network),
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
    network = invoice.network
    sequence_number, number = _next_number(network, DocumentKind.CREDIT_NOTE)
    now = timezone.now()
    # The supplier's details as they are now (the network's current name and address), falling
    # back to the invoice's where a detail has since been removed.
    supplier = {key: value or getattr(invoice, key) for key, value in _supplier(network).items()}
    note = CreditNote.objects.create(
        network=network,
        number=number,
        sequence_number=sequence_number,
        invoice=invoice,
        reason=clean_text(reason, field="reason", max_length=600),
        currency=invoice.currency,
        net_total=net,
        tax_total=tax,
        gross_total=net + tax,
        issued_at=now,
        issued_on=local_date(now, network.tz),
        **supplier,
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
    notify.credit_note_issued(note, booking)
    return note


@transaction.atomic
def invoice_mark_paid(
    *, actor: Any, invoice: Invoice, paid_on: datetime.date, method: str
) -> Invoice:
    """Record that an invoice has been paid: the date the money arrived and how it was paid."""
    if not access.can_manage_events(actor, invoice.network_id):
        raise PermissionDenied("Only a coordinator of this network can record payments.")
    invoice = (
        Invoice.objects.select_for_update(of=("self",)).select_related("network").get(pk=invoice.pk)
    )
    if invoice.status == InvoiceStatus.PAID:
        raise ApplicationError(
            "already_paid", "This invoice is already marked as paid.", status=409
        )
    if invoice.status == InvoiceStatus.CREDITED:
        raise ApplicationError("credited", "This invoice has been credited in full.", status=409)
    if method not in PaymentMethod.values:
        raise ApplicationError(
            "invalid", "Choose how the invoice was paid.", field="method", status=422
        )
    if paid_on > invoice.network.today():
        raise ApplicationError(
            "invalid", "The date paid cannot be in the future.", field="paid_on", status=422
        )
    if paid_on < invoice.issued_on:
        raise ApplicationError(
            "invalid",
            f"The date paid cannot be before the invoice was issued ({invoice.issued_on:%-d %B %Y}).",
            field="paid_on",
            status=422,
        )
    invoice.status = InvoiceStatus.PAID
    invoice.paid_on = paid_on
    invoice.payment_method = method
    invoice.paid_at = timezone.now()
    invoice.save(update_fields=["status", "paid_on", "payment_method", "paid_at", "updated_at"])
    audit.record(
        actor=actor,
        action="events.invoice.paid",
        obj=invoice,
        changes={"number": invoice.number, "paid_on": paid_on.isoformat(), "method": method},
    )
    return invoice
