"""Invoices and credit notes as PDF."""

from __future__ import annotations

from recoverynet.core.pdf import render_pdf

from .models import INVOICE_HEADING, CreditNote, Invoice


def invoice_pdf(invoice: Invoice) -> bytes:
    return render_pdf(
        "billing/pdf/invoice.html",
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
        "billing/pdf/invoice.html",
        {
            "doc": note,
            "lines": note.lines.all(),
            "network": note.network,
            "tax_name": note.invoice.tax_name,
            "credit": True,
            "heading": "Credit note",
        },
    )
