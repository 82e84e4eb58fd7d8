"""allauth integration owned by accounts: its e-mails go through our outbox like every other, with
the site's name and address from settings; sign-in throttling per account and per (address,
account); the client address from the one helper in core; and the MFA rules for who may remove an
authenticator app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest

from recoverynet.core import outbox
from recoverynet.core.request_context import client_ip

from . import mfa

KNOWN_SIGN_IN_SECONDS = 60 * 60 * 24 * 90


@dataclass(frozen=True)
class SiteInfo:
    """What allauth's e-mails call `current_site`: our name and public address, from settings."""

    name: str
    domain: str


def current_site() -> SiteInfo:
    return SiteInfo(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def _known_key(ip: str, login: str) -> str:
    return f"recoverynet:signed-in-from:{ip}:{login}"


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request: HttpRequest) -> str:
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        from allauth.core import context as allauth_context

        ctx: dict[str, Any] = {
            "request": allauth_context.request,
            "email": email,
            "current_site": current_site(),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = ""
        if isinstance(message, EmailMultiAlternatives):
            for content, mimetype in message.alternatives:
                if mimetype == "text/html":
                    html = str(content)
        body = str(message.body)
        if getattr(message, "content_subtype", "plain") == "html":
            # allauth rendered only HTML; keep a readable plain-text part too.
            from django.utils.html import strip_tags

            html, body = body, strip_tags(body)
        outbox.enqueue(
            to=list(message.to), subject=str(message.subject), body_text=body, body_html=html
        )

    # --- Sign-in throttling --------------------------------------------------------------------
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Check every failed-sign-in limit first and count the attempt only if none refuses it,
        so refused attempts use up nothing (an attacker locked out of one account cannot go on
        filling the address-wide count that colleagues share). A correct password is rolled back
        by allauth afterwards, so it never counts."""
        login = str(credentials.get("email") or credentials.get("username") or "").lower()
        ip = self.get_client_ip(request)
        self._signing_in = (ip, login)
        limits: list[tuple[str, str | None]] = [
            ("login_failed", self._get_login_attempts_cache_key(request, **credentials)),
            ("login_failed_ip_account", f"{ip}|{login}"),
        ]
        # The address-wide limit stops spraying across many accounts; it never refuses someone
        # who has signed in from this address before.
        if not cache.get(_known_key(ip, login)):
            limits.append(("login_failed_ip", None))
        for action, key in limits:
            if not ratelimit.consume(
                request, app="allauth.account", action=action, key=key, dry_run=True
            ):
                raise self.validation_error("too_many_login_attempts")
        used = ratelimit.RateLimitUsage(usage=[])
        for action, key in limits:
            usage = ratelimit.consume(request, app="allauth.account", action=action, key=key)
            if usage:
                used.usage.extend(usage.usage)
        self._login_failed_rl_usage = used

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        signing_in = getattr(self, "_signing_in", None)
        if user is not None and signing_in is not None:
            cache.set(_known_key(*signing_in), True, KNOWN_SIGN_IN_SECONDS)
        return user


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "You cannot turn off your authenticator app because your role needs it. "
            "If you have a new phone, replace your authenticator app instead."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """People whose role needs MFA keep their authenticator app (they can replace it, see
        accounts/authenticator.py); everyone else may remove theirs."""
        if authenticator.type in (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES):
            return not mfa.requires_mfa(authenticator.user)
        return True
