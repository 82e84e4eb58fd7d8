"""Whom an invoice concerns, for the kept pages of one's own (core.private_pages, decisions 0052
and 0053): the person it is made out to, or its organisation, and whomever what it bills concerns
(a booking's places: the bookings API shows each booking's invoice numbers). None of these changes
after it is issued. A credit note concerns the same people as its invoice (issuing one can mark the
invoice credited). "My bookings" (events.page_scopes) shows a person's and their organisations'
invoices under the same scopes."""

from __future__ import annotations

from recoverynet.core.private_pages import organisation_scope, person_scope, scopes_of

from .models import CreditNote, Invoice


def invoice_scopes(invoice: Invoice) -> list[str]:
    scopes = []
    if invoice.person_id is not None:
        scopes.append(person_scope(invoice.person_id))
    if invoice.organisation_id is not None:
        scopes.append(organisation_scope(invoice.organisation_id))
    # What it bills, as that model's own scopes say (read once if the invoice was not just issued);
    # a model that names none (a membership) adds nobody: the invoice is only shown as its payer's.
    billed = invoice.billed if invoice.billed_type_id is not None else None
    if billed is not None:
        scopes += scopes_of(billed) or ()
    return scopes


def credit_note_scopes(note: CreditNote) -> list[str]:
    return invoice_scopes(note.invoice)
