import datetime

import pytest
from django.conf import settings

from recoverynet.events import services
from recoverynet.events.models import Booking, BookingStatus
from tests.conftest import token_client

from .conftest import delegates, make_event

pytestmark = pytest.mark.django_db


def api(user):
    return token_client(user)


def post_booking(client, event, body, **headers):
    return client.post(
        f"/api/v1/events/{event.public_id}/bookings",
        body,
        content_type="application/json",
        **headers,
    )


def test_public_event_list_and_detail_with_prices(world, event, client):
    make_event(world, status="draft", title="Secret draft")
    listing = client.get("/api/v1/events").json()
    assert [e["title"] for e in listing["items"]] == ["Peer worker critical debate"]
    detail = client.get(f"/api/v1/events/{event.public_id}").json()
    labels = {r["name"]: r["label"] for r in detail["rates"]}
    assert labels == {
        "Member sites": "£100.00 + VAT (£120.00)",
        "Others": "£150.00 + VAT (£180.00)",
    }
    assert detail["availability"] == {"free": 10, "waiting": 0, "full": False}
    assert detail["time_zone"] == "Europe/London"


def test_event_list_filters_and_bad_month(world, event, client):
    assert client.get("/api/v1/events?kind=webinar").json()["count"] == 0
    assert client.get("/api/v1/events?network=ie").json()["count"] == 0
    bad = client.get("/api/v1/events?month=June")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "month"
    assert client.get("/api/v1/events?kind=party").status_code == 422


def test_draft_event_is_404_for_public(world, client):
    draft = make_event(world, status="draft")
    assert client.get(f"/api/v1/events/{draft.public_id}").status_code == 404
    assert api(world.coordinator_uk).get(f"/api/v1/events/{draft.public_id}").status_code == 200


def test_book_three_delegates_with_idempotency(world, event):
    client = api(world.lead_a)
    body = {
        "organisation": world.org_a.slug,
        "purchase_order": "PO-42",
        "delegates": [
            {"name": f"P{i}", "email": f"p{i}@example.org", "rate": event.member_rate.pk}
            for i in range(3)
        ],
    }
    first = post_booking(client, event, body, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == 201, first.content
    data = first.json()
    assert (
        data["status"] == "confirmed"
        and data["gross_total"] == "360.00"
        and data["tax_total"] == "60.00"
    )
    assert len(data["invoices"]) == 1
    again = post_booking(client, event, body, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert Booking.objects.count() == 1


def test_client_cannot_send_a_price(world, event):
    body = {
        "delegates": [
            {"name": "A", "email": "a@example.org", "rate": event.non_member_rate.pk, "net": "0.01"}
        ]
    }
    response = post_booking(api(world.outsider), event, body)
    assert response.status_code == 201
    assert response.json()["delegates"][0]["net"] == "150.00"


def test_booking_bad_input(world, event):
    client = api(world.outsider)
    response = post_booking(client, event, {"delegates": []})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "delegates"
    response = post_booking(
        client, event, {"delegates": [{"name": "", "email": "nope", "rate": 1}]}
    )
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"delegates.0.name", "delegates.0.email"} <= fields
    response = post_booking(
        client, event, {"delegates": [{"name": "A", "email": "a@example.org", "rate": 999999}]}
    )
    assert (
        response.status_code == 422 and response.json()["errors"][0]["field"] == "delegates.0.rate"
    )
    response = post_booking(
        client,
        event,
        {
            "delegates": [
                {"name": "A" * 151, "email": "a@example.org", "rate": event.non_member_rate.pk}
            ]
        },
    )
    assert response.status_code == 422
    response = post_booking(
        client,
        event,
        {"delegates": [{"name": "A", "email": "a@example.org", "rate": event.member_rate.pk}]},
    )
    assert response.status_code == 422 and response.json()["code"] == "not_a_member"
    assert not Booking.objects.exists()


def test_booking_an_external_event_answers_409_with_the_organisers_link(world):
    # Issue #9: an event booked elsewhere has no rates, so this answered 422 "Choose one of this
    # event's rates" before saying where to book.
    event = make_event(world, booking_mode="external", external_url="https://refocus.example/book")
    response = post_booking(
        api(world.outsider),
        event,
        {"delegates": [{"name": "A", "email": "a@example.org", "rate": 1}]},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "booking_not_open_here"
    assert body["booking_mode"] == "external"
    assert body["url"] == "https://refocus.example/book"
    assert "https://refocus.example/book" in body["detail"]
    assert body["errors"] == []
    assert not Booking.objects.exists()


def test_booking_an_interest_only_event_answers_409_with_the_register_interest_page(world):
    event = make_event(world, booking_mode="interest")
    response = post_booking(
        api(world.outsider),
        event,
        {"delegates": [{"name": "A", "email": "a@example.org", "rate": 1}]},
    )
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["booking_mode"]) == ("booking_not_open_here", "interest")
    assert body["url"] == f"{settings.SITE_URL}/events/{event.public_id}/interest/"
    assert "register your interest" in body["detail"]
    assert not Booking.objects.exists()


def test_accepting_an_offer_the_scheduler_expired_answers_410_offer_expired(world, event):
    services.event_update(actor=world.coordinator_uk, event=event, capacity=1)
    first = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.non_member_rate),
    ).booking
    waiting = services.booking_create(
        actor=world.outsider, event=event, delegates=delegates(1, event.non_member_rate, "w")
    ).booking
    services.booking_cancel(actor=world.lead_a, booking=first)
    Booking.objects.filter(pk=waiting.pk).update(
        offer_expires_at=datetime.datetime(2024, 1, 15, 14, 0, tzinfo=datetime.UTC)
    )
    services.offers_expire()
    client = api(world.outsider)
    for action in ("accept", "decline"):
        response = client.post(f"/api/v1/bookings/{waiting.public_id}/{action}")
        assert response.status_code == 410, action
        body = response.json()
        assert body["code"] == "offer_expired"
        assert (
            "Your offer ran out on Monday 15 January 2024 at 14:00 (Europe/London)"
            in (body["detail"])
        )
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.EXPIRED


def test_anonymous_cannot_book(world, event, client):
    response = post_booking(
        client,
        event,
        {"delegates": [{"name": "A", "email": "a@example.org", "rate": event.non_member_rate.pk}]},
    )
    assert response.status_code == 401


def test_waiting_list_offer_accept_over_api(world, event):
    services.event_update(actor=world.coordinator_uk, event=event, capacity=1)
    first = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    ).booking
    client = api(world.outsider)
    waiting = post_booking(
        client,
        event,
        {"delegates": [{"name": "W", "email": "w@example.org", "rate": event.non_member_rate.pk}]},
    ).json()
    assert waiting["status"] == "waiting"
    assert client.post(f"/api/v1/bookings/{waiting['id']}/accept").status_code == 409
    cancel = api(world.lead_a).post(
        f"/api/v1/bookings/{first.public_id}/cancel",
        {"reason": "Cannot come"},
        content_type="application/json",
    )
    assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"
    assert client.get(f"/api/v1/bookings/{waiting['id']}").json()["status"] == "offered"
    accepted = client.post(f"/api/v1/bookings/{waiting['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "confirmed"


def test_other_people_cannot_see_or_cancel_a_booking(world, event):
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    ).booking
    for user in (world.lead_b, world.outsider, world.coordinator_ie):
        client = api(user)
        assert client.get(f"/api/v1/bookings/{booking.public_id}").status_code == 404
        assert (
            client.post(
                f"/api/v1/bookings/{booking.public_id}/cancel", {}, content_type="application/json"
            ).status_code
            == 404
        )
    assert api(world.staff_a).get(f"/api/v1/bookings/{booking.public_id}").status_code == 404
    assert api(world.coordinator_uk).get(f"/api/v1/bookings/{booking.public_id}").status_code == 200
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_invoices_api_for_booker_and_recovery_lead(world, event):
    services.booking_create(
        actor=world.staff_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    )
    for user in (world.staff_a, world.lead_a):
        invoices = api(user).get("/api/v1/invoices").json()["items"]
        assert [i["number"] for i in invoices] == ["UK-000001"]
    assert api(world.lead_b).get("/api/v1/invoices").json()["items"] == []
    number = api(world.lead_a).get("/api/v1/invoices").json()["items"][0]
    pdf = api(world.lead_a).get(f"/api/v1/invoices/{number['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert api(world.lead_b).get(f"/api/v1/invoices/{number['id']}/pdf").status_code == 404


def test_attendance_api_for_organisers_only(world, event):
    booking = services.booking_create(
        actor=world.outsider, event=event, delegates=delegates(1, event.non_member_rate)
    ).booking
    delegate = booking.delegates.get()
    assert (
        api(world.outsider).get(f"/api/v1/events/{event.public_id}/attendance").status_code == 403
    )
    organiser = api(world.consultant_uk)
    listed = organiser.get(f"/api/v1/events/{event.public_id}/attendance").json()
    assert [d["name"] for d in listed["items"]] == ["Delegate 0"]
    assert (listed["count"], listed["page"], listed["pages"]) == (1, 1, 1)
    recorded = organiser.post(
        f"/api/v1/events/{event.public_id}/attendance",
        {"delegate": delegate.pk},
        content_type="application/json",
    )
    assert recorded.status_code == 200 and recorded.json()["checked_in"] is True
    bad = organiser.post(
        f"/api/v1/events/{event.public_id}/attendance",
        {"delegate": 999999},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_my_bookings_list_query_count(world, event, django_assert_max_num_queries):
    for i in range(5):
        services.booking_create(
            actor=world.outsider,
            event=event,
            delegates=delegates(2, event.non_member_rate, f"q{i}-"),
        )
    client = api(world.outsider)
    # 9: the places held in the person's name are looked up first, on their own (an index lookup
    # that keeps the list from scanning every booking at scale).
    with django_assert_max_num_queries(9):
        response = client.get("/api/v1/bookings")
    assert response.json()["count"] == 5
