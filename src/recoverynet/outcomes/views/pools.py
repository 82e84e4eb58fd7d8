"""Pooled results: a Recovery College's collections together, and a network's (published
snapshots only, built from the collections' published figures)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError
from recoverynet.core.private_pages import private_page
from recoverynet.network import selectors as network_selectors

from .. import access, selectors, services
from ..selectors import Pool


def _render(
    request: AuthenticatedRequest, pool: Pool, publish_url: str, back: tuple[str, str]
) -> HttpResponse:
    collections, organisations = selectors.pool_counts(pool=pool)
    return render(
        request,
        "outcomes/pool.html",
        {
            "pool": pool,
            "published": selectors.pool_results(actor=request.user, pool=pool),
            "collections": collections,
            "organisations": organisations,
            "can_publish": access.can_publish_pool(request.user, pool),
            "publish_url": publish_url,
            "back": back[0],
            "back_label": back[1],
            "title": f"Pooled results: {pool.label}",
        },
    )


def _publish(request: AuthenticatedRequest, pool: Pool) -> None:
    try:
        services.pool_publish(actor=request.user, pool=pool)
    except ApplicationError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "The pooled figures are updated.")


@login_required
def college_pool(request: AuthenticatedRequest, slug: str, key: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    pool = selectors.pool_get(actor=request.user, organisation=organisation, key=key)
    return _render(
        request,
        pool,
        reverse("outcomes:pool-publish", args=[organisation.slug, pool.key]),
        (
            reverse("outcomes:organisation", args=[organisation.slug]),
            "Back to outcome questionnaires",
        ),
    )


@login_required
@require_POST
def college_pool_publish(request: AuthenticatedRequest, slug: str, key: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    pool = selectors.pool_get(actor=request.user, organisation=organisation, key=key)
    _publish(request, pool)
    return redirect("outcomes:pool", slug=organisation.slug, key=pool.key)


@login_required
@private_page(*access.PAGE_APPS)
def network_pool(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    pool = selectors.network_pool_get(actor=request.user, slug=slug)
    return _render(
        request,
        pool,
        reverse("outcomes:network-pool-publish", args=[slug]),
        (reverse("network:network-detail", args=[slug]), f"Back to {pool.label}"),
    )


@login_required
@require_POST
def network_pool_publish(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    pool = selectors.network_pool_get(actor=request.user, slug=slug)
    _publish(request, pool)
    return redirect("outcomes:network-pool", slug=slug)
