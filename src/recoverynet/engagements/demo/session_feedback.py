"""Demo feedback on the Nottingham coaching engagement (network-facts.md): a feedback form on its
second session, answered by Nottinghamshire's recovery lead with one of the group's words
("Improvement in progress"). One answer is below the people-suppression threshold, so the
engagement page shows the count only, as feedback does; the group's words are kept as the client's
quote. Safe to run twice: a session that already has a form is left alone."""

from __future__ import annotations

import datetime
from typing import Any

from recoverynet.feedback import selectors as feedback_selectors
from recoverynet.feedback import services as feedback_services

from ..feedback import KIND
from ..models import Engagement, SessionState
from .common import DOMAIN, User


def coaching_feedback(lead: Any) -> int:
    engagement = Engagement.objects.filter(title="Coaching a community team in Nottingham").first()
    grace = User.objects.filter(email=f"lead.nottingham@{DOMAIN}").first()
    if engagement is None or grace is None:
        return 0
    session = engagement.sessions.filter(
        state=SessionState.DELIVERED, on=datetime.date(2017, 3, 14)
    ).first()
    if session is None or feedback_selectors.form_for_target(
        actor=lead, kind=KIND, target_id=str(session.public_id)
    ):
        return 0
    form = feedback_services.form_create(
        actor=lead, target_kind=KIND, target_id=str(session.public_id)
    )
    form = feedback_services.form_open(actor=lead, form=form)
    questions = {q.purpose or q.text: q for q in form.questions.all()}
    feedback_services.response_submit(
        actor=grace,
        form=form,
        answers={
            str(questions["overall"].pk): 5,
            str(questions["word"].pk): "Improvement in progress",
            str(questions["recommend"].pk): "Yes",
            str(questions["What helped?"].pk): "Agreeing ground rules and roles together.",
        },
    )
    feedback_services.form_close(actor=lead, form=form)
    return 1
