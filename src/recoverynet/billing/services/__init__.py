"""Every write in billing. Any app bills through `invoice_issue` with a generic `BilledItem`."""

from .invoices import (
    BilledItem,
    Line,
    credit_note_issue,
    document_number,
    invoice_issue,
    invoice_mark_paid,
    invoice_payment_check,
    require_invoice_details,
)
from .membership import membership_fee_run_start, membership_fees_raise, membership_renewals
from .payments import invoice_payment_undo

__all__ = [
    "BilledItem",
    "Line",
    "credit_note_issue",
    "document_number",
    "invoice_issue",
    "invoice_mark_paid",
    "invoice_payment_check",
    "invoice_payment_undo",
    "membership_fee_run_start",
    "membership_fees_raise",
    "membership_renewals",
    "require_invoice_details",
]
