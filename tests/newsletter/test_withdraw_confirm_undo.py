"""Withdrawing a piece asks first and says what will happen; a withdrawal can be undone for a short
time, audited, on the work page and over the API (issue #15)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AuditEntry
from recoverynet.core.undo import UNDO_WINDOW
from recoverynet.newsletter import services
from recoverynet.newsletter.models import ArticleStatus
from tests.conftest import World, sign_in, token_client
from tests.newsletter.factories import approved, draft, publication_of, published_issue

pytestmark = pytest.mark.django_db


def _action(article: Any, action: str) -> str:
    return reverse("newsletter:article-action", args=[article.public_id, action])


def test_the_writer_is_asked_first_then_can_undo(world: World) -> None:
    article = draft(world.staff_a, publication_of(world.uk))
    client = sign_in(Client(), world.staff_a)
    asked = client.post(_action(article, "withdraw"), {"note": "Not ready"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "Withdraw this piece?" in page
    assert "What will happen" in page and "The editors will not use it." in page
    assert 'name="note" value="Not ready"' in page and "undo this for 15 minutes" in page
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT  # nothing happens on the first press
    done = client.post(_action(article, "withdraw"), {"note": "Not ready", "confirmed": "yes"})
    assert done.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN
    work = client.get(done.url).content.decode()
    assert "Undo the withdrawal" in work
    undone = client.post(_action(article, "undo-withdraw"))
    assert undone.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    entry = AuditEntry.objects.get(action="newsletter.article.withdrawn.undone")
    assert entry.changes["status"] == ["withdrawn", "draft"]
    assert entry.actor_id is None  # a writer is never named beside a piece in the log
    assert "Undo the withdrawal" not in client.get(done.url).content.decode()
    assert client.post(_action(article, "undo-withdraw")).status_code == 409


def test_a_scheduled_piece_comes_back_approved_and_a_published_one_published(
    world: World,
) -> None:
    pub = publication_of(world.uk)
    article = approved(world.staff_a, world.editor_uk, pub)
    issue = services.issue_create(actor=world.editor_uk, publication=pub, title="Winter 2027")
    services.article_schedule(actor=world.editor_uk, article=article, issue=issue)
    client = sign_in(Client(), world.editor_uk)
    asked = client.post(_action(article, "withdraw"), {"note": ""}).content.decode()
    assert "It is taken out of Winter 2027." in asked
    client.post(_action(article, "withdraw"), {"note": "", "confirmed": "yes"})
    services.article_withdraw_undo(actor=world.editor_uk, article=article)
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED and article.issue_id is None

    _, published = published_issue(world.staff_a, world.editor_uk, pub, title="Spring 2027")
    asked = client.post(_action(published, "withdraw"), {"note": ""}).content.decode()
    assert "It comes off the website" in asked
    client.post(_action(published, "withdraw"), {"note": "", "confirmed": "yes"})
    published.refresh_from_db()
    assert published.status == ArticleStatus.WITHDRAWN
    with pytest.raises(PermissionDenied):  # its writer cannot put a published piece back
        services.article_withdraw_undo(actor=world.staff_a, article=published)
    services.article_withdraw_undo(actor=world.editor_uk, article=published)
    published.refresh_from_db()
    assert published.status == ArticleStatus.PUBLISHED and published.issue_id is not None


def test_too_late_or_after_another_change(world: World) -> None:
    article = draft(world.staff_a, publication_of(world.uk))
    services.article_withdraw(actor=world.staff_a, article=article)
    AuditEntry.objects.filter(action="newsletter.article.withdrawn").update(
        at=timezone.now() - UNDO_WINDOW - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ApplicationError) as caught:
        services.article_withdraw_undo(actor=world.staff_a, article=article)
    assert caught.value.status == 409 and "can no longer be undone" in caught.value.message
    client = sign_in(Client(), world.staff_a)
    work = reverse("newsletter:article-work", args=[article.public_id])
    assert "Undo the withdrawal" not in client.get(work).content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN


def test_who_must_not_undo(world: World) -> None:
    article = draft(world.staff_a, publication_of(world.uk))
    services.article_withdraw(actor=world.staff_a, article=article)
    for role in ("lead_b", "coordinator_ie"):
        response = world.client_for(role).post(_action(article, "undo-withdraw"))
        assert response.status_code in (403, 404), role
    assert Client().post(_action(article, "undo-withdraw")).status_code == 302  # sign in first
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN


def test_undo_over_the_api(world: World) -> None:
    article = draft(world.staff_a, publication_of(world.uk))
    services.article_withdraw(actor=world.staff_a, article=article)
    url = f"/api/v1/articles/{article.public_id}/withdraw/undo"
    assert token_client(world.lead_b).post(url).status_code in (403, 404)
    response = token_client(world.staff_a).post(url)
    assert response.status_code == 200 and response.json()["status"] == "draft"
    again = token_client(world.staff_a).post(url)
    assert again.status_code == 409 and again.json()["code"] == "wrong_state"
