"""The first hour (issue #15): "Your things" after sign-in, the sign-in tab order, phone widths and
the API docs page — each axe-clean."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.test_pages import h1, submit_password
from tests.conftest import World

pytestmark = pytest.mark.browser

PHONES = (320, 390)


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the viewport (0: no horizontal scroll), measured after
    the browser has laid the page out again at the current viewport size."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return int(
        page.evaluate(
            "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - window.innerWidth"
        )
    )


def fits_phones(page: Any) -> None:
    for width in PHONES:
        page.set_viewport_size({"width": width, "height": 800})
        assert overflow(page) <= 0, f"{page.url} is {overflow(page)} px too wide at {width} px"
    page.set_viewport_size({"width": 1280, "height": 800})


def test_sign_in_lands_on_your_things(page: Any, bworld: World) -> None:
    submit_password(page, bworld.lead_a.email)
    page.wait_for_url("**/me/things/")
    expect(h1(page)).to_have_text("Your things")
    expect(page.locator("main")).to_contain_text("Nothing is waiting for you right now.")
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Your things")).to_be_visible()
    assert_accessible(page)
    fits_phones(page)


def test_sign_in_tab_order_goes_from_email_to_password(page: Any, bworld: World) -> None:
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "password", page.evaluate(
        "() => document.activeElement.outerHTML"
    )
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Forgot your password?")).to_be_focused()
    assert_accessible(page)
    fits_phones(page)


def test_api_docs_page_is_accessible(page: Any, bworld: World) -> None:
    page.goto("/api/v1/docs")
    assert page.evaluate("() => document.documentElement.lang") == "en-GB"
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_contain_text("API documentation")
    # Swagger UI fetches and lays out the whole schema (~200 operations, half a megabyte) before
    # the first operation shows: longer than a page on a busy two-core runner.
    page.locator("#swagger-ui .opblock").first.wait_for(timeout=60_000)
    assert_accessible(page)


def test_booking_detail_and_my_bookings_fit_phones(page: Any, bworld: World) -> None:
    from recoverynet.events import services
    from recoverynet.events.services import DelegateInput
    from tests.browser.test_events import make_event

    event = make_event(bworld)
    rate = event.rates.get(kind="member")
    booking = services.booking_create(
        actor=bworld.lead_a,
        event=event,
        organisation=bworld.org_a,
        delegates=[
            DelegateInput(
                name=f"Delegate with a rather long name {i}",
                email=f"delegate.with.a.long.address.{i}@alpha-nhs-trust.example.org",
                rate_id=rate.pk,
            )
            for i in range(3)
        ],
    ).booking
    submit_password(page, bworld.lead_a.email)
    page.wait_for_url("**/me/things/")
    expect(page.locator("main")).to_contain_text("Place held for you")
    fits_phones(page)
    for path in (f"/bookings/{booking.public_id}/", "/me/bookings/"):
        page.goto(path)
        assert_accessible(page)
        fits_phones(page)
    # At 390 px, every "Cancel place" button is on screen.
    page.goto(f"/bookings/{booking.public_id}/")
    page.set_viewport_size({"width": 390, "height": 800})
    for button in page.get_by_role("button", name="Cancel place").all():
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_cancelling_a_place_confirms_first(page: Any, bworld: World) -> None:
    from recoverynet.events import services
    from recoverynet.events.services import DelegateInput
    from tests.browser.test_events import make_event

    event = make_event(bworld)
    rate = event.rates.get(kind="member")
    booking = services.booking_create(
        actor=bworld.lead_a,
        event=event,
        organisation=bworld.org_a,
        delegates=[DelegateInput(name="Sam Delegate", email="sam@example.org", rate_id=rate.pk)],
    ).booking
    submit_password(page, bworld.lead_a.email)
    page.wait_for_url("**/me/things/")
    page.goto(f"/bookings/{booking.public_id}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel place for Sam Delegate").click()
    expect(h1(page)).to_have_text("Cancel the place for Sam Delegate?")
    expect(page.locator("main")).to_contain_text("You cannot undo this")
    assert_accessible(page)
    fits_phones(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, cancel the place for Sam Delegate").click()
    expect(page.locator("main")).to_contain_text("The place for Sam Delegate has been cancelled.")
    assert_accessible(page)
