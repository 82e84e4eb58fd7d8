"""Answering a feedback form: once each, editable until it closes, anonymous, only attendees."""

from __future__ import annotations

import pytest
from django.db import connection

from recoverynet.core.audit import history_for
from recoverynet.core.errors import ApplicationError
from recoverynet.feedback import selectors, services
from recoverynet.feedback.models import Answer, Respondent, Response

from .conftest import answers_for

pytestmark = pytest.mark.django_db


def test_an_attendee_answers_and_the_response_has_no_person(world, room, open_form):
    person = room.attendees[0]
    services.response_submit(actor=person, form=open_form, answers=answers_for(open_form))
    assert Respondent.objects.filter(form=open_form, person=person).count() == 1
    response = Response.objects.get(form=open_form)
    # Nothing on the response or its answers points at a person or a time.
    names = {f.name for f in Response._meta.get_fields()} | {
        f.name for f in Answer._meta.get_fields()
    }
    assert not names & {"person", "user", "created_at", "updated_at", "author"}
    assert {f.name for f in Respondent._meta.get_fields()} == {"id", "form", "person"}
    assert response.answers.count() == 4  # the two empty answers are not stored
    assert (
        selectors.own_answers(actor=person, form=open_form)[
            str(open_form.questions.get(purpose="word").pk)
        ]
        == "Hopeful"
    )


def test_answering_again_changes_the_one_response(world, room, open_form):
    person = room.attendees[0]
    services.response_submit(actor=person, form=open_form, answers=answers_for(open_form))
    services.response_submit(
        actor=person, form=open_form, answers=answers_for(open_form, rating=2, word="Exciting")
    )
    assert Response.objects.filter(form=open_form).count() == 1
    assert Respondent.objects.filter(form=open_form).count() == 1
    word = Answer.objects.get(question__purpose="word")
    assert word.text == "Exciting"
    assert Answer.objects.get(question__purpose="overall").rating == 2


def test_someone_else_cannot_see_or_change_my_answers(world, room, open_form):
    first, second = room.attendees[:2]
    services.response_submit(actor=first, form=open_form, answers=answers_for(open_form))
    assert selectors.own_answers(actor=second, form=open_form) is None
    services.response_submit(actor=second, form=open_form, answers=answers_for(open_form, rating=1))
    assert Response.objects.filter(form=open_form).count() == 2
    assert Answer.objects.get(question__purpose="overall", rating=4)


def test_closing_the_form_cuts_every_link(world, room, open_form):
    person = room.attendees[0]
    services.response_submit(actor=person, form=open_form, answers=answers_for(open_form))
    form = services.form_close(actor=world.coordinator_uk, form=open_form)
    assert form.salt == ""
    assert list(Response.objects.values_list("edit_tag", flat=True)) == [""]
    assert selectors.own_answers(actor=person, form=form) is None
    with pytest.raises(ApplicationError) as refused:
        services.response_submit(actor=person, form=form, answers=answers_for(form))
    assert refused.value.code == "form_closed"


def test_a_second_answer_without_the_link_is_refused(world, room, open_form):
    """If the respondent row exists but the tag does not match (e.g. forged), nothing is added."""
    person = room.attendees[0]
    Respondent.objects.create(form=open_form, person=person)
    with pytest.raises(ApplicationError) as refused:
        services.response_submit(actor=person, form=open_form, answers=answers_for(open_form))
    assert refused.value.code == "already_answered"
    assert Response.objects.count() == 0


def test_someone_who_did_not_attend_is_refused(world, room, open_form):
    for actor in (room.absent, world.outsider, world.lead_b):
        with pytest.raises(ApplicationError) as refused:
            services.response_submit(actor=actor, form=open_form, answers=answers_for(open_form))
        assert refused.value.status == 403
    assert Response.objects.count() == 0 and Respondent.objects.count() == 0


def test_a_draft_form_takes_no_answers(world, room):
    form = services.form_create(actor=world.coordinator_uk, **room.target)
    with pytest.raises(ApplicationError) as refused:
        services.response_submit(actor=room.attendees[0], form=form, answers=answers_for(form))
    assert refused.value.code == "form_closed"


@pytest.mark.parametrize(
    ("change", "field_purpose", "message"),
    [
        ({"rating": ""}, "overall", "Choose a rating"),
        ({"rating": 6}, "overall", "from 1 to 5"),
        ({"rating": "0"}, "overall", "from 1 to 5"),
        ({"word": "x" * 61}, "word", "60 characters or fewer"),
        ({"word": "bad\x00word"}, "word", "character we cannot accept"),
        ({"word": "two\nlines"}, "word", "one line"),
        ({"recommend": "Perhaps"}, "recommend", "Choose one of the answers"),
        ({"helped": "y" * 2001}, None, "2000 characters or fewer"),
    ],
)
def test_bad_answers_are_refused_naming_the_field(
    world, room, open_form, change, field_purpose, message
):
    answers = answers_for(open_form, **change)
    with pytest.raises(services.FieldsInvalid) as refused:
        services.response_submit(actor=room.attendees[0], form=open_form, answers=answers)
    problems = refused.value.problems
    assert any(message in m for m in problems.values()), problems
    if field_purpose:
        q = open_form.questions.get(purpose=field_purpose)
        assert f"answers.{q.pk}" in problems
    assert Response.objects.count() == 0 and Respondent.objects.count() == 0


def test_several_problems_are_each_named(world, room, open_form):
    answers = answers_for(open_form, rating=9, word="   ", helped="z" * 3000)
    overall = open_form.questions.get(purpose="overall")
    overall_required_word = open_form.questions.get(purpose="word")
    overall_required_word.required = True
    overall_required_word.save()
    with pytest.raises(services.FieldsInvalid) as refused:
        services.response_submit(actor=room.attendees[0], form=open_form, answers=answers)
    body = refused.value.as_json()
    fields = {e["field"] for e in body["errors"]}
    assert f"answers.{overall.pk}" in fields and f"answers.{overall_required_word.pk}" in fields
    assert len(fields) == 3
    assert "only spaces" in refused.value.problems[f"answers.{overall_required_word.pk}"]


def test_an_unknown_question_is_refused(world, room, open_form):
    answers = answers_for(open_form)
    answers["999999"] = "hello"
    with pytest.raises(services.FieldsInvalid):
        services.response_submit(actor=room.attendees[0], form=open_form, answers=answers)


def test_the_audit_log_records_that_not_what(world, room, open_form):
    services.response_submit(
        actor=room.attendees[0], form=open_form, answers=answers_for(open_form, word="Secretword")
    )
    entries = list(history_for(open_form))
    assert any(e.action == "feedback.response.submitted" for e in entries)
    assert all("Secretword" not in str(e.changes) for e in entries)


def test_answer_ids_do_not_follow_the_order_people_answered(world, room, open_form):
    """Random keys: the n-th respondent cannot be matched to the n-th response."""
    assert Response._meta.pk.get_internal_type() == "UUIDField"
    assert Answer._meta.pk.get_internal_type() == "UUIDField"
    assert Respondent._meta.pk.get_internal_type() == "UUIDField"
    assert connection.vendor in ("sqlite", "postgresql")
