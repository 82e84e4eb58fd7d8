"""Undoing a payment recorded by mistake (issue #15): for a short time after it was recorded, by a
coordinator of the network, while nothing else has changed on the invoice (core.undo)."""

from __future__ import annotations

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.undo import require_undoable

from .. import access
from ..domain_events import INVOICE_PAYMENT_UNDONE
from ..models import Invoice, InvoiceStatus
from .invoices import _invoice_payload

PAID_ACTION = "billing.invoice.paid"


@transaction.atomic
def invoice_payment_undo(*, actor: Actor, invoice: Invoice) -> Invoice:
    """Make the invoice unpaid again, as it was before the payment was recorded."""
    if not access.can_manage_billing(actor, invoice.network_id):
        raise PermissionDenied("Only a coordinator of this network can undo a payment.")
    invoice = (
        Invoice.objects.select_for_update(of=("self",)).select_related("network").get(pk=invoice.pk)
    )
    if invoice.status != InvoiceStatus.PAID:
        raise ApplicationError("not_paid", "This invoice is not marked as paid.", status=409)
    entry = require_undoable(invoice, PAID_ACTION, f"The payment of {invoice.number}")
    invoice.status = InvoiceStatus.ISSUED
    invoice.paid_on, invoice.payment_method, invoice.paid_at = None, "", None
    invoice.save(update_fields=["status", "paid_on", "payment_method", "paid_at", "updated_at"])
    audit.record(
        actor=actor,
        action=f"{PAID_ACTION}.undone",
        obj=invoice,
        changes={"number": invoice.number, "undoes": entry.pk, "status": ["paid", "issued"]},
    )
    domain_events.emit(
        INVOICE_PAYMENT_UNDONE.name,
        network_slug=invoice.network.slug,
        data=_invoice_payload(invoice),
    )
    return invoice
