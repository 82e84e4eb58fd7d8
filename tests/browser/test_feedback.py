"""Feedback and debates in a real browser: an attendee answering on a phone, the organiser's
results, voting from a phone-width screen (signed in, and as a walk-in with a room card), and the
projector view updating itself without a reload. axe-core checks every page visited."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.feedback import services
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import visit
from tests.conftest import World
from tests.feedback.conftest import answers_for, make_room

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MOTION = "Peer workers should be distinct roles"


def test_an_attendee_answers_on_a_phone_and_the_organiser_sees_results(
    page: Any, bworld: World
) -> None:
    room = make_room(bworld, people=9)
    form = services.form_open(
        actor=bworld.coordinator_uk,
        form=services.form_create(actor=bworld.coordinator_uk, **room.target),
    )
    for person in room.attendees[1:]:
        services.response_submit(actor=person, form=form, answers=answers_for(form))
    page.set_viewport_size(PHONE)
    sign_in(page, room.attendees[0].email)
    visit(page, f"/feedback/{form.public_id}/", form.title)
    click_and_load(page, page.get_by_role("button", name="Send my feedback"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a rating")
    assert_accessible(page)
    page.get_by_label("4", exact=True).check()
    page.get_by_label("A word or phrase to sum up the day (optional)").fill("Reassuring")
    page.get_by_label("Yes", exact=True).check()
    click_and_load(page, page.get_by_role("button", name="Send my feedback"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your feedback is saved")
    assert_accessible(page)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, f"/feedback/{form.public_id}/results/", f"Results: {form.title}")
    expect(page.locator("#answered")).to_contain_text("9 people of 9 who attended")
    expect(page.locator("main svg[role=img]").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Reassuring")


def test_voting_from_a_phone_signed_in_and_as_a_walk_in(page: Any, bworld: World) -> None:
    room = make_room(bworld, people=2)
    debate = services.debate_create(
        actor=bworld.coordinator_uk, motion=MOTION, walk_ins=True, **room.target
    )
    (card,) = services.cards_issue(actor=bworld.coordinator_uk, obj=debate, count=1)
    services.round_open(actor=bworld.coordinator_uk, debate=debate, kind="before")
    page.set_viewport_size(PHONE)
    # A device without a sign-in joins with a one-time room card.
    visit(page, f"/d/{debate.short_code}/", MOTION)
    page.get_by_label("Code on your card").fill("WRONG999")
    click_and_load(page, page.get_by_role("button", name="Join the vote"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("That code is not right")
    assert_accessible(page)
    page.get_by_label("Code on your card").fill(card.lower())
    click_and_load(page, page.get_by_role("button", name="Join the vote"))
    assert_accessible(page)
    page.get_by_label("Against", exact=True).check()
    click_and_load(page, page.get_by_role("button", name="Vote"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your vote is in: Against")
    page.get_by_label("For", exact=True).check()
    click_and_load(page, page.get_by_role("button", name="Vote"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your vote is in: For")
    assert_accessible(page)
    # A checked-in attendee votes as themselves.
    page.context.clear_cookies()
    sign_in(page, room.attendees[0].email)
    visit(page, f"/vote/{debate.public_id}/", MOTION)
    page.get_by_label("Undecided", exact=True).check()
    click_and_load(page, page.get_by_role("button", name="Vote"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Undecided")
    from recoverynet.feedback.models import Vote

    assert sorted(Vote.objects.values_list("choice", flat=True)) == ["for", "undecided"]


def test_the_projector_updates_without_a_reload(page: Any, bworld: World, settings: Any) -> None:
    # Server-Sent Events off: this is the htmx polling every projector falls back to (the stream
    # has its own test in test_feedback_live.py).
    settings.FEEDBACK_SSE_STREAMS_PER_PROCESS = 0
    room = make_room(bworld, people=6)
    debate = services.debate_create(actor=bworld.coordinator_uk, motion=MOTION, **room.target)
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    page.goto(f"/debates/{debate.public_id}/projector/")
    expect(page.locator("#projector-status")).to_have_text("Voting opens soon")
    assert_accessible(page)
    page.evaluate("() => { window.notReloaded = true; }")
    services.round_open(actor=bworld.coordinator_uk, debate=debate, kind="before")
    expect(page.locator("#projector-status")).to_have_text("Vote now: before the debate")
    assert_accessible(page)
    for person, choice in zip(room.attendees, ["for"] * 4 + ["against"] * 2, strict=True):
        services.vote_cast(actor=person, debate=debate, kind="before", choice=choice)
    services.round_close(actor=bworld.coordinator_uk, debate=debate, kind="before")
    expect(page.locator("#projector-status")).to_have_text("Result before the debate")
    expect(page.locator("#projector-live")).to_contain_text("66.7% (4)")
    assert page.evaluate("() => window.notReloaded === true")
    assert_accessible(page)
