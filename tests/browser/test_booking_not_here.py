"""Issue #9 in a real browser: the booking page of an event that is not booked here says where to go
instead (no form), and a waiting-list offer that ran out says when, and what to do next. Every page
visited is checked with axe-core."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.events import services
from recoverynet.events.models import Booking, BookingStatus
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, full_event, make_event, sign_in
from tests.browser.test_pages import screenshot
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_booking_page_of_an_event_booked_elsewhere_shows_where_to_book(
    page: Any, bworld: World
) -> None:
    external = make_event(
        bworld,
        rates=False,
        title="Refocus conference",
        booking_mode="external",
        external_url="https://refocus.example/book",
    )
    interest = make_event(bworld, rates=False, title="Demonstration day", booking_mode="interest")
    sign_in(page, bworld.staff_a.email)

    response = page.goto(f"/events/{external.public_id}/book/")
    assert response is not None and response.status == 409
    expect(page.locator("#where-to-book")).to_have_text("Book on the organisers' website")
    link = page.get_by_role("button", name="Book on the organisers' website for Refocus conference")
    expect(link).to_have_attribute("href", "https://refocus.example/book")
    expect(page.locator("main form")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "book-elsewhere")

    response = page.goto(f"/events/{interest.public_id}/book/")
    assert response is not None and response.status == 409
    expect(page.locator("#where-to-book")).to_have_text("Booking has not opened yet")
    expect(page.locator("main form")).to_have_count(0)
    assert_accessible(page)
    click_and_load(page, page.get_by_role("button", name="Register interest in Demonstration day"))
    expect(page.locator("h1")).to_have_text("Demonstration day")
    expect(page.get_by_role("button", name="Register interest")).to_be_visible()
    assert_accessible(page)


def test_an_offer_that_ran_out_says_when_and_what_next(page: Any, bworld: World) -> None:
    event, rate, first = full_event(bworld)
    waiting = services.booking_create(
        actor=bworld.staff_a,
        event=event,
        delegates=[
            services.DelegateInput(name="Staff A", email="staff.a@example.org", rate_id=rate.pk)
        ],
    ).booking
    services.booking_cancel(actor=bworld.lead_b, booking=first)
    Booking.objects.filter(pk=waiting.pk).update(
        offer_expires_at=datetime.datetime(2024, 1, 15, 14, 0, tzinfo=datetime.UTC)
    )
    services.offers_expire()

    sign_in(page, bworld.staff_a.email)
    response = page.goto(f"/bookings/{waiting.public_id}/")
    assert response is not None and response.status == 410
    notice = page.locator("#offer-ran-out")
    expect(notice).to_contain_text("Your offer ran out")
    expect(notice).to_contain_text("on Monday 15 January 2024 at 14:00 (Europe/London)")
    expect(page.get_by_role("button", name="Accept the place")).to_have_count(0)
    expect(page.locator("#booking-status")).to_have_text("Offer expired")
    assert_accessible(page)
    screenshot(page, "offer-ran-out")
    click_and_load(page, notice.get_by_role("link", name=f"Go to {event.title} to book again"))
    expect(page.locator("h1")).to_have_text(event.title)
    assert Booking.objects.get(pk=waiting.pk).status == BookingStatus.EXPIRED
