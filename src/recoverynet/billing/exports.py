"""The network's invoices as CSV or XLSX for its finance team.

Written through the shared export kernel (`core/exports.py`), so every cell goes through its
formula-injection guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from recoverynet.core import exports

from .models import ZERO, Invoice

COLUMNS = [
    "Number",
    "Date of issue",
    "Due",
    "Organisation",
    "Bill to",
    "For",
    "What is billed",
    "Purchase order",
    "Currency",
    "Net",
    "Tax",
    "Total",
    "Credited",
    "Outstanding",
    "Status",
    "Date paid",
    "Payment method",
]


def invoice_rows(invoices: Iterable[Invoice]) -> Iterator[list[Any]]:
    for invoice in invoices:
        credited: Decimal = sum((n.gross_total for n in invoice.credit_notes.all()), ZERO)
        yield [
            invoice.number,
            invoice.issued_on,
            invoice.due_on,
            invoice.organisation.name if invoice.organisation else "",
            invoice.bill_to,
            invoice.billed_label,
            invoice.billed_kind,
            invoice.purchase_order,
            invoice.currency,
            invoice.net_total,
            invoice.tax_total,
            invoice.gross_total,
            credited,
            invoice.outstanding,
            invoice.get_status_display(),
            invoice.paid_on or "",
            invoice.get_payment_method_display() if invoice.payment_method else "",
        ]


def invoices_csv(invoices: Iterable[Invoice]) -> str:
    return exports.csv_text(COLUMNS, ([str(v) for v in row] for row in invoice_rows(invoices)))


def invoices_xlsx(invoices: Iterable[Invoice]) -> bytes:
    # Amounts stay numbers (Decimal) and dates stay dates; text is guarded.
    return exports.xlsx_bytes(header=COLUMNS, rows=invoice_rows(invoices), sheet="Invoices")
