"""Feedback and debates in a real browser, decision 0036: the projector updated by Server-Sent
Events (its htmx polling paused while events arrive), room cards (making and printing them, and a
phone without a sign-in or an e-mail address answering a form and voting with one; a replayed card
refused) and linking a speaker to an account. axe-core checks every new page, at phone width too."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.feedback import services
from recoverynet.feedback.models import Response, Vote
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import visit
from tests.conftest import World, make_user
from tests.feedback.conftest import make_room

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MOTION = "Peer workers should be distinct roles"


def accessible_at_both_widths(page: Any) -> None:
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    expect(page.locator("main")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def test_the_projector_updates_by_server_sent_events(
    page: Any, bworld: World, settings: Any
) -> None:
    settings.FEEDBACK_SSE_SECONDS = 4  # short streams: the browser reconnects on its own
    # The live server is shared by the session's tests; a stream another test's page left open
    # ends only at its next check, so it must not take this page's place.
    settings.FEEDBACK_SSE_STREAMS_PER_PROCESS = 4
    room = make_room(bworld, people=6)
    debate = services.debate_create(actor=bworld.coordinator_uk, motion=MOTION, **room.target)
    debate.poll_seconds = 1
    debate.save(update_fields=["poll_seconds"])
    polls: list[str] = []
    page.on("request", lambda r: polls.append(r.url) if "/projector/live/" in r.url else None)
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    page.goto(f"/debates/{debate.public_id}/projector/")
    expect(page.locator("html")).to_have_attribute("data-projector-stream", "live")
    expect(page.locator("#projector-status")).to_have_text("Voting opens soon")
    assert_accessible(page)
    page.evaluate("() => { window.notReloaded = true; }")
    polled_before = len(polls)
    services.round_open(actor=bworld.coordinator_uk, debate=debate, kind="before")
    expect(page.locator("#projector-status")).to_have_text("Vote now: before the debate")
    for person, choice in zip(room.attendees, ["for"] * 4 + ["against"] * 2, strict=True):
        services.vote_cast(actor=person, debate=debate, kind="before", choice=choice)
    page.wait_for_timeout(5000)  # past the end of a stream: it reconnects
    services.round_close(actor=bworld.coordinator_uk, debate=debate, kind="before")
    expect(page.locator("#projector-live")).to_contain_text("66.7% (4)")
    assert page.evaluate("() => window.notReloaded === true")
    # Polling paused while events arrived (at most a poll in a reconnection's gap).
    assert len(polls) - polled_before <= 3, polls
    accessible_at_both_widths(page)


def test_room_cards_let_a_phone_without_e_mail_answer_once(page: Any, bworld: World) -> None:
    room = make_room(bworld, people=2)
    form = services.form_open(
        actor=bworld.coordinator_uk,
        form=services.form_create(actor=bworld.coordinator_uk, **room.target),
    )
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, f"/manage/feedback-forms/{form.public_id}/", form.title)
    click_and_load(page, page.get_by_role("link", name="Make room cards to print"))
    expect(page.locator("h1")).to_have_text("Make room cards")
    page.get_by_label("How many cards?").fill("0")
    click_and_load(page, page.get_by_role("button", name="Make the cards"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Make at least 1 card")
    accessible_at_both_widths(page)
    page.get_by_label("How many cards?").fill("2")
    click_and_load(page, page.get_by_role("button", name="Make the cards"))
    expect(page.locator(".rn-room-card")).to_have_count(2)
    accessible_at_both_widths(page)
    code = page.locator(".rn-room-card__code").first.inner_text()
    # A phone with no sign-in scans the room's QR code.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    visit(page, f"/f/{form.short_code}/", form.title)
    page.get_by_label("Code on your card").fill("WRONG123")
    click_and_load(page, page.get_by_role("button", name="Join with my card"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("That code is not right")
    assert_accessible(page)
    page.get_by_label("Code on your card").fill(code)
    click_and_load(page, page.get_by_role("button", name="Join"))
    expect(page.locator("main")).to_contain_text("You joined with a room card")
    assert_accessible(page)
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Yes", exact=True).check()
    click_and_load(page, page.get_by_role("button", name="Send my feedback"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your feedback is saved")
    accessible_at_both_widths(page)
    # The same card on a second phone (or after clearing cookies) is refused.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    visit(page, f"/join/?code={code.replace(' ', '')}", "Join with your card")
    click_and_load(page, page.get_by_role("button", name="Join", exact=True))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("already been used")
    accessible_at_both_widths(page)
    assert Response.objects.count() == 1


def test_walk_in_voting_with_a_card_on_a_phone(page: Any, bworld: World) -> None:
    room = make_room(bworld, people=1)
    debate = services.debate_create(
        actor=bworld.coordinator_uk, motion=MOTION, walk_ins=True, **room.target
    )
    (code,) = services.cards_issue(actor=bworld.coordinator_uk, obj=debate, count=1)
    services.round_open(actor=bworld.coordinator_uk, debate=debate, kind="before")
    page.set_viewport_size(PHONE)
    visit(page, f"/d/{debate.short_code}/", MOTION)
    page.get_by_label("Code on your card").fill(code.lower())
    click_and_load(page, page.get_by_role("button", name="Join the vote"))
    page.get_by_label("Against", exact=True).check()
    click_and_load(page, page.get_by_role("button", name="Vote"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Your vote is in: Against")
    assert_accessible(page)
    page.context.clear_cookies()
    visit(page, f"/vote/{debate.public_id}/", MOTION)
    page.get_by_label("Code on your card").fill(code)
    click_and_load(page, page.get_by_role("button", name="Join the vote"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("already been used")
    assert_accessible(page)
    assert Vote.objects.count() == 1


def test_linking_a_speaker_and_what_the_speaker_sees(page: Any, bworld: World) -> None:
    room = make_room(bworld, people=1)
    debate = services.debate_create(
        actor=bworld.coordinator_uk,
        motion=MOTION,
        speakers=[services.SpeakerInput(side="for", name="Sam Patel")],
        **room.target,
    )
    sam = make_user("sam.patel@example.org", full_name="Sam Patel")
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, f"/manage/debates/{debate.public_id}/", MOTION)
    speaker = debate.speakers.get()
    link = page.locator(f'main a[href$="/speakers/{speaker.pk}/"]')
    expect(link).to_contain_text("Link to an account")
    click_and_load(page, link)
    expect(page.locator("h1")).to_have_text("Link Sam Patel to an account")
    page.get_by_label("E-mail address of their account").fill("nobody@example.org")
    click_and_load(page, page.get_by_role("button", name="Link the account"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("no account with that")
    accessible_at_both_widths(page)
    page.get_by_label("E-mail address of their account").fill(sam.email)
    click_and_load(page, page.get_by_role("button", name="Link the account"))
    expect(page.locator("main")).to_contain_text("linked to an account")
    page.goto(f"/manage/debates/{debate.public_id}/speakers/{speaker.pk}/")
    expect(page.locator("#linked-to")).to_have_text("Sam Patel")
    accessible_at_both_widths(page)
    page.context.clear_cookies()
    sign_in(page, sam.email)
    visit(page, "/me/feedback/", "Feedback to give")
    expect(page.locator("#speaking")).to_contain_text(MOTION)
    accessible_at_both_widths(page)
    click_and_load(page, page.get_by_role("link", name=MOTION))
    expect(page.locator("main")).to_contain_text("Sam Patel")
    page.goto("/me/feedback/")
    leave = page.locator("#speaking button")
    expect(leave).to_contain_text("Remove the link to my account")
    click_and_load(page, leave)
    expect(page.locator("#speaking")).to_have_count(0)
    assert_accessible(page)
