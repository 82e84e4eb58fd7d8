"""Shaping output: turning articles, issues and events into the dicts the answer schemas read.

Public answers name authors only as their bylines; only `work_out` (the work view of an article)
says who is behind each byline, and only to the people `access.can_see_identities` allows.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from recoverynet.accounts.actors import Actor

from .. import access, editions
from ..models import Article, ArticleAuthor, ArticleImage, ArticleStatus, Issue, Series


def web(name: str, *args: Any) -> str:
    return editions.absolute(reverse(name, args=args))


def bylines(article: Article) -> list[dict[str, str]]:
    return [{"name": a.display_name, "role": a.role} for a in article.authors.all()]


def named(obj: Series | Issue | None) -> dict[str, str] | None:
    return {"slug": obj.slug, "title": obj.title} if obj is not None else None


def article_url(network_slug: str, article: Article) -> str:
    return web("newsletter:article", network_slug, article.slug)


def image_out(article: Article, image: ArticleImage) -> dict[str, Any]:
    image.article = article  # no query for the public id
    return {
        "number": image.number,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "url": editions.absolute(editions.image_url(image)),
    }


def article_summary(network_slug: str, article: Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.title,
        "standfirst": article.standfirst,
        "bylines": bylines(article),
        "url": article_url(network_slug, article),
    }


def article_list_item(network_slug: str, article: Article) -> dict[str, Any]:
    return {
        **article_summary(network_slug, article),
        "section": article.section.title if article.section else None,
        "series": named(article.series),
        "issue": named(article.issue),
        "published_at": article.published_at,
    }


def issue_summary(network_slug: str, issue: Issue) -> dict[str, Any]:
    return {
        "slug": issue.slug,
        "title": issue.title,
        "summary": issue.summary,
        "published_at": issue.published_at,
        "url": web("newsletter:issue", network_slug, issue.slug),
        "pdf_url": web("newsletter:issue-pdf", network_slug, issue.slug),
    }


def event_out(event: dict[str, Any]) -> dict[str, Any]:
    url = str(event.get("url", ""))
    return {**event, "url": editions.absolute(url) if url.startswith("/") else url}


def work_out(actor: Actor, article: Article) -> dict[str, Any]:
    network_slug = article.publication.network.slug
    identities = access.can_see_identities(actor, article)
    authors: list[ArticleAuthor] = list(article.authors.all())
    comments = article.comments.select_related("author").order_by("at", "id")
    return {
        "id": article.public_id,
        "network": network_slug,
        "slug": article.slug,
        "title": article.title,
        "standfirst": article.standfirst,
        "body_markdown": article.body,
        "body_html": str(editions.article_body(article, absolute_urls=True)),
        "status": article.status,
        "status_label": article.get_status_display(),
        "section": (
            {"id": article.section.pk, "title": article.section.title} if article.section else None
        ),
        "series": named(article.series),
        "issue": named(article.issue),
        "authors": [
            {
                "name": a.display_name,
                "role": a.role,
                "pseudonym": a.is_pseudonym,
                "person_name": a.person.display_name if identities and a.person else None,
                "person_email": a.person.email if identities and a.person else None,
            }
            for a in authors
        ],
        "contributor": article.contributor.display_name if identities else None,
        "images": [image_out(article, image) for image in article.images.all()],
        "comments": [
            {
                "author": c.author.display_name if c.author else "",
                "kind": c.kind,
                "body": c.body,
                "at": c.at,
            }
            for c in comments
        ],
        "submitted_at": article.submitted_at,
        "published_at": article.published_at,
        "created_at": article.created_at,
        "updated_at": article.updated_at,
        "url": (
            article_url(network_slug, article)
            if article.status == ArticleStatus.PUBLISHED
            else None
        ),
        "work_url": web("newsletter:article-work", article.public_id),
    }


def mine_out(article: Article) -> dict[str, Any]:
    return {
        "id": article.public_id,
        "network": article.publication.network.slug,
        "slug": article.slug,
        "title": article.title,
        "status": article.status,
        "status_label": article.get_status_display(),
        "section": article.section.title if article.section else None,
        "issue": named(article.issue),
        "submitted_at": article.submitted_at,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
    }
