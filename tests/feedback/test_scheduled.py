"""The scheduler: invitations after the end (configurable delay, one e-mail each), forms closing
at their time, and contact details deleted after each form's retention period."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from recoverynet.core.models import OutboxMessage
from recoverynet.feedback import services
from recoverynet.feedback.models import Answer, QuestionKind

from .conftest import answers_for

pytestmark = pytest.mark.django_db


def test_invitations_go_to_each_attendee_after_the_delay(world, room):
    form = services.form_create(actor=world.coordinator_uk, invite_delay_hours=3, **room.target)
    ends = room.event.ends_at
    before = OutboxMessage.objects.count()
    with time_machine.travel(ends + datetime.timedelta(hours=2), tick=False):
        assert services.invitations_send() == 0
    with time_machine.travel(ends + datetime.timedelta(hours=3, minutes=1), tick=False):
        assert services.invitations_send() == 10
        assert services.invitations_send() == 0  # never twice
    messages = list(OutboxMessage.objects.order_by("id"))[before:]
    assert len(messages) == 10
    assert all(len(m.to) == 1 for m in messages)
    recipients = {m.to[0] for m in messages}
    assert len(recipients) == 10
    assert room.absent.email not in recipients
    assert str(form.public_id) in messages[0].body_text
    form.refresh_from_db()
    assert form.status == "open" and form.invitations_sent_at is not None


def test_forms_close_at_their_time(world, room):
    """(Contact details go with the map's purge: tests/privacy/test_app_rules.py.)"""
    form = services.form_create(
        actor=world.coordinator_uk, contact_retention_days=30, **room.target
    )
    contact = services.question_add(
        actor=world.coordinator_uk,
        form=form,
        data=services.QuestionInput(
            kind=QuestionKind.SHORT_TEXT,
            text="Your e-mail, if you want a reply",
            purpose="contact",
            max_length=200,
        ),
    )
    services.form_open(actor=world.coordinator_uk, form=form)
    closes = room.event.ends_at + datetime.timedelta(days=7)
    services.form_update(
        actor=world.coordinator_uk,
        form=form,
        title=form.title,
        intro="",
        invite_delay_hours=2,
        contact_retention_days=30,
        closes_at=closes,
    )
    answers = answers_for(form)
    answers[str(contact.pk)] = "me@example.org"
    services.response_submit(actor=room.attendees[0], form=form, answers=answers)
    with time_machine.travel(closes + datetime.timedelta(minutes=1), tick=False):
        assert services.forms_close_due() == 1
    form.refresh_from_db()
    assert form.status == "closed" and form.salt == ""
    assert Answer.objects.get(question=contact).text == "me@example.org"
