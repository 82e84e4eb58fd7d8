"""Invoice and credit note pages and PDFs, the network's invoice list and recording a payment. Thin:
each view calls one selector or service."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate
from recoverynet.core.undo import UNDO_WINDOW
from recoverynet.network import selectors as network_selectors

from . import access, documents, exports, selectors, services
from .forms import InvoicePaidForm
from .models import INVOICE_HEADING, PaymentMethod

UNDO_MINUTES = int(UNDO_WINDOW.total_seconds() // 60)


@login_required
def invoice_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    invoice = selectors.invoice_get(actor=request.user, public_id=public_id)
    return render(
        request,
        "billing/invoice_detail.html",
        {
            "doc": invoice,
            "network": invoice.network,
            "lines": invoice.lines.all(),
            "tax_name": invoice.tax_name,
            "credit": False,
            "heading": INVOICE_HEADING,
            "can_record_payment": access.can_manage_billing(request.user, invoice.network_id),
            "undo_payment_until": selectors.invoice_payment_undo_until(
                actor=request.user, invoice=invoice
            ),
            "title": f"{INVOICE_HEADING} {invoice.number}",
        },
    )


@login_required
def credit_note_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    note = selectors.credit_note_get(actor=request.user, public_id=public_id)
    return render(
        request,
        "billing/invoice_detail.html",
        {
            "doc": note,
            "network": note.network,
            "lines": note.lines.all(),
            "tax_name": note.invoice.tax_name,
            "credit": True,
            "heading": "Credit note",
            "title": f"Credit note {note.number}",
        },
    )


@login_required
def network_invoices(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_selectors.team_network_get(actor=request.user, slug=slug)
    page = paginate(
        request, selectors.network_invoices(actor=request.user, network=network), per_page=50
    )
    return render(
        request,
        "billing/manage/invoices.html",
        {
            "network": network,
            "page_obj": page,
            "title": f"Invoices: {network.name}",
            "can_manage": access.can_manage_billing(request.user, network.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_paid(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Ask when and how an invoice was paid, show what will happen, then record it on a second
    press (`confirmed=yes`): never one click. It can be undone for a short time afterwards."""
    invoice = selectors.invoice_get(actor=request.user, public_id=public_id)
    if not access.can_manage_billing(request.user, invoice.network_id):
        raise PermissionDenied("Only a coordinator of this network can record payments.")
    posted = request.method == "POST" and "change" not in request.POST
    form = InvoicePaidForm(
        request.POST if request.method == "POST" else None,
        initial={"paid_on": invoice.network.today()},
    )
    if posted and form.is_valid():
        paid_on, method = form.cleaned_data["paid_on"], form.cleaned_data["method"]
        try:
            if request.POST.get("confirmed") != "yes":
                services.invoice_payment_check(invoice=invoice, paid_on=paid_on, method=method)
                return render(
                    request,
                    "billing/manage/invoice_paid_confirm.html",
                    {
                        "invoice": invoice,
                        "paid_on": paid_on,
                        "method": method,
                        "method_label": PaymentMethod(method).label,
                        "undo_minutes": UNDO_MINUTES,
                        "title": f"Mark {invoice.number} as paid?",
                    },
                )
            services.invoice_mark_paid(
                actor=request.user, invoice=invoice, paid_on=paid_on, method=method
            )
        except ApplicationError as exc:
            if exc.field is None:
                messages.error(request, exc.message)
                return redirect("billing:invoice-detail", public_id=invoice.public_id)
            add_service_error(form, exc)
        else:
            messages.success(request, f"Invoice {invoice.number} is marked as paid.")
            return redirect("billing:invoice-detail", public_id=invoice.public_id)
    return render(
        request,
        "billing/manage/invoice_paid.html",
        {"invoice": invoice, "form": form, "title": f"Record payment of {invoice.number}"},
        status=400 if posted and form.errors else 200,
    )


@login_required
@require_POST
def invoice_payment_undo(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Undo a payment recorded by mistake, within minutes of recording it."""
    invoice = selectors.invoice_get(actor=request.user, public_id=public_id)
    services.invoice_payment_undo(actor=request.user, invoice=invoice)
    messages.success(request, f"The payment is undone: invoice {invoice.number} is unpaid again.")
    return redirect("billing:invoice-detail", public_id=invoice.public_id)


@login_required
def invoice_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    invoice = selectors.invoice_get(actor=request.user, public_id=public_id)
    return pdf_response(documents.invoice_pdf(invoice), f"{invoice.number}.pdf")


@login_required
def credit_note_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    note = selectors.credit_note_get(actor=request.user, public_id=public_id)
    return pdf_response(documents.credit_note_pdf(note), f"{note.number}.pdf")


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    protect(response, filename=filename)
    return response


@login_required
def organisation_statement(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's statement: every invoice and credit note, and what is unpaid."""
    organisation = network_selectors.organisation_public(slug)
    network_slug = request.GET.get("network", "")
    network = network_selectors.network_get(network_slug) if network_slug else None
    statement = selectors.statement_get(
        actor=request.user, organisation=organisation, network=network
    )
    return render(
        request,
        "billing/statement.html",
        {"statement": statement, "title": f"Statement: {organisation.name}"},
    )


EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def network_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The network's invoices as a spreadsheet for its finance team (CSV, or XLSX with ?format=xlsx)."""
    network = network_selectors.team_network_get(actor=request.user, slug=slug)
    fmt = request.GET.get("format", "csv")
    if fmt not in EXPORT_FORMATS:
        raise ApplicationError("invalid", "Choose CSV or XLSX.", field="format", status=400)
    return export_response(
        selectors.network_invoices(actor=request.user, network=network), network.slug, fmt
    )


def export_response(invoices: Any, slug: str, fmt: str) -> HttpResponse:
    body: str | bytes = (
        exports.invoices_csv(invoices) if fmt == "csv" else exports.invoices_xlsx(invoices)
    )
    response = HttpResponse(body, content_type=EXPORT_FORMATS[fmt])
    protect(response, filename=f"invoices-{slug}.{fmt}")
    return response
