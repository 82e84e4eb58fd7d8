"""Shared by the newsletter services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import bad_character

from .. import access
from ..models import Article, Issue, Publication


def invalid(message: str, field_name: str) -> ApplicationError:
    return ApplicationError("invalid", message, field=field_name, status=422)


def single_line(value: str, field_name: str, what: str) -> None:
    """Titles, names and summaries are one line: no line breaks or other control characters."""
    if bad_character(value, single_line=True) is not None:
        raise invalid(f"Write the {what} on one line, without line breaks.", field_name)


WRITER_LABEL = "a writer of this piece"


def audit_actor(actor: Actor, article: Article) -> Any:
    """Who the audit log names for a step on a piece. Its writers are left unnamed: the network team
    reads the log (a person's history page lists everything they did), and a name next to a piece
    would say who is behind a pseudonym. The piece itself tells its editors who wrote it."""
    return None if access.is_writer(actor, article) else actor


def touch_issue(article: Article) -> None:
    """A change to a piece in an issue is a change to the issue: its e-mail edition (rendered once
    per process and keyed on the issue's last change) and its cached PDF are made again."""
    if article.issue_id is not None:
        Issue.objects.filter(pk=article.issue_id).update(updated_at=timezone.now())


def require_editor(actor: Actor, article: Article) -> None:
    if not access.is_editor(actor, article.publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can do that.")


def require_publication_editor(actor: Actor, publication: Publication) -> None:
    if not access.is_editor(actor, publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can do that.")
