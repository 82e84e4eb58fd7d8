"""Whom an invoice concerns, for the kept pages of one's own (core.private_pages, decision 0052):
the person it is made out to, or its organisation. Neither changes after it is issued. A credit
note concerns the same people as its invoice (issuing one can mark the invoice credited). "My
bookings" (events.page_scopes) shows a person's and their organisations' invoices under the same
scopes."""

from __future__ import annotations

from recoverynet.core.private_pages import organisation_scope, person_scope

from .models import CreditNote, Invoice


def invoice_scopes(invoice: Invoice) -> list[str]:
    scopes = []
    if invoice.person_id is not None:
        scopes.append(person_scope(invoice.person_id))
    if invoice.organisation_id is not None:
        scopes.append(organisation_scope(invoice.organisation_id))
    return scopes


def credit_note_scopes(note: CreditNote) -> list[str]:
    return invoice_scopes(note.invoice)
