"""Invoices and credit notes for anything billable: sequential numbers per network with no gaps,
immutable once issued (corrections are credit notes), payments recorded with a date and method.

Callers (a booking, a membership fee, later an engagement or a college course) describe what is
billed with a `BilledItem` and the lines with `Line`; billing never imports them."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, domain_events
from recoverynet.core.dates import local_date
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.money import price_line
from recoverynet.core.text import clean_text
from recoverynet.network.models import Network, Organisation

from .. import access
from ..domain_events import CREDIT_NOTE_ISSUED, INVOICE_ISSUED, INVOICE_PAID
from ..models import (
    CreditNote,
    DocumentKind,
    DocumentLine,
    DocumentSequence,
    Invoice,
    InvoiceStatus,
    PaymentMethod,
)

_PREFIX: dict[str, str] = {DocumentKind.INVOICE: "", DocumentKind.CREDIT_NOTE: "CN-"}
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BilledItem:
    """What an invoice is for: any app's object, a label for lists and a link to its page."""

    obj: models.Model
    label: str
    url: str = ""


@dataclass(frozen=True)
class Line:
    """One line, amounts already rounded (net and tax half-up to the penny, gross their sum).
    `item_ref` says which part of what is billed it is for (for a booking, a delegate's id)."""

    description: str
    net: Decimal
    tax_rate: Decimal
    tax: Decimal
    gross: Decimal
    item_ref: int | None = None

    @classmethod
    def priced(
        cls,
        *,
        description: str,
        net: Decimal,
        tax_rate: Decimal,
        currency: str,
        item_ref: int | None = None,
    ) -> Line:
        amounts = price_line(net, tax_rate, currency)
        return cls(description, amounts.net, amounts.rate, amounts.tax, amounts.gross, item_ref)


def _next_number(network: Network, kind: str) -> tuple[int, str]:
    """Take the next number for the network. The row lock is held until the caller's transaction
    ends, so a rollback gives the number back and there are never gaps.

    One statement (UPDATE … RETURNING, on PostgreSQL and SQLite alike) takes the lock and the
    number: the sequence is locked for every invoice in the network at once, so the fewer round
    trips while it is held the better (issue #17)."""
    table = DocumentSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET next_number = next_number + 1 "  # noqa: S608 (our own table name)
            "WHERE network_id = %s AND kind = %s RETURNING next_number - 1",
            [network.pk, kind],
        )
        row = cursor.fetchone()
    if row is None:
        # The network's first document of this kind: make its sequence, then take from it (two
        # first documents at once: one creates it, the other's insert waits and then finds it).
        DocumentSequence.objects.get_or_create(network=network, kind=kind)
        return _next_number(network, kind)
    number = int(row[0])
    return number, document_number(network.slug, kind, number)


def document_number(network_slug: str, kind: str, sequence_number: int) -> str:
    """How a document's number is written, e.g. UK-000042 or CN-UK-000003."""
    return f"{_PREFIX[kind]}{network_slug.upper()}-{sequence_number:06d}"


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


def _invoice_payload(invoice: Invoice) -> dict[str, Any]:
    return {
        "invoice_id": str(invoice.public_id),
        "number": invoice.number,
        "organisation_id": invoice.organisation_id,
        "billed_kind": invoice.billed_kind,
        "billed_id": invoice.billed_id,
        "currency": invoice.currency,
        "gross_total": str(invoice.gross_total),
        # Absolute: webhook receivers live elsewhere.
        "url": settings.SITE_URL + invoice.get_absolute_url(),
    }


def invoice_issue(
    *,
    actor: Actor | None,
    network: Network,
    billed: BilledItem,
    lines: Sequence[Line],
    bill_to: str,
    organisation: Organisation | None = None,
    person: Any = None,
    purchase_order: str = "",
    currency: str | None = None,
) -> Invoice:
    """Issue an invoice from `network` for `billed`. Callers check their own rules first; this
    checks the network can issue invoices, takes the next number and records who did it."""
    if not lines:
        raise ApplicationError("invalid", "An invoice needs at least one line.", status=422)
    for line in lines:
        if line.net < 0 or line.tax < 0 or line.gross != line.net + line.tax:
            raise ValueError(f"Line {line.description!r} does not add up.")
    require_invoice_details(network)
    net = sum((line.net for line in lines), ZERO)
    tax = sum((line.tax for line in lines), ZERO)
    # No savepoint: callers issue invoices inside their own transaction (a booking holds its
    # event's lock while it does), where a savepoint would cost two more round trips; the checks
    # above raise before anything is written, and an error below ends the caller's transaction.
    with transaction.atomic(savepoint=False):
        sequence_number, number = _next_number(network, DocumentKind.INVOICE)
        now = timezone.now()
        issued_on = local_date(now, network.tz)
        invoice = Invoice.objects.create(
            network=network,
            number=number,
            sequence_number=sequence_number,
            organisation=organisation,
            person=person,
            # Through the generic relation, so the invoice holds what it bills: whom a booking
            # concerns (billing.page_scopes) is known without reading it back.
            billed=billed.obj,
            billed_label=billed.label[:300],
            billed_url=billed.url,
            bill_to=bill_to,
            purchase_order=purchase_order,
            currency=currency or network.currency,
            tax_name=network.tax_name,
            net_total=net,
            tax_total=tax,
            gross_total=net + tax,
            issued_at=now,
            issued_on=issued_on,
            payment_terms_days=network.payment_terms_days,
            due_on=issued_on + datetime.timedelta(days=network.payment_terms_days),
            **_supplier(network),
        )
        DocumentLine.objects.bulk_create(
            DocumentLine(
                invoice=invoice,
                item_ref=line.item_ref,
                description=line.description,
                net=line.net,
                tax_rate=line.tax_rate,
                tax=line.tax,
                gross=line.gross,
            )
            for line in lines
        )
        audit.record(
            actor=actor,
            action="billing.invoice.issued",
            obj=invoice,
            changes={
                "number": number,
                "gross": str(invoice.gross_total),
                "currency": invoice.currency,
            },
        )
        domain_events.emit(
            INVOICE_ISSUED.name, network_slug=network.slug, data=_invoice_payload(invoice)
        )
        return invoice


@transaction.atomic
def credit_note_issue(
    *,
    actor: Actor | None,
    invoice: Invoice,
    reason: str,
    item_refs: Collection[int] | None = None,
) -> CreditNote | None:
    """Credit lines of an invoice: those for `item_refs` (or every line, when None) that are not
    credited yet. One credit note per call, referring to the invoice; never more than was invoiced
    for an item. None when there is nothing left to credit."""
    lines = list(invoice.lines.all())
    credited = DocumentLine.objects.filter(credit_note__invoice=invoice)
    already = set(credited.values_list("item_ref", flat=True))
    if item_refs is None:
        to_credit = [line for line in lines if line.item_ref not in already]
    else:
        to_credit = [
            line for line in lines if line.item_ref in item_refs and line.item_ref not in already
        ]
    if not to_credit:
        return None
    net = sum((line.net for line in to_credit), ZERO)
    tax = sum((line.tax for line in to_credit), ZERO)
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
            item_ref=line.item_ref,
            description=f"Credit: {line.description}",
            net=line.net,
            tax_rate=line.tax_rate,
            tax=line.tax,
            gross=line.gross,
        )
        for line in to_credit
    )
    in_full = credited.count() >= len(lines)
    if in_full:
        Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.CREDITED)
        invoice.status = InvoiceStatus.CREDITED
    audit.record(
        actor=actor,
        action="billing.credit_note.issued",
        obj=note,
        changes={"number": number, "invoice": invoice.number, "gross": str(note.gross_total)},
    )
    domain_events.emit(
        CREDIT_NOTE_ISSUED.name,
        network_slug=network.slug,
        data={
            "credit_note_id": str(note.public_id),
            "number": number,
            "invoice_id": str(invoice.public_id),
            "invoice_number": invoice.number,
            "credited_in_full": in_full,
            "currency": note.currency,
            "gross_total": str(note.gross_total),
            "url": settings.SITE_URL + note.get_absolute_url(),
        },
    )
    return note


def invoice_payment_check(*, invoice: Invoice, paid_on: datetime.date, method: str) -> None:
    """Refuse a payment that cannot be recorded (the confirmation step asks here first)."""
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


@transaction.atomic
def invoice_mark_paid(
    *, actor: Actor, invoice: Invoice, paid_on: datetime.date, method: str
) -> Invoice:
    """Record that an invoice has been paid: the date the money arrived and how it was paid."""
    if not access.can_manage_billing(actor, invoice.network_id):
        raise PermissionDenied("Only a coordinator of this network can record payments.")
    invoice = (
        Invoice.objects.select_for_update(of=("self",)).select_related("network").get(pk=invoice.pk)
    )
    invoice_payment_check(invoice=invoice, paid_on=paid_on, method=method)
    invoice.status = InvoiceStatus.PAID
    invoice.paid_on = paid_on
    invoice.payment_method = method
    invoice.paid_at = timezone.now()
    invoice.save(update_fields=["status", "paid_on", "payment_method", "paid_at", "updated_at"])
    audit.record(
        actor=actor,
        action="billing.invoice.paid",
        obj=invoice,
        changes={"number": invoice.number, "paid_on": paid_on.isoformat(), "method": method},
    )
    domain_events.emit(
        INVOICE_PAID.name,
        network_slug=invoice.network.slug,
        data={**_invoice_payload(invoice), "paid_on": paid_on.isoformat()},
    )
    return invoice
