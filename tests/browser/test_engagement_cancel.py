"""Cancelling a session in a real browser (decision 0042): the confirm step says what will happen,
or names what is attached and offers to change the session instead; each state checked with axe
on a desktop and at phone width (390 px)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_engagement_changes import DESKTOP, both_widths
from tests.browser.test_events import click_and_load, sign_in_with_mfa
from tests.browser.test_pages import h1
from tests.conftest import World

pytestmark = pytest.mark.browser
TODAY = datetime.date.today()


def test_the_cancel_confirm_step(page: Any, bworld: World) -> None:
    from recoverynet.engagements.feedback import KIND
    from recoverynet.feedback import services as feedback_services
    from tests.engagements.conftest import log, package
    from tests.feedback.conftest import answers_for

    engagement = package(bworld, title="Coaching for Alpha", days="5")
    answered = log(bworld, engagement, "1", on=TODAY - datetime.timedelta(days=3))
    unanswered = log(bworld, engagement, "1.5", on=TODAY - datetime.timedelta(days=2))
    forms = {}
    for session in (answered, unanswered):
        form = feedback_services.form_create(
            actor=bworld.consultant_uk, target_kind=KIND, target_id=str(session.public_id)
        )
        forms[session.pk] = feedback_services.form_open(actor=bworld.consultant_uk, form=form)
    feedback_services.response_submit(
        actor=bworld.lead_a, form=forms[answered.pk], answers=answers_for(forms[answered.pk])
    )

    page.set_viewport_size(DESKTOP)
    sign_in_with_mfa(page, bworld.consultant_uk.email)
    main = page.locator("main")

    page.goto(f"/engagements/{engagement.public_id}/sessions/{answered.pk}/cancel/")
    expect(h1(page)).to_have_text("Cancel the session")
    expect(page.locator("#cancel-blocked")).to_contain_text(
        "People have answered its feedback form"
    )
    expect(main.get_by_role("button", name="Cancel the session")).to_have_count(0)
    both_widths(page)
    click_and_load(page, main.get_by_role("link", name="change the session"))
    expect(h1(page)).to_have_text("Change the session")

    page.goto(f"/engagements/{engagement.public_id}/sessions/{unanswered.pk}/cancel/")
    expect(page.locator("#cancel-effects")).to_contain_text("(1.5 days) are free again")
    expect(page.locator("#cancel-effects")).to_contain_text("which nobody has answered, closes")
    both_widths(page)
    main.get_by_label("Why is it cancelled?").fill("It did not take place.")
    click_and_load(page, main.get_by_role("button", name="Cancel the session"))
    expect(page.locator("#drawdown")).to_contain_text("1 of 5 days used")
    expect(page.locator("#session-table")).to_contain_text("Cancelled")
    forms[unanswered.pk].refresh_from_db()
    assert forms[unanswered.pk].status == "closed"
