"""The first hour (issue #15), in a real browser: rating one challenge per screen and the summary,
the day to send ratings by, the heat map, agreeing many cells at once, library search help and the
newsletter's "and N more" — each axe-clean at desktop and phone widths (320 and 390 px)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recoverynet.challenges import frameworks
from recoverynet.challenges import services as challenge_services
from recoverynet.challenges.models import Consensus
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in
from tests.browser.test_first_hour import PHONES, overflow
from tests.browser.test_pages import h1, visit
from tests.conftest import World

pytestmark = pytest.mark.browser


def accessible_everywhere(page: Any) -> None:
    """axe at desktop width and at each phone width, with no sideways scrolling on a phone."""
    assert_accessible(page)
    for width in PHONES:
        page.set_viewport_size({"width": width, "height": 800})
        assert overflow(page) <= 0, f"{page.url} is {overflow(page)} px too wide at {width} px"
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def _round(world: World) -> Any:
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    round_ = challenge_services.round_start(
        actor=world.lead_a,
        organisation=world.org_a,
        framework=framework,
        title="Spring 2027",
        rate_by=timezone.localdate() + datetime.timedelta(days=14),
    )
    return framework, round_


def test_rating_one_challenge_per_screen(page: Any, bworld: World) -> None:
    _, round_ = _round(bworld)
    sign_in(page, bworld.lead_a.email)
    visit(page, f"/self-assessment/{round_.public_id}/rate/", "Your ratings: Spring 2027")
    expect(page.locator("#progress")).to_have_text("Challenge 1 of 10")
    expect(page.locator("#rate-by")).to_contain_text("Please send your ratings by")
    accessible_everywhere(page)

    page.get_by_label("Staff member").check()
    group = page.get_by_role("group", name="Challenge 1 at Practice level", exact=True)
    group.get_by_label("Making progress (3)").check()
    page.wait_for_load_state("networkidle")  # the background save
    click_and_load(page, page.get_by_role("button", name="Save and go to challenge 2"))
    expect(page.locator("#progress")).to_have_text("Challenge 2 of 10")
    # Keyboard only: Tab to the first choice of challenge 2, pick it with Space.
    page.get_by_role("group", name="Challenge 2 at Strategic level", exact=True).get_by_label(
        "Don't know"
    ).focus()
    page.keyboard.press("Space")
    page.wait_for_load_state("networkidle")
    accessible_everywhere(page)
    click_and_load(page, page.get_by_role("button", name="Save and go back"))
    expect(page.locator("#progress")).to_have_text("Challenge 1 of 10")
    expect(group.get_by_label("Making progress (3)")).to_be_checked()

    click_and_load(page, page.get_by_role("link", name="Check all your answers"))
    expect(h1(page)).to_have_text("Check your ratings before you send them")
    expect(page.locator("main")).to_contain_text("Making progress (3)")
    expect(page.locator("main")).to_contain_text("Don't know")
    accessible_everywhere(page)
    click_and_load(page, page.get_by_role("button", name="Send my ratings"))
    expect(h1(page)).to_have_text("Thank you, your ratings have been sent")


def test_the_day_to_send_by_heat_map_and_agreeing_many(page: Any, bworld: World) -> None:
    framework, round_ = _round(bworld)
    ids = {c.number: c.pk for c in framework.challenges.all()}
    # Per rater, their practice-level ratings of challenges 1, 2 and 3: challenge 1 is 3, 3, 3
    # (0 apart), challenge 2 is 2, 3, 2 (1 apart), challenge 3 is 1, 4, 4 (3 apart).
    for i, values in enumerate(([3, 2, 1], [3, 3, 4], [3, 2, 4])):
        rater = challenge_services.rater_invite_by_link(
            actor=bworld.lead_a, round_=round_, name=f"Rater {i}"
        ).rater
        for number, value in zip((1, 2, 3), values, strict=True):
            challenge_services.rating_save(
                rater=rater, challenge_id=ids[number], level_key="practice", value=value
            )
    sign_in(page, bworld.lead_a.email)

    visit(page, f"/self-assessment/{round_.public_id}/", "Spring 2027")
    click_and_load(page, page.get_by_role("link", name="Change the day to send ratings by"))
    expect(h1(page)).to_have_text("The day to send ratings by")
    accessible_everywhere(page)
    page.get_by_label("Send ratings by").fill("2020-01-01")
    click_and_load(page, page.get_by_role("button", name="Save the day"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("today or in the future")
    assert_accessible(page)
    later = timezone.localdate() + datetime.timedelta(days=20)
    page.get_by_label("Send ratings by").fill(later.isoformat())
    click_and_load(page, page.get_by_role("button", name="Save the day"))
    expect(page.locator("#rate-by")).to_contain_text(str(later.year))

    visit(page, f"/self-assessment/{round_.public_id}/ratings/", "Ratings side by side")
    table = page.locator("#heat-map-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").nth(0)).to_contain_text("0 apart")
    expect(table.locator("tbody tr").nth(2)).to_contain_text("3 apart")
    accessible_everywhere(page)

    click_and_load(page, page.locator("#agree-many-link"))
    expect(h1(page)).to_have_text("Agree where the ratings agree")
    accessible_everywhere(page)
    boxes = page.locator('input[name="cells"]')
    expect(boxes).to_have_count(2)  # challenges 1 and 2 (within a point; 3 is 3 apart)
    boxes.nth(1).uncheck()
    click_and_load(page, page.get_by_role("button", name="Agree the ticked ratings"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("1 rating agreed")
    assert Consensus.objects.filter(round=round_).count() == 1
    assert_accessible(page)


def test_library_search_help_and_challenge_titles(page: Any, bworld: World) -> None:
    from recoverynet.library import services as library_services

    resource = library_services.resource_submit(
        actor=bworld.lead_a,
        network=bworld.uk,
        data=library_services.ResourceInput(
            title="A guide to co-production",
            summary="Working together.",
            kind="tool",
            audience="public",
            challenge_numbers="2",
        ),
        content=library_services.Content(
            files=[
                library_services.FileUpload(file=io.BytesIO(b"Peer support notes"), name="a.txt")
            ]
        ),
    )
    library_services.resource_moderate(
        actor=bworld.coordinator_uk, resource=resource, decision="approved"
    )
    visit(page, "/library/?q=coproduction", "Library")
    expect(page.locator("#results")).to_contain_text("A guide to co-production")
    visit(page, "/library/?q=zebra&kind=tool", "Library")
    expect(page.locator("#no-results-help")).to_contain_text("without the filters")
    accessible_everywhere(page)
    click_and_load(page, page.get_by_role("link", name="search for “zebra” without the filters"))
    expect(page.locator("#result-count")).to_have_text("0 resources found")
    visit(page, f"/library/{resource.public_id}/", "A guide to co-production")
    expect(page.locator("main")).to_contain_text("2. Delivering comprehensive")
    accessible_everywhere(page)


def test_newsletter_says_and_n_more(page: Any, bworld: World) -> None:
    from recoverynet.events import services as event_services
    from recoverynet.newsletter import editions
    from tests.newsletter import factories

    start = timezone.now() + datetime.timedelta(days=3)
    for n in range(editions.EVENTS_MAX + 1):
        event_services.event_create(
            actor=bworld.coordinator_uk,
            network=bworld.uk,
            kind="workshop",
            title=f"Workshop {n}",
            starts_at=start + datetime.timedelta(days=n),
            ends_at=start + datetime.timedelta(days=n, hours=2),
            venue_name="Leeds",
            online=n == 0,
            status="published",
        )
    issue, _ = factories.published_issue(
        bworld.staff_a, bworld.editor_uk, factories.publication_of(bworld.uk)
    )
    visit(page, f"/newsletter/uk/issues/{issue.slug}/", issue.title)
    expect(page.locator("#events")).to_contain_text("Hybrid")
    more = page.locator("#events-more a")
    expect(more).to_contain_text("And 1 more upcoming event")
    accessible_everywhere(page)
    click_and_load(page, more)
    expect(h1(page)).to_have_text("Events")
