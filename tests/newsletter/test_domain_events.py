"""Publishing an issue announces `article.published` for each piece in it."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from recoverynet.core import domain_events

from .factories import approved, publication_of, published_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def received() -> Any:
    got: list[domain_events.DomainEvent] = []
    domain_events.subscribe("article.published", got.append)
    yield got
    domain_events.unsubscribe(got.append)


def test_each_published_article_is_announced(
    world: Any, received: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publication = publication_of(world.uk)
    approved(world.staff_a, world.editor_uk, publication, title="Not placed")
    with django_capture_on_commit_callbacks(execute=True):
        issue, article = published_issue(world.staff_a, world.editor_uk, publication)
    [event] = received
    assert event.network_slug == "uk"
    assert event.data == {
        "article_id": str(article.public_id),
        "issue_id": issue.pk,
        "title": article.title,
        "url": f"{settings.SITE_URL}/newsletter/uk/articles/{article.slug}/",
    }
