"""Changing an engagement in a real browser, each new page checked with axe on a desktop and at
phone width: phases, milestones, shared goals and the quote; correcting and cancelling a session;
turning down a top-up; the secret calendar feed (fetched without a cookie); the self-assessments
compared; the pooled session feedback."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1
from tests.conftest import World

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def both_widths(page: Any) -> None:
    """axe at the desktop width, then again at phone width (the page reloaded: GET pages only)."""
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.reload()
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    page.reload()


def test_phases_milestones_quote_and_sessions(page: Any, bworld: World) -> None:
    from tests.engagements.conftest import END, START, log, package

    engagement = package(bworld, title="Northern programme", days="5")
    session = log(bworld, engagement, "1")
    page.set_viewport_size(DESKTOP)
    sign_in_with_mfa(page, bworld.consultant_uk.email)
    page.goto(f"/engagements/{engagement.public_id}/")
    main = page.locator("main")

    click_and_load(page, main.get_by_role("link", name="Add a phase"))
    expect(h1(page)).to_have_text("Add a phase")
    both_widths(page)
    main.get_by_label("Name of the phase").fill("Discovery")
    main.get_by_label("Start date").fill((START + datetime.timedelta(days=5)).isoformat())
    main.get_by_label("End date").fill(START.isoformat())
    click_and_load(page, main.get_by_role("button", name="Add the phase"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("on or after the start date")
    assert_accessible(page)
    main.get_by_label("End date").fill(END.isoformat())
    click_and_load(page, main.get_by_role("button", name="Add the phase"))
    expect(page.locator("#phases")).to_contain_text("Discovery")

    click_and_load(page, page.locator("#phases").get_by_role("link", name="Change"))
    expect(h1(page)).to_have_text("Change the phase")
    both_widths(page)
    click_and_load(page, main.get_by_role("link", name="Remove this phase"))
    expect(h1(page)).to_have_text("Remove the phase")
    both_widths(page)
    click_and_load(page, main.get_by_role("button", name="Remove the phase"))
    expect(page.locator("#phases")).to_have_count(0)

    click_and_load(page, main.get_by_role("link", name="Add a milestone"))
    expect(h1(page)).to_have_text("Add a milestone")
    both_widths(page)
    main.get_by_label("Name of the milestone").fill("Final report")
    main.get_by_label("Due date").fill(END.isoformat())
    click_and_load(page, main.get_by_role("button", name="Add the milestone"))
    expect(page.locator("#milestones")).to_contain_text("Final report")
    click_and_load(page, page.locator("#milestones").get_by_role("link", name="Change"))
    expect(h1(page)).to_have_text("Change the milestone")
    both_widths(page)
    main.get_by_label("Date it was reached").fill(START.isoformat())
    click_and_load(page, main.get_by_role("button", name="Mark it reached"))
    expect(page.locator("#milestones")).to_contain_text("reached")

    click_and_load(page, main.get_by_role("link", name="Keep a quote from the client"))
    expect(h1(page)).to_have_text("The client's words")
    both_widths(page)
    main.get_by_label("The client's words").fill("It changed how we plan together.")
    click_and_load(page, main.get_by_role("button", name="Save the quote"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("agreed to it")
    assert_accessible(page)
    main.get_by_label("The client has agreed").check()
    click_and_load(page, main.get_by_role("button", name="Save the quote"))
    expect(main.locator("blockquote")).to_contain_text("It changed how we plan together.")

    click_and_load(page, page.locator("#session-table").get_by_role("link", name="Change").first)
    expect(h1(page)).to_have_text("Change the session")
    both_widths(page)
    main.get_by_label("Days used").fill("6")
    click_and_load(page, main.get_by_role("button", name="Save the session"))
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    main.get_by_label("Days used").fill("1.5")
    click_and_load(page, main.get_by_role("button", name="Save the session"))
    expect(page.locator("#drawdown")).to_contain_text("1.5 of 5 days used")

    page.goto(f"/engagements/{engagement.public_id}/sessions/{session.pk}/")
    click_and_load(page, main.get_by_role("link", name="Cancel this session"))
    expect(h1(page)).to_have_text("Cancel the session")
    both_widths(page)
    click_and_load(page, main.get_by_role("button", name="Cancel the session"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Why is it cancelled?")
    main.get_by_label("Why is it cancelled?").fill("It was logged twice.")
    click_and_load(page, main.get_by_role("button", name="Cancel the session"))
    expect(page.locator("#drawdown")).to_contain_text("0 of 5 days used")
    expect(page.locator("#session-table")).to_contain_text("Cancelled")
    assert_accessible(page)


def test_turning_down_a_top_up_and_the_calendar_feed(page: Any, bworld: World) -> None:
    from recoverynet.engagements import services
    from tests.engagements.conftest import log, package

    engagement = package(bworld, title="Alpha package", days="5")
    log(bworld, engagement, "1")
    services.top_up_request(
        actor=bworld.consultant_uk, engagement=engagement, days=Decimal("2"), reason="More teams"
    )
    page.set_viewport_size(DESKTOP)
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    page.goto(f"/engagements/{engagement.public_id}/")
    main = page.locator("main")
    click_and_load(page, main.get_by_role("link", name="Turn down"))
    expect(h1(page)).to_have_text("Turn down extra days")
    both_widths(page)
    click_and_load(page, main.get_by_role("button", name="Turn down the extra days"))
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    main.get_by_label("Why are the extra days not approved?").fill("The budget is spent.")
    click_and_load(page, main.get_by_role("button", name="Turn down the extra days"))
    expect(page.locator("#top-ups + ul")).to_contain_text("Turned down")

    page.goto("/engagements/")
    click_and_load(page, main.get_by_role("link", name="Your calendar feed"))
    expect(h1(page)).to_have_text("Your calendar feed")
    both_widths(page)
    click_and_load(page, main.get_by_role("button", name="Make my calendar feed address"))
    address = page.locator("#feed-url").input_value()
    assert "/engagements/feed/" in address
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    # A calendar application has no cookie: a fresh request context fetches the feed.
    fresh = page.context.browser.new_context()
    try:
        answer = fresh.request.get(address)
        assert answer.status == 200 and "BEGIN:VCALENDAR" in answer.text()
        click_and_load(page, main.get_by_role("button", name="Turn my calendar feed off"))
        assert fresh.request.get(address).status == 404
    finally:
        fresh.close()
    expect(page.locator("#feed-status")).to_contain_text("no calendar feed yet")


@override_settings(SUPPRESS_PEOPLE_BELOW=2)
def test_the_client_compares_rounds_and_reads_pooled_feedback(page: Any, bworld: World) -> None:
    from recoverynet.challenges import frameworks
    from recoverynet.challenges import services as challenge_services
    from recoverynet.engagements import services
    from recoverynet.engagements.feedback import KIND
    from recoverynet.feedback import services as feedback_services
    from tests.engagements.conftest import log, package
    from tests.feedback.conftest import answers_for

    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    one = framework.challenges.get(number=1)
    level = framework.levels.order_by("order").first()
    assert level is not None
    rounds = []
    for title, value in (("Before", 1), ("After", 3)):
        round_ = challenge_services.round_start(
            actor=bworld.lead_a, organisation=bworld.org_a, framework=framework, title=title
        )
        challenge_services.consensus_set(
            actor=bworld.lead_a,
            round_=round_,
            challenge_id=one.pk,
            level_key=level.key,
            value=value,
        )
        rounds.append(round_)
    engagement = package(bworld, title="Coaching for Alpha", days="5")
    services.rounds_link(
        actor=bworld.consultant_uk,
        engagement=engagement,
        before=rounds[0].public_id,
        after=rounds[1].public_id,
    )
    for n, word in enumerate(("Hopeful", "Brave")):
        session = log(bworld, engagement, on=TODAY - datetime.timedelta(days=5 - n))
        form = feedback_services.form_create(
            actor=bworld.consultant_uk, target_kind=KIND, target_id=str(session.public_id)
        )
        form = feedback_services.form_open(actor=bworld.consultant_uk, form=form)
        feedback_services.response_submit(
            actor=bworld.lead_a, form=form, answers=answers_for(form, word=word)
        )
        feedback_services.form_close(actor=bworld.consultant_uk, form=form)

    page.set_viewport_size(DESKTOP)
    sign_in(page, bworld.lead_a.email)
    page.goto(f"/engagements/{engagement.public_id}/")
    expect(page.locator("#pooled-feedback")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Fewer than 2 people answered")
    expect(page.locator("main")).to_contain_text("2 people, from 2 sessions")
    both_widths(page)
    click_and_load(
        page,
        page.get_by_role("link", name="Compare the two self-assessments, challenge by challenge"),
    )
    expect(h1(page)).to_have_text("Self-assessment before and after")
    expect(page.locator("#challenge-1")).to_contain_text("Up 2")
    both_widths(page)
