"""The main journeys in a real browser, with an axe-core accessibility check on every page visited.

Set RECOVERYNET_SCREENSHOT_DIR to also save full-page screenshots of the public pages there.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.network import services as network_services
from recoverynet.network.models import NetworkRoleKind
from tests.browser.a11y import assert_accessible
from tests.conftest import PASSWORD, TOTP_SECRET, World, make_user, totp_code

pytestmark = pytest.mark.browser


# --- helpers ---------------------------------------------------------------------------------------


def h1(page: Any) -> Any:
    return page.locator("main h1")


def visit(page: Any, path: str, heading: str | re.Pattern[str], *, status: int = 200) -> None:
    """Open a page, check its status and main heading, then check it with axe."""
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    expect(h1(page)).to_have_text(heading)
    assert_accessible(page)


def screenshot(page: Any, name: str) -> None:
    folder = os.environ.get("RECOVERYNET_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def submit_password(page: Any, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in", exact=True).click()


def fresh_totp_code(secret: str = TOTP_SECRET) -> str:
    """A code with at least a few seconds left in its 30-second window, so it cannot expire between
    typing it and the server checking it."""
    if time.time() % 30 > 25:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp_code(secret)


# --- public pages ----------------------------------------------------------------------------------


def test_home_page(page: Any, bworld: World) -> None:
    visit(page, "/", "Recovery-focused services, built together")
    networks = page.get_by_role("heading", name="Our networks")
    expect(networks).to_be_visible()
    expect(page.get_by_role("link", name="UK Network")).to_be_visible()
    expect(page.get_by_role("link", name="Irish Network")).to_be_visible()
    screenshot(page, "home")


def test_networks_list(page: Any, bworld: World) -> None:
    visit(page, "/networks/", "Networks")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="UK Network")).to_contain_text("GBP")


def test_network_page(page: Any, bworld: World) -> None:
    visit(page, "/networks/uk/", "UK Network")
    expect(page.locator("main dl")).to_contain_text("Pound sterling (GBP), plus VAT at 20%")
    expect(page.get_by_role("heading", name="Kinds of membership")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Member site")


def test_directory_and_filter(page: Any, bworld: World) -> None:
    visit(page, "/directory/", "Member directory")
    expect(page.get_by_role("status")).to_have_text("3 organisations found")
    screenshot(page, "directory")

    page.get_by_label("Network").select_option(label="Irish Network")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"/directory/\?.*network=ie"))
    expect(h1(page)).to_have_text("Member directory")
    expect(page.get_by_role("status")).to_have_text("1 organisation found")
    expect(page.get_by_role("link", name="Cork Services")).to_be_visible()
    expect(page.get_by_role("link", name="Alpha NHS Trust")).to_have_count(0)
    expect(page.get_by_label("Network")).to_have_value("ie")  # the form remembers the filter
    assert_accessible(page)


def test_organisation_page(page: Any, bworld: World) -> None:
    visit(page, f"/organisations/{bworld.org_a.slug}/", "Alpha NHS Trust")
    main = page.locator("main")
    expect(main).to_contain_text("Alpha is a mental health trust.")
    expect(main).to_contain_text("Member site of UK Network since 1 January 2020")
    # Anonymous visitors see no private links.
    expect(page.get_by_role("link", name=re.compile("People at"))).to_have_count(0)


# --- a person signs in and manages their account -----------------------------------------------------


def test_person_signs_in_and_manages_account(page: Any, bworld: World) -> None:
    page.goto("/accounts/login/")
    expect(h1(page)).to_have_text("Sign in")
    assert_accessible(page)

    submit_password(page, bworld.lead_a.email)
    page.wait_for_url("**/me/things/")
    expect(h1(page)).to_have_text("Your things")
    assert_accessible(page)
    page.get_by_role("link", name="Your profile, security and data").click()
    expect(h1(page)).to_have_text("Your profile")
    expect(page.get_by_label("Full name")).to_have_value("Lead.A")
    assert_accessible(page)

    # Perspective: choose an option and save.
    page.get_by_role("link", name="Change perspective").click()
    page.wait_for_url("**/me/perspective/")
    expect(h1(page)).to_have_text("Your perspective")
    assert_accessible(page)
    page.get_by_label("Family member, friend or carer").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/me/")
    expect(page.locator("main")).to_contain_text("Your perspective has been saved.")
    expect(page.locator("main dl")).to_contain_text("Family member, friend or carer")
    assert_accessible(page)

    # API tokens: create one; it is shown once.
    page.goto("/me/tokens/")
    expect(h1(page)).to_have_text("API tokens")
    expect(page.locator("main table")).to_contain_text("You have no tokens.")
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Reporting script")
    expect(page.get_by_label("Read only")).to_be_checked()
    page.get_by_label("Read and change").check()
    page.get_by_label("Events, bookings, invoices and attendance").check()
    page.get_by_role("button", name="Create token").click()
    page.wait_for_load_state()
    token = page.locator("#new-token")
    expect(token).to_have_text(re.compile(r"^rn_\S{20,}$"))
    raw = token.inner_text()
    expect(page.locator("main table")).to_contain_text("Reporting script")
    expect(page.locator("main table")).to_contain_text(
        "Read and change: events, bookings, invoices and attendance"
    )
    expect(page.locator("main table")).to_contain_text("Never")
    assert_accessible(page)
    page.goto("/me/tokens/")
    expect(page.locator("#new-token")).to_have_count(0)
    assert raw not in page.content()

    # My organisations.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My organisations").click()
    page.wait_for_url("**/me/organisations/")
    expect(h1(page)).to_have_text("My organisations")
    row = page.locator("main table tbody tr").filter(has_text="Alpha NHS Trust")
    expect(row).to_contain_text("Recovery lead")
    assert_accessible(page)


# --- network team: MFA ------------------------------------------------------------------------------


def test_staff_signs_in_with_authenticator_code(page: Any, bworld: World) -> None:
    submit_password(page, bworld.coordinator_uk.email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    expect(h1(page)).to_have_text("Two-factor authentication")
    assert_accessible(page)

    page.locator('input[name="code"]').fill(fresh_totp_code())
    page.locator("main").get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/me/things/")
    expect(h1(page)).to_have_text("Your things")
    # The team's menu item appears once signed in.
    menu = page.get_by_role("navigation", name="Menu")
    # With every app's item the header may fold the last ones under "More" (NHS.UK header).
    more = menu.get_by_role("button", name=re.compile("More"))
    if more.count() and more.first.is_visible():
        more.first.click()
    expect(menu.get_by_role("link", name="Manage networks")).to_be_visible()

    visit(page, "/manage/", "Manage networks")
    expect(page.locator("main").get_by_role("link", name="UK Network", exact=True)).to_be_visible()

    visit(page, "/manage/uk/", "UK Network")
    expect(page.locator("main table").first).to_contain_text("Alpha NHS Trust")

    # A team member cannot turn their authenticator app off; the page says why.
    page.goto("/accounts/2fa/totp/deactivate/")
    if "/accounts/reauthenticate/" in page.url:
        page.locator('input[name="password"]').fill(PASSWORD)
        page.locator("main").get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/accounts/2fa/totp/deactivate/")
    expect(h1(page)).to_have_text("Turn off your authenticator app")
    expect(page.locator("#mfa-why")).to_contain_text("you cannot turn off your authenticator app")
    expect(page.locator("main").get_by_role("button", name="Turn off")).to_have_count(0)
    assert_accessible(page)
    # They can replace it instead (a new phone).
    page.locator("main").get_by_role("link", name="replace your authenticator app").click()
    page.wait_for_url("**/me/authenticator/replace/")
    expect(h1(page)).to_have_text("Replace your authenticator app")
    assert_accessible(page)
    secret = page.locator("#new-secret").inner_text()
    page.get_by_label("Code from your new app").fill(fresh_totp_code(secret))
    page.get_by_role("button", name="Replace authenticator app").click()
    page.wait_for_url("**/accounts/2fa/")
    expect(page.locator("main")).to_contain_text("Your new authenticator app is set up.")

    visit(page, f"/organisations/{bworld.org_a.slug}/people/", "People")
    people = page.locator("main table tbody")
    expect(people).to_contain_text("lead.a@example.org")
    expect(people).to_contain_text("staff.a@example.org")


def test_team_member_without_authenticator_must_set_one_up(page: Any, bworld: World) -> None:
    email = "new.editor@example.org"
    make_user(email, full_name="Nina New")
    network_services.network_role_grant(
        actor=bworld.admin, network=bworld.uk, email=email, role=NetworkRoleKind.EDITOR
    )
    submit_password(page, email)
    # Sent to set up an authenticator; allauth first asks for the password again (re-authentication
    # before changing MFA), then shows the set-up page.
    page.wait_for_url(
        re.compile(r"/accounts/reauthenticate/\?next=%2Faccounts%2F2fa%2Ftotp%2Factivate")
    )
    expect(h1(page)).to_have_text("Confirm access")
    assert_accessible(page)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Confirm").click()

    page.wait_for_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(h1(page)).to_have_text("Set up an authenticator app")
    expect(page.locator("#mfa-why")).to_contain_text(
        "Because you are on a network team, you need to set up an authenticator app"
    )
    expect(page.locator('input[name="code"]')).to_be_visible()
    assert_accessible(page)

    # Any other page sends them back until they have set it up.
    page.goto("/manage/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))

    # Setting it up with the shown secret lets them in.
    secret = page.locator("#authenticator_secret").input_value()
    page.locator('input[name="code"]').fill(fresh_totp_code(secret))
    page.locator("main").get_by_role("button", name="Activate").click()
    page.wait_for_load_state()
    visit(page, "/manage/", "Manage networks")


# --- other entrance pages, errors ------------------------------------------------------------------


def test_signup_page(page: Any, bworld: World) -> None:
    visit(page, "/accounts/signup/", "Sign up")
    # Only networks open to self-registration are offered.
    expect(page.get_by_label("UK Network")).to_be_visible()
    expect(page.get_by_label("Irish Network")).to_have_count(0)


def test_password_reset_page(page: Any, bworld: World) -> None:
    visit(page, "/accounts/password/reset/", "Password reset")
    expect(page.locator('input[name="email"]')).to_be_visible()


def test_not_found_page(page: Any, bworld: World) -> None:
    visit(page, "/organisations/no-such-organisation/", "Page not found", status=404)
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()


def test_control_character_in_an_address_gets_a_clear_page(page: Any, bworld: World) -> None:
    visit(page, "/events/past/?q=%00", "There is a problem with your request", status=400)
    expect(page.get_by_text("cannot accept")).to_be_visible()
    screenshot(page, "bad-character")


def test_wrong_password_shows_error_summary(page: Any, bworld: World) -> None:
    submit_password(page, bworld.lead_a.email, "not-the-password")
    expect(h1(page)).to_have_text("Sign in")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary).to_contain_text("not correct")
    expect(summary).to_be_focused()  # NHS.UK frontend moves focus to it, so it is read out first
    assert_accessible(page)


def test_profile_with_empty_name_shows_error_summary(page: Any, bworld: World) -> None:
    submit_password(page, bworld.outsider.email)
    page.wait_for_url("**/me/things/")
    page.goto("/me/")
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    link = summary.get_by_role("link")
    expect(link).to_have_attribute("href", "#id_full_name")
    # The field carries the same message, tied to it for screen readers.
    expect(page.locator("#id_full_name-error")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_attribute(
        "aria-describedby", re.compile("id_full_name-error")
    )
    assert_accessible(page)
    # Following the summary's link moves focus to the field.
    link.click()
    expect(page.get_by_label("Full name")).to_be_focused()


# --- the checker itself ------------------------------------------------------------------------------


def test_axe_check_reports_violations(page: Any, bworld: World) -> None:
    """Guards the harness: a page with a known problem must fail the check, naming rule and node."""
    page.goto("/")
    page.evaluate(
        """() => { const img = document.createElement('img'); img.id = 'broken-image';
                   img.src = '/static/vendor/nhsuk/images/favicon.svg';
                   document.querySelector('main').appendChild(img); }"""
    )
    with pytest.raises(AssertionError, match=r"(?s)image-alt.*#broken-image"):
        assert_accessible(page)
