"""Writers' pages: writing and changing a piece, its pictures, and the list of one's own pieces."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import kept_uploads
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate, query_without_page

from .. import access, selectors, services
from ..forms import BYLINE_NAME, ArticleForm, ImageForm
from ..models import AUTHOR_EDITABLE, Article
from .common import form_status, reraise_access

# --- Writing a piece --------------------------------------------------------------------------


def _add_article_error(form: ArticleForm, exc: ApplicationError) -> None:
    if exc.field == "authors":
        form.add_error(form.byline_field, exc.message)
    else:
        add_service_error(form, exc)


def _send_to_editors(request: AuthenticatedRequest, article: Article) -> None:
    try:
        services.article_submit(actor=request.user, article=article)
    except ApplicationError as exc:
        reraise_access(exc)
        messages.error(request, f"Your piece is saved, but not sent to the editors: {exc.message}")
    else:
        messages.success(
            request,
            "Thank you. Your piece is with the editors. We will e-mail you when they have read it.",
        )


@login_required
@require_http_methods(["GET", "POST"])
def article_new(request: AuthenticatedRequest, network: str) -> HttpResponse:
    publication = selectors.publication_get(network)
    if not access.can_contribute(request.user, publication.network_id):
        raise PermissionDenied("Only members of this network can write for its newsletter.")
    form = ArticleForm(
        request.POST if request.method == "POST" else None,
        publication=publication,
        initial={"byline": BYLINE_NAME, "display_name": services.shown_name(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(
                actor=request.user,
                publication=publication,
                data=form.article_input(person=request.user),
            )
        except ApplicationError as exc:
            reraise_access(exc)
            _add_article_error(form, exc)
        else:
            if request.POST.get("then") == "submit":
                _send_to_editors(request, article)
            else:
                messages.success(
                    request, "Your draft is saved. Only you and the editors can see it."
                )
            return redirect("newsletter:article-work", public_id=article.public_id)
    return render(
        request,
        "newsletter/work/article_form.html",
        {
            "form": form,
            "publication": publication,
            "article": None,
            "can_submit": True,
            "title": f"Write for {publication.title}",
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    article = selectors.article_for_work(actor=request.user, public_id=public_id)
    if not access.can_edit_text(request.user, article):
        raise PermissionDenied(
            "The editors have this piece now. Add a comment to ask for a change."
        )
    authors = list(article.authors.all())
    main = next((a for a in authors if a.person_id == article.contributor_id), None) or (
        authors[0] if authors else None
    )
    index = authors.index(main) if main is not None else 0
    person = main.person if main is not None else article.contributor
    own = getattr(person, "pk", None) == request.user.pk
    form = ArticleForm(
        request.POST if request.method == "POST" else None,
        publication=article.publication,
        own=own,
        initial=ArticleForm.initial_for(article, main),
    )
    editor = access.is_editor(request.user, article.publication.network_id)
    can_submit = article.status in AUTHOR_EDITABLE and (
        article.contributor_id == request.user.pk or editor
    )
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_update(
                actor=request.user,
                article=article,
                data=form.article_input(
                    person=person,
                    before=authors[:index],
                    after=authors[index + 1 :] if main is not None else [],
                ),
            )
        except ApplicationError as exc:
            reraise_access(exc)
            _add_article_error(form, exc)
        else:
            if can_submit and request.POST.get("then") == "submit":
                _send_to_editors(request, article)
            else:
                messages.success(request, "Your changes are saved.")
            return redirect("newsletter:article-work", public_id=article.public_id)
    return render(
        request,
        "newsletter/work/article_form.html",
        {
            "form": form,
            "publication": article.publication,
            "article": article,
            "can_submit": can_submit,
            "title": f"Change {article.title}",
        },
        status=form_status(form),
    )


@login_required
def my_articles(request: AuthenticatedRequest) -> HttpResponse:
    page = paginate(request, selectors.articles_for_writer(actor=request.user), per_page=25)
    publications = list(selectors.publications())
    return render(
        request,
        "newsletter/work/my_articles.html",
        {
            "page_obj": page,
            "query": query_without_page(request),
            "write_for": [
                p for p in publications if access.can_contribute(request.user, p.network_id)
            ],
            "edit_for": [p for p in publications if access.is_editor(request.user, p.network_id)],
            "title": "My articles",
        },
    )


# --- Pictures ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def article_images(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    article = selectors.article_for_work(actor=request.user, public_id=public_id)
    if not access.can_edit_text(request.user, article):
        raise PermissionDenied(
            "The editors have this piece now. Add a comment to ask for a change."
        )
    purpose = f"newsletter.image.{article.pk}"
    chosen = kept_uploads.files_for(request, purpose=purpose, fields=["image"])
    form = ImageForm(
        request.POST if request.method == "POST" else None,
        chosen if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            image = services.image_add(
                actor=request.user,
                article=article,
                upload=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            kept_uploads.discard(request, purpose=purpose)
            messages.success(
                request,
                f"Picture {image.number} is added. Put [[image {image.number}]] on a line of its "
                "own where it should go in the text.",
            )
            return redirect("newsletter:article-images", public_id=article.public_id)
    return render(
        request,
        "newsletter/work/article_images.html",
        {
            "article": article,
            "publication": article.publication,
            "images": list(article.images.all()),
            "form": form,
            # After an error that is not about the picture itself, the chosen picture is kept.
            "kept": kept_uploads.keep(request, chosen, purpose=purpose, fields=["image"])
            if form.is_bound and form.errors and "image" not in form.errors
            else [],
            "title": f"Pictures for {article.title}",
        },
        status=form_status(form),
    )


@login_required
@require_POST
def article_image_remove(
    request: AuthenticatedRequest, public_id: UUID, number: int
) -> HttpResponse:
    article = selectors.article_for_work(actor=request.user, public_id=public_id)
    image = next((i for i in article.images.all() if i.number == number), None)
    if image is None:
        raise NotFound("We could not find that picture.")
    image.article = article
    services.image_remove(actor=request.user, image=image)
    messages.success(
        request,
        f"Picture {number} is removed. If the text has [[image {number}]], take that out too.",
    )
    return redirect("newsletter:article-images", public_id=article.public_id)
