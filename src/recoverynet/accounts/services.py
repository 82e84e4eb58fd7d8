"""Every change to a person's own account goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from recoverynet.core import audit, tokens
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.models import DataExport
from recoverynet.core.text import clean_text

from . import scopes as token_scopes
from . import token_lookup
from .models import ApiToken, Perspective, User

PROFILE_FIELDS = ("full_name", "preferred_name", "job_title")
MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def profile_update(
    *, actor: User, user: User, full_name: str, preferred_name: str, job_title: str
) -> User:
    if actor.pk != user.pk:
        raise ApplicationError(
            "permission_denied", "You can only change your own profile.", status=403
        )
    before = audit.snapshot(user, PROFILE_FIELDS)
    user.full_name = clean_text(
        full_name, field="full_name", max_length=150, required=True, single_line=True
    )
    user.preferred_name = clean_text(
        preferred_name, field="preferred_name", max_length=80, single_line=True
    )
    user.job_title = clean_text(job_title, field="job_title", max_length=150, single_line=True)
    user.save(update_fields=[*PROFILE_FIELDS])
    changes = audit.diff(user, before, PROFILE_FIELDS)
    if changes:
        audit.record(actor=actor, action="accounts.profile.updated", obj=user, changes=changes)
    return user


@transaction.atomic
def perspective_set(*, actor: User, user: User, perspective: str) -> User:
    """Record (or clear, with "") how a person describes their perspective. The value itself is
    health-adjacent data and is never written to the audit log, only the fact that it changed."""
    if actor.pk != user.pk:
        raise ApplicationError(
            "permission_denied", "Only you can set your perspective.", status=403
        )
    if perspective and perspective not in Perspective.values:
        raise ApplicationError("invalid", "Choose one of the options.", field="perspective")
    user.perspective = perspective
    user.perspective_updated_at = timezone.now()
    user.save(update_fields=["perspective", "perspective_updated_at"])
    audit.record(
        actor=actor,
        action="accounts.perspective.updated",
        obj=user,
        changes={"perspective": "changed" if perspective else "cleared"},
    )
    return user


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    raw: str  # shown to the person once, never stored


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    name: str,
    expires_at: datetime | None = None,
    scopes: Iterable[str] = token_scopes.DEFAULT_SCOPES,
) -> NewToken:
    """A new personal token. Read-only unless `scopes` says otherwise (see accounts/scopes.py)."""
    chosen = token_scopes.normalise(scopes)
    name = clean_text(name, field="name", max_length=100, required=True, single_line=True)
    if expires_at is not None and expires_at <= timezone.now():
        raise ApplicationError(
            "invalid", "The expiry date must be in the future.", field="expires_at"
        )
    # Lock the person's row so two simultaneous requests cannot both pass the limit.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ApplicationError(
            "limit_reached", f"You can have at most {MAX_ACTIVE_TOKENS} tokens. Revoke one first."
        )
    # Its expiry is the person's choice (`expires_at`), not a fixed lifetime.
    raw = tokens.issue("accounts.api_token", ttl=None, prefix=settings.API_TOKEN_PREFIX).raw
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=raw[:10],
        token_hash=tokens.digest(raw),
        expires_at=expires_at,
        scopes=chosen,
    )
    audit.record(
        actor=actor,
        action="accounts.api_token.created",
        obj=token,
        changes={"name": name, "scopes": chosen},
    )
    return NewToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise NotFound("We could not find that token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="accounts.api_token.revoked", obj=token)
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token (with its active user) for a raw bearer token, or None. Records when it was
    last used. What the token may do is checked by the caller (`api_auth.TokenAuth`)."""
    if not raw.startswith(settings.API_TOKEN_PREFIX):
        return None
    token = token_lookup.live_token(tokens.digest(raw))
    now = timezone.now()
    if token is None or (token.expires_at and token.expires_at <= now) or not token.user.is_active:
        return None
    _record_use(token, now)
    return token


_USE_RECORDED: dict[str, datetime] = {}  # token digest -> when this process last recorded its use


def _record_use(token: ApiToken, now: datetime) -> None:
    # Once a minute at most, across processes (the cache's `add` lets one win): a busy integration
    # must not turn reads into writes. The kept row's own time is as old as the row kept.
    last = max(
        filter(None, (token.last_used_at, _USE_RECORDED.get(token.token_hash))), default=None
    )
    if last is not None and (now - last).total_seconds() <= 60:
        return
    if len(_USE_RECORDED) > 10_000:
        _USE_RECORDED.clear()
    _USE_RECORDED[token.token_hash] = now
    if cache.add(f"api-token-used:{token.token_hash}", 1, timeout=60):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


@transaction.atomic
def authenticator_replace(*, actor: User, secret: str, code: str) -> None:
    """Swap the person's authenticator app for the one holding `secret`, once `code` proves it.
    The old app stops working in the same transaction; recovery codes stay as they were."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, validate_totp_code

    if not Authenticator.objects.filter(user=actor, type=Authenticator.Type.TOTP).exists():
        raise ApplicationError(
            "not_set_up", "You do not have an authenticator app to replace. Set one up instead."
        )
    if not validate_totp_code(secret, code.strip()):
        raise ApplicationError(
            "invalid",
            "The code is not right. Enter the 6-digit code your new app shows now.",
            field="code",
        )
    Authenticator.objects.filter(user=actor, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(actor, secret)
    audit.record(actor=actor, action="accounts.mfa.replaced", obj=actor, changes={"type": "totp"})


@transaction.atomic
def account_erase(*, actor: User, user: User) -> User:
    """Erase a person's personal data and close the account. Records that referred to them keep
    working (audit entries say "erased person"), so the network's history is not broken."""
    if actor.pk != user.pk and not actor.is_superuser:
        raise ApplicationError(
            "permission_denied", "You can only erase your own account.", status=403
        )
    if user.is_superuser and actor.pk == user.pk:
        raise ApplicationError(
            "not_allowed", "An administrator account must be closed by another administrator."
        )
    from recoverynet.core.models import ErasureRecord
    from recoverynet.core.privacy.erasure import erase_person

    # Erased by the personal-data map (issue #16): every declared field about the person.
    erase_person(user, reason=ErasureRecord.Reason.ACCOUNT_CLOSED, recorded_by=None)
    user.refresh_from_db()
    audit.record(
        actor=actor if actor.pk != user.pk else None,
        action="accounts.user.erased",
        obj=user,
        label="erased person",
        actor_label="erased person",
    )
    return user


def data_export_request(*, actor: User) -> DataExport:
    """Start preparing "Download my data" in the background (core/privacy/export.py); while one is
    being prepared, asking again returns it instead of starting another."""
    from recoverynet.core.privacy import export

    busy = DataExport.objects.filter(
        person=actor, status__in=[DataExport.Status.WAITING, DataExport.Status.BUILDING]
    ).first()
    if busy is not None:
        return busy
    created = export.request(actor, requested_by=actor)
    audit.record(actor=actor, action="accounts.data_export.requested", obj=created)
    return created
