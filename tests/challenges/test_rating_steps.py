"""Rating one challenge per screen, with a summary (issue #15); the whole page stays an option."""

from __future__ import annotations

import pytest
from django.test import Client

from recoverynet.challenges.models import Rater, Rating
from tests.conftest import sign_in

from .conftest import cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(world):
    return sign_in(Client(), world.lead_a)


def _path(round_, query=""):
    return f"/self-assessment/{round_.public_id}/rate/{query}"


def test_one_challenge_per_screen_with_progress(lead, framework, round_):
    page = lead.get(_path(round_)).content.decode()
    assert "Challenge 1 of 10" in page
    assert page.count('<fieldset class="nhsuk-fieldset nhsuk-u-margin-bottom-6"') == 1
    assert 'name="perspective"' in page  # asked once, on the first screen
    assert "Show every challenge on one page" in page and "?all=1" in page
    second = lead.get(_path(round_, "?step=2")).content.decode()
    assert "Challenge 2 of 10" in second and 'name="perspective"' not in second
    assert "Back<span" in second


def test_next_saves_and_moves_on_back_saves_and_goes_back(lead, framework, round_):
    first, _ = cell(framework, 1)
    response = lead.post(
        _path(round_, "?step=1"),
        {f"c{first}-practice": "3", "perspective": "staff", "action": "next"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?step=2")
    assert Rating.objects.get(challenge_id=first).value == 3
    rater = Rater.objects.get(round=round_, user__isnull=False)
    assert rater.perspective == "staff"

    second, _ = cell(framework, 2)
    response = lead.post(
        _path(round_, "?step=2"), {f"c{second}-managerial": "dont_know", "action": "back"}
    )
    assert response["Location"].endswith("?step=1")
    assert Rating.objects.get(challenge_id=second).value is None  # "don't know" is kept
    rater.refresh_from_db()
    assert rater.perspective == "staff"  # a screen without the question leaves it alone

    last, _ = cell(framework, 10)
    response = lead.post(_path(round_, "?step=10"), {f"c{last}-strategic": "2", "action": "next"})
    assert response["Location"].endswith("?step=summary")


def test_autosave_on_a_screen(lead, framework, round_):
    third, _ = cell(framework, 3)
    response = lead.post(
        _path(round_, "?step=3"),
        {f"c{third}-practice": "4", "action": "autosave"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert Rating.objects.get(challenge_id=third).value == 4
    response = lead.post(
        _path(round_, "?step=3"),
        {f"c{third}-practice": "9", "action": "autosave"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert Rating.objects.get(challenge_id=third).value == 4


def test_bad_input_on_a_screen_says_so_and_saves_nothing(lead, framework, round_):
    first, _ = cell(framework, 1)
    response = lead.post(
        _path(round_, "?step=1"),
        {f"c{first}-practice": "", f"c{first}-practice-evidence": "x" * 2001, "action": "next"},
    )
    assert response.status_code == 400
    assert 'class="nhsuk-error-summary' in response.content.decode()
    assert not Rating.objects.exists()


def test_the_summary_lists_every_answer_and_sends(lead, framework, round_):
    first, _ = cell(framework, 1)
    lead.post(_path(round_, "?step=1"), {f"c{first}-practice": "3", "action": "next"})
    summary = lead.get(_path(round_, "?step=summary")).content.decode()
    assert "Check your ratings before you send them" in summary
    assert summary.count("Not answered") == 29  # 10 challenges x 3 levels, one answered
    assert "?step=1" in summary and "?step=10" in summary
    response = lead.post(_path(round_, "?step=summary"), {"action": "send"})
    assert response.status_code == 200
    assert "Thank you, your ratings have been sent" in response.content.decode()
    assert Rater.objects.get(round=round_, user__isnull=False).submitted_at is not None


def test_odd_step_numbers_land_on_a_real_screen(lead, framework, round_):
    for query, shown in (("?step=0", "1"), ("?step=99", "10"), ("?step=abc", "1")):
        page = lead.get(_path(round_, query)).content.decode()
        assert f"Challenge {shown} of 10" in page


def test_strangers_cannot_open_any_screen(world, framework, round_):
    for who in (world.lead_b, world.outsider):
        client = sign_in(Client(), who)
        for query in ("", "?step=2", "?step=summary", "?all=1"):
            assert client.get(_path(round_, query)).status_code in (403, 404)
