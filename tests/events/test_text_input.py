"""Delegate names are required (not only spaces), purchase order numbers and cancellation reasons
are refused when too long (never cut), and nothing is written."""

from __future__ import annotations

import pytest
from django.test import Client

from recoverynet.core.errors import ApplicationError
from recoverynet.events import services
from recoverynet.events.models import Booking, BookingStatus, Delegate
from recoverynet.events.services import DelegateInput
from tests.conftest import sign_in

from .conftest import delegates
from .test_api import api, post_booking

pytestmark = pytest.mark.django_db


def _body(event, **extra):
    delegate = {"name": "Ann", "email": "ann@example.org", "rate": event.member_rate.pk}
    delegate |= extra.pop("delegate", {})
    return {"organisation": "alpha-nhs-trust", "delegates": [delegate], **extra}


def test_delegate_name_of_only_spaces_is_refused_by_the_api(world, event):
    response = post_booking(api(world.lead_a), event, _body(event, delegate={"name": "   "}))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "delegates.0.name", "message": "Name cannot be empty or only spaces."}
    ]
    assert not Booking.objects.exists() and not Delegate.objects.exists()


def test_delegate_name_of_only_spaces_is_refused_by_the_service(world, event):
    with pytest.raises(ApplicationError) as error:
        services.booking_create(
            actor=world.lead_a,
            event=event,
            organisation=world.org_a,
            delegates=[
                DelegateInput(name="Ann", email="a@example.org", rate_id=event.member_rate.pk),
                DelegateInput(name=" \t ", email="b@example.org", rate_id=event.member_rate.pk),
            ],
        )
    assert error.value.field == "delegates.1.name" and error.value.status == 422
    assert not Booking.objects.exists()


def test_delegate_name_of_only_spaces_is_refused_by_the_page(world, event):
    client = sign_in(Client(), world.lead_a)
    data = {
        "organisation": world.org_a.pk,
        "delegates-TOTAL_FORMS": "1",
        "delegates-INITIAL_FORMS": "0",
        "delegates-MIN_NUM_FORMS": "1",
        "delegates-MAX_NUM_FORMS": "200",
        "delegates-0-name": "    ",
        "delegates-0-email": "ann@example.org",
        "delegates-0-rate": str(event.member_rate.pk),
    }
    response = client.post(f"/events/{event.public_id}/book/", data)
    assert response.status_code == 400
    assert "Enter the delegate&#x27;s full name" in response.content.decode()
    assert not Booking.objects.exists()


def test_long_purchase_order_is_refused_naming_field_and_limit(world, event):
    response = post_booking(api(world.lead_a), event, _body(event, purchase_order="P" * 61))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "purchase_order", "message": "Purchase order must be 60 characters or fewer."}
    ]
    with pytest.raises(ApplicationError) as error:
        services.booking_create(
            actor=world.lead_a,
            event=event,
            organisation=world.org_a,
            delegates=delegates(1, event.member_rate),
            purchase_order="P" * 61,
        )
    assert error.value.field == "purchase_order"
    assert not Booking.objects.exists()
    # Exactly at the limit is fine, and stored whole.
    ok = post_booking(api(world.lead_a), event, _body(event, purchase_order="P" * 60))
    assert ok.status_code == 201 and Booking.objects.get().purchase_order == "P" * 60


def test_long_cancellation_reason_is_refused_not_cut(world, event):
    booking = services.booking_create(
        actor=world.lead_a,
        event=event,
        organisation=world.org_a,
        delegates=delegates(1, event.member_rate),
    ).booking
    client = sign_in(Client(), world.lead_a)
    response = client.post(
        f"/bookings/{booking.public_id}/cancel/", {"reason": "r" * 201}, follow=True
    )
    assert "Reason must be 200 characters or fewer." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
