"""Defects a review found, each pinned by a test: who is behind a pseudonym never reaches the team's
audit pages, e-mail addresses never become bylines, the suppression list stays within an editor's
own lists, titles stay on one line, subscribing is rate-limited everywhere, and the e-mail edition
follows corrections to an issue."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from recoverynet.core import outbox
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry, OutboxMessage
from recoverynet.newsletter import sending, services
from recoverynet.newsletter.models import Subscription, SubscriptionStatus, Suppression
from recoverynet.newsletter.services import ArticleInput, AuthorInput
from recoverynet.newsletter.throttle import SUBSCRIBE_LIMIT
from tests.conftest import token_client

from ..conftest import sign_in
from .factories import draft, publication_of, published_issue


def test_the_team_cannot_learn_who_wrote_a_pseudonymous_piece_from_the_audit_log(
    world: Any,
) -> None:
    article = draft(world.staff_a, publication_of(world.uk), pseudonym="B")
    services.article_submit(actor=world.staff_a, article=article)
    services.article_comment(actor=world.staff_a, article=article, body="Ready when you are")
    assert not AuditEntry.objects.filter(actor=world.staff_a, action__startswith="newsletter.")
    entry = AuditEntry.objects.get(action="newsletter.article.created")
    assert entry.actor_label == "a writer of this piece"
    # The person-history page the whole network team can open.
    page = sign_in(Client(), world.consultant_uk).get(
        reverse("network:person-audit", args=[world.staff_a.pk])
    )
    assert page.status_code == 200
    assert "newsletter.article" not in page.content.decode()
    # Editors acting on someone else's piece are named as usual.
    services.article_approve(actor=world.editor_uk, article=article)
    assert AuditEntry.objects.get(action="newsletter.article.approved").actor == world.editor_uk


def test_an_e_mail_address_never_becomes_a_byline(world: Any) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.article_create(
            actor=world.staff_a,
            publication=publication_of(world.uk),
            data=ArticleInput(
                title="T", body="B", authors=[AuthorInput(display_name=world.staff_a.email)]
            ),
        )
    assert refused.value.field == "authors"
    nameless = world.staff_a
    nameless.full_name = ""
    nameless.save()
    client = token_client(nameless)
    response = client.post(
        "/api/v1/articles",
        {"network": "uk", "title": "T", "body": "B", "section": "Our views"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "authors" in str(response.json()["errors"])


@pytest.mark.parametrize("title", ["Spring\r\nBcc: x@example.org", "Spring\n2027", "Tab\there"])
def test_titles_are_one_line(world: Any, title: str) -> None:
    publication = publication_of(world.uk)
    with pytest.raises(ApplicationError) as issue_refused:
        services.issue_create(actor=world.editor_uk, publication=publication, title=title)
    assert issue_refused.value.field == "title"
    with pytest.raises(ApplicationError) as article_refused:
        draft(world.staff_a, publication, title=title)
    assert article_refused.value.field == "title"


@pytest.mark.django_db
def test_an_outbox_subject_with_a_line_break_is_sent_on_one_line() -> None:
    message = outbox.enqueue(to=["a@example.org"], subject="Two\r\nlines", body_text="Hi")
    assert outbox.deliver(message.pk) == OutboxMessage.Status.SENT
    assert mail.outbox[-1].subject == "Two lines"


def test_suppression_entries_stay_within_an_editors_own_lists(world: Any) -> None:
    uk = publication_of(world.uk)
    Subscription.objects.create(publication=uk, email="complained@example.org", status="active")
    entry = services.suppression_add(
        actor=world.editor_uk, email="complained@example.org", reason="complaint"
    )
    irish = sign_in(Client(), world.coordinator_ie)
    page = irish.get(reverse("newsletter:suppressions")).content.decode()
    assert "complained@example.org" not in page
    with pytest.raises(ApplicationError) as refused:
        services.suppression_remove(actor=world.coordinator_ie, suppression=entry)
    assert refused.value.status == 403
    assert Suppression.objects.filter(pk=entry.pk).exists()


def test_lifting_a_suppression_does_not_restart_anything(world: Any) -> None:
    uk = publication_of(world.uk)
    subscription = Subscription.objects.create(
        publication=uk, email="back@example.org", status="active"
    )
    entry = services.suppression_add(
        actor=world.editor_uk, email="back@example.org", reason="manual"
    )
    services.suppression_remove(actor=world.editor_uk, suppression=entry)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert not Subscription.objects.filter(email="back@example.org", status="active").exists()


def test_the_api_subscribe_is_rate_limited_like_the_form(world: Any) -> None:
    client = Client()
    for n in range(SUBSCRIBE_LIMIT):
        response = client.post(
            "/api/v1/newsletters/uk/subscriptions",
            {"email": f"p{n}@example.org", "consent": True},
            content_type="application/json",
        )
        assert response.status_code == 202
    response = client.post(
        "/api/v1/newsletters/uk/subscriptions",
        {"email": "one.more@example.org", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert not Subscription.objects.filter(email="one.more@example.org").exists()


def test_a_piece_taken_down_after_publishing_leaves_the_e_mail_edition(
    world: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    publication = publication_of(world.uk)
    issue, first = published_issue(world.staff_a, world.editor_uk, publication, title="Spring")
    for n in range(2):
        Subscription.objects.create(
            publication=publication, email=f"r{n}@example.org", status="active"
        )
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    send = sending.send_start(actor=world.editor_uk, issue=issue)
    sending.queue_batch(send.pk)
    one, two = OutboxMessage.objects.filter(renderer=sending.RENDERER).order_by("id")
    outbox.deliver(one.pk)
    assert first.title in mail.outbox[-1].body
    services.article_withdraw(actor=world.editor_uk, article=first, note="Taken down")
    outbox.deliver(two.pk)
    assert first.title not in mail.outbox[-1].body


def test_the_command_sends_an_issue_with_a_progress_bar(
    world: Any, django_capture_on_commit_callbacks: Any, capsys: Any
) -> None:
    publication = publication_of(world.uk)
    issue, _ = published_issue(world.staff_a, world.editor_uk, publication)
    for n in range(3):
        Subscription.objects.create(
            publication=publication, email=f"c{n}@example.org", status="active"
        )
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "newsletter_send", "uk", issue.slug, "--as", world.editor_uk.email, "--deliver"
        )
    out = capsys.readouterr()
    assert "Sent 3, waiting 0, failed 0" in out.out
    assert "100% 3/3" in out.err
    copies = [m for m in mail.outbox if m.subject.endswith(issue.title)]
    assert sorted(m.to[0] for m in copies) == [f"c{n}@example.org" for n in range(3)]
