"""E-mails about contributions and subscriptions, through the outbox, each with a plain-text part.
(The newsletter itself is sent by `sending.py`.)"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from recoverynet.core import outbox
from recoverynet.network.models import NetworkRole

from .access import EDITOR_ROLES
from .models import Article, ArticleComment, Issue, Subscription


def _url(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _send(template: str, to: Iterable[str], subject: str, context: dict[str, Any]) -> None:
    """One message to each address: co-writers and editors never see each other's addresses (and a
    pseudonym's writer is not revealed by the `To:` line)."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    outbox.enqueue_each(
        to=recipients,
        subject=subject,
        body_text=render_to_string(
            f"newsletter/email/{template}.txt", {**context, "site_url": settings.SITE_URL}
        ),
    )


def _editors(article: Article) -> list[str]:
    return list(
        NetworkRole.objects.filter(
            network_id=article.publication.network_id, role__in=EDITOR_ROLES
        ).values_list("user__email", flat=True)
    )


def _writers(article: Article) -> list[str]:
    emails = {article.contributor.email}
    emails.update(a.person.email for a in article.authors.select_related("person") if a.person)
    return sorted(emails)


def article_submitted(article: Article) -> None:
    _send(
        "article_submitted",
        _editors(article),
        f"For review: {article.title}",
        {"article": article, "link": _url("newsletter:article-work", article.public_id)},
    )


def article_decided(article: Article, note: str) -> None:
    _send(
        "article_decided",
        _writers(article),
        f"{article.get_status_display()}: {article.title}",
        {
            "article": article,
            "note": note,
            "link": _url("newsletter:article-work", article.public_id),
        },
    )


def article_commented(article: Article, comment: ArticleComment) -> None:
    # Everyone in the conversation except the person who wrote the comment.
    to = set(_writers(article)) | set(_editors(article))
    to.discard(comment.author.email if comment.author else "")
    _send(
        "article_commented",
        to,
        f"New comment on {article.title}",
        {
            "article": article,
            "comment": comment,
            "link": _url("newsletter:article-work", article.public_id),
        },
    )


def articles_published(articles: list[Article], issue: Issue) -> None:
    for article in articles:
        _send(
            "article_published",
            _writers(article),
            f"Published: {article.title}",
            {
                "article": article,
                "issue": issue,
                "link": _url("newsletter:article", issue.publication.network.slug, article.slug),
            },
        )


def confirm_subscription(subscription: Subscription, token: str) -> None:
    publication = subscription.publication
    _send(
        "confirm_subscription",
        [subscription.email],
        f"Please confirm: {publication.title}",
        {
            "publication": publication,
            "link": _url("newsletter:confirm", token),
        },
    )


def welcome_subscriber(subscription: Subscription, preferences_token: str) -> None:
    """After confirming: what they will get, how often, and how to change or stop it."""
    publication = subscription.publication
    _send(
        "welcome_subscriber",
        [subscription.email],
        f"Welcome to {publication.title}",
        {
            "publication": publication,
            "read_link": _url("newsletter:publication", publication.network.slug),
            "preferences_link": _url("newsletter:preferences", preferences_token),
        },
    )
