"""Issue #17: the API lists of bookings and attendance, and the event page's count of held places,
make the same number of queries however many bookings and places there are."""

import pytest
from django.test import Client

from recoverynet.events import services
from tests.conftest import page_queries, sign_in, token_client

from .conftest import delegates

pytestmark = pytest.mark.django_db


def _book(world, event, n, prefix, people=1):
    for i in range(n):
        services.booking_create(
            actor=world.outsider,
            event=event,
            delegates=delegates(people, event.non_member_rate, f"{prefix}{i}-"),
        )


def test_the_bookings_list_makes_the_same_queries_with_more_bookings(world, event):
    event.capacity = 500
    event.save(update_fields=["capacity"])
    client = token_client(world.outsider)
    _book(world, event, 2, "a", people=2)
    client.get("/api/v1/bookings")  # the token's first use is recorded once
    few = page_queries(client, "/api/v1/bookings")
    _book(world, event, 60, "b", people=2)  # more than a page (50)
    assert page_queries(client, "/api/v1/bookings") == few
    body = client.get("/api/v1/bookings", {"page": 2}).json()
    assert (body["count"], body["pages"], len(body["items"])) == (62, 2, 12)


def test_attendance_comes_a_page_at_a_time_with_the_same_queries(world, event):
    event.capacity = 500
    event.save(update_fields=["capacity"])
    organiser = token_client(world.consultant_uk)
    url = f"/api/v1/events/{event.public_id}/attendance"
    _book(world, event, 2, "a")
    organiser.get(url)  # the token's first use is recorded once
    few = page_queries(organiser, url)
    _book(world, event, 30, "b", people=2)  # 62 places: two pages
    assert page_queries(organiser, url) == few
    first = organiser.get(url).json()
    assert (first["count"], first["pages"], len(first["items"])) == (62, 2, 50)
    second = organiser.get(url, {"page": 2}).json()
    assert len(second["items"]) == 12
    names = [d["name"] for d in first["items"] + second["items"]]
    assert names == sorted(names)  # by name across the pages
    assert organiser.get(url, {"page": 0}).status_code == 422
    assert token_client(world.outsider).get(url).status_code == 403


def test_the_event_page_counts_held_places_in_the_same_queries(client: Client, world, event):
    event.capacity = 500
    event.save(update_fields=["capacity"])
    sign_in(client, world.outsider)  # signed in: not served from the public page cache
    url = f"/events/{event.public_id}/"
    _book(world, event, 1, "a")
    few = page_queries(client, url)
    _book(world, event, 40, "b", people=3)
    assert page_queries(client, url) == few
    assert token_client(world.outsider).get(f"/api/v1/events/{event.public_id}").json()[
        "availability"
    ]["free"] == (500 - 121)


def test_the_bookings_list_answers_each_booking_as_its_detail_does(world, event):
    """The list builds its answer from plain rows (issue #17); each item must be exactly what
    `GET /api/v1/bookings/{id}` (built from the booking's places) answers, keys, order and values,
    for the booker and for a delegate who may see only their own place."""
    from recoverynet.events.models import Booking

    event.capacity = 3
    event.save(update_fields=["capacity"])
    _book(world, event, 1, "a", people=2)  # confirmed, with an invoice
    _book(world, event, 1, "b", people=2)  # waiting: no invoice
    confirmed = Booking.objects.get(delegates__email="a0-0@example.org")
    services.delegate_cancel(actor=world.outsider, delegate=confirmed.delegates.order_by("id")[1])
    services.delegate_check_in(actor=world.coordinator_uk, delegate=confirmed.delegates.first())
    booker = token_client(world.outsider)
    items = booker.get("/api/v1/bookings").json()["items"]
    assert len(items) == 2
    for item in items:
        assert item == booker.get(f"/api/v1/bookings/{item['id']}").json()
    first = next(i for i in items if i["status"] == "confirmed")
    assert list(first) == [
        *("id", "event", "status", "organisation", "purchase_order", "currency"),
        *("offer_expires_at", "delegates", "net_total", "tax_total", "gross_total", "invoices"),
    ]
    assert list(first["delegates"][0]) == [
        *("id", "name", "email", "organisation_name", "rate", "net", "tax", "gross"),
        *("cancelled", "checked_in"),
    ]
    assert [(d["cancelled"], d["checked_in"]) for d in first["delegates"]] == [
        (False, True),
        (True, False),
    ]
    assert (first["net_total"], first["gross_total"]) == ("150.00", "180.00")  # one place left
    assert len(first["invoices"]) == 1 and first["invoices"][0]

    from tests.conftest import make_user

    delegate = make_user("a0-0@example.org", full_name="Delegate Zero")
    mine = token_client(delegate).get("/api/v1/bookings").json()["items"]
    assert [d["email"] for d in mine[0]["delegates"]] == ["a0-0@example.org"]  # only their own
    assert mine[0]["net_total"] == "150.00"  # totals over the whole booking, as before


def test_an_organisations_bookings_are_listed_as_their_details_with_the_same_queries(world, event):
    """The list reads only the columns it answers with (issue #17): a booking for an organisation,
    listed for its booker (the recovery lead), still names the organisation, shows every place and
    costs no query per booking."""
    event.capacity = 500
    event.save(update_fields=["capacity"])

    def book_for_org(n, prefix):
        for i in range(n):
            services.booking_create(
                actor=world.lead_a,
                event=event,
                organisation=world.org_a,
                delegates=delegates(2, event.non_member_rate, f"{prefix}{i}-"),
            )

    lead = token_client(world.lead_a)
    book_for_org(1, "a")
    lead.get("/api/v1/bookings")  # the token's first use is recorded once
    few = page_queries(lead, "/api/v1/bookings")
    book_for_org(4, "b")
    assert page_queries(lead, "/api/v1/bookings") == few
    items = lead.get("/api/v1/bookings").json()["items"]
    assert len(items) == 5 and {i["organisation"] for i in items} == {world.org_a.slug}
    for item in items:
        assert item == lead.get(f"/api/v1/bookings/{item['id']}").json()
        assert len(item["delegates"]) == 2

    from tests.conftest import make_user

    # A delegate of one of them: the booking names the organisation, and only their own place.
    delegate = token_client(make_user("b0-1@example.org", full_name="Delegate One"))
    (mine,) = delegate.get("/api/v1/bookings").json()["items"]
    assert mine == delegate.get(f"/api/v1/bookings/{mine['id']}").json()
    assert mine["organisation"] == world.org_a.slug
    assert [d["email"] for d in mine["delegates"]] == ["b0-1@example.org"]
