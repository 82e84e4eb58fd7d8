"""The first hour of booking (issue #15): the review step with totals, adding a delegate without
JavaScript, "Only for the cohort", and what the events list says about each event."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from recoverynet.events import listing, quotes, services
from recoverynet.events.models import Booking
from tests.conftest import page_queries, png, sign_in, token_client

from .conftest import delegates, future, make_event

pytestmark = pytest.mark.django_db


def _form(event: Any, organisation: Any, people: list[tuple[str, Any]], **extra: str) -> dict:
    data: dict[str, Any] = {
        "organisation": organisation.pk if organisation else "",
        "purchase_order": "PO-9",
        "idempotency_key": "review-1",
        "delegates-TOTAL_FORMS": str(len(people)),
        "delegates-INITIAL_FORMS": "0",
        "delegates-MIN_NUM_FORMS": "1",
        "delegates-MAX_NUM_FORMS": "200",
    }
    for i, (name, rate) in enumerate(people):
        data |= {
            f"delegates-{i}-name": name,
            f"delegates-{i}-email": f"{name.split()[0].lower()}@example.org",
            f"delegates-{i}-rate": str(rate.pk),
        }
    return data | extra


def test_the_review_shows_each_price_and_the_totals_then_books(world: Any, event: Any) -> None:
    client = sign_in(Client(), world.lead_a)
    url = f"/events/{event.public_id}/book/"
    data = _form(
        event, world.org_a, [("Ann Able", event.member_rate), ("Ben Bold", event.member_rate)]
    )
    review = client.post(url, data)
    page = review.content.decode()
    assert review.status_code == 200 and "Check your booking" in page
    # 2 × £100.00 + 20 % VAT: £200.00 + £40.00 = £240.00, in GBP; who is invoiced; nothing booked.
    for text in ("Ann Able", "Ben Bold", "£100.00", "£20.00", "£120.00", "£200.00", "£40.00"):
        assert text in page, text
    assert "<strong>£240.00</strong> (GBP)" in page and "Alpha NHS Trust" in page
    assert "PO-9" in page and world.lead_a.email in page and "20%" in page
    assert not Booking.objects.exists()
    # "Change the details" brings the form back filled in; nothing booked.
    changed = client.post(url, {**data, "change": "yes"})
    assert changed.status_code == 200 and 'value="Ben Bold"' in changed.content.decode()
    assert not Booking.objects.exists()
    booked = client.post(url, {**data, "confirmed": "yes"})
    assert booked.status_code == 302
    booking = Booking.objects.get()
    assert sum(d.gross for d in booking.delegates.all()) == Decimal("240.00")


def test_the_quote_matches_what_is_invoiced(world: Any, event: Any) -> None:
    quote = quotes.booking_quote(
        actor=world.lead_a,
        event=event,
        delegates=delegates(3, event.member_rate),
        organisation=world.org_a,
    )
    assert quote.places == 3 and quote.totals.currency == "GBP" and not quote.will_wait
    assert (quote.totals.net, quote.totals.tax, quote.totals.gross) == (
        Decimal("300.00"),
        Decimal("60.00"),
        Decimal("360.00"),
    )
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        delegates=delegates(3, event.member_rate),
        organisation=world.org_a,
    ).booking
    assert booking.invoices.get().gross_total == quote.totals.gross


def test_refusals_come_before_the_review(world: Any, event: Any) -> None:
    client = sign_in(Client(), world.outsider)
    url = f"/events/{event.public_id}/book/"
    # The member rate without a member organisation is refused on the rate, before any review.
    refused = client.post(url, _form(event, None, [("Olive Out", event.member_rate)]))
    assert refused.status_code == 400 and "Check your booking" not in refused.content.decode()
    assert "The member rate is for organisations" in refused.content.decode()
    same = _form(event, None, [("Olive Out", event.non_member_rate)] * 2)
    refused = client.post(url, same)
    assert "Each delegate needs their own e-mail address" in refused.content.decode()
    # Someone else's organisation: refused, nothing shown of its prices.
    assert client.post(url, _form(event, world.org_a, [("Olive Out", event.non_member_rate)]))
    assert not Booking.objects.exists()


def test_a_full_event_says_the_booking_will_wait(world: Any) -> None:
    event = make_event(world, capacity=1)
    rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="Standard",
        net_amount=Decimal("50"),
    )
    services.booking_create(actor=world.lead_b, event=event, delegates=delegates(1, rate, "x"))
    client = sign_in(Client(), world.outsider)
    review = client.post(
        f"/events/{event.public_id}/book/", _form(event, None, [("Olive O", rate)])
    )
    page = review.content.decode()
    assert "this booking will join the waiting list" in page
    assert "Join the waiting list</button>" in page and "Confirm booking" not in page


def test_adding_a_delegate_without_javascript_keeps_what_was_typed(world: Any, event: Any) -> None:
    client = sign_in(Client(), world.lead_a)
    data = _form(event, world.org_a, [("Ann Able", event.member_rate)], add_delegate="1")
    data["delegates-0-access_needs"] = "Step-free access"
    response = client.post(f"/events/{event.public_id}/book/", data)
    page = response.content.decode()
    assert response.status_code == 200 and 'name="delegates-1-name"' in page
    assert 'value="Ann Able"' in page and "Step-free access" in page
    # The needs a delegate typed stay open (not folded away) so they are seen again.
    assert "Perspective, access and dietary needs" in page and "<details" in page
    assert 'hx-post="/events/' in page and 'hx-select="#delegates"' in page
    assert not Booking.objects.exists()


def _learning_day(world: Any) -> Any:
    learning_set = services.learning_set_create(
        actor=world.coordinator_uk,
        network=world.uk,
        title="Family and carers",
        cohort=[world.org_a],
    )
    day = make_event(world, kind="learning_set_day", learning_set=learning_set)
    services.rate_create(
        actor=world.coordinator_uk, event=day, kind="free", name="Cohort", net_amount=Decimal("0")
    )
    return day


def test_only_for_the_cohort(world: Any) -> None:
    day = _learning_day(world)
    outside = sign_in(Client(), world.lead_b)
    page = outside.get(f"/events/{day.public_id}/").content.decode()
    assert "Only for the cohort:" in page and "Alpha NHS Trust" in page
    assert "Book places</a>" not in page
    book = outside.get(f"/events/{day.public_id}/book/")
    assert book.status_code == 403 and "Only for the cohort:" in book.content.decode()
    assert "delegates-TOTAL_FORMS" not in book.content.decode()
    inside = sign_in(Client(), world.lead_a)
    page = inside.get(f"/events/{day.public_id}/").content.decode()
    assert "Only for the cohort:" not in page and "Book places</a>" in page
    assert inside.get(f"/events/{day.public_id}/book/").status_code == 200
    organiser = sign_in(Client(), world.coordinator_uk)
    assert organiser.get(f"/events/{day.public_id}/book/").status_code == 200
    anonymous = Client().get(f"/events/{day.public_id}/").content.decode()
    assert "Only for the cohort:" in anonymous and "sign in to book places" in anonymous


def test_the_list_says_places_mode_price_and_map(world: Any, event: Any) -> None:
    make_event(world, title="Online only", venue_name="", online=True, capacity=None)
    hybrid = make_event(
        world, title="Both ways", online=True, venue_address="1 High Street\nLeeds LS1 1AA"
    )
    services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(3, event.member_rate),
    )
    page = Client().get("/events/").content.decode()
    assert "7 places left" in page and "From £100.00 + VAT" in page
    assert ">Online<" in page and ">In person<" in page and "Hybrid: in person or online" in page
    assert listing.map_url(hybrid) in page.replace("&amp;", "&")
    assert page.count("openstreetmap.org/search") == 1  # only the venue with an address
    detail = Client().get(f"/events/{hybrid.public_id}/").content.decode()
    assert "See the venue on a map" in detail


def test_a_full_event_in_the_list(world: Any) -> None:
    event = make_event(world, capacity=1)
    rate = services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal("0")
    )
    services.booking_create(actor=world.lead_b, event=event, delegates=delegates(1, rate, "x"))
    services.booking_create(actor=world.outsider, event=event, delegates=delegates(1, rate, "y"))
    page = Client().get("/events/").content.decode()
    assert "Full: 1 on the waiting list" in page and "Free" in page


def test_the_list_query_count_does_not_grow_with_bookings(
    world: Any, event: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = sign_in(Client(), world.lead_a)  # signed in: the public page cache is not used
    few = page_queries(client, "/events/")
    for i in range(5):
        other = make_event(world, title=f"Event {i}", online=bool(i % 2))
        rate = services.rate_create(
            actor=world.coordinator_uk,
            event=other,
            kind="free",
            name="Free",
            net_amount=Decimal("0"),
        )
        services.booking_create(
            actor=world.lead_b, event=other, delegates=delegates(2, rate, f"e{i}")
        )
        # Pictures come with the events (selected with them), not one query each.
        services.event_picture_set(
            actor=world.coordinator_uk,
            event=other,
            upload=SimpleUploadedFile("p.png", png((8, 6)), "image/png"),
            alt_text=f"The room for event {i}",
        )
    page = client.get("/events/").content.decode()
    assert page.count('class="rn-event-picture rn-event-picture--list"') == 5
    assert page_queries(client, "/events/") == few
    assert len(token_client(world.lead_a).get("/api/v1/events").json()["items"]) == 6


def test_an_event_taking_interest_says_so_in_the_list(world: Any) -> None:
    event = make_event(world, title="Demonstration day", booking_mode="interest")
    page = Client().get("/events/").content.decode()
    assert f'href="/events/{event.public_id}/interest/"' in page
    assert "Booking not open yet: register interest" in page


def test_your_things_lists_offers_first(world: Any, event: Any) -> None:
    from recoverynet.events import selectors

    # The offer is for a later event than the confirmed booking, and still comes first.
    later = make_event(
        world, title="Later and full", capacity=1, starts_at=future(40), ends_at=future(40, 15)
    )
    rate = services.rate_create(
        actor=world.coordinator_uk, event=later, kind="free", name="Free", net_amount=Decimal(0)
    )
    held = services.booking_create(
        actor=world.lead_b, event=later, delegates=delegates(1, rate, "h")
    ).booking
    offered = services.booking_create(
        actor=world.lead_a, event=later, delegates=delegates(1, rate, "o")
    ).booking
    mine = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate, "m"),
    ).booking
    services.booking_cancel(actor=world.lead_b, booking=held)  # the place is offered to lead_a
    offered.refresh_from_db()
    assert offered.status == "offered"
    things = selectors.bookings_waiting_for_person(actor=world.lead_a)
    assert [b.pk for b in things] == [offered.pk, mine.pk]
