"""The pages filled through UI slots (core/slots.py), in a real browser at desktop and phone width:
the links each app adds are there, they work, and axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1, visit
from tests.conftest import World

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_anonymous_menu_and_network_page(page: Any, bworld: World, width: str) -> None:
    if width == "phone":
        page.set_viewport_size(PHONE)
    visit(page, "/", "Recovery-focused services, built together")
    menu = page.get_by_role("navigation", name="Menu")
    if width == "desktop":
        for label in ("Networks", "Member directory", "Events", "Library", "Newsletter"):
            expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="My organisations")).to_have_count(0)

    visit(page, "/networks/uk/", "UK Network")
    click_and_load(page, page.get_by_role("link", name="See upcoming events of UK Network"))
    expect(h1(page)).to_have_text("Events")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_lead_finds_self_assessment_and_bookings(page: Any, bworld: World, width: str) -> None:
    if width == "phone":
        page.set_viewport_size(PHONE)
    sign_in(page, bworld.lead_a.email)
    visit(page, "/me/", "Your profile")  # sign-in lands on "Your things"; the profile links on
    expect(page.get_by_role("link", name="See your event bookings and invoices")).to_be_visible()
    click_and_load(page, page.get_by_role("link", name="See your event bookings and invoices"))
    expect(h1(page)).to_have_text("My bookings")

    visit(page, "/me/organisations/", "My organisations")
    click_and_load(page, page.locator("main").get_by_role("link", name="Self-assessment"))
    expect(h1(page)).to_have_text("Self-assessment")

    visit(page, f"/organisations/{bworld.org_a.slug}/", "Alpha NHS Trust")
    expect(page.locator("main").get_by_role("link", name="Self-assessment")).to_be_visible()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_coordinator_manage_index(page: Any, bworld: World, width: str) -> None:
    if width == "phone":
        page.set_viewport_size(PHONE)
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, "/me/", "Your profile")
    visit(page, "/manage/", "Manage networks")
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Events")).to_be_visible()
    expect(main.get_by_role("heading", name="Library")).to_be_visible()
    click_and_load(page, main.get_by_role("link", name="Manage events, bookings and invoices"))
    expect(h1(page)).to_have_text("Manage events")
