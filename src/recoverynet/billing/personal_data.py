"""What personal data billing holds, why, and for how long (docs/personal-data-format.md).

Invoices and credit notes are kept for six years because the law requires it. Erasing a person
replaces their name on an organisation's invoice (the organisation is the customer); on an invoice
to a private person the name and address stay until the six years are over."""

from typing import Any

from recoverynet.core.personal_data import (
    Action,
    Audience,
    Basis,
    Category,
    Field,
    Model,
    NotPersonal,
    Retention,
    until_erasure,
)

INVOICES = Retention(
    key="billing.invoices",
    describe="Six years after the invoice date (the law requires it)",
    anchor="issued_at",
    years=6,
)
CREDIT_NOTES = Retention(
    key="billing.credit_notes",
    describe="Six years after the credit note date (the law requires it)",
    anchor="issued_at",
    years=6,
)
LINES = Retention(
    key="billing.document_lines",
    describe="Six years after the invoice or credit note date (the law requires it)",
    anchor=("invoice__issued_at", "credit_note__issued_at"),
    years=6,
)
WHO_PAYS = (Audience.SELF, Audience.ORGANISATION, Audience.NETWORK_TEAM)
LEGAL = "Invoices and credit notes must be kept for six years."


def _bill_to(invoice: Any, *, erasure: bool) -> str:
    """At the end of six years nobody is named; on erasure an organisation's invoice keeps only
    the organisation, and a private person's invoice keeps the name the law requires."""
    if invoice.organisation_id:
        return str(invoice.organisation.name)
    return str(invoice.bill_to) if erasure else "Former customer"


PERSONAL_DATA = [
    NotPersonal("billing.DocumentSequence", reason="The next invoice number of each network."),
    NotPersonal("billing.MembershipFee", reason="Organisations' yearly membership fees."),
    Model(
        model="billing.Invoice",
        describe="Invoices for what you or your organisation booked",
        subject=("person",),
        fields={
            "person": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who the invoice was sent to.",
                basis=Basis.LEGAL_OBLIGATION,
                seen_by=WHO_PAYS,
                retention=INVOICES,
                action=Action.CLEAR,
                on_erasure=Action.KEEP,
                keep_reason=LEGAL + " It points to the account, which is itself anonymised.",
            ),
            "bill_to": Field(
                Category.IDENTITY,
                purpose="The customer's name and address, which an invoice must show.",
                basis=Basis.LEGAL_OBLIGATION,
                seen_by=WHO_PAYS,
                retention=INVOICES,
                action=Action.ANONYMISE,
                anonymised=_bill_to,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "supplier_name",
            "supplier_address",
            "supplier_tax_label",
            "supplier_tax_number",
            "payment_instructions",
            "public_id",
            "network",
            "number",
            "sequence_number",
            "organisation",
            "billed_type",
            "billed_id",
            "billed_label",
            "billed_url",
            "purchase_order",
            "currency",
            "tax_name",
            "net_total",
            "tax_total",
            "gross_total",
            "issued_at",
            "issued_on",
            "payment_terms_days",
            "due_on",
            "status",
            "paid_on",
            "payment_method",
            "paid_at",
        ),
    ),
    Model(
        model="billing.CreditNote",
        describe="Credit notes against invoices",
        subject=("invoice__person",),
        fields={
            "reason": Field(
                Category.COPY,
                purpose="Why the credit was given (it may name the person who cancelled).",
                basis=Basis.LEGAL_OBLIGATION,
                seen_by=WHO_PAYS,
                retention=CREDIT_NOTES,
                action=Action.ANONYMISE,
                anonymised="Credit",
                on_erasure=Action.KEEP,
                keep_reason=LEGAL + " Your name and e-mail address are taken out of it.",
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "supplier_name",
            "supplier_address",
            "supplier_tax_label",
            "supplier_tax_number",
            "payment_instructions",
            "public_id",
            "network",
            "number",
            "sequence_number",
            "invoice",
            "currency",
            "net_total",
            "tax_total",
            "gross_total",
            "issued_at",
            "issued_on",
        ),
    ),
    Model(
        model="billing.DocumentLine",
        describe="Lines of invoices and credit notes (they may name the people who attend)",
        subject=(),
        fields={
            "description": Field(
                Category.COPY,
                purpose="What is charged for, such as a place for a named delegate.",
                basis=Basis.LEGAL_OBLIGATION,
                seen_by=WHO_PAYS,
                retention=LINES,
                action=Action.ANONYMISE,
                anonymised="Charge",
                on_erasure=Action.KEEP,
                keep_reason=LEGAL + " Your name and e-mail address are taken out of it.",
            ),
        },
        not_personal=("invoice", "credit_note", "item_ref", "net", "tax_rate", "tax", "gross"),
    ),
    Model(
        model="billing.MembershipFeeRun",
        describe="Runs that invoice membership fees",
        subject=("started_by",),
        fields={
            "started_by": Field(
                Category.ACCOUNT_LINK,
                purpose="To know who started the run.",
                basis=Basis.LEGITIMATE_INTERESTS,
                seen_by=(Audience.NETWORK_TEAM,),
                retention=until_erasure("billing.fee_run_starter"),
                action=Action.CLEAR,
            ),
        },
        not_personal=(
            "created_at",
            "updated_at",
            "network",
            "year",
            "status",
            "total",
            "done",
            "invoiced",
            "finished_at",
        ),
    ),
]
