"""The demo's feedback and debates (and the library's earlier version): everything an organiser,
an attendee and a linked speaker can reach is there after `load_demo`, made once (issue #15's crawl
reaches every feedback page from it)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from recoverynet.accounts.models import User
from recoverynet.feedback import selectors
from recoverynet.feedback.demo import DRAFT_EVENT, SPEAKER, SPEAKER_EMAIL
from recoverynet.feedback.models import Debate, FeedbackForm, Speaker
from recoverynet.library.demo import FIRST_AS_LINK
from recoverynet.library.models import Resource
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_debate_to_run_a_form_to_answer_and_one_to_finish(client):
    call_command("load_demo", verbosity=0)
    counts = (Debate.objects.count(), FeedbackForm.objects.count(), Speaker.objects.count())
    debate = Debate.objects.get()
    peer = User.objects.get(email=SPEAKER_EMAIL)
    assert debate.speakers.get(name=SPEAKER).person == peer
    assert [s.debate for s in selectors.speaking_in(actor=peer)] == [debate]
    # The people who came to the debate have its open form to answer.
    to_answer = selectors.forms_to_answer(actor=peer)
    assert [(i["form"].target_id, i["answered"]) for i in to_answer] == [(debate.target_id, False)]
    member = User.objects.get(email="member@demo.recoverynet.example")
    assert [i["form"].status for i in selectors.forms_to_answer(actor=member)] == ["open"]
    draft = FeedbackForm.objects.get(target_label__startswith=DRAFT_EVENT)
    assert draft.status == "draft" and draft.questions.count() == 7
    # The organisers' feedback page leads to the draft's page and to the debate's report.
    coordinator = User.objects.get(email="coordinator.uk@demo.recoverynet.example")
    index = sign_in(client, coordinator).get(reverse("feedback:manage")).content.decode()
    assert reverse("feedback:for-target", args=["event", draft.target_id]) in index
    assert reverse("feedback:debate-report", args=[debate.public_id]) in index
    # A resource first shared as a link keeps that version in its history.
    (title,) = FIRST_AS_LINK
    resource = Resource.objects.get(title=title)
    first, latest = resource.versions.order_by("number")
    assert first.link and not latest.link
    call_command("load_demo", verbosity=0)
    assert (Debate.objects.count(), FeedbackForm.objects.count(), Speaker.objects.count()) == (
        counts
    )
    assert resource.versions.count() == 2
