"""An engagement session's feedback, normally hidden (one or two people answer): the page says why,
and the answers of the engagement's sessions are pooled where that is safe (closed forms, in
order, in fixed blocks of at least the threshold), on the page and in the API."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import TestCase, override_settings
from django.urls import reverse

from recoverynet.engagements import selectors
from recoverynet.engagements.feedback import KIND
from recoverynet.feedback import services as feedback_services
from tests.conftest import World, token_client
from tests.engagements.conftest import TODAY, log, package
from tests.feedback.conftest import answers_for

WORDS = ("Hopeful", "Clearer", "Brave", "Together")


@pytest.fixture
def forms(world: World) -> tuple[Any, list[Any]]:
    engagement = package(world, days="10")
    out = []
    for n, word in enumerate(WORDS):
        session = log(world, engagement, on=TODAY - datetime.timedelta(days=10 - n))
        form = feedback_services.form_create(
            actor=world.consultant_uk, target_kind=KIND, target_id=str(session.public_id)
        )
        form = feedback_services.form_open(actor=world.consultant_uk, form=form)
        feedback_services.response_submit(
            actor=world.lead_a, form=form, answers=answers_for(form, word=word)
        )
        out.append(form)
    return engagement, out


def _pooled(world: World, engagement: Any, who: str = "consultant_uk") -> Any:
    actor = getattr(world, who)
    found = selectors.engagement_get(actor=actor, public_id=engagement.public_id)
    return selectors.session_feedback_pooled(actor=actor, found=found)


def _close(world: World, form: Any) -> None:
    # Inside a test nothing commits: run what a commit runs (the engagement publishes its blocks).
    with TestCase.captureOnCommitCallbacks(execute=True):
        feedback_services.form_close(actor=world.consultant_uk, form=form)


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_pooled_in_fixed_blocks_of_closed_forms(world: World, forms: Any) -> None:
    engagement, made = forms
    _close(world, made[0])
    _close(world, made[1])
    pooled = _pooled(world, engagement)
    assert pooled.blocks == [] and pooled.waiting == 2 and pooled.still_open == 2
    _close(world, made[2])
    pooled = _pooled(world, engagement)
    (block,) = pooled.blocks
    assert block.respondents == 3
    assert sorted(w for w, _ in block.words) == sorted(WORDS[:3])
    assert block.recommend == [("Yes", 3)]
    assert pooled.still_open == 1
    # Closing the fourth changes nothing shown: the block is fixed, one more person waits.
    _close(world, made[3])
    again = _pooled(world, engagement)
    assert again.blocks[0].words == block.words and len(again.blocks) == 1
    assert again.waiting == 1 and again.still_open == 0


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_an_earlier_open_form_holds_the_later_ones_back(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[1:]:
        _close(world, form)
    pooled = _pooled(world, engagement)
    assert pooled.blocks == [] and pooled.still_open == 4


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_the_page_says_why_and_shows_what_is_safe(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[:3]:
        _close(world, form)
    url = reverse("engagements:detail", args=[engagement.public_id])
    for who in ("consultant_uk", "lead_a"):
        body = world.client_for(who).get(url).content.decode()
        assert "Fewer than 3 people answered, so the answers are hidden to protect them" in body
        assert "All the sessions together" in body and "3 people, from 3 sessions" in body
        assert "Hopeful" in body and "Together" not in body


def test_the_threshold_is_kept(world: World, forms: Any) -> None:
    """At the real threshold (8), four people are not enough even together."""
    engagement, made = forms
    for form in made:
        _close(world, form)
    pooled = _pooled(world, engagement)
    assert pooled.blocks == [] and pooled.waiting == 4
    body = world.client_for("consultant_uk").get(
        reverse("engagements:detail", args=[engagement.public_id])
    )
    assert b"Hopeful" not in body.content and b"Not enough people have answered yet" in body.content


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_others_see_nothing(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[:3]:
        _close(world, form)
    for who in ("lead_b", "editor_uk", "outsider"):
        assert (
            world.client_for(who)
            .get(reverse("engagements:detail", args=[engagement.public_id]))
            .status_code
            == 404
        )
        assert (
            token_client(getattr(world, who))
            .get(f"/api/v1/engagements/{engagement.public_id}/feedback")
            .status_code
            == 404
        )


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_the_api(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[:3]:
        _close(world, form)
    data = token_client(world.lead_a).get(f"/api/v1/engagements/{engagement.public_id}/feedback")
    assert data.status_code == 200
    body = data.json()
    assert body["minimum"] == 3 and len(body["sessions"]) == 4
    closed = next(s for s in body["sessions"] if s["form"] == str(made[0].public_id))
    assert not closed["answers_shown"] and "Fewer than 3 people" in closed["hidden_because"]
    assert closed["answered"] is None  # the client does not see counts below the threshold
    (block,) = body["pooled"]
    assert block["respondents"] == 3 and block["sessions"] == 3
    assert body["still_open"] == 1
