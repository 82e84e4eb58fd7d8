"""Subscriptions: ask to subscribe (a link to confirm is e-mailed), confirm, and unsubscribe."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from recoverynet.accounts.api_auth import optional_auth
from recoverynet.core.api import errors
from recoverynet.core.request_context import client_ip

from .. import selectors, services, throttle
from .schemas import AcceptedOut, SubscribeIn, SubscriptionOut, TokenIn

router = Router()

SUBSCRIBE_ANSWER = "If the address can receive the newsletter, we have sent a link to confirm."
API_METHOD = "API"


def _token_user(request: HttpRequest) -> Any:
    """The person a bearer token identified (never a bare session: these writes carry no CSRF
    token)."""
    auth = getattr(request, "auth", None)
    return auth if getattr(auth, "is_authenticated", False) else None


@router.post(
    "/newsletters/{network}/subscriptions",
    operation_id="recoverynet_newsletter_api_subscribe",
    response={202: AcceptedOut, **errors(429)},
    auth=optional_auth,
    summary="Ask to subscribe: a link to confirm is e-mailed (the answer is always the same)",
)
def subscribe(request: HttpRequest, network: str, payload: SubscribeIn) -> Any:
    throttle.count_subscribe_attempt(client_ip(request))
    publication = selectors.publication_get(network)
    services.subscribe(
        publication=publication,
        email=payload.email,
        method=API_METHOD,
        ip=client_ip(request),
        user=_token_user(request),
    )
    return Status(202, {"detail": SUBSCRIBE_ANSWER})


@router.post(
    "/subscriptions/confirm",
    operation_id="recoverynet_newsletter_api_subscription_confirm",
    response={200: SubscriptionOut, **errors(404, 409, 410)},
    auth=None,
    summary="Confirm a subscription with the token from the e-mailed link (410 once expired)",
)
def subscription_confirm(request: HttpRequest, payload: TokenIn) -> Any:
    subscription = services.subscription_confirm(
        token=payload.token, method=API_METHOD, ip=client_ip(request)
    )
    publication = subscription.publication
    return {
        "status": subscription.status,
        "newsletter": publication.title,
        "network": publication.network.slug,
    }


@router.post(
    "/subscriptions/unsubscribe",
    operation_id="recoverynet_newsletter_api_subscription_unsubscribe",
    response={200: SubscriptionOut, **errors(404)},
    auth=None,
    summary="Unsubscribe with the token from the link at the foot of every newsletter",
)
def subscription_unsubscribe(request: HttpRequest, payload: TokenIn) -> Any:
    subscription = selectors.subscription_from_token(payload.token)
    subscription = services.unsubscribe(
        subscription=subscription, method=API_METHOD, ip=client_ip(request)
    )
    publication = subscription.publication
    return {
        "status": subscription.status,
        "newsletter": publication.title,
        "network": publication.network.slug,
    }
