"""Pages for readers and subscribers: the newsletters, an issue, an article, a series, images and the
PDF edition; subscribing, confirming, unsubscribing and choosing newsletters.

Thin: validate a form, call one service or selector, render. Bylines are shown by display name only;
nothing here reaches who is behind a pseudonym.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate, query_without_page
from recoverynet.core.request_context import client_ip

from . import access, editions, images, selectors, services, throttle
from .feeds import ArticleFeed as ArticleFeed  # urls.py names the feed through this module
from .models import ArticleStatus, IssueStatus, Publication, Subscription, SubscriptionStatus
from .public_forms import PreferencesForm, SubscribeForm

ISSUES_PER_PAGE = 20
# Subscribing sends an e-mail to whatever address is typed in, so one IP address may try only a
# few times an hour.


def _status(form: Any) -> int:
    """400 when a submitted form has errors, otherwise 200."""
    return 400 if form.is_bound and form.errors else 200


def _signed_in(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def mask_email(email: str) -> str:
    """Enough of an address for people to recognise it: "r•••@example.org"."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


# --- Reading ----------------------------------------------------------------------------------------


@require_GET
def publication_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "newsletter/public/publication_list.html",
        {"rows": selectors.publication_directory(), "title": "Newsletters"},
    )


@require_GET
def publication_home(request: HttpRequest, network: str) -> HttpResponse:
    publication = selectors.publication_get(network)
    issues = selectors.published_issues(publication)
    return render(
        request,
        "newsletter/public/publication_home.html",
        {
            "publication": publication,
            "network": publication.network,
            "latest": issues.first(),
            "page_obj": paginate(request, issues, per_page=ISSUES_PER_PAGE),
            "query": query_without_page(request),
            "series_list": list(selectors.series_list(publication)),
            "form": SubscribeForm(publication=publication),
            "can_contribute": access.can_contribute(request.user, publication.network_id),
            "title": publication.title,
        },
    )


@require_GET
def issue_detail(request: HttpRequest, network: str, slug: str) -> HttpResponse:
    publication = selectors.publication_get(network)
    issue = selectors.issue_get(actor=request.user, publication=publication, slug=slug)
    preview = issue.status != IssueStatus.PUBLISHED
    response = render(
        request,
        "newsletter/public/issue_detail.html",
        {
            "publication": publication,
            "network": publication.network,
            "issue": issue,
            "contents": editions.issue_contents(issue),
            "preview": preview,
            "is_editor": access.is_editor(request.user, publication.network_id),
            "title": f"{issue.title} – {publication.title}",
        },
    )
    return _private(response) if preview else response


@require_GET
def issue_pdf(request: HttpRequest, network: str, slug: str) -> HttpResponse:
    publication = selectors.publication_get(network)
    issue = selectors.issue_get(actor=request.user, publication=publication, slug=slug)
    response = HttpResponse(editions.pdf_edition(issue), content_type="application/pdf")
    filename = f"{publication.network.slug}-{issue.slug}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response) if issue.status != IssueStatus.PUBLISHED else response


@require_GET
def article_detail(request: HttpRequest, network: str, slug: str) -> HttpResponse:
    publication = selectors.publication_get(network)
    article = selectors.article_get(actor=request.user, publication=publication, slug=slug)
    series_pieces: list[Any] = []
    if article.series is not None:
        _, pieces = selectors.series_articles(publication, article.series.slug)
        series_pieces = list(pieces)
    preview = article.status != ArticleStatus.PUBLISHED
    response = render(
        request,
        "newsletter/public/article_detail.html",
        {
            "publication": publication,
            "network": publication.network,
            "article": article,
            "authors": list(article.authors.all()),
            "body": editions.article_body(article),
            "issue": article.issue
            if article.issue is not None and article.issue.status == IssueStatus.PUBLISHED
            else None,
            "series": article.series,
            "series_pieces": series_pieces,
            "preview": preview,
            "title": article.title,
        },
    )
    return _private(response) if preview else response


@require_GET
def series_detail(request: HttpRequest, network: str, slug: str) -> HttpResponse:
    publication = selectors.publication_get(network)
    series, articles = selectors.series_articles(publication, slug)
    return render(
        request,
        "newsletter/public/series_detail.html",
        {
            "publication": publication,
            "network": publication.network,
            "series": series,
            "articles": list(articles),
            "title": f"{series.title} – {publication.title}",
        },
    )


@require_GET
def article_image(request: HttpRequest, public_id: UUID, number: int) -> FileResponse:
    """Pictures of published articles are public; before publication only the writers and the
    editors see them (anyone else gets "not found", which does not confirm the picture exists)."""
    image = selectors.image_get(actor=request.user, public_id=public_id, number=number)
    extension = images.EXTENSIONS.get(image.content_type)
    try:
        if extension is None:
            raise FileNotFoundError(image.stored_name)
        handle = images.open_stored(image.stored_name)
    except ValueError:
        raise NotFound("We could not find that image.") from None
    except FileNotFoundError:
        raise NotFound("The picture is missing. Please tell the newsletter's editors.") from None
    response = FileResponse(handle, content_type=image.content_type)
    # Shown inline (it is a picture on a page), named by its re-encoded type, nosniff, sandboxed.
    protect(response, filename=f"picture-{image.number}{extension}", inline=True)
    if image.article.status == ArticleStatus.PUBLISHED:
        # Short: a picture removed and replaced reuses its number, so caches must let go soon.
        response["Cache-Control"] = "public, max-age=300"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


# --- Subscribing -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest, network: str) -> HttpResponse:
    publication = selectors.publication_get(network)
    if request.method == "POST":
        throttle.count_subscribe_attempt(client_ip(request))
    form = SubscribeForm(
        request.POST if request.method == "POST" else None, publication=publication
    )
    if request.method == "POST" and form.is_valid():
        try:
            # Returns None when nothing was sent (already subscribed, suppressed, or asked moments
            # ago). We answer the same either way, so the form does not tell anyone who is
            # subscribed.
            services.subscribe(
                publication=publication,
                email=form.cleaned_data["email"],
                method="web form",
                ip=client_ip(request),
                user=_signed_in(request),
            )
        except ApplicationError as exc:
            if exc.field != "email":
                raise
            add_service_error(form, exc)
        else:
            return render(
                request,
                "newsletter/public/check_email.html",
                {
                    "publication": publication,
                    "network": publication.network,
                    "title": "Check your e-mail",
                },
            )
    return render(
        request,
        "newsletter/public/subscribe.html",
        {
            "publication": publication,
            "network": publication.network,
            "form": form,
            "title": f"Subscribe to {publication.title}",
        },
        status=_status(form),
    )


def _unsubscribe_context(
    token: str, subscription: Subscription, publication: Publication
) -> dict[str, Any]:
    return {
        "token": token,
        "subscription": subscription,
        "publication": publication,
        "masked_email": mask_email(subscription.email),
        "preferences_token": services.preferences_token(subscription),
    }


# Mail programs offer "Unsubscribe" next to the sender using the List-Unsubscribe header, and POST
# "List-Unsubscribe=One-Click" to this address themselves (RFC 8058), with no cookie and no CSRF
# token. CSRF protection has nothing to guard here: the signed token in the address is the secret
# (only the recipient has it), and unsubscribing again changes nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscription = selectors.subscription_from_token(token)
    publication = subscription.publication
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscription = services.unsubscribe(
            subscription=subscription,
            method="one-click header" if one_click else "web page",
            ip=client_ip(request),
        )
        return _private(
            render(
                request,
                "newsletter/public/unsubscribed.html",
                {
                    **_unsubscribe_context(token, subscription, publication),
                    "title": "You are unsubscribed",
                },
            )
        )
    return _private(
        render(
            request,
            "newsletter/public/unsubscribe.html",
            {
                **_unsubscribe_context(token, subscription, publication),
                "already": subscription.status == SubscriptionStatus.UNSUBSCRIBED,
                "title": f"Unsubscribe from {publication.title}",
            },
        )
    )


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """Reached through a signed link e-mailed to the address, which proves it is theirs."""
    email = selectors.email_from_preferences_token(token)
    ip = client_ip(request)
    if request.method == "POST" and request.POST.get("action") == "stop-all":
        services.unsubscribe_everything(email=email, method="preferences link", ip=ip)
        messages.success(
            request, "You will not get any newsletters from us. We have stopped them all."
        )
        return redirect("newsletter:preferences", token=token)

    publications = list(selectors.publications())
    subscriptions = selectors.subscriptions_for_email(email)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        publications=publications,
        initial={
            # Waiting for confirmation counts as chosen: the person asked for it.
            "publications": [
                pk
                for pk, s in subscriptions.items()
                if s.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.PENDING)
            ]
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            after = services.preferences_save(email=email, wanted=form.wanted(), ip=ip)
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            add_service_error(form, exc)
        else:
            waiting = [
                s.publication.title
                for s in after.values()
                if s.status == SubscriptionStatus.PENDING and s.publication_id in form.wanted()
            ]
            if waiting:
                messages.success(
                    request,
                    "Your choices are saved. To start "
                    + " and ".join(waiting)
                    + ", open the link we have just e-mailed you.",
                )
            else:
                messages.success(request, "Your choices are saved.")
            return redirect("newsletter:preferences", token=token)

    selected = {str(value) for value in form["publications"].value() or []}
    rows = [
        {
            "publication": publication,
            "subscription": subscriptions.get(publication.pk),
            "checked": str(publication.pk) in selected,
        }
        for publication in publications
    ]
    return _private(
        render(
            request,
            "newsletter/public/preferences.html",
            {
                "form": form,
                "rows": rows,
                "masked_email": mask_email(email),
                "suppressed": selectors.is_suppressed(email),
                "token": token,
                "title": "Choose your newsletters",
            },
            status=_status(form),
        )
    )
