"""A person's kept "My bookings" (core.private_pages with events.page_scopes, decision 0052) stays
kept through bookings and invoices that concern other people, and is made afresh by any that
concern them: as booker, as the holder of a place, as the lead of the organisation booked for, as
the person or organisation invoiced, or by anything of events not scoped (an event edited)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from recoverynet.billing import services as billing_services
from recoverynet.billing.models import Invoice
from recoverynet.core import private_pages
from recoverynet.events import services
from recoverynet.events.models import Booking
from recoverynet.events.services import DelegateInput
from tests.conftest import kept_client

from .conftest import delegates

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_pages")]

PATH = "/me/bookings/"


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _kept(user: Any) -> Client:
    return kept_client(user, PATH)


def _state(client: Client) -> str:
    response = client.get(PATH)
    assert response.status_code == 200
    return str(response["X-Page-Cache"])


def _book(world: Any, event: Any, booker: Any, organisation: Any, places: list[Any]) -> Booking:
    return services.booking_create(
        actor=booker, event=event, organisation=organisation, delegates=places
    ).booking


def test_a_booking_for_another_organisation_leaves_the_page_kept(
    world: Any, event: Any, commit: Any
) -> None:
    client = _kept(world.lead_a)
    with commit():  # a paid booking: an invoice for organisation B is issued with it
        booking = _book(
            world, event, world.lead_b, world.org_b, delegates(2, event.non_member_rate)
        )
    assert Invoice.objects.filter(organisation=world.org_b).exists()
    assert _state(client) == "hit"
    with commit():
        services.booking_cancel(actor=world.lead_b, booking=booking)
    assert _state(client) == "hit"


def test_a_booking_by_the_person_makes_it_afresh(world: Any, event: Any, commit: Any) -> None:
    client = _kept(world.outsider)
    with commit():
        _book(world, event, world.outsider, None, delegates(1, event.non_member_rate))
    assert _state(client) == "miss"


def test_a_place_booked_for_the_person_by_someone_else_makes_it_afresh(
    world: Any, event: Any, commit: Any
) -> None:
    client = _kept(world.outsider)
    place = DelegateInput(
        name="Olive Outsider", email="OUTSIDER@example.org", rate_id=event.non_member_rate.pk
    )
    with commit():
        _book(world, event, world.lead_b, world.org_b, [place])
    response = client.get(PATH)
    assert response["X-Page-Cache"] == "miss"
    assert event.title in response.content.decode()


def test_cancelling_a_persons_place_makes_their_page_afresh(
    world: Any, event: Any, commit: Any
) -> None:
    # The booking's scopes are read afresh (every place, cancelled or not), not from the places a
    # caller happened to load.
    place = DelegateInput(
        name="Olive Outsider", email="outsider@example.org", rate_id=event.non_member_rate.pk
    )
    with commit():
        booking = _book(
            world, event, world.lead_b, world.org_b, [place, *delegates(1, event.non_member_rate)]
        )
    client = _kept(world.outsider)
    assert event.title in client.get(PATH).content.decode()
    held = booking.delegates.get(email="outsider@example.org")
    with commit():
        services.delegate_cancel(actor=world.lead_b, delegate=held)
    response = client.get(PATH)
    assert response["X-Page-Cache"] == "miss"
    assert event.title not in response.content.decode()


def test_a_booking_for_the_organisation_the_person_leads_makes_it_afresh(
    world: Any, event: Any, commit: Any
) -> None:
    client = _kept(world.lead_a)
    with commit():
        _book(world, event, world.staff_a, world.org_a, delegates(1, event.member_rate))
    assert _state(client) == "miss"


def test_an_invoice_paid_for_the_organisation_the_person_leads_makes_it_afresh(
    world: Any, event: Any, commit: Any
) -> None:
    with commit():
        booking = _book(world, event, world.staff_a, world.org_a, delegates(1, event.member_rate))
    client = _kept(world.lead_a)
    invoice = Invoice.objects.get(organisation=world.org_a)
    with commit():
        billing_services.invoice_mark_paid(
            actor=world.coordinator_uk,
            invoice=invoice,
            paid_on=datetime.date.today(),
            method="bank_transfer",
        )
    assert booking.pk and _state(client) == "miss"


def test_an_event_edited_makes_everyones_page_afresh(world: Any, event: Any, commit: Any) -> None:
    client = _kept(world.lead_a)
    with commit():
        services.event_update(actor=world.coordinator_uk, event=event, title="Renamed day")
    assert _state(client) == "miss"


def test_pages_not_scoped_still_go_stale_on_any_booking(
    world: Any, event: Any, commit: Any
) -> None:
    path = f"/manage/events/{event.public_id}/"
    client = Client()
    client.force_login(world.coordinator_uk)
    client.get(path)
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    with commit():
        _book(world, event, world.lead_b, world.org_b, delegates(1, event.non_member_rate))
    assert client.get(path)["X-Page-Cache"] == "miss"


def test_a_write_of_a_model_without_scopes_concerns_anyone(world: Any, event: Any) -> None:
    assert private_pages.scopes_of(world.org_a) is None
    booking = _book(world, event, world.lead_b, world.org_b, delegates(1, event.non_member_rate))
    assert private_pages.scopes_of(booking) == {
        f"person:{world.lead_b.pk}",
        f"org:{world.org_b.pk}",
        f"event:{event.pk}",
        private_pages.email_scope("d0@example.org"),
    }
