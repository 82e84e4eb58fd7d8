"""The Learning Network in a real browser: a peer trainer rating a fidelity review on a phone, the
manager agreeing a rating on the side-by-side page, the network team forming a peer-review team (a
conflict of interest refused on the field) and the college reading its report, a mentoring pair,
and the network's pages. axe-core checks every page visited, at desktop and 390 px wide."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recoverynet.colleges.services import fidelity as fidelity_services
from recoverynet.colleges.services import mentoring as mentoring_services
from recoverynet.colleges.services import peer_review as peer_services
from recoverynet.colleges.services import peer_review_visit as visit_services
from recoverynet.colleges.services.fidelity import RatingInput
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1, screenshot, visit
from tests.colleges.conftest import build_college_world
from tests.colleges.network_helpers import add_college, staff
from tests.conftest import World

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _both_widths(page: Any) -> None:
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(600)  # the header's menu rearranges itself after a resize
    assert_accessible(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate(
        "() => [...document.querySelectorAll('main *')].filter(e => e.scrollWidth > 400)"
        ".slice(-3).map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth)"
    )
    assert width <= PHONE["width"], f"the page is {width}px wide on a 390px phone: {wide}"
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(600)  # the header's menu rearranges itself after a resize


def test_fidelity_rating_on_a_phone_and_agreeing_side_by_side(page: Any, bworld: World) -> None:
    cw = build_college_world(bworld)
    review = fidelity_services.fidelity_review_start(
        actor=cw.manager,
        college=cw.college,
        network=bworld.uk,
        title="Fidelity review, spring 2027",
    )
    fidelity_services.fidelity_ratings_save(
        actor=cw.manager,
        review=review,
        ratings=[RatingInput("learning", score=2), RatingInput("location", type=1)],
    )
    sign_in(page, cw.peer_trainer.email)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(600)  # the header's menu rearranges itself after a resize
    visit(page, f"/fidelity/{review.public_id}/rate/", "Fidelity review, spring 2027")
    page.get_by_label("Learning (optional)", exact=True).select_option("0")
    page.get_by_label("Evidence for Learning (optional)").fill("Few courses ran last term.")
    click_and_load(page, page.get_by_role("button", name="Save my ratings"))
    expect(page.get_by_label("Learning (optional)", exact=True)).to_have_value("0")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(600)  # the header's menu rearranges itself after a resize

    page.context.clear_cookies()
    sign_in(page, cw.manager.email)
    visit(page, f"/fidelity/{review.public_id}/", "Fidelity review, spring 2027")
    card = page.locator("#component-learning")
    expect(card).to_contain_text("Peer trainers (n = 1)")
    expect(card).to_contain_text("Strong disagreement")
    page.get_by_label("Component").select_option("learning")
    page.get_by_label("Agreed rating").select_option("s1")
    click_and_load(page, page.get_by_role("button", name="Save the agreed rating"))
    expect(page.locator("#component-learning")).to_contain_text("Amber: partly in place (1)")
    _both_widths(page)
    screenshot(page, "fidelity-review")

    # Closing before every component is agreed says why.
    click_and_load(page, page.get_by_role("button", name="Close the review"))
    expect(page.locator("main")).to_contain_text("Still to agree")
    assert_accessible(page)


def test_peer_review_team_report_and_response(page: Any, bworld: World) -> None:
    cw = build_college_world(bworld)
    gamma = add_college(bworld, "Gamma College", "gamma")
    delta = add_college(bworld, "Delta College", "delta")
    lead = staff(bworld, "lead.reviewer@example.org", gamma)
    lived = staff(bworld, "lived.reviewer@example.org", delta, "peer_trainer")
    review = peer_services.peer_review_start(
        actor=bworld.consultant_uk, network=bworld.uk, college=cw.college
    )

    sign_in_with_mfa(page, bworld.consultant_uk.email)
    visit(page, f"/peer-reviews/{review.public_id}/", "Peer review of Alpha Recovery College")
    form = page.locator("form", has=page.get_by_role("button", name="Add to the team"))
    form.get_by_label("Reviewer's e-mail address").fill(cw.peer_trainer.email)
    form.get_by_label("Their college").select_option(label="Beta Recovery College")
    form.get_by_label("Role on the team").select_option("peer")
    click_and_load(page, form.get_by_role("button", name="Add to the team"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "works at the college under review"
    )
    assert_accessible(page)
    form = page.locator("form", has=page.get_by_role("button", name="Add to the team"))
    form.get_by_label("Reviewer's e-mail address").fill(lead.email)
    form.get_by_label("Their college").select_option(label="Gamma College")
    form.get_by_label("Role on the team").select_option("lead")
    click_and_load(page, form.get_by_role("button", name="Add to the team"))
    expect(page.locator("#team-list")).to_contain_text("Gamma College: lead reviewer")
    _both_widths(page)

    # The rest of the review, through the services, then the college reads its report.
    peer_services.reviewer_add(
        actor=bworld.consultant_uk,
        review=review,
        email=lived.email,
        home_college=delta,
        role="lived_experience",
    )
    peer_services.self_review_save(
        actor=cw.manager,
        review=review,
        entries=[peer_services.SelfReviewInput(key, "met") for key in _areas()],
        submit=True,
    )
    visit_services.visit_plan(
        actor=bworld.consultant_uk, review=review, visit_on=timezone.localdate()
    )
    peer_services.confidentiality_agree(actor=lead, review=review)
    visit_services.finding_add(
        actor=lead, review=review, kind="strength", text="Every course is co-facilitated."
    )
    visit_services.finding_add(
        actor=lead, review=review, kind="recommendation", text="Offer evening courses."
    )
    visit_services.report_publish(actor=lead, review=review, summary="A warm, co-produced college.")

    page.context.clear_cookies()
    sign_in(page, cw.manager.email)
    visit(page, f"/peer-reviews/{review.public_id}/", "Peer review of Alpha Recovery College")
    expect(page.locator("#recommendations")).to_contain_text("Offer evening courses.")
    page.get_by_label("The college's response").fill("We will pilot two evening courses.")
    click_and_load(page, page.get_by_role("button", name="Save the response"))
    expect(page.locator("#stage")).to_have_text("College has responded")
    _both_widths(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF)").click()
    assert download.value.suggested_filename == "peer-review-alpha-college.pdf"


def _areas() -> list[str]:
    from recoverynet.colleges import fidelity as structure

    return [c.key for c in structure.COMPONENTS]


def test_mentoring_and_the_network_pages(page: Any, bworld: World) -> None:
    cw = build_college_world(bworld)
    mentoring_services.mentor_capacity_set(actor=bworld.admin, college=cw.other_college, capacity=2)
    pair = mentoring_services.pair_create(
        actor=bworld.admin,
        network=bworld.uk,
        mentor=cw.other_college,
        mentee=cw.college,
        started_on=timezone.localdate() - datetime.timedelta(days=20),
        goals=["Co-produce the first prospectus"],
    )
    sign_in(page, cw.manager.email)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(600)  # the header's menu rearranges itself after a resize
    visit(
        page,
        f"/mentoring/{pair.public_id}/",
        "Beta Recovery College mentoring Alpha Recovery College",
    )
    page.get_by_label("Date of the check-in").fill(timezone.localdate().isoformat())
    page.get_by_label("Notes").fill("Looked at the draft prospectus together.")
    click_and_load(page, page.get_by_role("button", name="Record the check-in"))
    expect(page.locator("#check-in-list")).to_contain_text(
        "Looked at the draft prospectus together."
    )
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(600)  # the header's menu rearranges itself after a resize
    visit(page, "/learning-network/uk/", "The Learning Network")
    visit(page, "/learning-network/uk/fidelity/", "Fidelity across the network")
    expect(page.locator("#distribution")).to_contain_text("Not shown: fewer than")
    _both_widths(page)

    page.context.clear_cookies()
    sign_in_with_mfa(page, bworld.consultant_uk.email)
    for path, heading in [
        ("/learning-network/uk/report/", "Report across colleges"),
        ("/learning-network/uk/mentoring/", "Mentoring"),
        ("/learning-network/uk/peer-reviews/", "Peer reviews"),
    ]:
        visit(page, path, heading)
        _both_widths(page)
    expect(h1(page)).to_have_text("Peer reviews")
