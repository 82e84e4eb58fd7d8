"""Building a feedback form: the default questions, questions as data, who may, open and close."""

from __future__ import annotations

import pytest

from recoverynet.core.errors import ApplicationError
from recoverynet.feedback import services
from recoverynet.feedback.models import FeedbackForm, FormStatus, QuestionKind

pytestmark = pytest.mark.django_db


def test_the_default_form_asks_the_plain_english_questions(world, room):
    form = services.form_create(actor=world.coordinator_uk, **room.target)
    texts = [q.text for q in form.questions.all()]
    assert texts[0] == "Overall, how would you rate this event?"
    assert "A word or phrase to sum up the day" in texts
    recommend = form.questions.get(purpose="recommend")
    assert recommend.choices == ["Yes", "Maybe", "No"]
    assert form.questions.get(purpose="organisers").required is False
    assert form.status == FormStatus.DRAFT and form.network_id == world.uk.pk
    assert form.host_id == world.org_a.pk


def test_one_form_per_event(world, room):
    services.form_create(actor=world.coordinator_uk, **room.target)
    with pytest.raises(ApplicationError) as refused:
        services.form_create(actor=world.consultant_uk, **room.target)
    assert refused.value.code == "form_exists"
    assert FeedbackForm.objects.count() == 1


@pytest.mark.parametrize("who", ["lead_a", "staff_a", "editor_uk", "coordinator_ie", "outsider"])
def test_only_organisers_attach_forms(world, room, who):
    with pytest.raises(ApplicationError) as refused:
        services.form_create(actor=getattr(world, who), **room.target)
    assert refused.value.status == 403
    assert FeedbackForm.objects.count() == 0


def test_an_unknown_target_is_not_found(world):
    with pytest.raises(ApplicationError) as refused:
        services.form_create(actor=world.coordinator_uk, target_kind="event", target_id="nope")
    assert refused.value.status == 404
    with pytest.raises(ApplicationError):
        services.form_create(actor=world.coordinator_uk, target_kind="spaceship", target_id="1")


def test_questions_are_data_until_the_form_opens(world, room):
    form = services.form_create(actor=world.coordinator_uk, **room.target)
    added = services.question_add(
        actor=world.coordinator_uk,
        form=form,
        data=services.QuestionInput(
            kind=QuestionKind.CHOICE,
            text="Which table?",
            choices=["Red", "Blue", "Green"],
            required=True,
        ),
    )
    assert added.order == 7
    services.question_move(actor=world.coordinator_uk, question=added, up=True)
    assert [q.text for q in form.questions.all()][5] == "Which table?"
    services.question_remove(
        actor=world.coordinator_uk, question=form.questions.get(purpose="organisers")
    )
    services.form_open(actor=world.coordinator_uk, form=form)
    with pytest.raises(ApplicationError) as refused:
        services.question_add(
            actor=world.coordinator_uk,
            form=form,
            data=services.QuestionInput(kind="long_text", text="Late"),
        )
    assert refused.value.code == "form_not_draft"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (services.QuestionInput(kind="essay", text="What?"), "kind"),
        (services.QuestionInput(kind="long_text", text="   "), "text"),
        (services.QuestionInput(kind="long_text", text="x" * 301), "text"),
        (services.QuestionInput(kind="long_text", text="a\x00b"), "text"),
        (services.QuestionInput(kind="choice", text="Pick", choices=["Only one"]), "choices"),
        (services.QuestionInput(kind="choice", text="Pick", choices=["A", "a"]), "choices"),
        (services.QuestionInput(kind="long_text", text="Rate", purpose="overall"), "purpose"),
        (services.QuestionInput(kind="long_text", text="Long", max_length=9000), "max_length"),
    ],
)
def test_bad_questions_are_refused_naming_the_field(world, room, data, field):
    form = services.form_create(actor=world.coordinator_uk, **room.target)
    with pytest.raises(ApplicationError) as refused:
        services.question_add(actor=world.coordinator_uk, form=form, data=data)
    assert refused.value.field == field
    assert form.questions.count() == 6


def test_settings_are_checked(world, room):
    form = services.form_create(actor=world.coordinator_uk, **room.target)
    with pytest.raises(ApplicationError) as refused:
        services.form_update(
            actor=world.coordinator_uk,
            form=form,
            title="Feedback",
            intro="",
            invite_delay_hours=400,
            contact_retention_days=90,
            closes_at=None,
        )
    assert refused.value.field == "invite_delay_hours"
    with pytest.raises(ApplicationError) as refused:
        services.form_update(
            actor=world.coordinator_uk,
            form=form,
            title="Feedback",
            intro="",
            invite_delay_hours=2,
            contact_retention_days=90,
            closes_at=room.event.starts_at,
        )
    assert refused.value.field == "closes_at"
    form.refresh_from_db()
    assert form.invite_delay_hours == 2 and form.closes_at is None


def test_a_closed_form_does_not_open_again(world, room):
    form = services.form_create(actor=world.coordinator_uk, **room.target)
    services.form_open(actor=world.coordinator_uk, form=form)
    services.form_close(actor=world.coordinator_uk, form=form)
    with pytest.raises(ApplicationError) as refused:
        services.form_open(actor=world.coordinator_uk, form=form)
    assert refused.value.code == "form_closed"
