"""Invoices, credit notes, their lines and gap-free numbering per network, for anything billable.

What an invoice is for is a generic link (`billed`): a booking today, later a membership fee, an
engagement allocation or a college course fee. Billing never imports the apps that bill through it.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from recoverynet.core.models import BaseModel
from recoverynet.network.models import Network, Organisation

ZERO = Decimal("0.00")
# SQLite keeps decimals as floating point, so "gross = net + tax" is checked to within a tenth of a
# penny; the amounts themselves are always whole pennies (Decimal, rounded half-up in core.money).
PENNY_TOLERANCE = Decimal("0.001")


def adds_up(total: str, *parts: str) -> Q:
    summed: Any = F(parts[0])
    for part in parts[1:]:
        summed = summed + F(part)
    return Q(**{f"{total}__gte": summed - PENNY_TOLERANCE}) & Q(
        **{f"{total}__lte": summed + PENNY_TOLERANCE}
    )


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    CREDIT_NOTE = "credit_note", "Credit note"


class DocumentSequence(models.Model):
    """The next number for a network's invoices or credit notes. Locked when used, inside the same
    transaction as the document, so numbers are sequential with no gaps."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=DocumentKind.choices)
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "kind"], name="one_sequence_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} sequence of network {self.network_id}: next {self.next_number}"


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", "Issued"
    PAID = "paid", "Paid"
    CREDITED = "credited", "Credited in full"


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    CARD = "card", "Card"
    CHEQUE = "cheque", "Cheque"
    OTHER = "other", "Other"


class SupplierDetails(models.Model):
    """The supplier's details copied from the network when a document is issued, so a later change
    to the network's settings never alters an invoice or credit note already sent."""

    supplier_name = models.CharField(max_length=200, default="")
    supplier_address = models.TextField(default="")
    supplier_tax_label = models.CharField(max_length=60, default="")
    supplier_tax_number = models.CharField(max_length=40, default="")
    payment_instructions = models.TextField(default="")

    class Meta:
        abstract = True


# Every invoice is headed "Tax invoice": Australian GST law requires those words, and they are
# equally right for a UK or Irish VAT invoice (see docs/decisions/0012-invoice-details.md).
INVOICE_HEADING = "Tax invoice"


class Invoice(SupplierDetails, BaseModel):
    """Immutable once issued: corrections are credit notes. Only the payment fields (`status`,
    `paid_on`, `payment_method`, `paid_at`) ever change."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(max_length=30)
    sequence_number = models.PositiveIntegerField()
    # Who is billed: an organisation (its recovery lead sees the invoice) and/or a person (the
    # booker), and what for (the generic link: any app's object, with a label and a page).
    # Indexed with the issue time below (a lead's most recent invoices come straight off them).
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
        db_index=False,
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices_billed",
        db_index=False,
    )
    billed_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    billed_id = models.PositiveBigIntegerField(null=True, blank=True)
    billed = GenericForeignKey("billed_type", "billed_id")
    billed_label = models.CharField(max_length=300, blank=True, help_text="What is billed.")
    billed_url = models.CharField(max_length=300, blank=True, help_text="Its page on this site.")
    bill_to = models.TextField()
    purchase_order = models.CharField(max_length=60, blank=True)
    currency = models.CharField(max_length=3)
    tax_name = models.CharField(max_length=20)
    net_total = models.DecimalField(max_digits=12, decimal_places=2)
    tax_total = models.DecimalField(max_digits=12, decimal_places=2)
    gross_total = models.DecimalField(max_digits=12, decimal_places=2)
    issued_at = models.DateTimeField()
    issued_on = models.DateField(help_text="The date of issue on the network's calendar.")
    payment_terms_days = models.PositiveSmallIntegerField()
    due_on = models.DateField(help_text="Date of issue plus the payment terms.")
    status = models.CharField(
        max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED
    )
    paid_on = models.DateField(null=True, blank=True, help_text="When the money arrived.")
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    paid_at = models.DateTimeField(
        null=True, blank=True, help_text="When the payment was recorded."
    )

    class Meta:
        ordering = ["network", "sequence_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "sequence_number"], name="invoice_number_unique"
            ),
            models.CheckConstraint(
                condition=adds_up("gross_total", "net_total", "tax_total"),
                name="invoice_totals_add_up",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False),
                name="invoice_paid_has_date",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("issued_on")), name="invoice_due_after_issue"
            ),
        ]
        indexes = [
            models.Index(fields=["billed_type", "billed_id"], name="invoice_billed_idx"),
            # "My bookings" and the statement list a person's or an organisation's invoices newest
            # first: the 20 most recent without sorting the 1,000s a busy lead has (issue #17).
            models.Index(fields=["person", "-issued_at"], name="invoice_person_recent_idx"),
            models.Index(fields=["organisation", "-issued_at"], name="invoice_org_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("billing:invoice-detail", args=[self.public_id])

    @property
    def billed_kind(self) -> str:
        """What is billed, as app.model (e.g. events.booking): empty if nothing is linked."""
        if self.billed_type_id is None:
            return ""
        billed_type = ContentType.objects.get_for_id(self.billed_type_id)
        return f"{billed_type.app_label}.{billed_type.model}"

    @property
    def outstanding(self) -> Decimal:
        """What is still owed: nothing once paid, the total less what was credited otherwise."""
        if self.status != InvoiceStatus.ISSUED:
            return ZERO
        credited = sum((n.gross_total for n in self.credit_notes.all()), ZERO)
        return max(self.gross_total - credited, ZERO)


class CreditNote(SupplierDetails, BaseModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="credit_notes")
    number = models.CharField(max_length=30)
    sequence_number = models.PositiveIntegerField()
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    # Room for an event-wide cancellation: "Event cancelled: " and a reason of up to 500 characters.
    reason = models.CharField(max_length=600)
    currency = models.CharField(max_length=3)
    net_total = models.DecimalField(max_digits=12, decimal_places=2)
    tax_total = models.DecimalField(max_digits=12, decimal_places=2)
    gross_total = models.DecimalField(max_digits=12, decimal_places=2)
    issued_at = models.DateTimeField()
    issued_on = models.DateField(help_text="The date of issue on the network's calendar.")

    class Meta:
        ordering = ["network", "sequence_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "sequence_number"], name="credit_note_number_unique"
            ),
            models.CheckConstraint(
                condition=adds_up("gross_total", "net_total", "tax_total"),
                name="credit_note_totals_add_up",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("billing:credit-note-detail", args=[self.public_id])


class DocumentLine(models.Model):
    """A line on an invoice or a credit note (amounts positive on both; a credit note subtracts)."""

    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    credit_note = models.ForeignKey(
        CreditNote, null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    item_ref = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="Which part of what is billed this line is for (for a booking, a delegate's id).",
    )
    description = models.CharField(max_length=300)
    net = models.DecimalField(max_digits=10, decimal_places=2)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=4)
    tax = models.DecimalField(max_digits=10, decimal_places=2)
    gross = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(invoice__isnull=False, credit_note__isnull=True)
                | Q(invoice__isnull=True, credit_note__isnull=False),
                name="line_belongs_to_one_document",
            ),
            models.CheckConstraint(
                condition=adds_up("gross", "net", "tax"), name="line_gross_is_net_plus_tax"
            ),
        ]

    def __str__(self) -> str:
        return self.description


# --- Membership fees --------------------------------------------------------------------------------


class FeeRunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Raising invoices"
    DONE = "done", "Finished"


class MembershipFeeRun(BaseModel):
    """One "raise this year's membership invoices" for a network, with its progress."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=FeeRunStatus.choices, default=FeeRunStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0, help_text="Memberships with a fee to bill.")
    done = models.PositiveIntegerField(default=0, help_text="Memberships dealt with so far.")
    invoiced = models.PositiveIntegerField(default=0, help_text="Invoices raised by this run.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Membership fees {self.year} for network {self.network_id}"


class MembershipFee(BaseModel):
    """A membership's fee for a year and its invoice. One per membership and year, so raising the
    year's invoices twice never bills twice."""

    membership = models.ForeignKey(
        "network.Membership", on_delete=models.PROTECT, related_name="fees"
    )
    year = models.PositiveSmallIntegerField()
    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="membership_fee")
    reminded_at = models.DateTimeField(null=True, blank=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="one_fee_per_year")
        ]

    def __str__(self) -> str:
        return f"Fee {self.year} for membership {self.membership_id}"
