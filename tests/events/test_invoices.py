"""Invoices that finance teams and tax law accept: who sends them, how to pay, when they are due,
"Tax invoice" as the heading, payments recorded with a date and method, credit notes e-mailed, and
no paid booking while a network cannot issue an invoice."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client

from recoverynet.billing import documents
from recoverynet.billing.models import CreditNote, Invoice, InvoiceStatus
from recoverynet.core import outbox
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry, OutboxMessage
from recoverynet.events import services
from recoverynet.events.models import Booking, Delegate
from recoverynet.network import services as network_services
from tests.conftest import invoice_details, sign_in

from .conftest import delegates, make_event
from .test_api import api, post_booking

pytestmark = pytest.mark.django_db

UK_ADDRESS = "1 Test Street"
UK_PAY = "Sort code 00-11-22, account 12345678"


def _book(world: Any, event: Any, n: int = 1, actor: Any = None) -> Booking:
    return services.booking_create(
        actor=actor or world.lead_a,
        event=event,
        organisation=world.org_a if actor is None else None,
        delegates=delegates(n, event.non_member_rate),
    ).booking


def _pdf_html(monkeypatch: Any, render: Any, doc: Any) -> str:
    """The HTML that goes into the PDF, rendered from the same template and context."""
    seen: dict[str, str] = {}

    def capture(template: str, context: dict[str, Any]) -> bytes:
        seen["html"] = render_to_string(template, context)
        return b"%PDF-"

    monkeypatch.setattr(documents, "render_pdf", capture)
    render(doc)
    return seen["html"]


def _au_network(world: Any, **details: Any) -> Any:
    return network_services.network_create(
        actor=world.admin,
        name="Australasia",
        slug="au",
        currency="AUD",
        tax_name="GST",
        tax_rate=Decimal("0.10"),
        time_zone="Australia/Sydney",
        **details,
    )


def _paid_event(world: Any, network: Any) -> Any:
    event = make_event(world, network=network, actor=world.admin)
    event.non_member_rate = services.rate_create(
        actor=world.admin, event=event, kind="non_member", name="All", net_amount=Decimal("100")
    )
    return event


# --- What an invoice shows ---------------------------------------------------------------------------


def test_invoice_pdf_and_page_show_supplier_payment_and_due_date(world, event, monkeypatch):
    invoice = _book(world, event).invoices.get()
    assert invoice.due_on == invoice.issued_on + datetime.timedelta(days=30)
    due = f"{invoice.due_on:%-d %B %Y}"
    html = _pdf_html(monkeypatch, documents.invoice_pdf, invoice)
    page = sign_in(Client(), world.lead_a).get(f"/invoices/{invoice.public_id}/")
    assert page.status_code == 200
    for body in (html, page.content.decode()):
        assert "Tax invoice" in body and "UK Network Ltd" in body and UK_ADDRESS in body
        assert "VAT registration number: GB 123 4567 89" in body
        assert UK_PAY in body and due in body


def test_australian_invoice_is_a_tax_invoice_with_the_abn(world, monkeypatch):
    au = _au_network(world, **invoice_details("Recovery Colleges AU", "51 824 753 556"))
    event = _paid_event(world, au)
    invoice = _book(world, event, actor=world.outsider).invoices.get()
    html = _pdf_html(monkeypatch, documents.invoice_pdf, invoice)
    assert "<h1>Tax invoice AU-000001</h1>" in html and "ABN: 51 824 753 556" in html
    assert invoice.supplier_tax_label == "ABN" and invoice.tax_name == "GST"


def test_credit_note_shows_the_supplier_too(world, event, monkeypatch):
    booking = _book(world, event)
    services.booking_cancel(actor=world.lead_a, booking=booking)
    note = CreditNote.objects.get()
    html = _pdf_html(monkeypatch, documents.credit_note_pdf, note)
    assert "Credit note CN-UK-000001" in html and "VAT registration number: GB 123 4567 89" in html
    page = sign_in(Client(), world.lead_a).get(f"/credit-notes/{note.public_id}/")
    assert page.status_code == 200 and UK_ADDRESS in page.content.decode()
    assert (
        sign_in(Client(), world.lead_b).get(f"/credit-notes/{note.public_id}/").status_code == 404
    )


def test_issued_invoice_keeps_the_details_it_was_issued_with(world, event):
    invoice = _book(world, event).invoices.get()
    network_services.network_update(
        actor=world.coordinator_uk,
        network=world.uk,
        supplier_name="Renamed Ltd",
        tax_number="GB 999 9999 99",
        payment_terms_days=7,
    )
    invoice.refresh_from_db()
    assert invoice.supplier_name == "UK Network Ltd"
    assert invoice.supplier_tax_number == "GB 123 4567 89" and invoice.payment_terms_days == 30
    later = _book(world, event, actor=world.outsider).invoices.get()
    assert later.supplier_name == "Renamed Ltd" and later.payment_terms_days == 7


def test_invoice_page_is_private(world, event):
    invoice = _book(world, event).invoices.get()
    for role, status in [("lead_b", 404), ("outsider", 404), ("coordinator_uk", 200)]:
        response = world.client_for(role).get(f"/invoices/{invoice.public_id}/")
        assert response.status_code == status, role


def test_real_pdf_renders(world, event):
    invoice = _book(world, event).invoices.get()
    try:
        assert documents.invoice_pdf(invoice).startswith(b"%PDF")
    except ApplicationError as exc:  # no Pango on this machine
        pytest.skip(exc.message)


# --- No invoice details, no paid booking ----------------------------------------------------------


def test_paid_booking_refused_while_invoice_details_are_missing(world):
    au = _au_network(world, supplier_name="Recovery Colleges AU")
    event = _paid_event(world, au)
    with pytest.raises(ApplicationError) as exc:
        _book(world, event, actor=world.outsider)
    assert exc.value.code == "invoice_details_missing" and exc.value.status == 409
    assert "postal address" in exc.value.message and "ABN" in exc.value.message
    assert not Booking.objects.exists() and not Delegate.objects.exists()
    assert not Invoice.objects.exists() and not OutboxMessage.objects.exists()


def test_free_booking_needs_no_invoice_details(world):
    au = _au_network(world)
    event = make_event(world, network=au, actor=world.admin)
    free = services.rate_create(
        actor=world.admin, event=event, kind="free", name="Free", net_amount=Decimal("0")
    )
    result = services.booking_create(
        actor=world.outsider, event=event, delegates=delegates(1, free)
    )
    assert result.created and not Invoice.objects.exists()


def test_api_booking_refused_with_409_naming_what_is_missing(world):
    au = _au_network(world)
    event = _paid_event(world, au)
    body = {
        "delegates": [{"name": "A", "email": "a@example.org", "rate": event.non_member_rate.pk}]
    }
    response = post_booking(api(world.outsider), event, body)
    assert response.status_code == 409
    assert response.json()["code"] == "invoice_details_missing"
    assert "payment instructions" in response.json()["detail"]
    assert not Booking.objects.exists()


def test_organisers_are_warned_on_settings_and_event_pages(world):
    au = _au_network(world)
    event = _paid_event(world, au)
    network_services.network_role_grant(
        actor=world.admin, network=au, email=world.coordinator_uk.email, role="coordinator"
    )
    client = sign_in(Client(), world.coordinator_uk)
    settings_page = client.get("/manage/au/settings/").content.decode()
    event_page = client.get(f"/manage/events/{event.public_id}/").content.decode()
    for body in (settings_page, event_page):
        assert "Paid bookings are turned away" in body and "ABN" in body
    assert (
        "Paid bookings are turned away" not in client.get("/manage/uk/settings/").content.decode()
    )


def test_settings_page_saves_invoice_details(world):
    client = sign_in(Client(), world.coordinator_uk)
    page = client.get("/manage/uk/settings/").content.decode()
    assert "VAT registration number" in page and "How to pay" in page
    response = client.post(
        "/manage/uk/settings/",
        {
            "name": "UK Network",
            "tax_name": "VAT",
            "time_zone": "Europe/London",
            "supplier_name": "UK Network CIC",
            "supplier_address": "2 New Road, York",
            "tax_number": "GB 111 2222 33",
            "payment_instructions": "IBAN GB00 TEST",
            "payment_terms_days": "400",
        },
    )
    assert response.status_code == 400  # terms longer than a year
    world.uk.refresh_from_db()
    assert world.uk.supplier_name == "UK Network Ltd"


def test_network_settings_api(world):
    response = api(world.coordinator_uk).get("/api/v1/networks/uk/settings")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["tax_number_label"] == "VAT registration number"
    assert body["invoice_details_missing"] == [] and body["payment_terms_days"] == 30
    assert api(world.coordinator_ie).get("/api/v1/networks/uk/settings").status_code == 403
    assert "payment_instructions" not in Client().get("/api/v1/networks/uk").json()
    patched = api(world.coordinator_uk).patch(
        "/api/v1/networks/uk",
        {"payment_instructions": "", "payment_terms_days": 14},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["invoice_details_missing"] == ["payment instructions"]


# --- Recording a payment ------------------------------------------------------------------------------


def test_payment_recorded_with_date_and_method_after_confirmation(world, event):
    invoice = _book(world, event).invoices.get()
    client = sign_in(Client(), world.coordinator_uk)
    form = client.get(f"/invoices/{invoice.public_id}/paid/")
    assert form.status_code == 200 and "Bank transfer" in form.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED  # looking at the form records nothing
    tomorrow = world.uk.today() + datetime.timedelta(days=1)
    url = f"/invoices/{invoice.public_id}/paid/"
    response = client.post(url, {"paid_on": tomorrow.isoformat(), "method": "card"})
    assert response.status_code == 400 and "cannot be in the future" in response.content.decode()
    before = invoice.issued_on - datetime.timedelta(days=1)
    response = client.post(url, {"paid_on": before.isoformat(), "method": "card"})
    assert (
        response.status_code == 400 and "before the invoice was issued" in response.content.decode()
    )
    response = client.post(url, {"paid_on": invoice.issued_on.isoformat()})
    assert response.status_code == 400
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED
    response = client.post(url, {"paid_on": invoice.issued_on.isoformat(), "method": "cheque"})
    assert response.status_code == 200 and "What will happen" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED  # asked first, recorded on the second press
    response = client.post(
        url, {"paid_on": invoice.issued_on.isoformat(), "method": "cheque", "confirmed": "yes"}
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.payment_method == "cheque"
    assert invoice.paid_on == invoice.issued_on and invoice.paid_at is not None
    entry = AuditEntry.objects.get(action="billing.invoice.paid")
    assert entry.changes["method"] == "cheque"
    page = client.get(f"/invoices/{invoice.public_id}/").content.decode()
    assert f"on {invoice.paid_on:%-d %B %Y} by cheque" in page
    listing = client.get("/manage/invoices/uk/").content.decode()
    assert "cheque" in listing


def test_only_coordinators_record_payments(world, event):
    invoice = _book(world, event).invoices.get()
    url = f"/invoices/{invoice.public_id}/paid/"
    today = world.uk.today().isoformat()
    for role in ("lead_a", "consultant_uk"):
        client = world.client_for(role)
        assert client.get(url).status_code == 403, role
        assert client.post(url, {"paid_on": today, "method": "card"}).status_code == 403
    assert world.client_for("coordinator_ie").get(url).status_code == 404
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED


def test_payment_over_the_api(world, event):
    invoice = _book(world, event).invoices.get()
    url = f"/api/v1/invoices/{invoice.public_id}/paid"
    today = world.uk.today().isoformat()
    refused = api(world.lead_a).post(
        url, {"paid_on": today, "method": "card"}, content_type="application/json"
    )
    assert refused.status_code == 403
    bad = api(world.coordinator_uk).post(
        url, {"paid_on": today, "method": "gold"}, content_type="application/json"
    )
    assert bad.status_code == 422
    response = api(world.coordinator_uk).post(
        url, {"paid_on": today, "method": "bank_transfer"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "paid" and body["paid_on"] == today
    assert body["payment_method"] == "bank_transfer"
    again = api(world.coordinator_uk).post(
        url, {"paid_on": today, "method": "card"}, content_type="application/json"
    )
    assert again.status_code == 409
    detail = api(world.lead_a).get(f"/api/v1/invoices/{invoice.public_id}").json()
    assert (
        detail["heading"] == "Tax invoice" and detail["supplier"]["tax_number"] == "GB 123 4567 89"
    )
    assert (
        detail["due_on"] == invoice.due_on.isoformat() and detail["payment_instructions"] == UK_PAY
    )


# --- Credit notes by e-mail ---------------------------------------------------------------------------


def test_credit_note_is_e_mailed_to_the_booker_alone(world, event):
    booking = _book(world, event, n=2)
    services.delegate_cancel(actor=world.lead_a, delegate=booking.delegates.first())
    note = CreditNote.objects.get()
    message = OutboxMessage.objects.get(subject=f"Credit note {note.number}")
    assert message.to == [world.lead_a.email]
    assert f"/credit-notes/{note.public_id}.pdf" in message.body_text
    assert booking.invoices.get().number in message.body_text
    api_note = api(world.lead_a).get(f"/api/v1/credit-notes/{note.public_id}")
    assert api_note.status_code == 200 and api_note.json()["supplier"]["name"] == "UK Network Ltd"
    assert api(world.lead_b).get(f"/api/v1/credit-notes/{note.public_id}").status_code == 404


def test_invoice_e_mail_says_how_and_when_to_pay(world, event):
    invoice = _book(world, event).invoices.get()
    message = outbox.preview(OutboxMessage.objects.get(subject=f"Invoice {invoice.number}"))
    assert UK_PAY in message.body and f"{invoice.due_on:%-d %B %Y}" in message.body


def test_a_long_event_cancellation_reason_is_kept_whole_on_the_credit_note(world, event):
    _book(world, event, n=1)
    reason = "The venue has flooded and we cannot find another hall in time. " * 7  # ~450
    services.event_cancel(actor=world.coordinator_uk, event=event, reason=reason.strip())
    assert CreditNote.objects.get().reason == f"Event cancelled: {reason.strip()}"
