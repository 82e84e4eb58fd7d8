"""Invoices and credit notes over HTTP, with the same rules as the pages: the booker, the
organisation's recovery lead and the network's organisers see them; coordinators record payments."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import PageNumber, errors
from recoverynet.core.downloads import protect

from . import documents, selectors, services
from .models import INVOICE_HEADING, CreditNote, Invoice, PaymentMethod

router = Router(tags=["events"])


class SupplierOut(Schema):
    """Who issued the document, as it was when issued."""

    name: str = Field(alias="supplier_name")
    address: str = Field(alias="supplier_address")
    tax_number_label: str = Field(alias="supplier_tax_label")
    tax_number: str = Field(alias="supplier_tax_number")


class InvoiceOut(Schema):
    id: UUID = Field(alias="public_id")
    number: str
    heading: str = Field(INVOICE_HEADING, description='Always "Tax invoice".')
    booking: UUID
    supplier: SupplierOut
    bill_to: str
    purchase_order: str
    currency: str
    tax_name: str
    net_total: Decimal
    tax_total: Decimal
    gross_total: Decimal
    issued_at: datetime.datetime
    issued_on: datetime.date = Field(description="Date of issue on the network's calendar.")
    payment_terms_days: int
    due_on: datetime.date = Field(description="Date of issue plus the payment terms.")
    payment_instructions: str
    status: str
    paid_on: datetime.date | None
    payment_method: str = Field(
        description="bank_transfer, card, cheque or other; empty if unpaid."
    )
    credit_notes: list[str]

    @staticmethod
    def resolve_booking(obj: Invoice) -> UUID:
        return obj.booking.public_id

    @staticmethod
    def resolve_supplier(obj: Invoice) -> Invoice:
        return obj

    @staticmethod
    def resolve_credit_notes(obj: Invoice) -> list[str]:
        return [n.number for n in obj.credit_notes.all()]


class CreditNoteOut(Schema):
    id: UUID = Field(alias="public_id")
    number: str
    invoice: str
    supplier: SupplierOut
    reason: str
    currency: str
    net_total: Decimal
    tax_total: Decimal
    gross_total: Decimal
    issued_at: datetime.datetime
    issued_on: datetime.date

    @staticmethod
    def resolve_invoice(obj: CreditNote) -> str:
        return obj.invoice.number

    @staticmethod
    def resolve_supplier(obj: CreditNote) -> CreditNote:
        return obj


class PaymentIn(Schema):
    paid_on: datetime.date = Field(description="When the money arrived: not in the future.")
    method: PaymentMethod


@router.get(
    "/invoices",
    response=list[InvoiceOut],
    auth=api_auth,
    summary="Your invoices and your organisations'",
)
@paginate(PageNumber)
def invoice_list(request: HttpRequest) -> Any:
    invoices = {
        i.pk: i
        for i in selectors.invoices_for_person(actor=request.user).prefetch_related("credit_notes")
    }
    for org in selectors.lead_organisations(actor=request.user):
        for invoice in selectors.invoices_for_organisation(
            actor=request.user, organisation=org
        ).prefetch_related("credit_notes"):
            invoices[invoice.pk] = invoice
    return sorted(invoices.values(), key=lambda i: i.issued_at, reverse=True)


@router.get("/invoices/{invoice_id}", response=InvoiceOut, auth=api_auth, summary="One invoice")
def invoice_detail(request: HttpRequest, invoice_id: UUID) -> Any:
    return selectors.invoice_get(actor=request.user, public_id=invoice_id)


@router.post(
    "/invoices/{invoice_id}/paid",
    response={200: InvoiceOut, **errors(409)},
    auth=api_auth,
    summary="Record that an invoice has been paid, with the date and method (coordinators)",
)
def invoice_paid(request: HttpRequest, invoice_id: UUID, payload: PaymentIn) -> Any:
    invoice = selectors.invoice_get(actor=request.user, public_id=invoice_id)
    services.invoice_mark_paid(
        actor=request.user, invoice=invoice, paid_on=payload.paid_on, method=payload.method.value
    )
    return selectors.invoice_get(actor=request.user, public_id=invoice_id)


@router.get(
    "/invoices/{invoice_id}/pdf", auth=api_auth, summary="An invoice as PDF", response={200: None}
)
def invoice_pdf(request: HttpRequest, invoice_id: UUID) -> HttpResponse:
    invoice = selectors.invoice_get(actor=request.user, public_id=invoice_id)
    return _pdf(documents.invoice_pdf(invoice), invoice.number)


@router.get(
    "/credit-notes/{note_id}", response=CreditNoteOut, auth=api_auth, summary="One credit note"
)
def credit_note_detail(request: HttpRequest, note_id: UUID) -> Any:
    return selectors.credit_note_get(actor=request.user, public_id=note_id)


@router.get(
    "/credit-notes/{note_id}/pdf",
    auth=api_auth,
    summary="A credit note as PDF",
    response={200: None},
)
def credit_note_pdf(request: HttpRequest, note_id: UUID) -> HttpResponse:
    note = selectors.credit_note_get(actor=request.user, public_id=note_id)
    return _pdf(documents.credit_note_pdf(note), note.number)


def _pdf(pdf: bytes, number: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    protect(response, filename=f"{number}.pdf")
    return response
