"""The Ten Organisational Challenges in a real browser: a whole self-assessment round (invite by link,
rate as a person with lived experience and as staff, see the ratings side by side, agree, close,
choose priorities), the public framework pages and a used link. axe-core checks every page visited.

Set RECOVERYNET_SCREENSHOT_DIR to also save full-page screenshots of the main pages there.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.accounts import services as account_services
from recoverynet.challenges import frameworks, services
from recoverynet.challenges.models import AssessmentRound, Framework, RoundStatus
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_events import click_and_load, sign_in
from tests.browser.test_pages import h1, screenshot, visit
from tests.conftest import World

pytestmark = pytest.mark.browser


# --- helpers ---------------------------------------------------------------------------------------


def start_round(world: World) -> tuple[Framework, AssessmentRound]:
    """The recovery lead (who describes themselves as staff on their profile, which a round never
    copies) starts a round of the Ten Challenges."""
    account_services.perspective_set(actor=world.lead_a, user=world.lead_a, perspective="staff")
    framework = services.framework_install(data=frameworks.TEN_CHALLENGES)
    round_ = services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Spring 2027"
    )
    return framework, round_


def cell_group(page: Any, number: int, level: str) -> Any:
    """The radio group (or consensus fieldset) for one challenge at one level."""
    return page.get_by_role("group", name=f"Challenge {number} at {level} level", exact=True)


# --- public --------------------------------------------------------------------------------------------


def test_framework_pages(page: Any, bworld: World) -> None:
    framework = services.framework_install(data=frameworks.TEN_CHALLENGES)
    visit(page, "/frameworks/", "Self-assessment frameworks")
    click_and_load(page, page.locator("main").get_by_role("link", name=framework.name))
    expect(h1(page)).to_have_text(framework.name)
    main = page.locator("main")
    tables = main.locator("table")
    expect(tables.nth(0).locator("tbody tr")).to_have_count(3)  # levels
    expect(tables.nth(1).locator("tbody tr")).to_have_count(10)  # challenges
    expect(tables.nth(1)).to_contain_text("Redefining user involvement")
    expect(tables.nth(2).locator("tbody tr")).to_have_count(4)  # scale
    expect(tables.nth(2)).to_contain_text("Part of how we work")
    assert_accessible(page)
    screenshot(page, "framework-detail")


# --- a whole round --------------------------------------------------------------------------------------


def test_full_round(
    page: Any, browser: Any, live_server: Any, bworld: World, settings: Any
) -> None:
    # Groups of one, so this small round can show where perspectives differ (the real threshold
    # is 8 people: decision 0009).
    settings.SUPPRESS_PEOPLE_BELOW = 1
    framework, round_ = start_round(bworld)
    involvement = framework.challenges.get(number=7)  # Redefining user involvement
    culture = framework.challenges.get(number=4)

    # The recovery lead finds the round from the organisation's page.
    sign_in(page, bworld.lead_a.email)
    visit(page, f"/organisations/{bworld.org_a.slug}/", "Alpha NHS Trust")
    click_and_load(page, page.get_by_role("link", name="Self-assessment"))
    expect(h1(page)).to_have_text("Self-assessment")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    assert_accessible(page)
    click_and_load(page, page.get_by_role("link", name="Spring 2027"))
    expect(h1(page)).to_have_text("Spring 2027")
    expect(page.locator("#progress-sent")).to_have_text("0 of 1 rater")
    expect(page.locator("#progress-agreed")).to_have_text("0 of 30")
    assert_accessible(page)

    # Inviting an address that is nobody at the organisation: a clear error on the field, the same
    # whether or not the address has an account here.
    page.get_by_label("E-mail address", exact=True).fill("nobody@example.org")
    click_and_load(page, page.get_by_role("button", name="Invite to rate"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "is not the address of anyone at Alpha NHS Trust"
    )
    expect(page.locator("#id_member-email-error")).to_contain_text("invite them with a link")
    assert_accessible(page)

    # Invite someone with a link; it is shown once. Nobody records their perspective for them.
    expect(page.get_by_label("The perspective they bring")).to_have_count(0)
    page.get_by_label("Their name").fill("Sam")
    click_and_load(page, page.get_by_role("button", name="Create a link"))
    link = page.locator("#new-link-url").inner_text().strip()
    assert re.search(r"/rate/[\w-]{20,}/$", link), link
    expect(page.locator("#raters + table")).to_contain_text("Sam")
    assert_accessible(page)
    screenshot(page, "round-detail")

    # Sam, without an account, opens the link in a browser of their own and rates.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    sam = context.new_page()
    try:
        response = sam.goto(link)
        assert response is not None and response.status == 200
        expect(h1(sam)).to_have_text("Your ratings: Spring 2027")
        expect(sam.locator("#progress")).to_have_text("Challenge 1 of 10")
        assert_accessible(sam)
        # Every challenge on one page is an option (one challenge a screen is the default).
        click_and_load(sam, sam.get_by_role("link", name="Show every challenge on one page"))
        expect(h1(sam)).to_have_text("Your ratings: Spring 2027")
        sam.get_by_label("Lived experience of mental health difficulties").check()
        cell_group(sam, 7, "Practice").get_by_label("Not started yet (1)").check()
        sam.get_by_label("Note or example for challenge 7 at practice level").fill(
            "Nobody asked me what I thought of my care plan."
        )
        cell_group(sam, 4, "Strategic").get_by_label("Don't know").check()
        click_and_load(sam, sam.get_by_role("button", name="Save and come back later"))
        expect(sam.locator(".nhsuk-notification-banner")).to_contain_text("Your answers are saved")
        expect(cell_group(sam, 7, "Practice").get_by_label("Not started yet (1)")).to_be_checked()
        assert_accessible(sam)
        cell_group(sam, 4, "Managerial").get_by_label("Making a start (2)").check()
        click_and_load(sam, sam.get_by_role("button", name="Send my ratings"))
        expect(h1(sam)).to_have_text("Thank you, your ratings have been sent")
        assert_accessible(sam)
    finally:
        context.close()

    # The lead rates too, and sends.
    page.reload()
    expect(page.locator("#new-link-url")).to_have_count(0)  # shown once only
    expect(page.locator("#progress-sent")).to_have_text("1 of 2 raters")
    expect(page.locator("#raters + table")).not_to_contain_text("Lived experience")
    expect(page.locator("#perspective-counts")).to_contain_text(
        "Lived experience of mental health difficulties: 1 rater"
    )
    click_and_load(page, page.get_by_role("link", name="Give your ratings"))
    click_and_load(page, page.get_by_role("link", name="Show every challenge on one page"))
    expect(h1(page)).to_have_text("Your ratings: Spring 2027")
    page.get_by_label("Staff member").check()  # said for this round, not taken from the profile
    cell_group(page, 7, "Practice").get_by_label("Making progress (3)").check()
    cell_group(page, 4, "Strategic").get_by_label("Making a start (2)").check()
    cell_group(page, 4, "Managerial").get_by_label("Making a start (2)").check()
    assert_accessible(page)
    screenshot(page, "rate")
    # Each choice is saved in the background as it is made; let those finish first (SQLite in the
    # live server refuses a second writer while another holds the table).
    page.wait_for_load_state("networkidle")
    click_and_load(page, page.get_by_role("button", name="Send my ratings"))
    expect(h1(page)).to_have_text("Thank you, your ratings have been sent")
    assert_accessible(page)

    # Side by side: the practice-level rating of user involvement is flagged.
    page.goto(f"/self-assessment/{round_.public_id}/")
    click_and_load(page, page.get_by_role("link", name="See ratings side by side"))
    expect(h1(page)).to_have_text("Ratings side by side")
    flagged = page.locator(f"#cell-{involvement.pk}-practice")
    expect(flagged).to_contain_text("Perspectives differ")
    expect(flagged).to_contain_text("Staff member: 3")
    expect(flagged).to_contain_text("Lived experience of mental health difficulties: 1")
    expect(page.locator(f"#cell-{culture.pk}-managerial")).not_to_contain_text(
        "Perspectives differ"
    )
    disagreements = page.locator("#disagreements + ul")
    expect(disagreements.get_by_role("link")).to_have_count(1)
    expect(disagreements).to_contain_text("Challenge 7 at practice level")
    expect(page.locator(f"#challenge-{involvement.pk}")).to_contain_text(
        "Nobody asked me what I thought of my care plan."
    )
    assert_accessible(page)

    # Agree every cell: all but one quickly, the flagged one on the page.
    for challenge in framework.challenges.all():
        for level in framework.levels.all():
            if (challenge.pk, level.key) != (involvement.pk, "practice"):
                services.consensus_set(
                    actor=bworld.lead_a,
                    round_=round_,
                    challenge_id=challenge.pk,
                    level_key=level.key,
                    value=2,
                )
    page.reload()
    form = cell_group(page, 7, "Practice")
    form.get_by_label("Agreed rating").select_option("2")
    form.get_by_label("Why the group agreed this").fill(
        "Involvement depends on who you see; people who use services are not yet asked as a rule."
    )
    click_and_load(page, form.get_by_role("button", name=re.compile("^Save")))
    assert page.url.endswith(f"#challenge-{involvement.pk}")
    expect(page.locator("#agreed-count")).to_have_text("30 of 30")
    expect(page.locator(f"#cell-{involvement.pk}-practice")).to_contain_text(
        "not yet asked as a rule"
    )
    assert_accessible(page)
    screenshot(page, "round-grid")

    # Close the round; then choose the priorities.
    page.goto(f"/self-assessment/{round_.public_id}/")
    click_and_load(page, page.get_by_role("button", name="Close the round"))
    # Closing cannot be undone, so it asks first and says what will happen.
    expect(page.locator("main h1")).to_have_text("Close this self-assessment round?")
    assert_accessible(page)
    click_and_load(page, page.get_by_role("button", name="Yes, close the round"))
    expect(h1(page)).to_have_text("Priorities")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The round is closed")
    assert_accessible(page)
    page.get_by_label("First priority", exact=True).select_option(
        label="7. Redefining user involvement – practice level"
    )
    page.get_by_label("Why the first priority matters").fill("Everyone agreed this matters most.")
    page.get_by_role("combobox", name=re.compile("^Second priority")).select_option(
        label="4. Ensuring organisational commitment, creating the 'culture'. The importance of leadership – managerial level"
    )
    click_and_load(page, page.get_by_role("button", name="Save the priorities"))
    priorities = page.locator("#priority-list li")
    expect(priorities).to_have_count(2)
    expect(priorities.first).to_contain_text("Redefining user involvement")
    expect(priorities.first).to_contain_text("Everyone agreed this matters most.")
    assert_accessible(page)

    # The closed round is read-only: no invitations, no consensus forms, the agreed ratings shown.
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    visit(page, f"/self-assessment/{round_.public_id}/", "Spring 2027")
    expect(page.get_by_role("button", name="Create a link")).to_have_count(0)
    expect(page.get_by_role("heading", name="What the group agreed")).to_be_visible()
    visit(page, f"/self-assessment/{round_.public_id}/ratings/", "Ratings side by side")
    expect(page.get_by_label("Agreed rating")).to_have_count(0)


def test_used_link_shows_used_page(page: Any, bworld: World) -> None:
    framework, round_ = start_round(bworld)
    invitation = services.rater_invite_by_link(actor=bworld.lead_a, round_=round_, name="Kim")
    services.rating_save(
        rater=invitation.rater,
        challenge_id=framework.challenges.get(number=1).pk,
        level_key="practice",
        value=2,
    )
    services.rater_submit(rater=invitation.rater)
    visit(page, f"/rate/{invitation.raw_token}/", "This link has been used", status=410)
    expect(page.locator("main")).to_contain_text("ask the person who invited you")
    visit(page, "/rate/not-a-real-link/", "Page not found", status=404)
