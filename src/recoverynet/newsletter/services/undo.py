"""Undoing a withdrawal (issue #15): for a short time after a piece was withdrawn, while nothing
else has changed on it (core.undo), whoever may withdraw it may put it back where it was. A piece
that was in an issue being put together comes back approved (its place in the issue was given up);
a published piece comes back on the website and in its issue."""

from __future__ import annotations

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.undo import require_undoable

from .. import access
from ..models import Article, ArticleStatus, CommentKind
from .articles import _locked, _log
from .common import WRITER_LABEL, audit_actor, touch_issue

WITHDRAWN_ACTION = "newsletter.article.withdrawn"


def restored_status(previous: str) -> str:
    """The status a withdrawal is undone to: where it was, or approved if it was in an issue."""
    return ArticleStatus.APPROVED if previous == ArticleStatus.SCHEDULED else previous


@transaction.atomic
def article_withdraw_undo(*, actor: Actor, article: Article) -> Article:
    article = _locked(article)
    editor = access.is_editor(actor, article.publication.network_id)
    if not editor and article.contributor_id != actor.pk:
        raise PermissionDenied("Only the person who wrote it, or an editor, can undo this.")
    if article.status != ArticleStatus.WITHDRAWN:
        raise ApplicationError("wrong_state", "This piece is not withdrawn.", status=409)
    entry = require_undoable(article, WITHDRAWN_ACTION, "The withdrawal")
    previous = str((entry.changes.get("status") or [""])[0])
    if previous not in ArticleStatus.values or previous == ArticleStatus.WITHDRAWN:
        raise ApplicationError("too_late", "The withdrawal can no longer be undone.", status=409)
    if previous == ArticleStatus.PUBLISHED and not editor:
        raise PermissionDenied("Only an editor can put a published piece back.")
    article.status = restored_status(previous)
    article.save(update_fields=["status", "updated_at"])
    touch_issue(article)  # a published piece comes back into its issue's editions
    _log(article, actor, CommentKind.COMMENT, "Withdrawal undone.")
    audit.record(
        actor=audit_actor(actor, article),
        actor_label=WRITER_LABEL,
        action=f"{WITHDRAWN_ACTION}.undone",
        obj=article,
        changes={"status": [ArticleStatus.WITHDRAWN, article.status], "undoes": entry.pk},
    )
    return article
