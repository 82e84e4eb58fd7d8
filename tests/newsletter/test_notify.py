"""Workflow e-mails go one per person: co-writers and editors never see each other's addresses, so
the person behind a pseudonym is not revealed by a `To:` line."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from recoverynet.core import outbox
from recoverynet.newsletter import services
from recoverynet.newsletter.services import ArticleInput, AuthorInput

from .factories import publication_of, section

pytestmark = pytest.mark.django_db


def _co_written(world: Any) -> Any:
    """A piece by a pseudonymous writer ("B", really staff.a) and a named one (lead.a)."""
    publication = publication_of(world.uk)
    return services.article_create(
        actor=world.staff_a,
        publication=publication,
        data=ArticleInput(
            title="Two voices",
            body="We wrote this together.",
            section=section(publication),
            authors=[
                AuthorInput("B", "peer support worker", True, world.staff_a),
                AuthorInput("Lee Lead", "recovery lead", False, world.lead_a),
            ],
        ),
    )


def test_a_comment_reaches_each_writer_and_editor_in_their_own_message(world: Any) -> None:
    article = _co_written(world)
    services.article_submit(actor=world.staff_a, article=article)
    outbox.flush_due()
    mail.outbox.clear()
    services.article_comment(actor=world.editor_uk, article=article, body="Lovely piece.")
    outbox.flush_due()
    sent = [m for m in mail.outbox if m.subject.startswith("New comment")]
    people = sorted(m.to[0] for m in sent)
    assert {"staff.a@example.org", "lead.a@example.org", "coord.uk@example.org"} <= set(people)
    assert "editor.uk@example.org" not in people  # who wrote the comment
    assert len(people) == len(set(people))
    for message in sent:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        raw = message.message().as_string()
        for other in set(people) - {message.to[0]}:
            assert other not in raw


def test_a_decision_goes_to_each_writer_alone(world: Any) -> None:
    article = _co_written(world)
    services.article_submit(actor=world.staff_a, article=article)
    outbox.flush_due()
    mail.outbox.clear()
    services.article_request_changes(actor=world.editor_uk, article=article, note="Shorter?")
    outbox.flush_due()
    assert sorted(m.to for m in mail.outbox) == [["lead.a@example.org"], ["staff.a@example.org"]]
