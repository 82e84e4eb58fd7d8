"""Replacing an authenticator app (a new phone) without ever being without one.

People whose role needs MFA cannot turn their app off (accounts.adapters.MFAAdapter); this is how
they move to a new one: scan a new QR code, prove it works with a code, and the old one stops working
in the same transaction. Recovery codes stay as they were.
"""

from __future__ import annotations

import base64

from allauth.account.decorators import reauthentication_required
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error

from . import services
from .forms import AuthenticatorCodeForm
from .http import AuthenticatedRequest

NEW_SECRET_SESSION_KEY = "recoverynet_new_totp_secret"


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def replace(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return redirect("mfa_activate_totp")
    secret = request.session.get(NEW_SECRET_SESSION_KEY)
    if not secret:
        secret = request.session[NEW_SECRET_SESSION_KEY] = generate_totp_secret()
    form = AuthenticatorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.authenticator_replace(
                actor=user, secret=secret, code=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            request.session.pop(NEW_SECRET_SESSION_KEY, None)
            messages.success(
                request, "Your new authenticator app is set up. The old one no longer works."
            )
            return redirect(reverse("mfa_index"))
    adapter = get_mfa_adapter()
    svg = adapter.build_totp_svg(adapter.build_totp_url(user, secret))
    return render(
        request,
        "accounts/authenticator_replace.html",
        {
            "form": form,
            "secret": secret,
            "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
            "title": "Replace your authenticator app",
        },
        status=400 if form.is_bound and form.errors else 200,
    )
