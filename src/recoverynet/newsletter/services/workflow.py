"""The editorial workflow: submit, request changes, approve, place in an issue, move, withdraw,
and the conversation about a piece. Every step is audited and recorded in the piece's thread."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import access, notify
from ..models import (
    AUTHOR_EDITABLE,
    Article,
    ArticleComment,
    ArticleStatus,
    CommentKind,
    Issue,
    IssueStatus,
    Section,
    SectionKind,
)
from .articles import _locked, _log
from .common import WRITER_LABEL, audit_actor, invalid, require_editor, touch_issue


def _transition(
    actor: Actor,
    article: Article,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    kind: str,
    note: str = "",
    action: str,
) -> Article:
    if article.status not in allowed_from:
        raise ApplicationError(
            "wrong_state",
            f"This article is {article.get_status_display().lower()}, so that cannot be done now.",
            status=409,
        )
    old = article.status
    article.status = to
    article.save(update_fields=["status", "submitted_at", "issue", "position", "updated_at"])
    _log(article, actor, kind, note)
    audit.record(
        actor=audit_actor(actor, article),
        actor_label=WRITER_LABEL,
        action=action,
        obj=article,
        changes={"status": [old, to], "note": note},
    )
    return article


@transaction.atomic
def article_submit(*, actor: Actor, article: Article, note: str = "") -> Article:
    article = _locked(article)
    if article.contributor_id != actor.pk and not access.is_editor(
        actor, article.publication.network_id
    ):
        raise PermissionDenied("Only the person who wrote it can send it to the editors.")
    article.submitted_at = timezone.now()
    article = _transition(
        actor,
        article,
        allowed_from=AUTHOR_EDITABLE,
        to=ArticleStatus.SUBMITTED,
        kind=CommentKind.SUBMITTED,
        note=note,
        action="newsletter.article.submitted",
    )
    notify.article_submitted(article)
    return article


@transaction.atomic
def article_request_changes(*, actor: Actor, article: Article, note: str) -> Article:
    article = _locked(article)
    require_editor(actor, article)
    if not note.strip():
        raise invalid("Say what needs to change.", "note")
    article = _transition(
        actor,
        article,
        allowed_from=(ArticleStatus.SUBMITTED, ArticleStatus.APPROVED),
        to=ArticleStatus.CHANGES_REQUESTED,
        kind=CommentKind.CHANGES_REQUESTED,
        note=note,
        action="newsletter.article.changes_requested",
    )
    notify.article_decided(article, note)
    return article


@transaction.atomic
def article_approve(*, actor: Actor, article: Article, note: str = "") -> Article:
    article = _locked(article)
    require_editor(actor, article)
    article = _transition(
        actor,
        article,
        allowed_from=(ArticleStatus.SUBMITTED,),
        to=ArticleStatus.APPROVED,
        kind=CommentKind.APPROVED,
        note=note,
        action="newsletter.article.approved",
    )
    notify.article_decided(article, note)
    return article


@transaction.atomic
def article_schedule(
    *, actor: Actor, article: Article, issue: Issue, section: Section | None = None
) -> Article:
    """Place an approved piece in an issue that is being put together, at the end of its section."""
    article = _locked(article)
    require_editor(actor, article)
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.publication_id != article.publication_id:
        raise invalid("Choose an issue of this newsletter.", "issue")
    if issue.status != IssueStatus.DRAFT:
        raise invalid("That issue is already published; choose one being put together.", "issue")
    section = section or article.section
    if section is None:
        raise invalid("Choose the section it goes in.", "section")
    if section.publication_id != article.publication_id or section.kind != SectionKind.ARTICLES:
        raise invalid("Choose one of this newsletter's sections.", "section")
    if article.status not in (ArticleStatus.APPROVED, ArticleStatus.SCHEDULED):
        raise ApplicationError(
            "wrong_state", "Only approved articles can be placed in an issue.", status=409
        )
    last = (
        Article.objects.filter(issue=issue, section=section)
        .exclude(pk=article.pk)
        .aggregate(m=Max("position"))["m"]
    )
    old = article.status
    article.issue, article.section = issue, section
    article.position = 0 if last is None else last + 1
    article.status = ArticleStatus.SCHEDULED
    article.save(update_fields=["issue", "section", "position", "status", "updated_at"])
    _log(article, actor, CommentKind.SCHEDULED, f"{issue.title}: {section.title}")
    audit.record(
        actor=audit_actor(actor, article),
        actor_label=WRITER_LABEL,
        action="newsletter.article.scheduled",
        obj=article,
        changes={"status": [old, article.status], "issue": issue.title, "section": section.title},
    )
    return article


@transaction.atomic
def article_unschedule(*, actor: Actor, article: Article) -> Article:
    article = _locked(article)
    require_editor(actor, article)
    if article.status != ArticleStatus.SCHEDULED:
        raise ApplicationError("wrong_state", "This article is not in an issue.", status=409)
    issue_title = article.issue.title if article.issue else ""
    article.issue = None
    article.position = 0
    article.status = ArticleStatus.APPROVED
    article.save(update_fields=["issue", "position", "status", "updated_at"])
    _log(article, actor, CommentKind.UNSCHEDULED, issue_title)
    audit.record(
        actor=audit_actor(actor, article),
        actor_label=WRITER_LABEL,
        action="newsletter.article.unscheduled",
        obj=article,
        changes={"status": [ArticleStatus.SCHEDULED, ArticleStatus.APPROVED], "issue": issue_title},
    )
    return article


@transaction.atomic
def article_move(*, actor: Actor, article: Article, direction: str) -> Article:
    """Move a scheduled piece up or down within its section of the issue."""
    article = _locked(article)
    require_editor(actor, article)
    if article.status != ArticleStatus.SCHEDULED or direction not in ("up", "down"):
        raise invalid("Only pieces in an issue being put together can be moved.", "direction")
    siblings = list(
        Article.objects.select_for_update()
        .filter(issue=article.issue, section=article.section)
        .order_by("position", "id")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == article.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, item in enumerate(siblings):
            item.position = position
        Article.objects.bulk_update(siblings, ["position"])
        audit.record(
            actor=audit_actor(actor, article),
            actor_label=WRITER_LABEL,
            action="newsletter.article.moved",
            obj=article,
            changes={"to": direction},
        )
    return article


@transaction.atomic
def article_withdraw(*, actor: Actor, article: Article, note: str = "") -> Article:
    """The writer takes it back (before publication), or an editor takes it down."""
    article = _locked(article)
    editor = access.is_editor(actor, article.publication.network_id)
    if not editor and article.contributor_id != actor.pk:
        raise PermissionDenied("Only the person who wrote it, or an editor, can withdraw it.")
    if not editor and article.status == ArticleStatus.PUBLISHED:
        raise ApplicationError(
            "wrong_state",
            "It is already published. Please ask the editors to take it down.",
            status=409,
        )
    if article.status != ArticleStatus.PUBLISHED:
        article.issue, article.position = None, 0
    touch_issue(article)  # a published piece taken down leaves its issue's editions
    return _transition(
        actor,
        article,
        allowed_from=tuple(s for s in ArticleStatus.values if s != ArticleStatus.WITHDRAWN),
        to=ArticleStatus.WITHDRAWN,
        kind=CommentKind.WITHDRAWN,
        note=note,
        action="newsletter.article.withdrawn",
    )


@transaction.atomic
def article_comment(*, actor: Actor, article: Article, body: str) -> ArticleComment:
    """Writers and editors talk about the piece. Readers never see these."""
    article = _locked(article)
    if not (
        access.is_writer(actor, article) or access.is_editor(actor, article.publication.network_id)
    ):
        raise PermissionDenied("Only the writers and the editors can comment on a piece.")
    if not body.strip():
        raise invalid("Write a comment.", "body")
    if len(body) > 5000:
        raise invalid("Keep comments under 5,000 characters.", "body")
    comment = ArticleComment.objects.create(
        article=article, author=person(actor), body=body.strip()
    )
    audit.record(
        actor=audit_actor(actor, article),
        actor_label=WRITER_LABEL,
        action="newsletter.article.commented",
        obj=article,
    )
    notify.article_commented(article, comment)
    return comment
