"""Contributing and editing: start an article, change it, and take it through the editors' workflow
(submit, approve, ask for changes, schedule into an issue, withdraw, comment).

Every operation needs a signed-in person; who may do what is decided by the services and selectors.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import Mapped, PageNumber, errors
from recoverynet.core.errors import ApplicationError, NotFound

from .. import selectors, services
from ..models import Article, ArticleAuthor, Publication, Section, Series
from .schemas import (
    ArticleIn,
    ArticlePatch,
    ArticleWorkOut,
    AuthorIn,
    CommentIn,
    CommentOut,
    MyArticleOut,
    NoteIn,
    RequiredNoteIn,
    ScheduleIn,
    SectionRef,
)
from .shaping import mine_out, work_out

router = Router()


# --- Reading input ------------------------------------------------------------------------------------


def _invalid(message: str, field_name: str) -> ApplicationError:
    return ApplicationError("invalid", message, field=field_name, status=422)


def _section(publication: Publication, value: SectionRef) -> Section:
    sections = publication.sections.all()
    found = None
    if isinstance(value, int):
        found = sections.filter(pk=value).first()
    else:
        text = value.strip()
        found = sections.filter(title__iexact=text).first()
        if found is None and text.isdecimal():
            found = sections.filter(pk=int(text)).first()
    if found is None:
        raise _invalid("Choose one of this newsletter's sections (its title or id).", "section")
    return found


def _series(publication: Publication, slug: str) -> Series:
    series = publication.series.filter(slug=slug.strip()).first()
    if series is None:
        raise _invalid("Choose one of this newsletter's series (its slug).", "series")
    return series


def _authors(
    actor: Actor, authors: list[AuthorIn], keep: list[ArticleAuthor] | None = None
) -> list[services.AuthorInput]:
    linked = {a.display_name: a.person for a in keep or [] if a.person is not None}
    return [
        services.AuthorInput(
            display_name=a.name,
            role=a.role,
            is_pseudonym=a.pseudonym,
            person=actor if a.me else linked.get(a.name.strip()),
        )
        for a in authors
    ]


def _work_article(request: HttpRequest, public_id: UUID) -> Article:
    return selectors.article_for_work(actor=request.user, public_id=public_id)


# --- Contributing and editing ------------------------------------------------------------------------


@router.post(
    "/articles",
    operation_id="recoverynet_newsletter_api_article_create",
    response={201: ArticleWorkOut},
    auth=api_auth,
    summary="Start a draft article (members and team of the network)",
)
def article_create(request: HttpRequest, payload: ArticleIn) -> Any:
    try:
        publication = selectors.publication_get(payload.network)
    except NotFound:
        raise _invalid("No newsletter for that network.", "network") from None
    user: Any = request.user
    authors = (
        _authors(user, payload.authors)
        if payload.authors is not None
        else [services.AuthorInput(display_name=services.shown_name(user), person=user)]
    )
    article = services.article_create(
        actor=user,
        publication=publication,
        data=services.ArticleInput(
            title=payload.title,
            body=payload.body,
            standfirst=payload.standfirst,
            section=_section(publication, payload.section) if payload.section is not None else None,
            series=_series(publication, payload.series) if payload.series else None,
            authors=authors,
        ),
    )
    return Status(201, work_out(user, _work_article(request, article.public_id)))


@router.get(
    "/articles/mine",
    operation_id="recoverynet_newsletter_api_article_mine",
    response=list[MyArticleOut],
    auth=api_auth,
    summary="Your articles and where each one is, newest first",
)
@paginate(PageNumber)
def article_mine(request: HttpRequest) -> Any:
    return Mapped(selectors.articles_for_writer(actor=request.user), mine_out)


@router.get(
    "/articles/{public_id}",
    operation_id="recoverynet_newsletter_api_article_work",
    response=ArticleWorkOut,
    auth=api_auth,
    summary="One article as its writers and editors see it, at any stage",
)
def article_work(request: HttpRequest, public_id: UUID) -> Any:
    return work_out(request.user, _work_article(request, public_id))


@router.patch(
    "/articles/{public_id}",
    operation_id="recoverynet_newsletter_api_article_update",
    response=ArticleWorkOut,
    auth=api_auth,
    summary="Change an article (writers until it is approved; editors at any time)",
)
def article_update(request: HttpRequest, public_id: UUID, payload: ArticlePatch) -> Any:
    article = _work_article(request, public_id)
    publication = article.publication
    given = payload.model_fields_set
    current = list(article.authors.all())
    if "section" in given:
        section = _section(publication, payload.section) if payload.section is not None else None
    else:
        section = article.section
    if "series" in given:
        series = _series(publication, payload.series) if payload.series else None
    else:
        series = article.series
    if payload.authors is not None:
        authors = _authors(request.user, payload.authors, keep=current)
    else:
        authors = [
            services.AuthorInput(
                display_name=a.display_name,
                role=a.role,
                is_pseudonym=a.is_pseudonym,
                person=a.person,
            )
            for a in current
        ]
    services.article_update(
        actor=request.user,
        article=article,
        data=services.ArticleInput(
            title=payload.title if payload.title is not None else article.title,
            body=payload.body if payload.body is not None else article.body,
            standfirst=payload.standfirst if payload.standfirst is not None else article.standfirst,
            section=section,
            series=series,
            authors=authors,
        ),
    )
    return work_out(request.user, _work_article(request, public_id))


@router.post(
    "/articles/{public_id}/submit",
    operation_id="recoverynet_newsletter_api_article_submit",
    response={200: ArticleWorkOut, **errors(409)},
    auth=api_auth,
    summary="Send a draft to the editors (its contributor)",
)
def article_submit(request: HttpRequest, public_id: UUID, payload: NoteIn | None = None) -> Any:
    article = _work_article(request, public_id)
    services.article_submit(
        actor=request.user, article=article, note=payload.note if payload else ""
    )
    return work_out(request.user, _work_article(request, public_id))


@router.post(
    "/articles/{public_id}/approve",
    operation_id="recoverynet_newsletter_api_article_approve",
    response={200: ArticleWorkOut, **errors(409)},
    auth=api_auth,
    summary="Approve a submitted article (editors)",
)
def article_approve(request: HttpRequest, public_id: UUID, payload: NoteIn | None = None) -> Any:
    article = _work_article(request, public_id)
    services.article_approve(
        actor=request.user, article=article, note=payload.note if payload else ""
    )
    return work_out(request.user, _work_article(request, public_id))


@router.post(
    "/articles/{public_id}/request-changes",
    operation_id="recoverynet_newsletter_api_article_request_changes",
    response={200: ArticleWorkOut, **errors(409)},
    auth=api_auth,
    summary="Ask the writer for changes, saying what (editors)",
)
def article_request_changes(request: HttpRequest, public_id: UUID, payload: RequiredNoteIn) -> Any:
    article = _work_article(request, public_id)
    services.article_request_changes(actor=request.user, article=article, note=payload.note)
    return work_out(request.user, _work_article(request, public_id))


@router.post(
    "/articles/{public_id}/schedule",
    operation_id="recoverynet_newsletter_api_article_schedule",
    response={200: ArticleWorkOut, **errors(409)},
    auth=api_auth,
    summary="Place an approved article in an issue being put together (editors)",
)
def article_schedule(request: HttpRequest, public_id: UUID, payload: ScheduleIn) -> Any:
    article = _work_article(request, public_id)
    publication = article.publication
    try:
        # Refuses anyone but the editors first, so draft issues' names stay private.
        issue = selectors.issue_for_editor(
            actor=request.user, publication=publication, slug=payload.issue.strip()
        )
    except NotFound:
        raise _invalid("Choose an issue of this newsletter (its slug).", "issue") from None
    section = _section(publication, payload.section) if payload.section is not None else None
    services.article_schedule(actor=request.user, article=article, issue=issue, section=section)
    return work_out(request.user, _work_article(request, public_id))


@router.post(
    "/articles/{public_id}/unschedule",
    operation_id="recoverynet_newsletter_api_article_unschedule",
    response={200: ArticleWorkOut, **errors(409)},
    auth=api_auth,
    summary="Take an article out of the issue being put together (editors)",
)
def article_unschedule(request: HttpRequest, public_id: UUID) -> Any:
    article = _work_article(request, public_id)
    services.article_unschedule(actor=request.user, article=article)
    return work_out(request.user, _work_article(request, public_id))


@router.post(
    "/articles/{public_id}/withdraw",
    operation_id="recoverynet_newsletter_api_article_withdraw",
    response={200: ArticleWorkOut, **errors(409)},
    auth=api_auth,
    summary="Withdraw an article (its contributor before publication; editors at any time)",
)
def article_withdraw(request: HttpRequest, public_id: UUID, payload: NoteIn | None = None) -> Any:
    article = _work_article(request, public_id)
    services.article_withdraw(
        actor=request.user, article=article, note=payload.note if payload else ""
    )
    return work_out(request.user, _work_article(request, public_id))


@router.post(
    "/articles/{public_id}/withdraw/undo",
    operation_id="recoverynet_newsletter_api_article_withdraw_undo",
    response={200: ArticleWorkOut, **errors(409)},
    auth=api_auth,
    summary="Undo a withdrawal within 15 minutes, while nothing else has changed (whoever may "
    "withdraw it; a piece that was in an issue comes back approved)",
)
def article_withdraw_undo(request: HttpRequest, public_id: UUID) -> Any:
    article = _work_article(request, public_id)
    services.article_withdraw_undo(actor=request.user, article=article)
    return work_out(request.user, _work_article(request, public_id))


@router.post(
    "/articles/{public_id}/comments",
    operation_id="recoverynet_newsletter_api_article_comment",
    response={201: CommentOut},
    auth=api_auth,
    summary="Comment on an article (its writers and the editors; readers never see comments)",
)
def article_comment(request: HttpRequest, public_id: UUID, payload: CommentIn) -> Any:
    article = _work_article(request, public_id)
    comment = services.article_comment(actor=request.user, article=article, body=payload.body)
    return Status(
        201,
        {
            "author": request.user.display_name,  # type: ignore[union-attr]
            "kind": comment.kind,
            "body": comment.body,
            "at": comment.at,
        },
    )
