"""Closing a self-assessment round with its undo banner, and the reminder schedule settings (issue
#15, decision 0045), in a real browser: axe-clean at desktop and phone width, no sideways scroll."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.challenges import frameworks, services
from recoverynet.challenges.models import AssessmentRound, RoundStatus
from recoverynet.core import dates
from tests.browser.test_events import click_and_load, sign_in
from tests.browser.test_first_hour_a import accessible_everywhere
from tests.browser.test_pages import h1
from tests.challenges.conftest import agree_all
from tests.conftest import World

pytestmark = pytest.mark.browser


def _round(world: World) -> AssessmentRound:
    framework = services.framework_install(data=frameworks.TEN_CHALLENGES)
    return services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Spring 2027"
    )


def test_closing_confirms_and_the_banner_undoes_it(page: Any, bworld: World) -> None:
    round_ = _round(bworld)
    agree_all(bworld.lead_a, round_)
    sign_in(page, bworld.lead_a.email)
    page.goto(f"/self-assessment/{round_.public_id}/")
    click_and_load(page, page.get_by_role("button", name="Close the round"))
    expect(h1(page)).to_have_text("Close this self-assessment round?")
    expect(page.locator("main")).to_contain_text("you can open the round again for 15 minutes")
    accessible_everywhere(page)
    click_and_load(page, page.get_by_role("button", name="Yes, close the round"))
    expect(h1(page)).to_have_text("Priorities")
    banner = page.locator("#undo-close")
    expect(banner).to_contain_text("Closed the round by mistake?")
    accessible_everywhere(page)
    button = banner.get_by_role("button", name=re.compile("^Undo closing the round"))
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Closing is undone: the round is open again.")
    expect(page.locator("#undo-close")).to_have_count(0)
    expect(page.get_by_role("button", name="Close the round")).to_be_visible()
    accessible_everywhere(page)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN


def test_the_reminder_settings(page: Any, bworld: World) -> None:
    round_ = _round(bworld)
    sign_in(page, bworld.lead_a.email)
    page.goto(f"/self-assessment/{round_.public_id}/deadline/")
    expect(h1(page)).to_have_text("The day to send ratings by")
    expect(page.get_by_label("3 days before")).to_be_checked()
    accessible_everywhere(page)
    # A day in the past: the error names the field, and the ticked steps are kept.
    page.get_by_label("Send ratings by").fill("2001-01-01")
    page.get_by_label("1 week after").check()
    click_and_load(page, page.get_by_role("button", name="Save the day and reminders"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("today or in the future")
    expect(page.get_by_label("1 week after")).to_be_checked()
    accessible_everywhere(page)
    day = dates.today().replace(year=dates.today().year + 1, month=1, day=15)
    page.get_by_label("Send ratings by").fill(day.isoformat())
    page.get_by_label("3 days after").uncheck()
    click_and_load(page, page.get_by_role("button", name="Save the day and reminders"))
    expect(page.locator("main")).to_contain_text(
        "with reminders 3 days before, on the day and 1 week after"
    )
    expect(page.locator("#reminder-schedule")).to_have_text(
        "Reminders: 3 days before, on the day and 1 week after"
    )
    accessible_everywhere(page)
    round_.refresh_from_db()
    assert round_.reminder_days == [-3, 0, 7] and round_.rate_by == day
