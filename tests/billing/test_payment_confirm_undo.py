"""Marking an invoice as paid asks first and says what will happen; a payment recorded by mistake
can be undone for a short time, audited, on the website and over the API (issue #15)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from recoverynet.billing import services
from recoverynet.billing.models import InvoiceStatus
from recoverynet.core import domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.core.undo import UNDO_WINDOW
from tests.conftest import sign_in
from tests.events.test_api import api

from .conftest import fee_invoice

pytestmark = pytest.mark.django_db


def _paid(world: Any) -> Any:
    invoice = fee_invoice(world)
    return services.invoice_mark_paid(
        actor=world.coordinator_uk, invoice=invoice, paid_on=invoice.issued_on, method="card"
    )


def test_the_form_then_a_confirmation_then_the_payment(world: Any) -> None:
    invoice = fee_invoice(world)
    client = sign_in(Client(), world.coordinator_uk)
    url = f"/invoices/{invoice.public_id}/paid/"
    data = {"paid_on": invoice.issued_on.isoformat(), "method": "cheque"}
    asked = client.post(url, data)
    page = asked.content.decode()
    assert asked.status_code == 200 and f"Mark invoice {invoice.number} as paid?" in page
    assert "What will happen" in page and "Cheque" in page and "undo it for 15 minutes" in page
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED  # nothing recorded until confirmed
    changed = client.post(url, {**data, "change": "yes"})
    assert changed.status_code == 200 and 'name="paid_on"' in changed.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED
    done = client.post(url, {**data, "confirmed": "yes"})
    assert done.status_code == 302 and done.url == f"/invoices/{invoice.public_id}/"
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.payment_method == "cheque"
    detail = client.get(done.url).content.decode()
    assert "Undo the payment" in detail


def test_a_bad_date_is_refused_before_the_confirmation(world: Any) -> None:
    invoice = fee_invoice(world)
    client = sign_in(Client(), world.coordinator_uk)
    url = f"/invoices/{invoice.public_id}/paid/"
    tomorrow = world.uk.today() + datetime.timedelta(days=1)
    refused = client.post(url, {"paid_on": tomorrow.isoformat(), "method": "card"})
    assert refused.status_code == 400 and "cannot be in the future" in refused.content.decode()
    refused = client.post(url, {"paid_on": "2027-02-30", "method": "card", "confirmed": "yes"})
    assert refused.status_code == 400 and "Enter the date paid as a real date" in (
        refused.content.decode()
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED


def test_undo_puts_it_back_and_is_audited(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    got: list[Any] = []
    domain_events.subscribe("invoice.payment_undone", got.append)
    try:
        invoice = _paid(world)
        client = sign_in(Client(), world.coordinator_uk)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/invoices/{invoice.public_id}/paid/undo/")
    finally:
        domain_events.unsubscribe(got.append)
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED and invoice.paid_on is None
    assert invoice.payment_method == "" and invoice.paid_at is None
    entry = AuditEntry.objects.get(action="billing.invoice.paid.undone")
    assert entry.actor_id == world.coordinator_uk.pk
    assert entry.changes["undoes"] == AuditEntry.objects.get(action="billing.invoice.paid").pk
    assert [e.data["number"] for e in got] == [invoice.number]
    page = client.get(f"/invoices/{invoice.public_id}/").content.decode()
    assert "Undo the payment" not in page and "Record payment" in page
    again = client.post(f"/invoices/{invoice.public_id}/paid/undo/")
    assert again.status_code == 409


def test_undo_too_late_or_after_another_change(world: Any) -> None:
    invoice = _paid(world)
    AuditEntry.objects.filter(action="billing.invoice.paid").update(
        at=timezone.now() - UNDO_WINDOW - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ApplicationError) as caught:
        services.invoice_payment_undo(actor=world.coordinator_uk, invoice=invoice)
    assert caught.value.status == 409 and "can no longer be undone" in caught.value.message
    client = sign_in(Client(), world.coordinator_uk)
    assert "Undo the payment" not in client.get(f"/invoices/{invoice.public_id}/").content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_who_must_not_undo(world: Any) -> None:
    invoice = _paid(world)
    url = f"/invoices/{invoice.public_id}/paid/undo/"
    assert world.client_for("lead_a").post(url).status_code == 403
    assert world.client_for("consultant_uk").post(url).status_code == 403
    assert world.client_for("coordinator_ie").post(url).status_code == 404
    assert world.client_for("coordinator_uk").get(url).status_code == 405
    lead_page = world.client_for("lead_a").get(f"/invoices/{invoice.public_id}/")
    assert "Undo the payment" not in lead_page.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_undo_over_the_api(world: Any) -> None:
    invoice = _paid(world)
    url = f"/api/v1/invoices/{invoice.public_id}/paid/undo"
    assert api(world.lead_a).post(url).status_code == 403
    response = api(world.coordinator_uk).post(url)
    assert response.status_code == 200 and response.json()["status"] == "issued"
    again = api(world.coordinator_uk).post(url)
    assert again.status_code == 409 and again.json()["code"] == "not_paid"
