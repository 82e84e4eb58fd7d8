"""Event pictures on the list and the event's page, the organisers' picture form (a file kept after
an error), and the undo banners after cancelling a place or a booking (issue #15, decision 0044):
axe-clean, keyboard-usable and no sideways scroll at 320 and 390 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from recoverynet.events import services
from recoverynet.events.models import BookingStatus, EventPicture
from recoverynet.events.services import DelegateInput
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, make_event, sign_in, sign_in_with_mfa
from tests.browser.test_first_hour import fits_phones
from tests.browser.test_pages import h1
from tests.conftest import World, png

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _picture(world: World, event: Any, size: tuple[int, int], **values: Any) -> EventPicture:
    return services.event_picture_set(
        actor=world.coordinator_uk,
        event=event,
        upload=SimpleUploadedFile("hall.png", png(size, "teal"), "image/png"),
        **values,
    )


def test_pictures_on_the_list_and_the_event_page_fit_phones(page: Any, bworld: World) -> None:
    wide = make_event(bworld, title="Network day with a wide picture")
    _picture(bworld, wide, (1600, 600), alt_text="The hall set out with round tables")
    plain = make_event(bworld, title="Workshop with a decorative picture", days=31)
    _picture(bworld, plain, (300, 300), alt_text="", decorative=True)
    page.goto("/events/")
    pictures = page.locator("main img.rn-event-picture")
    expect(pictures).to_have_count(2)
    expect(page.get_by_role("img", name="The hall set out with round tables")).to_be_visible()
    first = pictures.first
    assert first.get_attribute("loading") == "lazy"
    assert (first.get_attribute("width"), first.get_attribute("height")) == ("1600", "600")
    # The picture loaded (served to anyone for a published event) and keeps its shape.
    first.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=first.element_handle()
    )
    assert_accessible(page)
    fits_phones(page)
    page.set_viewport_size({"width": 320, "height": 800})
    box = first.bounding_box()
    assert (
        box is not None
        and box["width"] <= 320
        and abs(box["width"] / box["height"] - 1600 / 600) < 0.05
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/events/{wide.public_id}/")
    expect(page.locator("main img.rn-event-picture")).to_have_count(1)
    assert_accessible(page)
    fits_phones(page)


def test_the_picture_form_keeps_the_file_after_an_error(page: Any, bworld: World) -> None:
    event = make_event(bworld)
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    page.goto(f"/manage/events/{event.public_id}/")
    click_and_load(page, page.get_by_role("link", name="Add a picture"))
    expect(h1(page)).to_have_text("Picture for the event")
    assert_accessible(page)
    page.locator("input[name=picture]").set_input_files(
        {"name": "hall.png", "mimeType": "image/png", "buffer": png((80, 40))}
    )
    click_and_load(page, page.get_by_role("button", name="Save the picture"))
    # The error names the field, and the chosen file is kept.
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Describe the picture")
    expect(page.locator("main")).to_contain_text("You chose hall.png")
    assert_accessible(page)
    fits_phones(page)
    page.get_by_label("Describe the picture").fill("Our hall with chairs in a circle")
    click_and_load(page, page.get_by_role("button", name="Save the picture"))
    expect(page.locator("main")).to_contain_text("The picture is saved")
    picture = EventPicture.objects.get(event=event)
    assert (picture.width, picture.height) == (80, 40)
    click_and_load(page, page.get_by_role("link", name="Change the picture"))
    expect(page.get_by_role("img", name="Our hall with chairs in a circle")).to_be_visible()
    assert_accessible(page)
    fits_phones(page)


def test_undo_banners_after_cancelling_a_place_and_a_booking(page: Any, bworld: World) -> None:
    event = make_event(bworld)
    rate = event.rates.get(kind="member")
    booking = services.booking_create(
        actor=bworld.lead_a,
        event=event,
        organisation=bworld.org_a,
        delegates=[
            DelegateInput(name="Sam Delegate", email="sam@example.org", rate_id=rate.pk),
            DelegateInput(name="Alex Delegate", email="alex@example.org", rate_id=rate.pk),
        ],
    ).booking
    sign_in(page, bworld.lead_a.email)
    page.goto(f"/bookings/{booking.public_id}/")
    click_and_load(page, page.get_by_role("button", name="Cancel place for Sam Delegate"))
    click_and_load(page, page.get_by_role("button", name="Yes, cancel the place for Sam Delegate"))
    banner = page.locator("#undo-cancel")
    expect(banner).to_contain_text("The place for Sam Delegate was cancelled")
    assert_accessible(page)
    fits_phones(page)
    # Keyboard: the undo button is reachable and works with Enter.
    undo = banner.get_by_role("button", name="Undo the cancellation of the place for Sam Delegate")
    undo.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Sam Delegate has the place again")
    expect(page.locator("#undo-cancel")).to_have_count(0)
    assert_accessible(page)
    # The whole booking now, then undone; the new invoice and the credit note are both listed.
    page.get_by_label("Reason (optional)").fill("A clash")
    click_and_load(page, page.get_by_role("button", name="Cancel this booking"))
    expect(page.locator("main")).to_contain_text("You can undo this for 15 minutes")
    click_and_load(page, page.get_by_role("button", name="Yes, cancel this booking"))
    expect(page.locator("#undo-cancel")).to_contain_text("This booking was cancelled")
    assert_accessible(page)
    fits_phones(page)
    click_and_load(page, page.get_by_role("button", name="Undo the cancellation of this booking"))
    expect(page.locator("main")).to_contain_text("The cancellation is undone")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    expect(page.locator("#invoices")).to_contain_text("Credit note")
    assert_accessible(page)
    fits_phones(page)
