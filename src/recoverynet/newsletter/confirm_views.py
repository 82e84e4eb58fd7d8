"""Confirming a newsletter subscription (double opt-in): the page behind the e-mailed link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from recoverynet.core.request_context import client_ip

from . import selectors, services
from .public_views import _private, mask_email


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Confirming takes a button press: mail scanners open links in e-mails, and must not
    subscribe anyone by doing so."""
    # A link used already (clicked twice, or opened again later) says so rather than "not found".
    template, confirmed = "already_confirmed", selectors.already_confirmed(token)
    if confirmed is None and request.method == "POST":
        template = "subscribed"
        confirmed = services.subscription_confirm(
            token=token, method="web form", ip=client_ip(request)
        )
    if confirmed is not None:
        return _private(
            render(
                request,
                f"newsletter/public/{template}.html",
                {
                    "publication": confirmed.publication,
                    "masked_email": mask_email(confirmed.email),
                    "preferences_token": services.preferences_token(confirmed),
                    "title": "You are subscribed"
                    if template == "subscribed"
                    else "You have already confirmed",
                },
            )
        )
    subscription = selectors.pending_subscription(token)
    return _private(
        render(
            request,
            "newsletter/public/confirm.html",
            {
                "publication": subscription.publication,
                "masked_email": mask_email(subscription.email),
                "token": token,
                "title": "Confirm your subscription",
            },
        )
    )
