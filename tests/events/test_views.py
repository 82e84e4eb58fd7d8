import csv
import io

import pytest
from django.test import Client

from recoverynet.events import services
from recoverynet.events.models import Booking, BookingStatus, Delegate, Event
from tests.conftest import page_queries, sign_in

from .conftest import delegates, make_event

pytestmark = pytest.mark.django_db


def test_event_list_and_detail_show_prices_in_plain_words(world, event, client):
    assert "Peer worker critical debate" in client.get("/events/").content.decode()
    body = client.get(f"/events/{event.public_id}/").content.decode()
    assert "£100.00 + VAT (£120.00)" in body and "£150.00 + VAT (£180.00)" in body


def test_times_shown_in_network_time_zone(world, client):
    import datetime
    from zoneinfo import ZoneInfo

    sydney = ZoneInfo("Australia/Sydney")
    from recoverynet.network import services as network_services

    au = network_services.network_create(
        actor=world.admin,
        name="AU",
        slug="au",
        currency="AUD",
        tax_name="GST",
        tax_rate=__import__("decimal").Decimal("0.1"),
        time_zone="Australia/Sydney",
    )
    start = datetime.datetime(2030, 3, 2, 9, 30, tzinfo=sydney)
    event = services.event_create(
        actor=world.admin,
        network=au,
        title="Sydney day",
        kind="workshop",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        venue_name="Hall",
        status="published",
    )
    body = client.get(f"/events/{event.public_id}/").content.decode()
    # 09:30 in Sydney is 22:30 UTC the day before; the page shows Sydney time and says so.
    assert "09:30" in body and "Australia/Sydney" in body and "22:30" not in body


def test_joining_link_only_for_confirmed_delegates(world):
    event = make_event(world, online=True, joining_link="https://meet.example/secret-room")
    rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="free",
        name="Free",
        net_amount=__import__("decimal").Decimal("0"),
    )
    path = f"/events/{event.public_id}/"
    assert "secret-room" not in Client().get(path).content.decode()
    assert "secret-room" not in sign_in(Client(), world.outsider).get(path).content.decode()
    services.booking_create(actor=world.outsider, event=event, delegates=delegates(1, rate))
    assert "secret-room" in sign_in(Client(), world.outsider).get(path).content.decode()


def test_draft_event_hidden_from_public(world, client):
    draft = make_event(world, status="draft")
    assert client.get(f"/events/{draft.public_id}/").status_code == 404
    assert (
        sign_in(Client(), world.consultant_uk).get(f"/events/{draft.public_id}/").status_code == 200
    )


def test_book_through_the_page_with_formset(world, event):
    client = sign_in(Client(), world.lead_a)
    assert client.get(f"/events/{event.public_id}/book/?delegates=2").status_code == 200
    data = {
        "organisation": world.org_a.pk,
        "purchase_order": "PO1",
        "idempotency_key": "page-1",
        "delegates-TOTAL_FORMS": "2",
        "delegates-INITIAL_FORMS": "0",
        "delegates-MIN_NUM_FORMS": "1",
        "delegates-MAX_NUM_FORMS": "200",
    }
    for i in range(2):
        data |= {
            f"delegates-{i}-name": f"Person {i}",
            f"delegates-{i}-email": f"p{i}@example.org",
            f"delegates-{i}-rate": str(event.member_rate.pk),
        }
    review = client.post(f"/events/{event.public_id}/book/", data)
    assert review.status_code == 200 and "Check your booking" in review.content.decode()
    assert not Booking.objects.exists()  # the review step books nothing
    data["confirmed"] = "yes"
    response = client.post(f"/events/{event.public_id}/book/", data)
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.status == BookingStatus.CONFIRMED and booking.delegates.count() == 2
    # Pressing the button twice (same idempotency key) does not book twice.
    assert client.post(f"/events/{event.public_id}/book/", data).status_code == 302
    assert Booking.objects.count() == 1


def test_book_page_bad_input_writes_nothing(world, event):
    client = sign_in(Client(), world.lead_a)
    data = {
        "delegates-TOTAL_FORMS": "1",
        "delegates-INITIAL_FORMS": "0",
        "delegates-MIN_NUM_FORMS": "1",
        "delegates-MAX_NUM_FORMS": "200",
        "delegates-0-name": "",
        "delegates-0-email": "not-an-email",
        "delegates-0-rate": "999",
    }
    response = client.post(f"/events/{event.public_id}/book/", data)
    assert response.status_code == 400
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Booking.objects.exists()


def test_add_another_delegate_keeps_what_was_typed(world, event):
    client = sign_in(Client(), world.lead_a)
    data = {
        "delegates-TOTAL_FORMS": "1",
        "delegates-INITIAL_FORMS": "0",
        "delegates-MIN_NUM_FORMS": "1",
        "delegates-MAX_NUM_FORMS": "200",
        "delegates-0-name": "Kept Name",
        "delegates-0-email": "kept@example.org",
        "add_delegate": "1",
    }
    response = client.post(f"/events/{event.public_id}/book/", data)
    body = response.content.decode()
    assert response.status_code == 200 and "Kept Name" in body and 'name="delegates-1-name"' in body
    assert not Booking.objects.exists()


def test_booking_page_needs_sign_in_and_is_private(world, event, client):
    assert client.get(f"/events/{event.public_id}/book/").status_code == 302
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    ).booking
    assert sign_in(Client(), world.lead_b).get(f"/bookings/{booking.public_id}/").status_code == 404
    assert sign_in(Client(), world.lead_a).get(f"/bookings/{booking.public_id}/").status_code == 200


def test_cancel_accept_decline_pages(world, event):
    services.event_update(actor=world.coordinator_uk, event=event, capacity=1)
    first = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    ).booking
    waiting = services.booking_create(
        actor=world.outsider, event=event, delegates=delegates(1, event.non_member_rate, "w")
    ).booking
    assert (
        sign_in(Client(), world.lead_a)
        .post(f"/bookings/{first.public_id}/cancel/", {"reason": "Ill", "confirmed": "yes"})
        .status_code
        == 302
    )
    client = sign_in(Client(), world.outsider)
    assert client.post(f"/bookings/{waiting.public_id}/accept/").status_code == 302
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.CONFIRMED


def test_my_bookings_for_person_and_recovery_lead(world, event):
    services.booking_create(
        actor=world.staff_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    )
    lead_page = sign_in(Client(), world.lead_a).get("/me/bookings/").content.decode()
    assert "UK-000001" in lead_page
    assert "UK-000001" not in sign_in(Client(), world.lead_b).get("/me/bookings/").content.decode()


def test_invoice_and_certificate_pdfs(world, event):
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    ).booking
    invoice = booking.invoices.get()
    client = sign_in(Client(), world.lead_a)
    pdf = client.get(f"/invoices/{invoice.public_id}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == f'attachment; filename="{invoice.number}.pdf"'
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert (
        sign_in(Client(), world.outsider).get(f"/invoices/{invoice.public_id}.pdf").status_code
        == 404
    )
    delegate = booking.delegates.get()
    assert client.get(f"/certificates/{delegate.pk}.pdf").status_code == 404  # not attended yet
    services.delegate_check_in(actor=world.coordinator_uk, delegate=delegate)
    certificate = client.get(f"/certificates/{delegate.pk}.pdf")
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")


def test_delegate_exports_for_organisers_only(world, event):
    services.booking_create(
        actor=world.outsider,
        event=event,
        delegates=[
            services.DelegateInput(
                name="=HYPERLINK(1)",
                email="x@example.org",
                rate_id=event.non_member_rate.pk,
                dietary_needs="Vegan",
            )
        ],
    )
    organiser = sign_in(Client(), world.consultant_uk)
    response = organiser.get(f"/manage/events/{event.public_id}/delegates/?format=csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][0] == "Name" and rows[1][0] == "'=HYPERLINK(1)" and "Vegan" in rows[1]
    xlsx = organiser.get(f"/manage/events/{event.public_id}/delegates/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert (
        organiser.get(f"/manage/events/{event.public_id}/delegates/?format=pdf").status_code == 400
    )
    for user in (world.outsider, world.editor_uk, world.coordinator_ie, world.lead_a):
        assert (
            sign_in(Client(), user)
            .get(f"/manage/events/{event.public_id}/delegates/?format=csv")
            .status_code
            == 403
        )


def test_check_in_page_marks_attendance(world, event):
    booking = services.booking_create(
        actor=world.outsider, event=event, delegates=delegates(1, event.non_member_rate)
    ).booking
    delegate = booking.delegates.get()
    client = sign_in(Client(), world.coordinator_uk)
    assert (
        client.post(
            f"/manage/events/{event.public_id}/check-in/",
            {"delegate": delegate.pk, "attended": "1"},
        ).status_code
        == 302
    )
    assert Delegate.objects.get(pk=delegate.pk).checked_in_at is not None
    row = client.post(
        f"/manage/events/{event.public_id}/check-in/",
        {"delegate": delegate.pk, "attended": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200 and f"delegate-{delegate.pk}" in row.content.decode()
    assert Delegate.objects.get(pk=delegate.pk).checked_in_at is None


def test_coordinator_creates_event_and_rate_through_pages(world):
    client = sign_in(Client(), world.coordinator_uk)
    response = client.post(
        "/manage/events/add/uk/",
        {
            "title": "New workshop",
            "kind": "workshop",
            "starts_at": "2031-06-01 10:00",
            "ends_at": "2031-06-01 15:30",
            "venue_name": "Hall",
            "capacity": "20",
            "booking_mode": "open",
            "cancellation_cutoff_hours": "48",
            "max_delegates_per_booking": "10",
            "offer_hours": "48",
            "reminder_days": "2",
            "needs_retention_days": "30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="New workshop")
    assert event.starts_at.hour == 9  # 10:00 in London (BST) is 09:00 UTC
    assert (
        client.post(
            f"/manage/events/{event.public_id}/rates/add/",
            {"kind": "non_member", "name": "All", "net_amount": "-5"},
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/manage/events/{event.public_id}/rates/add/",
            {"kind": "non_member", "name": "All", "net_amount": "25"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/manage/events/{event.public_id}/publish/", {"status": "published"}
        ).status_code
        == 302
    )
    assert Event.objects.get(pk=event.pk).status == "published"
    bad = client.post(
        "/manage/events/add/uk/",
        {
            "title": "",
            "kind": "party",
            "starts_at": "2031-06-01 10:00",
            "ends_at": "2031-06-01 09:00",
            "booking_mode": "open",
        },
    )
    assert bad.status_code == 400 and Event.objects.count() == 1


def test_ics_and_feed(world, event, client):
    ics = client.get(f"/events/{event.public_id}/event.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    feed = client.get("/events/feed/uk.ics")
    assert feed.content.count(b"BEGIN:VEVENT") == 1


def test_event_list_query_count_constant(world, client):
    make_event(world)
    few = page_queries(client, "/events/")
    for _ in range(10):
        make_event(world)
    assert page_queries(client, "/events/") == few


def test_remove_last_delegate_and_tampered_count(world, event):
    client = sign_in(Client(), world.lead_a)
    base = {
        "delegates-INITIAL_FORMS": "0",
        "delegates-MIN_NUM_FORMS": "1",
        "delegates-MAX_NUM_FORMS": "200",
    }
    response = client.post(
        f"/events/{event.public_id}/book/",
        {**base, "delegates-TOTAL_FORMS": "2", "delegates-0-name": "Kept", "remove_delegate": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Kept" in body and 'name="delegates-1-name"' not in body
    response = client.post(
        f"/events/{event.public_id}/book/",
        {**base, "delegates-TOTAL_FORMS": "abc", "add_delegate": "1"},
    )
    assert response.status_code == 200
    response = client.post(
        f"/events/{event.public_id}/book/", {**base, "delegates-TOTAL_FORMS": "abc"}
    )
    assert response.status_code == 400


def test_the_booking_page_of_an_external_event_shows_no_form_but_where_to_book(world):
    # Issue #9: this showed a full booking form for an event the organisers book themselves.
    event = make_event(world, booking_mode="external", external_url="https://refocus.example/book")
    client = sign_in(Client(), world.outsider)
    for response in (
        client.get(f"/events/{event.public_id}/book/"),
        client.post(f"/events/{event.public_id}/book/", {"delegates-TOTAL_FORMS": "1"}),
    ):
        assert response.status_code == 409
        body = response.content.decode()
        assert 'href="https://refocus.example/book"' in body
        assert "Book on the organisers' website" in body
        assert "delegates-TOTAL_FORMS" not in body and "Confirm booking" not in body
    assert not Booking.objects.exists()


def test_the_booking_page_of_an_interest_only_event_sends_people_to_register_interest(world):
    event = make_event(world, booking_mode="interest")
    response = sign_in(Client(), world.outsider).get(f"/events/{event.public_id}/book/")
    assert response.status_code == 409
    body = response.content.decode()
    assert f'href="/events/{event.public_id}/interest/"' in body
    assert "delegates-TOTAL_FORMS" not in body


def test_the_interest_page_of_an_event_not_taking_interest_sends_people_to_the_booking_page(
    world, event
):
    client = sign_in(Client(), world.outsider)
    for response in (
        client.get(f"/events/{event.public_id}/interest/"),
        client.post(f"/events/{event.public_id}/interest/", {"places_wanted": "1"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == f"/events/{event.public_id}/book/"


def test_the_booking_page_of_a_closed_event_says_why_without_a_form(world, event):
    services.event_update(actor=world.coordinator_uk, event=event, booking_mode="closed")
    response = sign_in(Client(), world.outsider).get(f"/events/{event.public_id}/book/")
    assert response.status_code == 409
    body = response.content.decode()
    assert "Booking for this event is closed." in body and "delegates-TOTAL_FORMS" not in body


def test_an_offer_that_ran_out_shows_410_with_when_and_what_next(world, event):
    import datetime

    services.event_update(actor=world.coordinator_uk, event=event, capacity=1)
    first = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    ).booking
    waiting = services.booking_create(
        actor=world.outsider, event=event, delegates=delegates(1, event.non_member_rate, "w")
    ).booking
    services.booking_cancel(actor=world.lead_a, booking=first)
    Booking.objects.filter(pk=waiting.pk).update(
        offer_expires_at=datetime.datetime(2024, 1, 15, 14, 0, tzinfo=datetime.UTC)
    )
    client = sign_in(Client(), world.outsider)
    # Not yet swept by the scheduler: the page already says the offer ran out.
    page = client.get(f"/bookings/{waiting.public_id}/")
    assert page.status_code == 410
    body = page.content.decode()
    assert "Your offer ran out on Monday 15 January 2024 at 14:00 (Europe/London)" in body
    assert "Accept the place" not in body
    assert f'href="/events/{event.public_id}/"' in body
    services.offers_expire()
    accepted = client.post(f"/bookings/{waiting.public_id}/accept/", follow=True)
    assert accepted.status_code == 410
    assert "Your offer ran out on" in accepted.content.decode()
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.EXPIRED
    # The organisers see it too, in their words.
    organiser = sign_in(Client(), world.coordinator_uk).get(f"/bookings/{waiting.public_id}/")
    assert organiser.status_code == 410
    assert "The offer ran out" in organiser.content.decode()


def test_a_full_event_offers_to_join_the_waiting_list_with_its_length(world, event):
    """Buttons say what will happen (issue #15): on a full event, "Join the waiting list", with how
    many bookings are already waiting."""
    services.event_update(actor=world.coordinator_uk, event=event, capacity=1)
    client = sign_in(Client(), world.staff_a)
    body = client.get(f"/events/{event.public_id}/").content.decode()
    assert "Book places</a>" in body and "Join the waiting list" not in body
    services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    )
    body = client.get(f"/events/{event.public_id}/").content.decode()
    assert "Join the waiting list</a>" in body and "Nobody is on the waiting list yet." in body
    services.booking_create(
        actor=world.outsider, event=event, delegates=delegates(1, event.non_member_rate, "w")
    )
    body = client.get(f"/events/{event.public_id}/").content.decode()
    assert "1 booking is already on the waiting list." in body
    book = client.get(f"/events/{event.public_id}/book/").content.decode()
    assert "Continue to join the waiting list</button>" in book and "Confirm booking" not in book
    assert "(1 booking waiting)" in book


def test_cancelling_asks_first_and_says_what_will_happen(world, event):
    """Destructive actions confirm (issue #15): the first press shows what will happen and changes
    nothing; only "Yes, cancel …" does it."""
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(2, event.member_rate),
    ).booking
    first, _second = booking.delegates.order_by("pk")
    client = sign_in(Client(), world.lead_a)
    url = f"/bookings/{booking.public_id}/delegates/{first.pk}/cancel/"
    asked = client.post(url)
    body = asked.content.decode()
    assert asked.status_code == 200
    assert f"Cancel the place for {first.name}?" in body
    assert "waiting list" in body and "You can undo this for 15 minutes" in body
    assert 'name="confirmed" value="yes"' in body
    first.refresh_from_db()
    assert first.cancelled_at is None
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    first.refresh_from_db()
    assert first.cancelled_at is not None

    url = f"/bookings/{booking.public_id}/cancel/"
    asked = client.post(url, {"reason": "Staff shortage"})
    body = asked.content.decode()
    assert "Cancel this booking for" in body and "(1 place)" in body
    assert 'name="reason" value="Staff shortage"' in body
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    client.post(url, {"reason": "Staff shortage", "confirmed": "yes"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_the_organisation_defaults_to_the_bookers_own(world, event):
    """Issue #15: someone with one organisation books for it unless they choose otherwise."""
    body = sign_in(Client(), world.lead_a).get(f"/events/{event.public_id}/book/").content.decode()
    assert f'<option value="{world.org_a.pk}" selected>' in body
    body = (
        sign_in(Client(), world.outsider).get(f"/events/{event.public_id}/book/").content.decode()
    )
    choices = body.split('name="organisation"', 1)[1].split("</select>", 1)[0]
    assert choices.count("selected>") == 1 and 'value="" selected>' in choices
