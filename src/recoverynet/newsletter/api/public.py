"""Reading the published newsletter: every network's newsletter, its issues and its articles.

Open to anyone (a token or session is optional); editors may also preview a draft issue.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import optional_auth
from recoverynet.core.api import Mapped, PageNumber

from .. import editions, rendering, selectors
from ..models import Publication
from .schemas import ArticleListOut, ArticleOut, IssueOut, IssueSummaryOut, PublicationOut
from .shaping import (
    article_list_item,
    article_summary,
    event_out,
    image_out,
    issue_summary,
    web,
)

router = Router()


@router.get(
    "/newsletters",
    operation_id="recoverynet_newsletter_api_publication_list",
    response=list[PublicationOut],
    auth=optional_auth,
    summary="Every network's newsletter",
)
@paginate(PageNumber)
def publication_list(request: HttpRequest) -> Any:
    def out(publication: Publication) -> dict[str, Any]:
        latest = selectors.published_issues(publication).values_list("slug", flat=True).first()
        return {
            "network": publication.network.slug,
            "title": publication.title,
            "description": publication.description,
            "latest_issue": latest,
            "url": web("newsletter:publication", publication.network.slug),
        }

    return Mapped(selectors.publications(), out)


@router.get(
    "/newsletters/{network}/issues",
    operation_id="recoverynet_newsletter_api_issue_list",
    response=list[IssueSummaryOut],
    auth=optional_auth,
    summary="A newsletter's published issues, newest first",
)
@paginate(PageNumber)
def issue_list(request: HttpRequest, network: str) -> Any:
    publication = selectors.publication_get(network)
    return Mapped(
        selectors.published_issues(publication),
        lambda issue: issue_summary(publication.network.slug, issue),
    )


@router.get(
    "/newsletters/{network}/issues/{slug}",
    operation_id="recoverynet_newsletter_api_issue_detail",
    response=IssueOut,
    auth=optional_auth,
    summary="One issue with its sections, articles and events (editors may preview a draft)",
)
def issue_detail(request: HttpRequest, network: str, slug: str) -> Any:
    publication = selectors.publication_get(network)
    issue = selectors.issue_get(actor=request.user, publication=publication, slug=slug)
    network_slug = publication.network.slug
    return {
        **issue_summary(network_slug, issue),
        "network": network_slug,
        "status": issue.status,
        "sections": [
            {
                "title": section.title,
                "kind": section.kind,
                "articles": [article_summary(network_slug, a) for a in section.articles],
                "events": [event_out(e) for e in section.events],
                "events_more": section.events_more,
                "events_url": editions.absolute(section.events_url) if section.events_url else "",
            }
            for section in editions.issue_contents(issue)
        ],
    }


@router.get(
    "/newsletters/{network}/articles",
    operation_id="recoverynet_newsletter_api_article_list",
    response=list[ArticleListOut],
    auth=optional_auth,
    summary="A newsletter's published articles, newest first (a series: in reading order)",
)
@paginate(PageNumber)
def article_list(request: HttpRequest, network: str, series: str = "") -> Any:
    publication = selectors.publication_get(network)
    if series:
        _, articles = selectors.series_articles(publication, series[:80])
    else:
        articles = selectors.published_articles(publication)
    return Mapped(articles, lambda a: article_list_item(publication.network.slug, a))


@router.get(
    "/newsletters/{network}/articles/{slug}",
    operation_id="recoverynet_newsletter_api_article_detail",
    response=ArticleOut,
    auth=optional_auth,
    summary="One published article",
)
def article_detail(request: HttpRequest, network: str, slug: str) -> Any:
    publication = selectors.publication_get(network)
    article = selectors.published_article(publication, slug)
    network_slug = publication.network.slug
    return {
        **article_list_item(network_slug, article),
        "network": network_slug,
        "body_markdown": rendering.markdown_without_html(article.body),
        "body_html": str(editions.article_body(article, absolute_urls=True)),
        "images": [image_out(article, image) for image in article.images.all()],
    }
