"""Subscriptions: double opt-in with consent records, signed unsubscribe and preferences links,
one-click unsubscribe, and the suppression list that is always honoured."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, tokens
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access, notify, selectors
from ..models import (
    ConsentEvent,
    ConsentRecord,
    Publication,
    Subscription,
    SubscriptionStatus,
    Suppression,
    SuppressionReason,
)
from .common import invalid

# A second request within this time sends no second confirmation (no mail-bombing someone).
CONFIRM_RESEND_AFTER = timedelta(minutes=10)


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise invalid(
            "Enter an e-mail address in the right format, like name@example.org.", "email"
        ) from None
    return email


def _consent(subscription: Subscription, event: str, method: str, ip: str | None) -> None:
    ConsentRecord.objects.create(
        subscription=subscription,
        event=event,
        consent_text=subscription.publication.consent_text
        if event != ConsentEvent.UNSUBSCRIBED
        else "",
        method=method[:30],
        ip=ip,
    )


@transaction.atomic
def subscribe(
    *,
    publication: Publication,
    email: str,
    method: str,
    ip: str | None = None,
    user: Any = None,
) -> Subscription | None:
    """Ask to subscribe. A confirmation link is e-mailed; nothing is sent until it is used.

    Callers show the same answer whatever happens here, so the form cannot be used to find out who
    is subscribed. Returns None when nothing was done (address suppressed, already subscribed, or a
    confirmation was sent moments ago)."""
    email = normalise_email(email)
    if selectors.is_suppressed(email):
        return None
    subscription, _ = Subscription.objects.select_for_update().get_or_create(
        publication=publication, email=email
    )
    if subscription.status == SubscriptionStatus.ACTIVE:
        return None
    now = timezone.now()
    if (
        subscription.status == SubscriptionStatus.PENDING
        and subscription.confirm_sent_at
        and now - subscription.confirm_sent_at < CONFIRM_RESEND_AFTER
    ):
        return None
    # Its expiry is kept as the time it was sent (`confirm_sent_at` + CONFIRM_VALID_FOR).
    issued = tokens.issue("newsletter.subscription_confirm", ttl=CONFIRM_VALID_FOR)
    token = issued.raw
    subscription.status = SubscriptionStatus.PENDING
    subscription.confirm_token_hash = issued.hash
    subscription.confirm_sent_at = now
    if (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.email.lower() == email
    ):
        subscription.user = user
    subscription.save()
    _consent(subscription, ConsentEvent.REQUESTED, method, ip)
    audit.record(
        actor=user,
        action="newsletter.subscription.requested",
        obj=subscription,
        label=f"Subscription {subscription.pk}",
    )
    notify.confirm_subscription(subscription, token)
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str, method: str, ip: str | None = None) -> Subscription:
    subscription = selectors.pending_subscription(token)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if not tokens.matches(token, subscription.confirm_token_hash):  # confirmed in parallel
        raise NotFound("This confirmation link is not valid. It may have been used already.")
    if selectors.is_suppressed(subscription.email):
        raise ApplicationError(
            "suppressed",
            "We cannot send newsletters to this address. Please contact the network team.",
            status=409,
        )
    subscription.status = SubscriptionStatus.ACTIVE
    subscription.confirmed_at = timezone.now()
    subscription.unsubscribed_at = None
    subscription.used_confirm_token_hash = subscription.confirm_token_hash
    subscription.confirm_token_hash = ""
    subscription.save()
    _consent(subscription, ConsentEvent.CONFIRMED, method, ip)
    notify.welcome_subscriber(subscription, preferences_token(subscription))
    audit.record(
        actor=None,
        action="newsletter.subscription.confirmed",
        obj=subscription,
        label=f"Subscription {subscription.pk}",
    )
    return subscription


# The links' salts, the confirmation link's lifetime and the reads behind each link are in
# selectors (`pending_subscription`, `subscription_from_token`, `email_from_preferences_token`).
_UNSUBSCRIBE_SALT = selectors.UNSUBSCRIBE_SALT
_PREFERENCES_SALT = selectors.PREFERENCES_SALT
CONFIRM_VALID_FOR = selectors.CONFIRM_VALID_FOR


def unsubscribe_token(subscription: Subscription) -> str:
    """Signed, stored nowhere, never expires: an unsubscribe link must work years later."""
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(str(subscription.pk))


def preferences_token(subscription: Subscription) -> str:
    """Signed subscription id (not the address itself, which would then sit in server logs)."""
    return signing.Signer(salt=_PREFERENCES_SALT).sign(str(subscription.pk))


@transaction.atomic
def unsubscribe(*, subscription: Subscription, method: str, ip: str | None = None) -> Subscription:
    """Stop one newsletter. Safe to repeat (mail clients may post the one-click request twice)."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
        return subscription
    subscription.status = SubscriptionStatus.UNSUBSCRIBED
    subscription.unsubscribed_at = timezone.now()
    subscription.confirm_token_hash = ""
    subscription.save()
    _consent(subscription, ConsentEvent.UNSUBSCRIBED, method, ip)
    audit.record(
        actor=None,
        action="newsletter.subscription.unsubscribed",
        obj=subscription,
        label=f"Subscription {subscription.pk}",
        changes={"method": method},
    )
    return subscription


@transaction.atomic
def unsubscribe_everything(*, email: str, method: str, ip: str | None = None) -> int:
    """Stop every newsletter and add the address to the suppression list."""
    email = normalise_email(email)
    count = 0
    for subscription in Subscription.objects.filter(email=email).exclude(
        status=SubscriptionStatus.UNSUBSCRIBED
    ):
        unsubscribe(subscription=subscription, method=method, ip=ip)
        count += 1
    Suppression.objects.get_or_create(
        email=email, defaults={"reason": SuppressionReason.UNSUBSCRIBED_ALL}
    )
    return count


@transaction.atomic
def suppression_add(*, actor: Actor, email: str, reason: str, note: str = "") -> Suppression:
    if not access.is_any_editor(actor):
        raise PermissionDenied("Only newsletter editors can change the suppression list.")
    email = normalise_email(email)
    if reason not in SuppressionReason.values:
        raise invalid("Choose a reason.", "reason")
    note = clean_text(note, field="note", max_length=300)
    suppression, created = Suppression.objects.get_or_create(
        email=email, defaults={"reason": reason, "note": note, "created_by": person(actor)}
    )
    if created:
        audit.record(
            actor=actor,
            action="newsletter.suppression.added",
            obj=suppression,
            label=f"Suppression {suppression.pk}",
            changes={"reason": reason},
        )
    return suppression


@transaction.atomic
def suppression_remove(*, actor: Actor, suppression: Suppression) -> None:
    """Only at the person's own request. Every subscription the address still has is ended too, so
    nothing starts again by itself: the person subscribes (and confirms) again."""
    if not selectors.suppressions(actor=actor).filter(pk=suppression.pk).exists():
        raise PermissionDenied("You can only take off addresses on your own newsletters' lists.")
    for subscription in Subscription.objects.filter(email=suppression.email).exclude(
        status=SubscriptionStatus.UNSUBSCRIBED
    ):
        unsubscribe(subscription=subscription, method="suppression lifted")
    audit.record(
        actor=actor,
        action="newsletter.suppression.removed",
        obj=suppression,
        label=f"Suppression {suppression.pk}",
        changes={"reason": suppression.reason},
    )
    suppression.delete()


@transaction.atomic
def preferences_save(
    *, email: str, wanted: set[int], ip: str | None = None
) -> dict[int, Subscription]:
    """Save the choices made on the preferences page, reached through a signed link in our
    e-mails. Stopping a newsletter happens at once. Starting one goes through the usual double
    opt-in (a confirmation link to the address), because e-mails are forwarded and anyone holding
    a copy holds the link. Returns the address's subscriptions after the change, by publication."""
    email = normalise_email(email)
    if selectors.is_suppressed(email) and wanted:
        raise ApplicationError(
            "suppressed",
            "You asked us not to send you any newsletters. Please contact the network team to "
            "start again.",
            field="publications",
            status=409,
        )
    for publication in Publication.objects.select_related("network"):
        subscription = (
            Subscription.objects.select_for_update()
            .filter(publication=publication, email=email)
            .first()
        )
        active = subscription is not None and subscription.status == SubscriptionStatus.ACTIVE
        if publication.pk in wanted and not active:
            subscribe(publication=publication, email=email, method="preferences link", ip=ip)
        elif (
            publication.pk not in wanted
            and subscription is not None
            and subscription.status != SubscriptionStatus.UNSUBSCRIBED
        ):
            unsubscribe(subscription=subscription, method="preferences link", ip=ip)
    return {
        s.publication_id: s
        for s in Subscription.objects.filter(email=email).select_related("publication")
    }
