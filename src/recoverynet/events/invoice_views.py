"""Invoice and credit note pages, the network's invoice list and recording a payment. Thin: each
view calls one selector or service."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate
from recoverynet.network import selectors as network_selectors

from . import access, selectors, services
from .forms import InvoicePaidForm
from .models import INVOICE_HEADING


@login_required
def invoice_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    invoice = selectors.invoice_get(actor=request.user, public_id=public_id)
    return render(
        request,
        "events/invoice_detail.html",
        {
            "doc": invoice,
            "network": invoice.network,
            "lines": invoice.lines.all(),
            "tax_name": invoice.tax_name,
            "credit": False,
            "heading": INVOICE_HEADING,
            "can_record_payment": access.can_manage_events(request.user, invoice.network_id),
            "title": f"{INVOICE_HEADING} {invoice.number}",
        },
    )


@login_required
def credit_note_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    note = selectors.credit_note_get(actor=request.user, public_id=public_id)
    return render(
        request,
        "events/invoice_detail.html",
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
        "events/manage/invoices.html",
        {
            "network": network,
            "page_obj": page,
            "title": f"Invoices: {network.name}",
            "can_manage": access.can_manage_events(request.user, network.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_paid(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Ask when and how an invoice was paid, then record it: a confirmation step, never one click."""
    invoice = selectors.invoice_get(actor=request.user, public_id=public_id)
    if not access.can_manage_events(request.user, invoice.network_id):
        raise PermissionDenied("Only a coordinator of this network can record payments.")
    form = InvoicePaidForm(
        request.POST if request.method == "POST" else None,
        initial={"paid_on": invoice.network.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invoice_mark_paid(
                actor=request.user,
                invoice=invoice,
                paid_on=form.cleaned_data["paid_on"],
                method=form.cleaned_data["method"],
            )
        except ApplicationError as exc:
            if exc.field is None:
                messages.error(request, exc.message)
                return redirect("events:invoice-detail", public_id=invoice.public_id)
            add_service_error(form, exc)
        else:
            messages.success(request, f"Invoice {invoice.number} is marked as paid.")
            return redirect("events:network-invoices", slug=invoice.network.slug)
    return render(
        request,
        "events/manage/invoice_paid.html",
        {"invoice": invoice, "form": form, "title": f"Record payment of {invoice.number}"},
        status=400 if form.is_bound and form.errors else 200,
    )
