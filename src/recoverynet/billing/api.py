"""Invoices and credit notes over HTTP, with the same rules as the pages: the person billed (for a
booking, the booker), the organisation's recovery lead and the network's organisers see them;
coordinators record payments. The paths are the ones they had under events."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import PageNumber, errors
from recoverynet.core.downloads import protect
from recoverynet.network import selectors as network_selectors

from . import documents, selectors, services, views
from .models import INVOICE_HEADING, CreditNote, Invoice, PaymentMethod

router = Router(tags=["billing"])


class SupplierOut(Schema):
    """Who issued the document, as it was when issued."""

    name: str = Field(alias="supplier_name")
    address: str = Field(alias="supplier_address")
    tax_number_label: str = Field(alias="supplier_tax_label")
    tax_number: str = Field(alias="supplier_tax_number")


class BilledOut(Schema):
    """What the invoice is for: any app's object."""

    kind: str = Field(description="app.model, e.g. events.booking or network.membership.")
    id: int | None
    label: str


class InvoiceOut(Schema):
    id: UUID = Field(alias="public_id")
    number: str
    heading: str = Field(INVOICE_HEADING, description='Always "Tax invoice".')
    booking: UUID | None = Field(
        description="The booking billed, when what is billed is a booking (see `billed`)."
    )
    billed: BilledOut
    organisation_id: int | None
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
    def resolve_booking(obj: Invoice) -> UUID | None:
        if obj.billed_kind != "events.booking":
            return None
        return getattr(obj.billed, "public_id", None)

    @staticmethod
    def resolve_billed(obj: Invoice) -> dict[str, Any]:
        return {"kind": obj.billed_kind, "id": obj.billed_id, "label": obj.billed_label}

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
    return selectors.invoices_visible(actor=request.user)


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


@router.post(
    "/invoices/{invoice_id}/paid/undo",
    response={200: InvoiceOut, **errors(409)},
    auth=api_auth,
    summary="Undo a payment recorded by mistake, within 15 minutes and before anything else "
    "changes on the invoice (coordinators)",
)
def invoice_payment_undo(request: HttpRequest, invoice_id: UUID) -> Any:
    invoice = selectors.invoice_get(actor=request.user, public_id=invoice_id)
    services.invoice_payment_undo(actor=request.user, invoice=invoice)
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


class TotalsOut(Schema):
    currency: str
    invoiced: Decimal
    credited: Decimal
    paid: Decimal
    outstanding: Decimal = Field(description="Still to pay.")
    overdue: Decimal = Field(description="Still to pay and past its due date.")


class StatementOut(Schema):
    organisation: str = Field(description="The organisation's short name (slug).")
    network: str | None = Field(description="The network, if the statement is for one only.")
    totals: list[TotalsOut]
    unpaid: list[str] = Field(description="Numbers of the invoices with something still to pay.")
    invoices: list[InvoiceOut]

    @staticmethod
    def resolve_organisation(obj: selectors.Statement) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_network(obj: selectors.Statement) -> str | None:
        return obj.network.slug if obj.network else None

    @staticmethod
    def resolve_unpaid(obj: selectors.Statement) -> list[str]:
        return [i.number for i in obj.unpaid]


@router.get(
    "/organisations/{slug}/statement",
    response=StatementOut,
    auth=api_auth,
    summary="An organisation's statement: invoices, credit notes, what is unpaid (recovery lead, "
    "network team)",
)
def organisation_statement(request: HttpRequest, slug: str, network: str = "") -> Any:
    organisation = network_selectors.organisation_public(slug)
    chosen = network_selectors.network_get(network) if network else None
    return selectors.statement_get(actor=request.user, organisation=organisation, network=chosen)


@router.get(
    "/networks/{slug}/invoices/export",
    auth=api_auth,
    response={200: None},
    summary="The network's invoices as CSV or XLSX for its finance team (network organisers)",
)
def network_invoices_export(
    request: HttpRequest, slug: str, format: Literal["csv", "xlsx"] = "csv"
) -> HttpResponse:
    chosen = network_selectors.team_network_get(actor=request.user, slug=slug)
    invoices = selectors.network_invoices(actor=request.user, network=chosen)
    return views.export_response(invoices, chosen.slug, format)


def _pdf(pdf: bytes, number: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    protect(response, filename=f"{number}.pdf")
    return response
