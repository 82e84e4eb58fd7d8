"""'Your things': the signed-in person's home, filled by the apps through the your_things slot."""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from recoverynet.challenges import frameworks
from recoverynet.challenges import services as challenge_services
from recoverynet.events import services as event_services
from tests.conftest import PASSWORD, World, sign_in
from tests.events.conftest import delegates, make_event


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_sign_in_lands_on_your_things(world: World) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"login": world.lead_a.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/me/things/"
    page = client.get("/me/things/")
    assert page.status_code == 200
    assert "Your things" in _text(page)
    assert "Nothing is waiting for you right now." in _text(page)


def test_things_waiting_for_a_person_are_links(world: World) -> None:
    event = make_event(world, capacity=1)
    rate = event_services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="Everyone",
        net_amount=Decimal("100"),
    )
    booking = event_services.booking_create(
        actor=world.lead_a, event=event, delegates=delegates(1, rate)
    ).booking
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    round_ = challenge_services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Spring 2027"
    )
    challenge_services.rater_invite_member(actor=world.lead_a, round_=round_, user=world.staff_a)

    lead = sign_in(Client(), world.lead_a)
    page = lead.get("/me/things/")
    body = page.content.decode()
    assert "Your places at events" in body
    assert f'href="/bookings/{booking.public_id}/"' in body
    assert "Place held for you" in body
    assert "Self-assessments you facilitate" in body and "Spring 2027" in body
    assert "Nothing is waiting" not in body

    staff = sign_in(Client(), world.staff_a)
    body = staff.get("/me/things/").content.decode()
    assert "Self-assessments to rate" in body
    assert f'href="/self-assessment/{round_.public_id}/rate/"' in body
    assert "Your places at events" not in body  # nothing booked for them

    # Nobody else sees another person's things.
    outsider = sign_in(Client(), world.outsider).get("/me/things/").content.decode()
    assert "Spring 2027" not in outsider and str(booking.public_id) not in outsider


def test_an_offer_shows_the_time_left(world: World) -> None:
    event = make_event(world, capacity=1)
    rate = event_services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="Everyone",
        net_amount=Decimal("100"),
    )
    first = event_services.booking_create(
        actor=world.lead_a, event=event, delegates=delegates(1, rate)
    ).booking
    waiting = event_services.booking_create(
        actor=world.outsider, event=event, delegates=delegates(1, rate, "w")
    ).booking
    event_services.booking_cancel(actor=world.lead_a, booking=first)
    body = _text(sign_in(Client(), world.outsider).get("/me/things/"))
    assert f"A place is offered to you: {event.title}" in body
    assert re.search(r"\d+ hours? left to accept", body)
    assert str(waiting.public_id)


def test_home_needs_sign_in_and_keeps_its_query_count(world: World) -> None:
    assert Client().get("/me/things/").status_code == 302
    client = sign_in(Client(), world.coordinator_uk)
    client.get("/me/things/")
    with CaptureQueriesContext(connection) as one:
        client.get("/me/things/")
    for n in range(3):
        event = make_event(world, title=f"Event {n}")
        rate = event_services.rate_create(
            actor=world.coordinator_uk,
            event=event,
            kind="non_member",
            name="M",
            net_amount=Decimal("1"),
        )
        event_services.booking_create(
            actor=world.coordinator_uk, event=event, delegates=delegates(1, rate, f"e{n}")
        )
    with CaptureQueriesContext(connection) as many:
        body = client.get("/me/things/").content.decode()
    assert body.count("Place held for you") == 3
    assert len(many) <= len(one) + 1, [q["sql"] for q in many]
