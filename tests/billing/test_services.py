"""Billing for anything: an invoice for a membership (not a booking) through the one service, numbers
shared with bookings' invoices, credit notes for parts or all of it, payments, domain events."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from recoverynet.billing import selectors, services
from recoverynet.billing.models import Invoice, InvoiceStatus
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.models import AuditEntry
from recoverynet.events import services as event_services
from tests.conftest import sign_in
from tests.events.conftest import delegates

from .conftest import fee_invoice

pytestmark = pytest.mark.django_db


def test_anything_can_be_billed_and_numbers_are_shared_with_bookings(world, event):
    invoice = fee_invoice(world, net="1234.565")
    assert invoice.number == "UK-000001"
    assert invoice.billed == world.membership_a and invoice.billed_kind == "network.membership"
    # Half-up per line: 1234.565 → 1234.57 net, VAT 246.914 → 246.91.
    line = invoice.lines.get()
    assert (line.net, line.tax, line.gross) == (
        Decimal("1234.57"),
        Decimal("246.91"),
        Decimal("1481.48"),
    )
    assert invoice.gross_total == Decimal("1481.48") and invoice.currency == "GBP"
    booking = event_services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.non_member_rate),
    ).booking
    booked = booking.invoices.get()
    assert booked.number == "UK-000002" and booked.billed_kind == "events.booking"
    assert booked.organisation == world.org_a and booked.person == world.lead_a
    assert AuditEntry.objects.filter(action="billing.invoice.issued").count() == 2


def test_issuing_emits_invoice_issued_after_commit(
    world, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = fee_invoice(world)
    (announced,) = received
    assert announced.type == "invoice.issued" and announced.network_slug == "uk"
    assert announced.data["number"] == invoice.number
    assert announced.data["billed_kind"] == "network.membership"
    assert announced.data["organisation_id"] == world.org_a.pk
    assert announced.data["url"] == f"{settings.SITE_URL}/invoices/{invoice.public_id}/"


def test_payment_and_credit_emit_their_events(world, received, django_capture_on_commit_callbacks):
    invoice = fee_invoice(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.invoice_mark_paid(
            actor=world.coordinator_uk,
            invoice=invoice,
            paid_on=invoice.issued_on,
            method="bank_transfer",
        )
    assert [e.type for e in received] == ["invoice.paid"]
    assert received[0].data["paid_on"] == invoice.issued_on.isoformat()
    other = fee_invoice(world)
    with django_capture_on_commit_callbacks(execute=True):
        note = services.credit_note_issue(
            actor=world.coordinator_uk, invoice=other, reason="Fee waived"
        )
    assert received[-1].type == "credit_note.issued"
    assert received[-1].data["credited_in_full"] is True
    assert note.number == "CN-UK-000001"
    other.refresh_from_db()
    assert other.status == InvoiceStatus.CREDITED
    # Nothing is left to credit: no second credit note, no number taken.
    assert services.credit_note_issue(actor=world.coordinator_uk, invoice=other, reason="x") is None


def test_an_invoice_needs_lines_and_a_network_that_can_invoice(world):
    with pytest.raises(ApplicationError):
        services.invoice_issue(
            actor=world.coordinator_uk,
            network=world.uk,
            billed=services.BilledItem(obj=world.membership_a, label="x"),
            lines=[],
            bill_to="x",
        )
    world.uk.supplier_name = ""
    world.uk.save()
    with pytest.raises(ApplicationError) as exc:
        fee_invoice(world)
    assert exc.value.code == "invoice_details_missing"
    assert not Invoice.objects.exists()


def test_only_coordinators_record_payments(world):
    invoice = fee_invoice(world)
    for who in (world.consultant_uk, world.lead_a, world.coordinator_ie):
        with pytest.raises(PermissionDenied):
            services.invoice_mark_paid(
                actor=who, invoice=invoice, paid_on=invoice.issued_on, method="card"
            )
    with pytest.raises(ApplicationError) as exc:
        services.invoice_mark_paid(
            actor=world.coordinator_uk,
            invoice=invoice,
            paid_on=invoice.issued_on + datetime.timedelta(days=400),
            method="card",
        )
    assert exc.value.field == "paid_on"


def test_who_sees_an_organisation_invoice(world):
    invoice = fee_invoice(world)
    for who in (world.lead_a, world.coordinator_uk, world.consultant_uk, world.admin):
        assert selectors.invoice_get(actor=who, public_id=invoice.public_id) == invoice
    for who in (world.staff_a, world.lead_b, world.coordinator_ie, world.editor_uk, world.outsider):
        with pytest.raises(NotFound):
            selectors.invoice_get(actor=who, public_id=invoice.public_id)
    assert sign_in(Client(), world.lead_b).get(invoice.get_absolute_url()).status_code == 404
    page = sign_in(Client(), world.lead_a).get(invoice.get_absolute_url())
    assert page.status_code == 200 and "Annual membership fee 2026" in page.content.decode()
