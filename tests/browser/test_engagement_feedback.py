"""Feedback on an engagement session in a real browser: the consultant follows the session's
"Feedback" link to feedback's page and attaches a form; once the client's lead has answered and the
form has closed, the client sees the word on the engagement page. axe-core on every page, also at
phone width."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1
from tests.conftest import World

pytestmark = pytest.mark.browser


@override_settings(SUPPRESS_PEOPLE_BELOW=1)
def test_consultant_attaches_a_form_and_the_client_sees_the_word(page: Any, bworld: World) -> None:
    from recoverynet.feedback import services as feedback_services
    from recoverynet.feedback.models import FeedbackForm
    from tests.engagements.conftest import TODAY, log, package
    from tests.feedback.conftest import answers_for

    engagement = package(bworld, title="Coaching for Alpha")
    session = log(bworld, engagement, on=TODAY - datetime.timedelta(days=1))
    sign_in_with_mfa(page, bworld.consultant_uk.email)
    page.goto(f"/engagements/{engagement.public_id}/")
    expect(h1(page)).to_have_text("Coaching for Alpha")
    assert_accessible(page)
    click_and_load(page, page.locator("#session-table").get_by_role("link", name="Feedback"))
    assert_accessible(page)
    click_and_load(page, page.get_by_role("button", name="Add a feedback form"))
    form = FeedbackForm.objects.get(target_id=str(session.public_id))
    assert form.target_kind == "engagement_session"

    form = feedback_services.form_open(actor=bworld.consultant_uk, form=form)
    feedback_services.response_submit(
        actor=bworld.lead_a, form=form, answers=answers_for(form, word="Hopeful")
    )
    feedback_services.form_close(actor=bworld.consultant_uk, form=form)

    page.context.clear_cookies()
    client = page
    sign_in(client, bworld.lead_a.email)
    client.goto(f"/engagements/{engagement.public_id}/")
    expect(client.locator(f"#words-{session.public_id}")).to_contain_text("Hopeful")
    assert_accessible(client)
    client.set_viewport_size({"width": 390, "height": 844})
    client.reload()
    assert_accessible(client)
