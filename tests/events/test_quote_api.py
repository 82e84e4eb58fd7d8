"""The booking review in the API (issue #15): `POST /events/{id}/bookings/quote` answers the figures
"Check your booking" shows, from the same code, with the same refusals as booking, and writes
nothing; what booking then invoices is what the quote said."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from recoverynet.billing.models import Invoice
from recoverynet.core.models import AuditEntry
from recoverynet.events import services
from recoverynet.events.models import Booking
from tests.conftest import sign_in, token_client

from .conftest import delegates, make_event

pytestmark = pytest.mark.django_db


def _body(event: Any, organisation: Any = None, n: int = 2, rate: Any = None) -> dict:
    rate = rate or event.member_rate
    return {
        "organisation": organisation.slug if organisation else None,
        "purchase_order": "PO-7",
        "delegates": [
            {"name": f"Person {i}", "email": f"p{i}@example.org", "rate": rate.pk} for i in range(n)
        ],
    }


def _quote(client: Client, event: Any, body: dict) -> Any:
    return client.post(
        f"/api/v1/events/{event.public_id}/bookings/quote", body, content_type="application/json"
    )


def test_the_quote_shows_the_review_figures_and_equals_what_is_invoiced(
    world: Any, event: Any
) -> None:
    api = token_client(world.lead_a)
    audits = AuditEntry.objects.count()
    quote = _quote(api, event, _body(event, world.org_a, n=2))
    assert quote.status_code == 200, quote.content
    data = quote.json()
    assert data["currency"] == "GBP" and data["tax_name"] == "VAT"
    assert [(x["rate"], x["net"], x["tax"], x["gross"]) for x in data["lines"]] == [
        ("Member sites", "100.00", "20.00", "120.00")
    ] * 2
    assert [Decimal(x["tax_rate"]) for x in data["lines"]] == [Decimal("0.2")] * 2
    assert (data["net_total"], data["tax_total"], data["gross_total"]) == (
        "200.00",
        "40.00",
        "240.00",
    )
    assert data["organisation"] == world.org_a.slug and data["purchase_order"] == "PO-7"
    assert data["invoice_to"].startswith("Alpha NHS Trust, for the attention of")
    assert world.lead_a.email in data["invoice_to"]
    assert data["will_wait"] is False and data["free"] == 10
    # No side effects: nothing booked, invoiced or audited.
    assert not Booking.objects.exists() and not Invoice.objects.exists()
    assert AuditEntry.objects.count() == audits
    # The review page shows the same person to invoice (one copy of the wording).
    page = sign_in(Client(), world.lead_a).post(
        f"/events/{event.public_id}/book/",
        {
            "organisation": world.org_a.pk,
            "purchase_order": "PO-7",
            "idempotency_key": "q",
            "delegates-TOTAL_FORMS": "2",
            "delegates-INITIAL_FORMS": "0",
            "delegates-MIN_NUM_FORMS": "1",
            "delegates-MAX_NUM_FORMS": "200",
            **{
                f"delegates-{i}-{k}": v
                for i in range(2)
                for k, v in (
                    ("name", f"Person {i}"),
                    ("email", f"p{i}@example.org"),
                    ("rate", str(event.member_rate.pk)),
                )
            },
        },
    )
    assert data["invoice_to"] in page.content.decode()
    # Booking the same thing invoices exactly the quoted figures, line by line.
    booked = api.post(
        f"/api/v1/events/{event.public_id}/bookings",
        _body(event, world.org_a, n=2),
        content_type="application/json",
    )
    assert booked.status_code == 201
    invoice = Invoice.objects.get()
    assert str(invoice.net_total) == data["net_total"]
    assert str(invoice.tax_total) == data["tax_total"]
    assert str(invoice.gross_total) == data["gross_total"]
    assert [str(line.gross) for line in invoice.lines.order_by("id")] == [
        x["gross"] for x in data["lines"]
    ]


def test_a_free_quote_and_a_full_event(world: Any) -> None:
    event = make_event(world, capacity=1)
    rate = services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal(0)
    )
    services.booking_create(actor=world.lead_b, event=event, delegates=delegates(1, rate, "x"))
    data = _quote(token_client(world.outsider), event, _body(event, n=1, rate=rate)).json()
    assert data["gross_total"] == "0.00" and data["invoice_to"] == ""
    assert data["will_wait"] is True and data["free"] == 0


def test_the_quote_refuses_what_booking_refuses(world: Any, event: Any) -> None:
    api = token_client(world.outsider)
    # The member rate without a member organisation: the booking's own error on the rate.
    refused = _quote(api, event, _body(event, n=1))
    booking = api.post(
        f"/api/v1/events/{event.public_id}/bookings",
        _body(event, n=1),
        content_type="application/json",
    )
    assert refused.status_code == booking.status_code == 422
    assert refused.json()["code"] == booking.json()["code"] == "not_a_member"
    # The same e-mail twice; a rate of another event; an unknown organisation; no delegates.
    same = _body(event, n=2, rate=event.non_member_rate)
    same["delegates"][1]["email"] = same["delegates"][0]["email"]
    assert _quote(api, event, same).status_code == 422
    other = make_event(world, title="Other")
    other_rate = services.rate_create(
        actor=world.coordinator_uk, event=other, kind="free", name="F", net_amount=Decimal(0)
    )
    wrong = _quote(api, event, _body(event, n=1, rate=other_rate))
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "delegates.0.rate"
    unknown = _quote(api, event, {**_body(event, n=1), "organisation": "no-such-org"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "organisation"
    empty = _quote(api, event, {"delegates": []})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "delegates"
    blank = _quote(api, event, {"delegates": [{"name": "   ", "email": "a@b.org", "rate": 1}]})
    assert blank.status_code == 422
    nul = _quote(
        api,
        event,
        {"delegates": [{"name": "A\x00B", "email": "a@b.org", "rate": event.non_member_rate.pk}]},
    )
    assert nul.status_code == 422
    assert not Booking.objects.exists()


def test_who_must_not_get_a_quote(world: Any, event: Any) -> None:
    anonymous = Client().post(
        f"/api/v1/events/{event.public_id}/bookings/quote",
        _body(event, n=1),
        content_type="application/json",
    )
    assert anonymous.status_code == 401
    # Someone else's organisation: refused, as booking for it is.
    refused = _quote(token_client(world.lead_b), event, _body(event, world.org_a, n=1))
    assert refused.status_code == 403
    draft = make_event(world, title="Draft", status="draft")
    assert _quote(token_client(world.lead_a), draft, _body(event, n=1)).status_code == 404


def test_the_quote_is_in_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/events/{event_id}/bookings/quote"]["post"]
    assert operation["operationId"] == "recoverynet_events_api_booking_quote"
    assert "QuoteOut" in str(operation["responses"]["200"])
    undo = schema["paths"]["/api/v1/bookings/{booking_id}/cancel/undo"]["post"]
    assert undo["operationId"] == "recoverynet_events_api_booking_cancel_undo"
    # The operations that moved into the package keep their ids.
    detail = schema["paths"]["/api/v1/events/{event_id}"]["get"]
    assert detail["operationId"] == "recoverynet_events_api_event_detail"
