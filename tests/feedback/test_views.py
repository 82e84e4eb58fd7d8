"""The pages: answering from a browser, building a form, moderating, running a debate, voting
from a phone (with and without a sign-in), the projector and the report."""

from __future__ import annotations

import pytest
from django.core import mail  # noqa: F401  (outbox sends are counted, not printed)
from django.test import Client
from django.urls import reverse

from recoverynet.feedback import services
from recoverynet.feedback.models import Debate, FeedbackForm, Question, Respondent, Response, Vote
from tests.conftest import page_queries, sign_in

from .conftest import answers_for, make_room

pytestmark = pytest.mark.django_db


def _post_answers(client, form, **kw):
    data = {f"q{k}": v for k, v in answers_for(form, **kw).items()}
    return client.post(reverse("feedback:answer", args=[form.public_id]), data)


def test_an_attendee_answers_then_changes_their_answers(world, room, open_form):
    client = sign_in(Client(), room.attendees[0])
    page = client.get(reverse("feedback:answer", args=[open_form.public_id]))
    assert page.status_code == 200 and b"A word or phrase to sum up the day" in page.content
    assert _post_answers(client, open_form, word="Reassuring").status_code == 302
    again = client.get(reverse("feedback:answer", args=[open_form.public_id]))
    assert b'value="Reassuring"' in again.content and b"Save my changes" in again.content
    assert _post_answers(client, open_form, word="Positive").status_code == 302
    assert Response.objects.count() == 1 and Respondent.objects.count() == 1


def test_bad_answers_show_a_message_per_field(world, room, open_form):
    client = sign_in(Client(), room.attendees[0])
    response = _post_answers(client, open_form, rating="", word="w" * 80, helped="   x" * 600)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Choose a rating" in text and "60 characters or fewer" in text
    assert "2000 characters or fewer" in text
    assert Response.objects.count() == 0


def test_someone_who_did_not_attend_sees_why_and_cannot_post(world, room, open_form):
    client = sign_in(Client(), room.absent)
    page = client.get(reverse("feedback:answer", args=[open_form.public_id]))
    assert b"Only people who attended" in page.content and b"Send my feedback" not in page.content
    assert _post_answers(client, open_form).status_code == 403
    assert Response.objects.count() == 0


def test_the_short_link_and_my_feedback(world, room, open_form):
    client = sign_in(Client(), room.attendees[0])
    short = client.get(reverse("feedback:short-link", args=[open_form.short_code.lower()]))
    assert short.status_code == 302 and str(open_form.public_id) in short["Location"]
    mine = client.get(reverse("feedback:my-feedback"))
    assert open_form.title.encode() in mine.content and b"To answer" in mine.content
    bookings = client.get(reverse("events:my-bookings"))
    assert b"Feedback to give" in bookings.content


def test_an_organiser_builds_and_opens_a_form(world, room):
    client = world.client_for("coordinator_uk")
    target = reverse("feedback:for-target", args=["event", room.event.public_id])
    assert client.get(target).status_code == 200
    created = client.post(reverse("feedback:form-create", args=["event", room.event.public_id]))
    assert created.status_code == 302
    form = FeedbackForm.objects.get()
    manage = reverse("feedback:form-manage", args=[form.public_id])
    page = client.get(manage)
    assert page.status_code == 200 and b"data:image/svg+xml;base64," in page.content
    bad = client.post(
        manage,
        {
            "add_question": "1",
            "kind": "choice",
            "text": "Which table?",
            "choices": "Only one",
            "max_length": "100",
        },
    )
    assert bad.status_code == 400 and b"between 2 and 10 choices" in bad.content
    ok = client.post(
        manage,
        {
            "add_question": "1",
            "kind": "choice",
            "text": "Which table?",
            "choices": "Red\nBlue",
            "max_length": "100",
        },
    )
    assert ok.status_code == 302 and Question.objects.filter(text="Which table?").exists()
    q = Question.objects.get(text="Which table?")
    client.post(reverse("feedback:question-action", args=[form.public_id, q.pk]), {"action": "up"})
    assert Question.objects.get(pk=q.pk).order == 6
    client.post(reverse("feedback:form-status", args=[form.public_id]), {"action": "open"})
    form.refresh_from_db()
    assert form.status == "open"
    bad_settings = client.post(
        manage,
        {
            "save_settings": "1",
            "title": "  ",
            "invite_delay_hours": "-1",
            "contact_retention_days": "9",
        },
    )
    assert bad_settings.status_code == 400


def test_moderation_from_the_results_page(world, room, open_form):
    for i, person in enumerate(room.attendees[:8]):
        services.response_submit(
            actor=person, form=open_form, answers=answers_for(open_form, helped=f"Helped {i}")
        )
    client = world.client_for("coordinator_uk")
    results = reverse("feedback:results", args=[open_form.public_id])
    page = client.get(results)
    assert b"Helped 4" in page.content and b"Hopeful" in page.content
    answer = open_form.responses.first().answers.get(question__text="What helped?")
    moderate = reverse("feedback:answer-moderate", args=[open_form.public_id, answer.pk])
    assert client.post(moderate, {"reason": "  "}).status_code == 400
    assert client.post(moderate, {"reason": "Names a person"}).status_code == 302
    assert answer.text.encode() not in client.get(results).content
    assert world.client_for("lead_a").post(moderate, {"action": "show"}).status_code == 404


def test_the_results_list_does_not_grow_in_queries(world, room, open_form):
    client = world.client_for("coordinator_uk")
    url = reverse("feedback:manage")
    few = page_queries(client, url)
    for i in range(3):
        extra = make_room(world, people=1, prefix=f"x{i}-", title=f"Day {i}")
        services.form_create(actor=world.coordinator_uk, **extra.target)
    assert page_queries(client, url) == few


def test_a_chair_runs_a_debate_and_phones_vote(world, room):
    chair = world.client_for("coordinator_uk")
    added = chair.post(
        reverse("feedback:debate-add", args=["event", room.event.public_id]),
        {
            "motion": "Peer workers should be distinct roles",
            "label_for": "For",
            "label_against": "Against",
            "label_undecided": "Undecided",
            "walk_ins": "on",
            "min_votes": "5",
        },
    )
    assert added.status_code == 302
    manage = added["Location"]
    debate = Debate.objects.get()
    assert (
        chair.post(manage, {"add_speaker": "1", "side": "for", "name": "Sam Peer"}).status_code
        == 302
    )
    action = reverse("feedback:debate-action", args=[debate.public_id])
    chair.post(action, {"action": "open", "round": "before"})
    vote_url = reverse("feedback:vote", args=[debate.public_id])
    # A signed-in attendee votes, then changes the vote.
    phone = sign_in(Client(), room.attendees[0])
    assert phone.post(vote_url, {"choice": "against"}).status_code == 302
    assert phone.post(vote_url, {"choice": "for"}).status_code == 302
    # A device without a sign-in joins with a room card.
    walk_in = Client()
    page = walk_in.get(vote_url)
    assert b"Sign in to vote" in page.content and b"No sign-in?" in page.content
    assert (
        walk_in.post(
            reverse("feedback:join", args=[debate.public_id]), {"code": "NOPE99"}
        ).status_code
        == 400
    )
    (card,) = services.cards_issue(actor=world.coordinator_uk, obj=debate, count=1)
    assert (
        walk_in.post(reverse("feedback:join", args=[debate.public_id]), {"code": card}).status_code
        == 302
    )
    assert walk_in.post(vote_url, {"choice": "undecided"}).status_code == 302
    assert walk_in.post(vote_url, {"choice": "sideways"}).status_code == 400
    assert sorted(Vote.objects.values_list("choice", flat=True)) == ["for", "undecided"]
    # The projector shows the round's status but not a running tally.
    live = chair.get(reverse("feedback:projector-live", args=[debate.public_id]))
    assert b"Vote now" in live.content and b'hx-trigger="every 2s"' in live.content
    projector = chair.get(reverse("feedback:projector", args=[debate.public_id]))
    assert b'http-equiv="refresh"' in projector.content
    chair.post(action, {"action": "close", "round": "before"})
    assert walk_in.post(vote_url, {"choice": "for"}).status_code == 409
    live = chair.get(reverse("feedback:projector-live", args=[debate.public_id])).content
    assert b"Fewer than 5 votes" in live
    report = chair.get(reverse("feedback:debate-report", args=[debate.public_id]))
    assert report.status_code == 200 and b"Sam Peer" in report.content
    short = Client().get(reverse("feedback:debate-short", args=[debate.short_code]))
    assert short.status_code == 302 and short["Location"] == vote_url


def test_the_debate_report_pdf(world, room):
    debate = services.debate_create(actor=world.coordinator_uk, motion="A motion", **room.target)
    response = world.client_for("editor_uk").get(
        reverse("feedback:debate-report-pdf", args=[debate.public_id])
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
