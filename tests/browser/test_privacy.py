"""The privacy pages in a real browser (issue #16): the public privacy page made from the map, the
network team's record of processing and retention rules (propose), and "Download my data" with
its progress page. axe-core checks each page, at desktop and phone width (390 px)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in_with_mfa
from tests.browser.test_pages import visit
from tests.conftest import World

pytestmark = pytest.mark.browser


def _resize(page: Any, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(600)  # the header's menu rearranges itself after a (debounced) resize


def _both_widths(page: Any) -> None:
    assert_accessible(page)
    _resize(page, 390, 844)
    assert_accessible(page)
    _resize(page, 1280, 800)


def test_the_public_privacy_page_is_accessible(page: Any, bworld: World) -> None:
    visit(page, "/privacy/", "How we use your information")
    main = page.locator("main")
    expect(main).to_contain_text("So the venue and the organisers can meet your access needs.")
    expect(main).to_contain_text("30 days after the event ends")
    _both_widths(page)


def test_the_team_sees_the_record_and_proposes_a_rule(page: Any, bworld: World) -> None:
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, "/manage/privacy/", "Record of processing")
    _both_widths(page)
    visit(page, "/manage/privacy/retention/", "Retention rules")
    _both_widths(page)
    main = page.locator("main")
    click_and_load(
        page, main.get_by_role("button", name="Propose events.Delegate:events.delegate_needs")
    )
    expect(page.locator("body")).to_contain_text("A second team member must approve it.")
    assert_accessible(page)
    visit(page, "/manage/privacy/requests/", "Requests received by post")
    click_and_load(page, main.get_by_role("button", name="Prepare a copy"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the e-mail address")
    _both_widths(page)


def test_download_my_data_page(page: Any, bworld: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, "/me/data/", "Download your data")
    click_and_load(page, page.locator("main").get_by_role("button", name="Prepare my data"))
    expect(page.locator("main")).to_contain_text("Your data is ready")
    _both_widths(page)
