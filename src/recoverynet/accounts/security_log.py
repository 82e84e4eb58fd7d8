"""Security events go to the audit log (successes, MFA changes) and the application log (failures).

These are receivers of Django's and allauth's own signals: they only record what happened, they never
change data, so they are not the "domain logic in signals" DESIGN warns against.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from recoverynet.core import audit
from recoverynet.core.request_context import client_ip

log = logging.getLogger("recoverynet.security")


@receiver(auth_signals.user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(actor=user, action="accounts.user.signed_in", obj=user, shown=False)


@receiver(auth_signals.user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(actor=user, action="accounts.user.signed_out", obj=user, shown=False)


@receiver(auth_signals.user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # No row to attach it to (the address may not exist); the address is not logged in full.
    who = str(credentials.get("email") or credentials.get("username") or "")
    masked = (who[:2] + "…@" + who.split("@")[-1]) if "@" in who else "?"
    ip = client_ip(request) if request is not None else None
    log.warning("Failed sign-in for %s from %s", masked, ip)


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _mfa_changed(user, "added", authenticator)


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _mfa_changed(user, "removed", authenticator)


def _mfa_changed(user: Any, what: str, authenticator: Any) -> None:
    # No page shows someone's authenticators: their kept pages stay as they are.
    audit.record(
        actor=user,
        action=f"accounts.mfa.{what}",
        obj=user,
        changes={"type": authenticator.type},
        shown=False,
    )


@receiver(account_signals.email_changed)
def _email_changed(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    # Places are found by their e-mail address (My bookings, the bookings API): the change must
    # make the person's kept pages fresh at once, as well as be on record.
    if user is not None:
        audit.record(
            actor=user, action="accounts.user.email_changed", obj=user, changes={"email": "changed"}
        )
