"""A delegate who opens a booking sees their own place only: never the names or e-mail addresses of
the other delegates. The booker, the organisation's recovery lead and the organisers see them all."""

import pytest
from django.test import Client
from django.urls import reverse

from recoverynet.events import services
from recoverynet.events.services import DelegateInput
from tests.conftest import make_user, sign_in, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(world, event):
    make_user("dee@example.org")
    return services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=[
            DelegateInput(name="Dee Zero", email="dee@example.org", rate_id=event.member_rate.pk),
            DelegateInput(name="Dan Other", email="dan@example.org", rate_id=event.member_rate.pk),
        ],
    ).booking


def _page(user, booking):
    from recoverynet.accounts.models import User

    client = sign_in(Client(), User.objects.get(email=user))
    return client.get(reverse("events:booking-detail", args=[booking.public_id]))


def test_a_delegate_sees_only_their_own_place_on_the_page(booking):
    response = _page("dee@example.org", booking)
    assert response.status_code == 200
    assert b"Dee Zero" in response.content
    assert b"dan@example.org" not in response.content and b"Dan Other" not in response.content


def test_the_booker_sees_every_place(booking):
    response = _page("lead.a@example.org", booking)
    assert b"dan@example.org" in response.content and b"dee@example.org" in response.content


def test_a_delegate_sees_only_their_own_place_in_the_api(booking):
    from recoverynet.accounts.models import User

    client = token_client(User.objects.get(email="dee@example.org"), scopes=("read",))
    one = client.get(f"/api/v1/bookings/{booking.public_id}").json()
    assert [d["email"] for d in one["delegates"]] == ["dee@example.org"]
    listed = client.get("/api/v1/bookings").json()["items"]
    assert [d["email"] for d in listed[0]["delegates"]] == ["dee@example.org"]


def test_the_invoice_is_linked_only_for_those_who_may_open_it(booking):
    """The booker's recovery lead opens the invoice; a delegate sees the booking, not the invoice
    (a link that led to "not found" was what the crawl found)."""
    invoice = booking.invoices.get()
    link = reverse("billing:invoice-detail", args=[invoice.public_id]).encode()
    assert link in _page("lead.a@example.org", booking).content
    assert link not in _page("dee@example.org", booking).content
