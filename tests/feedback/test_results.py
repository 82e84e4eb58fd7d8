"""Results: counts, distributions, words and comments; suppression; moderation; export; summary."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recoverynet.core.errors import ApplicationError
from recoverynet.feedback import selectors, services
from recoverynet.feedback.models import Answer
from tests.conftest import sign_in

from .conftest import answers_for, make_room

pytestmark = pytest.mark.django_db

WORDS = [
    "Improvement in progress",
    "Hopeful",
    "Exciting",
    "Reassuring",
    "Positive",
    "hopeful",
    "Hopeful ",
    "Positive",
]


def _answer_all(form, people, *, helped='=HYPERLINK("http://evil")'):
    for i, person in enumerate(people):
        services.response_submit(
            actor=person,
            form=form,
            answers=answers_for(
                form,
                rating=5 - (i % 3),
                word=WORDS[i % len(WORDS)],
                recommend=["Yes", "Yes", "Maybe"][i % 3],
                helped=helped if i == 0 else f"Helped {i}",
                note="Please send the slides" if i == 1 else "",
            ),
        )


def test_results_count_distribution_words_and_rate(world, room, open_form):
    _answer_all(open_form, room.attendees[:8])
    r = selectors.form_results(actor=world.coordinator_uk, form=open_form)
    assert r.respondents == 8 and r.attendees == 10 and r.rate == 80
    assert r.answers_shown and r.counts_shown
    overall = next(q for q in r.questions if q.question.purpose == "overall")
    assert overall.distribution == [("5", 3), ("4", 3), ("3", 2), ("2", 0), ("1", 0)]
    assert overall.mean == 4.1
    word = next(q for q in r.questions if q.question.purpose == "word")
    assert word.words[0] == ("Hopeful", 3)
    assert ("Improvement in progress", 1) in word.words and ("Positive", 2) in word.words
    assert "Hopeful" in word.cloud.svg and "<title" in word.cloud.svg
    recommend = next(q for q in r.questions if q.question.purpose == "recommend")
    assert recommend.distribution == [("Yes", 6), ("Maybe", 2), ("No", 0)]


def test_below_the_threshold_nobody_sees_answers_and_only_the_team_sees_counts(
    world, room, open_form
):
    _answer_all(open_form, room.attendees[:3])
    team = selectors.form_results(actor=world.editor_uk, form=open_form)
    assert team.counts_shown and team.respondents == 3 and not team.answers_shown
    assert all(not q.distribution and not q.texts and not q.words for q in team.questions)
    host = selectors.form_results(actor=world.lead_a, form=open_form)
    assert not host.counts_shown and host.count_text == "Fewer than 8 people"
    assert host.rate is None
    page = sign_in(world.client_for("anonymous"), world.lead_a).get(
        reverse("feedback:results", args=[open_form.public_id])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fewer than 8 people" in text and "Helped 1" not in text and "Hopeful" not in text


def test_organisers_only_notes_are_not_shown_to_hosts(world, room, open_form):
    _answer_all(open_form, room.attendees[:8])
    organiser = selectors.form_results(actor=world.coordinator_uk, form=open_form)
    host = selectors.form_results(actor=world.lead_a, form=open_form)
    assert any(q.question.purpose == "organisers" for q in organiser.questions)
    assert not any(q.question.purpose == "organisers" for q in host.questions)


def test_other_organisations_never_see_results(world, room, open_form):
    for who in ("lead_b", "lead_ie", "coordinator_ie", "outsider"):
        with pytest.raises(ApplicationError):
            selectors.form_for_results(actor=getattr(world, who), public_id=open_form.public_id)
        response = world.client_for(who).get(
            reverse("feedback:results", args=[open_form.public_id])
        )
        assert response.status_code == 404


def test_moderation_hides_an_answer_with_a_reason_and_is_audited(world, room, open_form):
    _answer_all(open_form, room.attendees[:8])
    answer = Answer.objects.get(text="Helped 3")
    with pytest.raises(ApplicationError) as refused:
        services.answer_hide(
            actor=world.coordinator_uk, form=open_form, answer_id=answer.pk, reason="   "
        )
    assert refused.value.field == "reason"
    with pytest.raises(ApplicationError):
        services.answer_hide(
            actor=world.lead_a, form=open_form, answer_id=answer.pk, reason="Names someone"
        )
    services.answer_hide(
        actor=world.coordinator_uk, form=open_form, answer_id=answer.pk, reason="Names someone"
    )
    r = selectors.form_results(actor=world.coordinator_uk, form=open_form)
    helped = next(q for q in r.questions if q.question.text == "What helped?")
    assert "Helped 3" not in [a.text for a in helped.texts]
    assert [a.hidden_reason for a in helped.hidden] == ["Names someone"]
    from recoverynet.core.audit import history_for

    assert any(e.action == "feedback.answer.hidden" for e in history_for(open_form))
    _header, rows = selectors.export_rows(actor=world.coordinator_uk, form=open_form)
    assert all("Helped 3" not in row for row in rows)


def test_export_is_formula_safe_and_refused_below_the_threshold(world, room, open_form):
    client = world.client_for("coordinator_uk")
    url = reverse("feedback:export", args=[open_form.public_id, "csv"])
    _answer_all(open_form, room.attendees[:3])
    assert client.get(url).status_code == 403
    _answer_all(open_form, room.attendees[3:8])
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body
    assert world.client_for("lead_a").get(url).status_code == 403
    xlsx = client.get(reverse("feedback:export", args=[open_form.public_id, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")


def test_summary_across_a_network(world, room, open_form):
    _answer_all(open_form, room.attendees[:8])
    small = make_room(world, people=3, prefix="s", title="Learning set day 2")
    small_form = services.form_open(
        actor=world.coordinator_uk,
        form=services.form_create(actor=world.coordinator_uk, **small.target),
    )
    _answer_all(small_form, small.attendees)
    page = world.client_for("editor_uk").get(reverse("feedback:summary", args=["uk"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Learning set day 2" in text and "4.1" in text and "75%" in text
    assert (
        world.client_for("lead_a").get(reverse("feedback:summary", args=["uk"])).status_code == 403
    )


def test_summary_of_a_series_adds_the_events_together(world, room, open_form):
    _answer_all(open_form, room.attendees[:5])
    other = make_room(world, people=4, prefix="t", title="Learning set day 3")
    other_form = services.form_open(
        actor=world.coordinator_uk,
        form=services.form_create(actor=world.coordinator_uk, **other.target),
    )
    _answer_all(other_form, other.attendees)
    client = world.client_for("editor_uk")
    series = client.get(reverse("feedback:summary", args=["uk"]), {"q": "learning set"})
    text = series.content.decode()
    assert "Learning set day 3" in text and "Peer worker critical debate" not in text
    assert 'id="total-answered">Fewer than 8' in text
    everything = client.get(reverse("feedback:summary", args=["uk"])).content.decode()
    assert 'id="total-answered">9<' in everything


def test_hosts_see_answers_only_once_the_form_has_closed(world, room, open_form):
    _answer_all(open_form, room.attendees[:8])
    host = selectors.form_results(actor=world.lead_a, form=open_form)
    assert host.counts_shown and host.waiting_for_close and not host.answers_shown
    assert selectors.form_results(actor=world.editor_uk, form=open_form).answers_shown
    closed = services.form_close(actor=world.coordinator_uk, form=open_form)
    host = selectors.form_results(actor=world.lead_a, form=closed)
    assert host.answers_shown and not host.waiting_for_close
    word = next(q for q in host.questions if q.question.purpose == "word")
    assert word.words[0] == ("Hopeful", 3)


def test_the_summary_shows_fifty_forms_a_page_and_totals_every_form_chosen(world, room, open_form):
    """Issue #17: a network holds thousands of forms; the figures are added up in the database and
    the rows shown a page at a time, in the same queries whatever the number of forms."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from recoverynet.feedback.models import FeedbackForm

    _answer_all(open_form, room.attendees[:8])
    client = world.client_for("editor_uk")
    url = reverse("feedback:summary", args=["uk"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ends = timezone.now() - datetime.timedelta(days=400)
    FeedbackForm.objects.bulk_create(
        FeedbackForm(
            target_kind="event",
            target_id=f"old-{i}",
            target_label=f"Old event {i}",
            network=world.uk,
            target_ends_at=ends - datetime.timedelta(hours=i),
            short_code=f"old{i:05d}",
        )
        for i in range(60)
    )
    with CaptureQueriesContext(connection) as many:
        first = client.get(url).content.decode()
    assert len(many) == len(few)
    assert "Page 2 of 2" in first and "All 61 together" in first
    assert 'id="total-answered">8<' in first  # the answered form is the newest: on page 1
    second = client.get(url, {"page": "2"}).content.decode()
    assert "Old event 59" in second and "Page 1 of 2" in second
    year = ends.year
    chosen = client.get(url, {"year": str(year)}).content.decode()
    assert f"for events ending in {year}" in chosen and "Fewer than 8" in chosen
    assert client.get(url, {"page": "nine"}).status_code == 200  # the first page, not an error
