"""Invoices and credit notes after the move into `billing` are byte for byte what the code produced
while they lived in `events`: the PDFs, the HTML inside them, their numbers and the API's JSON.

The fixtures were written by this test on the pre-move code (`RN_WRITE_BILLING_FIXTURES=1`), with
time frozen so that dates, numbers and amounts are the same on every run.
"""

from __future__ import annotations

import datetime
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string

from recoverynet.billing import models
from recoverynet.billing.documents import credit_note_pdf, invoice_pdf
from recoverynet.core.errors import ApplicationError
from recoverynet.events import models as events_models
from recoverynet.events import services
from recoverynet.events.services import DelegateInput
from tests.conftest import token_client

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
WRITE = os.environ.get("RN_WRITE_BILLING_FIXTURES") == "1"
# Fields the API added when invoices moved to billing (the generic "what is billed" link).
ADDED_FIELDS = {"billed", "organisation_id"}
FROZEN = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)


def _check(name: str, data: bytes) -> None:
    path = FIXTURES / name
    if WRITE:
        path.write_bytes(data)
    assert data == path.read_bytes(), name


def _html(monkeypatch: Any, render: Any, doc: Any) -> bytes:
    seen: dict[str, str] = {}

    def capture(template: str, context: dict[str, Any]) -> bytes:
        seen["html"] = render_to_string(template, context)
        return b"%PDF-"

    module = __import__(render.__module__, fromlist=["render_pdf"])
    monkeypatch.setattr(module, "render_pdf", capture)
    render(doc)
    monkeypatch.undo()
    return seen["html"].encode()


def _documents(world: Any) -> tuple[Any, Any]:
    with time_machine.travel(FROZEN, tick=False):
        event = services.event_create(
            actor=world.coordinator_uk,
            network=world.uk,
            title="Peer worker critical debate",
            kind="critical_debate",
            starts_at=FROZEN + datetime.timedelta(days=30),
            ends_at=FROZEN + datetime.timedelta(days=30, hours=5),
            venue_name="Duncan Macmillan House",
            capacity=10,
            status="published",
            booking_mode="open",
        )
        rate = services.rate_create(
            actor=world.coordinator_uk,
            event=event,
            kind="non_member",
            name="Others",
            net_amount=Decimal("149.99"),
        )
        booking = services.booking_create(
            actor=world.lead_a,
            event=event,
            organisation=world.org_a,
            purchase_order="PO-4471",
            delegates=[
                DelegateInput(name=f"Delegate {i}", email=f"d{i}@example.org", rate_id=rate.pk)
                for i in range(3)
            ],
        ).booking
    with time_machine.travel(FROZEN + datetime.timedelta(days=2), tick=False):
        delegate = booking.delegates.order_by("id").first()
        services.delegate_cancel(actor=world.lead_a, delegate=delegate)
    invoice = models.Invoice.objects.get()
    note = models.CreditNote.objects.get()
    return invoice, note


def _api_json(client: Any, url: str, ids: dict[str, str], name: str) -> bytes:
    """The API's answer with the fields it gave before the move (new fields may be added)."""
    text = client.get(url).content.decode()
    for real, placeholder in ids.items():
        text = text.replace(real, placeholder)
    answer = json.loads(text)
    if not WRITE:
        before = json.loads((FIXTURES / name).read_bytes())
        assert set(answer) - set(before) <= ADDED_FIELDS
        answer = {key: answer[key] for key in before}
    return json.dumps(answer, indent=1, sort_keys=True).encode()


def test_invoice_and_credit_note_are_unchanged(world, monkeypatch):
    invoice, note = _documents(world)
    assert (invoice.number, invoice.sequence_number) == ("UK-000001", 1)
    assert (note.number, note.sequence_number) == ("CN-UK-000001", 1)
    numbers = {
        "invoice": [invoice.number, str(invoice.net_total), str(invoice.tax_total)],
        "credit_note": [note.number, str(note.net_total), str(note.tax_total)],
        "lines": [
            [line.description, str(line.net), str(line.tax_rate), str(line.tax), str(line.gross)]
            for doc in (invoice, note)
            for line in doc.lines.all()
        ],
    }
    _check("numbers.json", json.dumps(numbers, indent=1).encode())
    _check("invoice.html", _html(monkeypatch, invoice_pdf, invoice))
    _check("credit_note.html", _html(monkeypatch, credit_note_pdf, note))
    booking = events_models.Booking.objects.get()
    ids = {
        str(invoice.public_id): "INVOICE",
        str(note.public_id): "NOTE",
        str(booking.public_id): "BOOKING",
    }
    client = token_client(world.lead_a)
    _check(
        "invoice.json",
        _api_json(client, f"/api/v1/invoices/{invoice.public_id}", ids, "invoice.json"),
    )
    _check(
        "credit_note.json",
        _api_json(client, f"/api/v1/credit-notes/{note.public_id}", ids, "credit_note.json"),
    )
    try:
        invoice_bytes, note_bytes = invoice_pdf(invoice), credit_note_pdf(note)
    except ApplicationError as exc:  # no Pango on this machine
        pytest.skip(exc.message)
    _check("invoice.pdf", invoice_bytes)
    _check("credit_note.pdf", note_bytes)
