"""Events pages and endpoints × every role (extends tests/permissions.py)."""

import pytest

from recoverynet.events import services
from tests.permissions import EVERYONE, SIGNED_IN, Rule, assert_matrix

from .conftest import delegates

pytestmark = pytest.mark.django_db

UK_ORGANISERS = frozenset({"coordinator_uk", "consultant_uk", "admin"})
UK_COORDINATION = frozenset({"coordinator_uk", "admin"})


def test_events_matrix(world, event):
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    ).booking
    invoice = booking.invoices.get()
    e, b, i = event.public_id, booking.public_id, invoice.public_id
    rules = [
        Rule("/events/", EVERYONE),
        Rule("/events/past/", EVERYONE),
        Rule(f"/events/{e}/", EVERYONE),
        Rule(f"/events/{e}/event.ics", EVERYONE),
        Rule(f"/events/{e}/book/", SIGNED_IN),
        Rule("/me/bookings/", SIGNED_IN),
        # The booker (lead_a), the organisation's recovery lead (lead_a) and organisers; the
        # delegate d0@example.org has no account here.
        Rule(f"/bookings/{b}/", UK_ORGANISERS | {"lead_a"}),
        Rule(f"/invoices/{i}.pdf", UK_ORGANISERS | {"lead_a"}),
        Rule("/manage/events/", UK_ORGANISERS | {"coordinator_ie"}),
        Rule(f"/manage/events/{e}/", UK_ORGANISERS),
        Rule(f"/manage/events/{e}/bookings/", UK_ORGANISERS),
        Rule(f"/manage/events/{e}/delegates/", UK_ORGANISERS),
        Rule(f"/manage/events/{e}/check-in/", UK_ORGANISERS),
        Rule(f"/manage/events/{e}/edit/", UK_COORDINATION),
        Rule(f"/manage/events/{e}/rates/add/", UK_COORDINATION),
        Rule(f"/manage/events/{e}/cancel/", UK_COORDINATION),
        Rule("/manage/events/add/uk/", UK_COORDINATION),
        Rule(
            "/manage/invoices/uk/",
            UK_ORGANISERS,
        ),
        Rule("/api/v1/events", EVERYONE, api=True),
        Rule(f"/api/v1/events/{e}", EVERYONE, api=True),
        Rule("/api/v1/bookings", SIGNED_IN, api=True),
        Rule(f"/api/v1/bookings/{b}", UK_ORGANISERS | {"lead_a"}, api=True),
        Rule("/api/v1/invoices", SIGNED_IN, api=True),
        Rule(f"/api/v1/invoices/{i}/pdf", UK_ORGANISERS | {"lead_a"}, api=True),
        Rule(f"/api/v1/events/{e}/attendance", UK_ORGANISERS, api=True),
    ]
    assert_matrix(world, rules)
