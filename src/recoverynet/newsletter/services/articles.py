"""Writing a piece: drafts, edits and bylines (a real name, or a pseudonym known only to the
editors and the people who wrote it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit
from recoverynet.core.errors import PermissionDenied

from .. import access
from ..models import (
    Article,
    ArticleAuthor,
    ArticleComment,
    ArticleStatus,
    Publication,
    Section,
    SectionKind,
    Series,
)
from .common import WRITER_LABEL, audit_actor, invalid, single_line, touch_issue

MAX_AUTHORS = 6


@dataclass(frozen=True)
class AuthorInput:
    display_name: str
    role: str = ""
    is_pseudonym: bool = False
    person: Any = None


@dataclass(frozen=True)
class ArticleInput:
    title: str
    body: str
    standfirst: str = ""
    section: Section | None = None
    series: Series | None = None
    authors: list[AuthorInput] = field(default_factory=list)


def shown_name(user: Any) -> str:
    """The name to suggest for a byline: the person's own name, never their e-mail address."""
    name = getattr(user, "display_name", "") or ""
    return "" if "@" in name else name


def _validate_article(publication: Publication, data: ArticleInput) -> None:
    if not data.title.strip():
        raise invalid("Enter a title.", "title")
    if len(data.title.strip()) > 200:
        raise invalid("Keep the title to 200 characters or fewer.", "title")
    if len(data.standfirst.strip()) > 400:
        raise invalid("Keep the standfirst to 400 characters or fewer.", "standfirst")
    single_line(data.title, "title", "title")
    if not data.body.strip():
        raise invalid("Write the article (the body cannot be empty).", "body")
    if len(data.body) > 60_000:
        raise invalid("The article is too long: keep it under 60,000 characters.", "body")
    if data.section is not None and (
        data.section.publication_id != publication.pk or data.section.kind != SectionKind.ARTICLES
    ):
        raise invalid("Choose one of this newsletter's sections.", "section")
    if data.series is not None and data.series.publication_id != publication.pk:
        raise invalid("Choose one of this newsletter's series.", "series")
    if not data.authors:
        raise invalid("Say how the author should be named.", "authors")
    if len(data.authors) > MAX_AUTHORS:
        raise invalid(f"An article can name at most {MAX_AUTHORS} authors.", "authors")
    for author in data.authors:
        if not author.display_name.strip():
            raise invalid("Enter the name or pseudonym to show for each author.", "authors")
        single_line(author.display_name + author.role, "authors", "name and role")
        if "@" in author.display_name:
            # A byline is published; an e-mail address there would identify (and expose) someone.
            raise invalid("Show a name or pseudonym, not an e-mail address.", "authors")
        if len(author.display_name.strip()) > 120 or len(author.role.strip()) > 120:
            raise invalid("Keep names and roles to 120 characters or fewer.", "authors")


def _unique_slug(publication: Publication, title: str, exclude: int | None = None) -> str:
    base = (slugify(title) or "article")[:100]
    others = Article.objects.filter(publication=publication, slug__startswith=base)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    taken = set(others.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save_authors(article: Article, authors: list[AuthorInput]) -> None:
    article.authors.all().delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(
            article=article,
            person=author.person,
            display_name=author.display_name.strip(),
            role=author.role.strip(),
            is_pseudonym=author.is_pseudonym,
            position=i,
        )
        for i, author in enumerate(authors)
    )


def _log(article: Article, actor: Actor, kind: str, body: str = "") -> None:
    ArticleComment.objects.create(
        article=article, author=person(actor), kind=kind, body=body.strip()
    )


@transaction.atomic
def article_create(*, actor: Actor, publication: Publication, data: ArticleInput) -> Article:
    """Any member of the network starts a draft. Only its writers and the editors see it."""
    if not access.can_contribute(actor, publication.network_id):
        raise PermissionDenied("Only members of this network can write for its newsletter.")
    _validate_article(publication, data)
    article = Article.objects.create(
        publication=publication,
        title=data.title.strip(),
        slug=_unique_slug(publication, data.title),
        standfirst=" ".join(data.standfirst.split()),
        body=data.body,
        section=data.section,
        series=data.series,
        contributor=person(actor),
    )
    _save_authors(article, data.authors)
    # The audit log records the bylines as shown, never who is behind a pseudonym.
    audit.record(
        actor=audit_actor(actor, article),
        actor_label=WRITER_LABEL,
        action="newsletter.article.created",
        obj=article,
        changes={"title": article.title, "bylines": [a.display_name for a in data.authors]},
    )
    return article


def _locked(article: Article) -> Article:
    return (
        Article.objects.select_for_update()
        .select_related("publication", "publication__network")
        .get(pk=article.pk)
    )


@transaction.atomic
def article_update(*, actor: Actor, article: Article, data: ArticleInput) -> Article:
    article = _locked(article)
    if not access.can_edit_text(actor, article):
        if access.is_writer(actor, article):
            raise PermissionDenied(
                "The editors have this piece now. Add a comment to ask for a change."
            )
        raise PermissionDenied("You cannot change this article.")
    _validate_article(article.publication, data)
    fields = ["title", "standfirst", "body", "section_id", "series_id"]
    before = audit.snapshot(article, fields)
    article.title = data.title.strip()
    article.standfirst = " ".join(data.standfirst.split())
    article.body = data.body
    article.section = data.section
    article.series = data.series
    if article.status != ArticleStatus.PUBLISHED:
        # Published addresses never change; links people shared keep working.
        article.slug = _unique_slug(article.publication, article.title, exclude=article.pk)
    article.save()
    _save_authors(article, data.authors)
    changes = audit.diff(article, before, fields)
    changes.pop("body", None)
    if before["body"] != article.body:
        changes["body"] = "changed"
    audit.record(
        actor=audit_actor(actor, article),
        actor_label=WRITER_LABEL,
        action="newsletter.article.edited",
        obj=article,
        changes={**changes, "bylines": [a.display_name for a in data.authors]},
    )
    touch_issue(article)
    return article
