"""Kept pages of one event and the bookings API (core.private_pages with events.page_scopes,
decision 0053): an organiser's page of an event and its attendance list stay kept through bookings
on other events, and the bookings API through other people's bookings; each is made afresh by a
booking that concerns it, including an invoice for a booking where the person holds only a place."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from recoverynet.accounts import services as account_services
from recoverynet.billing.models import Invoice
from recoverynet.core import private_pages
from recoverynet.events import services
from recoverynet.events.models import Booking
from recoverynet.events.services import DelegateInput
from tests.conftest import kept_client

from .conftest import delegates, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_pages")]


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def other_event(world: Any) -> Any:
    other = make_event(world, title="Another learning day")
    other.rate = services.rate_create(
        actor=world.coordinator_uk,
        event=other,
        kind="non_member",
        name="Others",
        net_amount=Decimal("50.00"),
    )
    return other


def _book(booker: Any, event: Any, places: list[Any], organisation: Any = None) -> Booking:
    return services.booking_create(
        actor=booker, event=event, organisation=organisation, delegates=places
    ).booking


def _state(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return str(response["X-Page-Cache"])


def _token_client(user: Any, path: str) -> Client:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_token(user)}")
    assert _state(client, path) == "miss"
    assert _state(client, path) == "hit"
    return client


def _token(user: Any) -> str:
    return account_services.api_token_create(actor=user, name="Kept answers").raw


@pytest.mark.parametrize("api", [False, True], ids=["organiser's page", "attendance API"])
def test_a_page_of_one_event_is_kept_through_bookings_on_another(
    world: Any, event: Any, other_event: Any, commit: Any, api: bool
) -> None:
    path = (
        f"/api/v1/events/{event.public_id}/attendance"
        if api
        else f"/manage/events/{event.public_id}/"
    )
    organiser = world.coordinator_uk
    client = _token_client(organiser, path) if api else kept_client(organiser, path)
    with commit():
        elsewhere = _book(world.outsider, other_event, delegates(2, other_event.rate))
    assert Invoice.objects.filter(person=world.outsider).exists()
    assert _state(client, path) == "hit"
    with commit():
        services.booking_cancel(actor=world.outsider, booking=elsewhere)
    assert _state(client, path) == "hit"

    with commit():
        here = _book(world.outsider, event, delegates(1, event.non_member_rate))
    assert _state(client, path) == "miss"
    assert _state(client, path) == "hit"
    with commit():
        services.booking_cancel(actor=world.outsider, booking=here)
    assert _state(client, path) == "miss"


def test_the_organisers_page_shows_a_booking_on_its_event(
    world: Any, event: Any, commit: Any
) -> None:
    path = f"/manage/events/{event.public_id}/"
    client = kept_client(world.coordinator_uk, path)
    before = client.get(path).content.decode()
    with commit():
        _book(world.outsider, event, delegates(3, event.non_member_rate))
    after = client.get(path)
    assert after["X-Page-Cache"] == "miss"
    assert after.content.decode() != before


def test_a_page_of_an_event_that_does_not_exist_is_not_found(world: Any) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_token(world.coordinator_uk)}")
    missing = "/api/v1/events/00000000-0000-4000-8000-000000000000/attendance"
    assert client.get(missing).status_code == 404
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize("event_id", ["not-an-id", "00000000-0000-4000-8000-000000000000"])
def test_an_address_that_names_no_event_is_answered_as_before(world: Any, event_id: str) -> None:
    # The scopes are worked out before the operation checks its arguments.
    client = Client(HTTP_AUTHORIZATION=f"Bearer {_token(world.coordinator_uk)}")
    answer = client.get(f"/api/v1/events/{event_id}/attendance")
    assert answer.status_code in (404, 422)
    assert "X-Page-Cache" not in answer


def test_a_kept_page_of_an_event_reads_nothing(world: Any, event: Any) -> None:
    path = f"/api/v1/events/{event.public_id}/attendance"
    client = _token_client(world.coordinator_uk, path)
    with CaptureQueriesContext(connection) as queries:
        assert _state(client, path) == "hit"
    # Only the token and the caller's roles are read (as for any API call): the event's id is
    # remembered by the process, and nothing of events is read.
    assert not any('"events_' in q["sql"] for q in queries.captured_queries)


def test_the_bookings_api_is_kept_through_other_peoples_bookings(
    world: Any, event: Any, commit: Any
) -> None:
    path = "/api/v1/bookings"
    client = _token_client(world.outsider, path)
    with commit():
        _book(world.lead_b, event, delegates(2, event.non_member_rate), world.org_b)
    assert _state(client, path) == "hit"
    place = DelegateInput(
        name="Olive Outsider", email="outsider@example.org", rate_id=event.non_member_rate.pk
    )
    with commit():
        booked_for_them = _book(world.lead_b, event, [place], world.org_b)
    answer = client.get(path)
    assert answer["X-Page-Cache"] == "miss"
    assert str(booked_for_them.public_id) in answer.content.decode()


def test_an_invoice_concerns_whomever_its_booking_concerns(world: Any, event: Any) -> None:
    place = DelegateInput(name="Pat", email="Pat@Example.org", rate_id=event.non_member_rate.pk)
    booking = _book(world.lead_b, event, [place], world.org_b)
    invoice = Invoice.objects.get(billed_id=booking.pk)
    read_back = Invoice.objects.get(pk=invoice.pk)  # what it bills is read, as on a later write
    for scopes in (private_pages.scopes_of(invoice), private_pages.scopes_of(read_back)):
        assert scopes is not None
        assert private_pages.email_scope("pat@example.org") in scopes
        assert f"event:{event.pk}" in scopes
        assert f"org:{world.org_b.pk}" in scopes
