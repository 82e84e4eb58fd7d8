"""An Atom feed of each newsletter's published articles, for feed readers.

Bylines are the names shown on the page (a real name, or a pseudonym with a role), never who is
behind them and never an e-mail address.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import editions, selectors
from .models import Article, Publication

FEED_SIZE = 30


def article_url(article: Article) -> str:
    return editions.absolute(
        reverse("newsletter:article", args=[article.publication.network.slug, article.slug])
    )


class ArticleFeed(Feed[Article, Publication]):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, network: str) -> Publication:
        # Raises NotFound (a 404 page) for a network without a newsletter.
        return selectors.publication_get(network)

    def title(self, obj: Publication) -> str:
        return obj.title

    def subtitle(self, obj: Publication) -> str:
        return obj.description or f"Articles from {obj.title}"

    def link(self, obj: Publication) -> str:
        return editions.absolute(reverse("newsletter:publication", args=[obj.network.slug]))

    def feed_url(self, obj: Publication) -> str:
        return editions.absolute(reverse("newsletter:feed", args=[obj.network.slug]))

    def items(self, obj: Publication) -> list[Article]:
        return list(selectors.published_articles(obj)[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.standfirst

    def item_link(self, item: Article) -> str:
        return article_url(item)

    def item_guid(self, item: Article) -> str:
        return article_url(item)

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_author_name(self, item: Article) -> str | None:
        # Display names and roles only: `ArticleAuthor.byline` never reaches `person`.
        return ", ".join(author.byline for author in item.authors.all()) or None
