"""What the billing app announces. Payloads are thin: ids, numbers, amounts and links - no names,
addresses or e-mail addresses of the people billed."""

from recoverynet.core.domain_events import define

_INVOICE = {
    "invoice_id": "The invoice's public id (UUID).",
    "number": "The invoice number, e.g. UK-000042.",
    "organisation_id": "The billed organisation's id, or null when a person is billed.",
    "billed_kind": "What is billed, as app.model (e.g. events.booking, network.membership).",
    "billed_id": "The id of what is billed.",
    "currency": "ISO 4217 currency code.",
    "gross_total": "The total including tax, as a decimal string.",
    "url": "The invoice's page.",
}
INVOICE_ISSUED = define("invoice.issued", summary="An invoice was issued.", payload=_INVOICE)
INVOICE_PAID = define(
    "invoice.paid",
    summary="A payment of an invoice in full was recorded.",
    payload={**_INVOICE, "paid_on": "When the money arrived (ISO date)."},
)
INVOICE_PAYMENT_UNDONE = define(
    "invoice.payment_undone",
    summary="A payment recorded by mistake was undone within minutes; the invoice is unpaid again.",
    payload=_INVOICE,
)
CREDIT_NOTE_ISSUED = define(
    "credit_note.issued",
    summary="A credit note was issued against an invoice (a cancellation or a correction).",
    payload={
        "credit_note_id": "The credit note's public id (UUID).",
        "number": "The credit note number, e.g. CN-UK-000007.",
        "invoice_id": "The credited invoice's public id (UUID).",
        "invoice_number": "The credited invoice's number.",
        "credited_in_full": "Whether the invoice is now credited in full (true or false).",
        "currency": "ISO 4217 currency code.",
        "gross_total": "The amount credited including tax, as a decimal string.",
        "url": "The credit note's page.",
    },
)
