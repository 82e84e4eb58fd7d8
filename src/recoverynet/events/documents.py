"""PDF documents for events: invoices, credit notes and certificates of attendance."""

from __future__ import annotations

from django.utils import timezone

from recoverynet.core.pdf import render_pdf

from .models import INVOICE_HEADING, CreditNote, Delegate, Invoice


def invoice_pdf(invoice: Invoice) -> bytes:
    return render_pdf(
        "events/pdf/invoice.html",
        {
            "doc": invoice,
            "lines": invoice.lines.all(),
            "network": invoice.network,
            "tax_name": invoice.tax_name,  # as issued, even if the network renames its tax later
            "credit": False,
            "heading": INVOICE_HEADING,
        },
    )


def credit_note_pdf(note: CreditNote) -> bytes:
    return render_pdf(
        "events/pdf/invoice.html",
        {
            "doc": note,
            "lines": note.lines.all(),
            "network": note.network,
            "tax_name": note.invoice.tax_name,
            "credit": True,
            "heading": "Credit note",
        },
    )


def certificate_pdf(delegate: Delegate) -> bytes:
    event = delegate.booking.event
    return render_pdf(
        "events/pdf/certificate.html",
        {
            "delegate": delegate,
            "event": event,
            "starts": timezone.localtime(event.starts_at, event.network.tz),
        },
    )
