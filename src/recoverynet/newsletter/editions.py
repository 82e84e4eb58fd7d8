"""The editions of an issue: what is in it (for the web page), the e-mail (HTML and plain text) and
the PDF. All of them show bylines by `display_name` only; none of them can reach `person`.
"""

from __future__ import annotations

import base64
import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString

from recoverynet.network.models import Network

from . import images, rendering
from .models import Article, ArticleImage, ArticleStatus, Issue, IssueStatus, SectionKind

log = logging.getLogger(__name__)

EVENTS_AHEAD = datetime.timedelta(days=180)
EVENTS_MAX = 12


def event_format(*, online: bool, venue_name: str) -> tuple[str, str]:
    """How an event is attended, and where, as the newsletter says it: an event with a venue that
    is also online is hybrid, never just "Online"."""
    if online and venue_name:
        return "Hybrid", f"{venue_name} and online"
    if online:
        return "Online", "Online"
    return "In person", venue_name


def upcoming_events(network: Network) -> list[dict[str, Any]]:
    """The network's published events in the coming months, as plain data, so a published issue
    keeps showing what was coming up when it went out. At most `EVENTS_MAX`; the rest are counted
    by `upcoming_events_total` ("and N more")."""
    from recoverynet.events import selectors as event_selectors  # the events app is optional

    until = timezone.now() + EVENTS_AHEAD
    items = []
    for event in event_selectors.event_list_upcoming(network_slug=network.slug).filter(
        starts_at__lte=until, status="published"
    )[:EVENTS_MAX]:
        local = timezone.localtime(event.starts_at, network.tz)
        attendance, where = event_format(online=event.online, venue_name=event.venue_name)
        items.append(
            {
                "title": event.title,
                "kind": event.get_kind_display(),
                "starts_at": event.starts_at.isoformat(),
                "when": date_format(local, "l j F Y, g:i a"),
                "attendance": attendance,
                "where": where,
                "summary": event.summary,
                "url": reverse("events:event-detail", args=[event.public_id]),
            }
        )
    return items


def upcoming_events_total(network: Network) -> int:
    """Every published upcoming event of the network, however far ahead."""
    from recoverynet.events import selectors as event_selectors

    return (
        event_selectors.event_list_upcoming(network_slug=network.slug)
        .filter(status="published")
        .count()
    )


def events_list_url(network: Network) -> str:
    return reverse("events:event-list") + f"?network={network.slug}"


@dataclass
class SectionContents:
    title: str
    kind: str
    articles: list[Article] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    events_more: int = 0  # upcoming events that did not fit ("and N more")
    events_url: str = ""  # every upcoming event of the network


def issue_articles(issue: Issue) -> list[Article]:
    """The pieces in an issue: published ones, or for a draft issue the ones placed in it."""
    status = (
        ArticleStatus.PUBLISHED
        if issue.status == IssueStatus.PUBLISHED
        else ArticleStatus.SCHEDULED
    )
    return list(
        Article.objects.filter(issue=issue, status=status)
        .select_related("section", "series")
        .prefetch_related("authors", "images")
        .order_by("section__position", "position", "id")
    )


def issue_contents(issue: Issue, articles: list[Article] | None = None) -> list[SectionContents]:
    """The issue's sections in order, each with its pieces; empty sections are left out."""
    articles = issue_articles(issue) if articles is None else articles
    network = issue.publication.network
    if issue.status == IssueStatus.PUBLISHED:
        events, more = issue.events_snapshot, issue.events_more
    else:
        events = upcoming_events(network)
        more = max(upcoming_events_total(network) - len(events), 0)
    contents = []
    for section in issue.publication.sections.all():
        if section.kind == SectionKind.EVENTS:
            if events or more:
                contents.append(
                    SectionContents(
                        section.title,
                        section.kind,
                        events=events,
                        events_more=more,
                        events_url=events_list_url(network),
                    )
                )
            continue
        pieces = [a for a in articles if a.section_id == section.pk]
        if pieces:
            contents.append(SectionContents(section.title, section.kind, articles=pieces))
    # A piece whose section was since removed, or made an events section, is still in the issue.
    placed = {a.pk for part in contents for a in part.articles}
    rest = [a for a in articles if a.pk not in placed]
    if rest:
        contents.append(SectionContents("Also in this issue", SectionKind.ARTICLES, articles=rest))
    return contents


def image_url(image: ArticleImage) -> str:
    return reverse("newsletter:image", args=[image.article.public_id, image.number])


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def article_body(article: Article, *, absolute_urls: bool = False) -> SafeString:
    def src(image: ArticleImage) -> str:
        image.article = article  # avoid a query per image for the public id
        return absolute(image_url(image)) if absolute_urls else image_url(image)

    return rendering.article_html(article.body, article.images.all(), src)


def _data_url(image: ArticleImage) -> str:
    """The picture embedded in the PDF, or "" (left out) if its file has gone missing."""
    try:
        data = images.read_stored(image.stored_name)
    except (OSError, ValueError):
        log.error("Newsletter image %s is missing from storage", image.stored_name)
        return ""
    return f"data:{image.content_type};base64,{base64.b64encode(data).decode()}"


@dataclass(frozen=True)
class EmailEdition:
    subject: str
    html: str
    text: str


# Stands for the recipient's own unsubscribe address until each copy is made (see sending.py).
UNSUBSCRIBE_MARK = "@@unsubscribe-url@@"
PREFERENCES_MARK = "@@preferences-url@@"


def email_edition(issue: Issue) -> EmailEdition:
    """The e-mail edition with marks where each recipient's own links go. Rendered once per send
    (not per recipient); copies differ only in those links. No tracking pixels, no link rewriting."""
    articles = issue_articles(issue)
    network = issue.publication.network
    for article in articles:
        article.html_body = article_body(article, absolute_urls=True)  # type: ignore[attr-defined]
        article.text_body = rendering.article_text(article.body, article.images.all())  # type: ignore[attr-defined]
    context = {
        "issue": issue,
        "publication": issue.publication,
        "network": network,
        "contents": issue_contents(issue, articles),
        "site_url": settings.SITE_URL,
        "issue_url": absolute(reverse("newsletter:issue", args=[network.slug, issue.slug])),
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "preferences_url": PREFERENCES_MARK,
    }
    return EmailEdition(
        subject=f"{issue.publication.title}: {issue.title}",
        html=render_to_string("newsletter/email/issue.html", context),
        text=render_to_string("newsletter/email/issue.txt", context),
    )


PDF_CACHE_SECONDS = 24 * 60 * 60


def pdf_edition(issue: Issue) -> bytes:
    """The PDF. A published issue's PDF is kept in the cache until the issue (or a piece in it)
    changes, so readers downloading it do not each make the server lay it out again."""
    if issue.status != IssueStatus.PUBLISHED:
        return _make_pdf(issue)
    key = f"newsletter:pdf:{issue.pk}:{issue.updated_at.timestamp()}"
    document: bytes | None = cache.get(key)
    if document is None:
        document = _make_pdf(issue)
        cache.set(key, document, PDF_CACHE_SECONDS)
    return document


def _make_pdf(issue: Issue) -> bytes:
    from recoverynet.core.pdf import render_pdf

    articles = issue_articles(issue)
    for article in articles:
        article.html_body = rendering.article_html(  # type: ignore[attr-defined]
            article.body, article.images.all(), _data_url
        )
    return render_pdf(
        "newsletter/pdf/issue.html",
        {
            "issue": issue,
            "publication": issue.publication,
            "network": issue.publication.network,
            "contents": issue_contents(issue, articles),
            "site_url": settings.SITE_URL,
        },
    )
