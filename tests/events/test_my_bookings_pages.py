"""My bookings stays small for a lead with many bookings: their own a page at a time, the
organisation's lists the most recent 20 with the total (issue #17: 2,000 bookings rendered 3.5 MB)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from recoverynet.events import services
from tests.conftest import page_queries

from .conftest import delegates, make_event

pytestmark = pytest.mark.django_db


def _book(world, n, price="0"):
    event = make_event(world, capacity=200)
    rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="member" if price != "0" else "free",
        name="Place",
        net_amount=Decimal(price),
    )
    for i in range(n):
        services.booking_create(
            actor=world.lead_a,
            event=event,
            organisation=world.org_a,
            delegates=delegates(1, rate, f"p{i}-"),
        )


def _client(world):
    client = Client()
    client.force_login(world.lead_a)
    return client


def test_own_bookings_come_a_page_at_a_time(world):
    _book(world, 23)
    client = _client(world)
    first = client.get("/me/bookings/").content.decode()
    assert "Page 2 of 2" in first
    assert "These are the 20 most recent of 23 bookings" in first
    second = client.get("/me/bookings/?page=2")
    assert second.status_code == 200
    assert client.get("/me/bookings/?page=9").status_code == 404


def test_the_page_costs_the_same_queries_for_5_or_45_bookings(world, django_assert_max_num_queries):
    _book(world, 5)
    client = _client(world)
    client.get("/me/bookings/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/me/bookings/")
    _book(world, 40)
    with django_assert_max_num_queries(len(few) + 2):
        response = client.get("/me/bookings/")
    assert response.status_code == 200


def test_rows_of_bookings_and_invoices_read_nothing_more_per_row(world):
    # The tables read only the columns they show (booking_rows.booking_table_rows,
    # billing.selectors.invoice_table_rows): a column left out would cost a query per row.
    _book(world, 2, price="40.00")
    client = _client(world)
    few = page_queries(client, "/me/bookings/")
    _book(world, 6, price="40.00")
    more = page_queries(client, "/me/bookings/")
    page = client.get("/me/bookings/").content.decode()
    assert more == few
    assert page.count("Download<span") >= 8  # each invoice listed with its PDF
    assert 'nhsuk-tag--green">Confirmed<' in page
