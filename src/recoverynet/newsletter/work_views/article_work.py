"""One piece's work page: where it is, the conversation, and the next steps (submit, approve,
ask for changes, place in an issue, withdraw, comment)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.forms import add_service_error
from recoverynet.core.undo import UNDO_WINDOW

from .. import access, editions, selectors, services
from ..forms import ChangesForm, CommentForm, NoteForm, ScheduleForm
from ..models import AUTHOR_EDITABLE, Article, ArticleStatus, CommentKind
from .common import problem_form, reraise_access

UNDO_MINUTES = int(UNDO_WINDOW.total_seconds() // 60)

# --- One piece: where it is, the conversation, and the next steps -----------------------------

STEPS = [
    (ArticleStatus.DRAFT, "Draft"),
    (ArticleStatus.SUBMITTED, "With the editors"),
    (ArticleStatus.APPROVED, "Approved"),
    (ArticleStatus.SCHEDULED, "In an issue"),
    (ArticleStatus.PUBLISHED, "Published"),
]
_STEP_INDEX: dict[str, int] = {str(status): i for i, (status, _) in enumerate(STEPS)}
_STEP_INDEX[ArticleStatus.CHANGES_REQUESTED] = 0


def _steps(article: Article) -> list[dict[str, Any]]:
    if article.status == ArticleStatus.WITHDRAWN:
        return []
    current = _STEP_INDEX.get(article.status, 0)
    steps = []
    for i, (_value, label) in enumerate(STEPS):
        if i == 0 and article.status == ArticleStatus.CHANGES_REQUESTED:
            label = "Changes requested"
        state = "done" if i < current else "current" if i == current else "todo"
        steps.append({"label": label, "state": state})
    return steps


def _permissions(user: Any, article: Article) -> dict[str, bool]:
    editor = access.is_editor(user, article.publication.network_id)
    contributor = article.contributor_id == user.pk
    status = article.status
    return {
        "is_editor": editor,
        "can_edit": access.can_edit_text(user, article),
        "can_submit": status in AUTHOR_EDITABLE and (contributor or editor),
        "can_approve": editor and status == ArticleStatus.SUBMITTED,
        "can_request_changes": editor
        and status in (ArticleStatus.SUBMITTED, ArticleStatus.APPROVED),
        "can_schedule": editor and status in (ArticleStatus.APPROVED, ArticleStatus.SCHEDULED),
        "can_arrange": editor and status == ArticleStatus.SCHEDULED,
        "can_withdraw": status != ArticleStatus.WITHDRAWN
        and (editor or (contributor and status != ArticleStatus.PUBLISHED)),
    }


def _blank_forms(article: Article) -> dict[str, forms.Form | None]:
    """The forms on the work page, by the name the template uses ("problem" carries an error from
    a step that has no fields)."""
    return {
        "problem": None,
        "submit": NoteForm(auto_id="id_submit_%s"),
        "approve": NoteForm(auto_id="id_approve_%s"),
        "changes": ChangesForm(auto_id="id_changes_%s"),
        "schedule": ScheduleForm(
            publication=article.publication,
            auto_id="id_schedule_%s",
            initial={"section": article.section_id},
        ),
        "withdraw": NoteForm(auto_id="id_withdraw_%s"),
        "comment": CommentForm(auto_id="id_comment_%s"),
    }


def _render_work(
    request: AuthenticatedRequest,
    article: Article,
    *,
    bound: dict[str, forms.Form | None] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    page_forms = _blank_forms(article)
    page_forms.update(bound or {})
    comments = list(article.comments.select_related("author").order_by("at", "id"))
    changes_note = next(
        (c for c in reversed(comments) if c.kind == CommentKind.CHANGES_REQUESTED), None
    )
    authors = list(article.authors.all())
    return render(
        request,
        "newsletter/work/article_work.html",
        {
            "article": article,
            "publication": article.publication,
            "network": article.publication.network,
            "steps": _steps(article),
            "body": editions.article_body(article),
            "authors": authors,
            "show_identities": access.can_see_identities(user, article),
            "images": list(article.images.all()),
            "comments": comments,
            "changes_note": changes_note,
            "forms": page_forms,
            **_permissions(user, article),
            "undo_withdraw_until": selectors.article_withdraw_undo_until(
                actor=user, article=article
            ),
            "title": article.title,
        },
        status=status,
    )


@login_required
def article_work(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    article = selectors.article_for_work(actor=request.user, public_id=public_id)
    return _render_work(request, article)


_FORMS: dict[str, Any] = {
    "submit": NoteForm,
    "approve": NoteForm,
    "request-changes": ChangesForm,
    "schedule": ScheduleForm,
    "withdraw": NoteForm,
    "comment": CommentForm,
}
_FORM_KEYS = {"request-changes": "changes"}
ACTIONS = frozenset([*_FORMS, "unschedule", "move-up", "move-down", "undo-withdraw"])


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _do(action: str, actor: Actor, article: Article, data: dict[str, Any]) -> str:
    """Run one step; returns the message to show."""
    if action == "submit":
        services.article_submit(actor=actor, article=article, note=data["note"])
        return (
            "Thank you. Your piece is with the editors. We will e-mail you when they have read it."
        )
    if action == "approve":
        services.article_approve(actor=actor, article=article, note=data["note"])
        return "The piece is approved. Place it in an issue when you are ready."
    if action == "request-changes":
        services.article_request_changes(actor=actor, article=article, note=data["note"])
        return "We have e-mailed the writer to ask for the changes."
    if action == "schedule":
        services.article_schedule(
            actor=actor, article=article, issue=data["issue"], section=data["section"]
        )
        return f"The piece is in {data['issue'].title}, under {data['section'].title}."
    if action == "unschedule":
        services.article_unschedule(actor=actor, article=article)
        return f"{article.title} is taken out of the issue. It is still approved."
    if action in ("move-up", "move-down"):
        direction = action.removeprefix("move-")
        services.article_move(actor=actor, article=article, direction=direction)
        return f"{article.title} is moved {direction}."
    if action == "withdraw":
        services.article_withdraw(actor=actor, article=article, note=data["note"])
        return "The piece is withdrawn. You can undo this for a few minutes."
    if action == "undo-withdraw":
        services.article_withdraw_undo(actor=actor, article=article)
        return "The withdrawal is undone."
    services.article_comment(actor=actor, article=article, body=data["body"])
    return "Your comment is added."


@login_required
@require_POST
def article_action(request: AuthenticatedRequest, public_id: UUID, action: str) -> HttpResponse:
    article = selectors.article_for_work(actor=request.user, public_id=public_id)
    if action not in ACTIONS:
        raise NotFound("We could not find that step.")
    form: forms.Form | None = None
    data: dict[str, Any] = {}
    form_class = _FORMS.get(action)
    key = _FORM_KEYS.get(action, action)
    if form_class is not None:
        kwargs: dict[str, Any] = {"auto_id": f"id_{key}_%s"}
        if form_class is ScheduleForm:
            kwargs["publication"] = article.publication
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            return _render_work(request, article, bound={key: form}, status=400)
        data = form.cleaned_data
        if action == "withdraw" and request.POST.get("confirmed") != "yes":
            return _withdraw_confirm(request, article, data["note"])
    try:
        message = _do(action, request.user, article, data)
    except ApplicationError as exc:
        reraise_access(exc)
        status = 409 if exc.status == 409 else 400
        if form is None:
            return _render_work(
                request, article, bound={"problem": problem_form(exc.message)}, status=status
            )
        add_service_error(form, exc)
        return _render_work(request, article, bound={key: form}, status=status)
    messages.success(request, message)
    return redirect(
        _safe_next(request) or reverse("newsletter:article-work", args=[article.public_id])
    )


def _withdraw_confirm(request: AuthenticatedRequest, article: Article, note: str) -> HttpResponse:
    """Say what withdrawing will do before it is done (the second press sends `confirmed=yes`)."""
    editor = access.is_editor(request.user, article.publication.network_id)
    what = []
    if article.status == ArticleStatus.PUBLISHED:
        what.append("It comes off the website and out of its issue's editions.")
    elif article.issue_id:
        what.append(f"It is taken out of {article.issue.title if article.issue else 'its issue'}.")
    what.append(
        "The editors will not use it."
        if not editor
        else "It will not appear in the newsletter, and its writers are not e-mailed."
    )
    what.append(f"You can undo this for {UNDO_MINUTES} minutes, on the piece's page.")
    return render(
        request,
        "newsletter/work/withdraw_confirm.html",
        {"article": article, "note": note, "what_happens": what, "title": "Withdraw this piece?"},
    )
