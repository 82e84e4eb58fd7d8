"""How people join: self-registration (where a network allows it) and invitations.

This extends the accounts adapter rather than living in accounts, because only the network app knows
which networks are open (dependencies point from network to accounts, never back).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from allauth.core import context as allauth_context
from django import forms
from django.http import HttpRequest

from recoverynet.accounts.adapters import AccountAdapter
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import NameField

from . import services
from .models import JoinedVia, Network

INVITATION_SESSION_KEY = "recoverynet_invitation"

# Other apps' invitations (a college's staff invitation): each registers the session key its
# invitation page keeps the raw token under, and how to accept it. A pending one keeps sign-up open
# and is accepted when the account is made, like the network's own.
_OTHER_INVITATIONS: dict[str, Callable[[Any, str], object]] = {}


def register_invitation(session_key: str, accept: Callable[[Any, str], object]) -> None:
    """`accept(user, raw_token)` raises ApplicationError when the invitation cannot be used."""
    _OTHER_INVITATIONS[session_key] = accept


def invitation_pending(request: HttpRequest) -> bool:
    keys = (INVITATION_SESSION_KEY, *_OTHER_INVITATIONS)
    return any(request.session.get(key) for key in keys)


def open_networks() -> Any:
    return Network.objects.filter(self_registration=True).order_by("name")


class NetworkAccountAdapter(AccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if invitation_pending(request):
            return True
        return open_networks().exists()

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user.save(update_fields=["full_name"])
        raw = request.session.pop(INVITATION_SESSION_KEY, None)
        if raw:
            # A stale or mismatched invitation must not block creating the account; the person
            # sees the invitation page's own message if they follow the link again.
            with contextlib.suppress(ApplicationError):
                services.invitation_accept(user=user, raw_token=raw)
        for key, accept in _OTHER_INVITATIONS.items():
            other = request.session.pop(key, None)
            if other:
                with contextlib.suppress(ApplicationError):
                    accept(user, other)
        network = form.cleaned_data.get("network")
        if network is not None:
            services.participant_join(user=user, network=network, via=JoinedVia.SELF_REGISTRATION)
        return user


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form gains: a name, and which open network to join."""

    full_name = NameField(label="Full name", max_length=150)
    network = forms.ModelChoiceField(
        label="Which network are you joining?",
        queryset=Network.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = open_networks()  # type: ignore[attr-defined]
        # allauth's sign-up view does not hand the request to the form; its middleware keeps it.
        request = allauth_context.request
        invited = request is not None and invitation_pending(request)
        if invited:
            self.fields["network"].required = False
            self.fields["network"].help_text = "You are joining through an invitation already."
        else:
            self.fields["network"].required = True

    def signup(self, request: HttpRequest, user: Any) -> None:
        # Handled in NetworkAccountAdapter.save_user so the account and its network join in one place.
        return None
