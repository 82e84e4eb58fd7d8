"""Engagements in a real browser: a consultant sets up a 5-day package, it is agreed, two days are
logged and the burn chart is read, on a desktop and at phone width; the client's view; capacity.
axe-core checks every page visited."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1, screenshot, visit
from tests.conftest import World

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()


def log_day(page: Any, world: World, on: datetime.date) -> None:
    click_and_load(page, page.get_by_role("link", name="Log a session"))
    expect(h1(page)).to_have_text("Log a session")
    assert_accessible(page)
    main = page.locator("main")
    main.get_by_label("Yes, delivered").check()
    main.get_by_label("Date", exact=True).fill(on.isoformat())
    main.get_by_label("Who delivered it").select_option(str(world.consultant_uk.pk))
    main.get_by_label("Days used").fill("1")
    main.get_by_label("Where (optional)").fill("Alpha NHS Trust")
    click_and_load(page, main.get_by_role("button", name="Log the session"))


def test_five_day_package_two_days_and_the_burn_chart(page: Any, bworld: World) -> None:
    sign_in_with_mfa(page, bworld.consultant_uk.email)
    visit(page, "/engagements/", "Engagements")
    click_and_load(page, page.get_by_role("link", name="Set up an engagement for UK Network"))
    expect(h1(page)).to_have_text("Set up an engagement")
    assert_accessible(page)
    main = page.locator("main")

    # A mistake first: the end before the start, shown in the error summary.
    main.get_by_label("Name of the engagement").fill("Alpha bespoke package")
    main.get_by_label("Day package").check()
    main.get_by_label("Alpha NHS Trust").check()
    main.get_by_label("Lead consultant").select_option(str(bworld.consultant_uk.pk))
    main.get_by_label("Start date").fill((TODAY - datetime.timedelta(days=10)).isoformat())
    main.get_by_label("End date").fill((TODAY - datetime.timedelta(days=20)).isoformat())
    main.get_by_label("Days agreed").fill("5")
    main.get_by_label("Not invoiced").check()
    click_and_load(page, main.get_by_role("button", name="Set up the engagement"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("on or after the start date")
    assert_accessible(page)

    page.locator("main").get_by_label("End date").fill(
        (TODAY + datetime.timedelta(days=5)).isoformat()
    )
    click_and_load(page, page.locator("main").get_by_role("button", name="Set up the engagement"))
    expect(h1(page)).to_have_text("Alpha bespoke package")
    assert_accessible(page)

    for status in ("Proposed", "Agreed"):
        page.locator("main").get_by_label("Move to").select_option(label=status)
        click_and_load(page, page.get_by_role("button", name="Change the status"))
        expect(page.locator("#status")).to_have_text(status)

    log_day(page, bworld, TODAY - datetime.timedelta(days=2))
    log_day(page, bworld, TODAY - datetime.timedelta(days=1))
    expect(page.locator("#drawdown")).to_contain_text("2 of 5 days used")
    # 16 days in all, 11 gone: 40% of the days at 69% of the time.
    expect(page.locator("#burn")).to_have_text(
        re.compile(r"^40% of the days used at 69% of the time\.")
    )
    chart = page.locator("main svg[role='img']")
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("40")
    expect(page.locator("main table").first).to_contain_text("Days used")
    expect(page.locator("#session-table tbody tr")).to_have_count(2)
    assert_accessible(page)
    screenshot(page, "engagement-burn")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#burn")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "engagement-burn-phone")

    visit(page, "/engagements/capacity/uk/", "Capacity")


def test_client_sees_their_engagement(page: Any, bworld: World) -> None:
    from decimal import Decimal

    from recoverynet.engagements import services
    from tests.engagements.conftest import log, package

    engagement = package(bworld, days="5")
    log(bworld, engagement, "1")
    services.output_add(
        actor=bworld.consultant_uk,
        engagement=engagement,
        kind="ground_rules",
        title="Ground rules",
        text="We listen to every voice.",
    )
    _ = Decimal
    sign_in(page, bworld.lead_a.email)
    visit(page, "/engagements/ours/", "Engagements with the network")
    click_and_load(page, page.get_by_role("link", name="Alpha bespoke package"))
    expect(h1(page)).to_have_text("Alpha bespoke package")
    expect(page.locator("#drawdown")).to_contain_text("1 of 5 days used")
    expect(page.get_by_role("link", name="Log a session")).to_have_count(0)
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert_accessible(page)
