"""Pooled session feedback is published once and frozen (decision 0042): moderating an answer
after its block was shown never shows the block again with one answer fewer, so comparing the
page before and after cannot reveal the moderated answer; the moderated text is never shown."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import TestCase, override_settings
from django.urls import reverse

from recoverynet.core.models import AggregateSnapshot
from recoverynet.engagements import selectors, services
from recoverynet.engagements.feedback import KIND
from recoverynet.engagements.jobs import _session_feedback
from recoverynet.feedback import services as feedback_services
from recoverynet.feedback.models import Answer, QuestionPurpose
from tests.conftest import World, token_client
from tests.engagements.conftest import TODAY, log, package
from tests.feedback.conftest import answers_for

# One person per session, each with a different rating: a live recount would move the mean.
ANSWERS = (("Hopeful", 5, "Yes"), ("Clearer", 4, "Yes"), ("Brave", 1, "No"), ("Together", 3, "Yes"))


@pytest.fixture
def forms(world: World) -> tuple[Any, list[Any]]:
    engagement = package(world, days="10")
    out = []
    for n, (word, rating, recommend) in enumerate(ANSWERS):
        session = log(world, engagement, on=TODAY - datetime.timedelta(days=10 - n))
        form = feedback_services.form_create(
            actor=world.consultant_uk, target_kind=KIND, target_id=str(session.public_id)
        )
        form = feedback_services.form_open(actor=world.consultant_uk, form=form)
        feedback_services.response_submit(
            actor=world.lead_a,
            form=form,
            answers=answers_for(form, word=word, rating=rating, recommend=recommend),
        )
        out.append(form)
    return engagement, out


def _close(world: World, form: Any) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        feedback_services.form_close(actor=world.consultant_uk, form=form)


def _answer(form: Any, purpose: str) -> Answer:
    return Answer.objects.get(response__form=form, question__purpose=purpose)


def _hide(world: World, form: Any, purpose: str) -> None:
    feedback_services.answer_hide(
        actor=world.consultant_uk,
        form=form,
        answer_id=_answer(form, purpose).pk,
        reason="Names a member of staff",
    )


def _shown(world: World, engagement: Any, who: str = "lead_a") -> dict[str, Any]:
    """Everything the API shows of the pooled blocks (what a client sees)."""
    body = token_client(getattr(world, who)).get(
        f"/api/v1/engagements/{engagement.public_id}/feedback"
    )
    assert body.status_code == 200
    return body.json()


def _page(world: World, engagement: Any, who: str = "lead_a") -> str:
    url = reverse("engagements:detail", args=[engagement.public_id])
    return world.client_for(who).get(url).content.decode()


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_moderating_a_shown_block_keeps_its_figures(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[:3]:
        _close(world, form)
    before = _shown(world, engagement)
    (block,) = before["pooled"]
    assert block["respondents"] == 3 and block["mean_rating"] == 3.3
    assert sorted(w for w, _ in block["words"]) == ["Brave", "Clearer", "Hopeful"]
    assert "Brave" in _page(world, engagement)

    # The moderator hides the third person's word and (say) their rating and recommendation.
    for purpose in (QuestionPurpose.WORD, QuestionPurpose.OVERALL, QuestionPurpose.RECOMMEND):
        _hide(world, made[2], purpose)

    after = _shown(world, engagement)
    (again,) = after["pooled"]
    # The numbers are exactly as published: no difference to read the hidden rating from.
    for key in ("sessions", "respondents", "recommend", "mean_rating", "first_on", "last_on"):
        assert again[key] == block[key], key
    # The words are withdrawn as a whole: never shown again with one word fewer, so the
    # difference does not say which word was hidden; and the hidden word is gone.
    assert again["words"] == [] and again["words_withdrawn"] is True
    page = _page(world, engagement)
    for word in ("Brave", "Clearer", "Hopeful"):
        assert word not in page
    assert "a moderator hid one of them after they were published" in page
    # The team sees the same: no live recount for anyone.
    team = _shown(world, engagement, who="consultant_uk")["pooled"][0]
    assert team["mean_rating"] == block["mean_rating"] and team["words"] == []


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_moderating_only_a_number_changes_nothing_shown(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[:3]:
        _close(world, form)
    before = _shown(world, engagement)["pooled"]
    _hide(world, made[0], QuestionPurpose.OVERALL)
    assert _shown(world, engagement)["pooled"] == before


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_showing_the_answer_again_brings_back_the_same_words(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[:3]:
        _close(world, form)
    before = _shown(world, engagement)["pooled"]
    _hide(world, made[1], QuestionPurpose.WORD)
    assert _shown(world, engagement)["pooled"][0]["words_withdrawn"]
    feedback_services.answer_show(
        actor=world.consultant_uk, form=made[1], answer_id=_answer(made[1], "word").pk
    )
    assert _shown(world, engagement)["pooled"] == before


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_an_answer_hidden_before_publication_is_never_shown(world: World, forms: Any) -> None:
    engagement, made = forms
    _close(world, made[0])
    _close(world, made[1])
    _hide(world, made[0], QuestionPurpose.WORD)
    _close(world, made[2])
    (block,) = _shown(world, engagement)["pooled"]
    assert sorted(w for w, _ in block["words"]) == ["Brave", "Clearer"]
    assert block["respondents"] == 3 and not block["words_withdrawn"]
    assert "Hopeful" not in _page(world, engagement)


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_a_later_block_never_changes_an_earlier_one(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[:3]:
        _close(world, form)
    first = _shown(world, engagement)["pooled"]
    _close(world, made[3])
    snapshots = AggregateSnapshot.objects.filter(kind="engagements.session_feedback")
    assert snapshots.count() == 1  # one person waiting: nothing new published
    assert _shown(world, engagement)["pooled"] == first


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_nothing_is_shown_until_published_and_the_job_catches_up(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[:3]:  # closed without running the commit hooks: nothing published
        feedback_services.form_close(actor=world.consultant_uk, form=form)
    body = _shown(world, engagement)
    assert body["pooled"] == [] and body["pooled_waiting"] == 3
    assert _session_feedback() == 1
    assert _session_feedback() == 0  # published once
    assert _shown(world, engagement)["pooled"][0]["respondents"] == 3
    assert services.session_feedback_publish(engagement=engagement) == 0


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_a_buddying_partner_and_outsiders_see_no_blocks(world: World, forms: Any) -> None:
    engagement, made = forms
    for form in made[:3]:
        _close(world, form)
    for who in ("lead_b", "outsider"):
        got = token_client(getattr(world, who)).get(
            f"/api/v1/engagements/{engagement.public_id}/feedback"
        )
        assert got.status_code == 404
    found = selectors.engagement_get(actor=world.consultant_uk, public_id=engagement.public_id)
    assert selectors.session_feedback_pooled(actor=world.consultant_uk, found=found) is not None
