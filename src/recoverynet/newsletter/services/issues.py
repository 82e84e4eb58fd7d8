"""Issues and publishing, the newsletter's settings, sections and series (editors only)."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError

from .. import editions, notify
from ..domain_events import ARTICLE_PUBLISHED
from ..models import (
    Article,
    ArticleComment,
    ArticleStatus,
    CommentKind,
    Issue,
    IssueStatus,
    Publication,
    Section,
    SectionKind,
    Series,
)
from .common import invalid, require_publication_editor, single_line


def _validate_issue(
    publication: Publication, title: str, summary: str, pk: int | None, *, check_slug: bool = True
) -> str:
    if not title.strip():
        raise invalid('Give the issue a title, for example "Spring 2027".', "title")
    single_line(title, "title", "title")
    if len(title.strip()) > 100:
        raise invalid("Keep the title to 100 characters or fewer.", "title")
    if len(summary.strip()) > 300:
        raise invalid("Keep the summary to 300 characters or fewer.", "summary")
    slug = slugify(title)[:80]
    if not slug:
        raise invalid("Use some letters or numbers in the title.", "title")
    same = Issue.objects.filter(publication=publication, slug=slug)
    if check_slug and (same.exclude(pk=pk) if pk is not None else same).exists():
        raise invalid("There is already an issue with that title.", "title")
    return slug


@transaction.atomic
def issue_create(*, actor: Actor, publication: Publication, title: str, summary: str = "") -> Issue:
    require_publication_editor(actor, publication)
    slug = _validate_issue(publication, title, summary, None)
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                publication=publication,
                title=title.strip(),
                slug=slug,
                summary=" ".join(summary.split()),
                created_by=person(actor),
            )
    except IntegrityError:  # a colleague created the same issue a moment ago
        raise invalid("There is already an issue with that title.", "title") from None
    audit.record(actor=actor, action="newsletter.issue.created", obj=issue)
    return issue


@transaction.atomic
def issue_update(*, actor: Actor, issue: Issue, title: str, summary: str = "") -> Issue:
    issue = Issue.objects.select_for_update().select_related("publication").get(pk=issue.pk)
    require_publication_editor(actor, issue.publication)
    if issue.status == IssueStatus.DRAFT:
        slug = _validate_issue(issue.publication, title, summary, issue.pk)
    else:  # a published issue keeps its address, so only the wording is checked
        _validate_issue(issue.publication, title, summary, None, check_slug=False)
        slug = issue.slug
    before = audit.snapshot(issue, ["title", "summary"])
    issue.title, issue.summary = title.strip(), " ".join(summary.split())
    issue.slug = slug
    issue.save()
    audit.record(
        actor=actor,
        action="newsletter.issue.edited",
        obj=issue,
        changes=audit.diff(issue, before, ["title", "summary"]),
    )
    return issue


@transaction.atomic
def issue_publish(*, actor: Actor, issue: Issue) -> Issue:
    """Publish the web edition: every piece placed in the issue goes live together, and the
    upcoming events are captured as they stand now. Sending the e-mail edition is a separate step."""
    issue = (
        Issue.objects.select_for_update().select_related("publication__network").get(pk=issue.pk)
    )
    require_publication_editor(actor, issue.publication)
    if issue.status != IssueStatus.DRAFT:
        raise ApplicationError("wrong_state", "This issue is already published.", status=409)
    pieces = list(
        Article.objects.select_for_update().filter(issue=issue, status=ArticleStatus.SCHEDULED)
    )
    if not pieces:
        raise ApplicationError(
            "invalid", "Place at least one approved article in the issue first.", status=422
        )
    now = timezone.now()
    for piece in pieces:
        piece.status = ArticleStatus.PUBLISHED
        piece.published_at = now
    Article.objects.bulk_update(pieces, ["status", "published_at"])
    ArticleComment.objects.bulk_create(
        ArticleComment(
            article=p, author=person(actor), kind=CommentKind.PUBLISHED, body=issue.title
        )
        for p in pieces
    )
    issue.status = IssueStatus.PUBLISHED
    issue.published_at = now
    issue.events_snapshot = editions.upcoming_events(issue.publication.network)
    issue.events_more = max(
        editions.upcoming_events_total(issue.publication.network) - len(issue.events_snapshot), 0
    )
    issue.save()
    audit.record(
        actor=actor,
        action="newsletter.issue.published",
        obj=issue,
        changes={"articles": [p.title for p in pieces]},
    )
    notify.articles_published(pieces, issue)
    network_slug = issue.publication.network.slug
    for piece in pieces:
        domain_events.emit(
            ARTICLE_PUBLISHED.name,
            network_slug=network_slug,
            data={
                "article_id": str(piece.public_id),
                "issue_id": issue.pk,
                "title": piece.title,
                "url": settings.SITE_URL
                + reverse("newsletter:article", args=[network_slug, piece.slug]),
            },
        )
    return issue


@transaction.atomic
def publication_update(
    *,
    actor: Actor,
    publication: Publication,
    title: str,
    description: str,
    consent_text: str,
    send_rate_per_minute: int,
) -> Publication:
    """The newsletter's name, description, consent wording and sending rate. Changing the consent
    wording does not touch earlier consent records: each keeps the wording the person agreed to."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    require_publication_editor(actor, publication)
    if not title.strip() or len(title.strip()) > 150:
        raise invalid("Give the newsletter a name of up to 150 characters.", "title")
    single_line(title, "title", "name")
    if len(description.strip()) > 1000:
        raise invalid("Keep the description to 1,000 characters or fewer.", "description")
    if not consent_text.strip() or len(consent_text.strip()) > 1000:
        raise invalid(
            "Say what people agree to when they subscribe (up to 1,000 characters).",
            "consent_text",
        )
    if not 1 <= send_rate_per_minute <= 100_000:
        raise invalid("Choose a sending rate from 1 to 100,000 a minute.", "send_rate_per_minute")
    fields = ["title", "description", "consent_text", "send_rate_per_minute"]
    before = audit.snapshot(publication, fields)
    publication.title = title.strip()
    publication.description = description.strip()
    publication.consent_text = consent_text.strip()
    publication.send_rate_per_minute = send_rate_per_minute
    publication.save()
    audit.record(
        actor=actor,
        action="newsletter.publication.edited",
        obj=publication,
        changes=audit.diff(publication, before, fields),
    )
    return publication


@transaction.atomic
def section_create(
    *, actor: Actor, publication: Publication, title: str, kind: str = SectionKind.ARTICLES
) -> Section:
    require_publication_editor(actor, publication)
    if not title.strip() or len(title.strip()) > 100:
        raise invalid("Give the section a title of up to 100 characters.", "title")
    single_line(title, "title", "title")
    if kind not in SectionKind.values:
        raise invalid("Choose what the section holds.", "kind")
    if Section.objects.filter(publication=publication, title__iexact=title.strip()).exists():
        raise invalid("There is already a section with that title.", "title")
    last = publication.sections.aggregate(m=Max("position"))["m"]
    section = Section.objects.create(
        publication=publication,
        title=title.strip(),
        kind=kind,
        position=0 if last is None else last + 1,
    )
    audit.record(actor=actor, action="newsletter.section.created", obj=section)
    return section


@transaction.atomic
def section_move(*, actor: Actor, section: Section, direction: str) -> None:
    require_publication_editor(actor, section.publication)
    if direction not in ("up", "down"):
        raise invalid("Move up or down.", "direction")
    sections = list(
        Section.objects.select_for_update()
        .filter(publication_id=section.publication_id)
        .order_by("position", "id")
    )
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(sections):
        sections[index], sections[other] = sections[other], sections[index]
        for position, item in enumerate(sections):
            item.position = position
        Section.objects.bulk_update(sections, ["position"])
        audit.record(
            actor=actor, action="newsletter.section.moved", obj=section, changes={"to": direction}
        )


@transaction.atomic
def series_create(
    *, actor: Actor, publication: Publication, title: str, description: str = ""
) -> Series:
    require_publication_editor(actor, publication)
    if not title.strip() or len(title.strip()) > 150:
        raise invalid("Give the series a title of up to 150 characters.", "title")
    single_line(title, "title", "title")
    slug = slugify(title)[:80]
    if not slug:
        raise invalid("Use some letters or numbers in the title.", "title")
    if Series.objects.filter(publication=publication, slug=slug).exists():
        raise invalid("There is already a series with that title.", "title")
    series = Series.objects.create(
        publication=publication, title=title.strip(), slug=slug, description=description.strip()
    )
    audit.record(actor=actor, action="newsletter.series.created", obj=series)
    return series
