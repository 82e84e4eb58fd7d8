"""Helpers the feedback pages share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpResponse

from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error


def status_for(*forms_: Any) -> int:
    """400 when a submitted form has errors, otherwise 200."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms_) else 200


def show_error(form: forms.Form, exc: ApplicationError, *, prefix: str = "") -> None:
    """A service refusal on the form: access refusals become 403/404 pages; several field
    problems (`FieldsInvalid`) each go on their own field."""
    if exc.status in (401, 403, 404):
        raise exc
    problems = getattr(exc, "problems", None)
    if problems:
        for field, message in problems.items():
            name = field.replace("answers.", prefix) if prefix else field
            form.add_error(name if name in form.fields else None, message)
        return
    add_service_error(form, exc)


VOTE_COOKIE_AGE = 60 * 60 * 24  # a day: long enough for the event, not longer
CARD_COOKIE_AGE = 60 * 60 * 24 * 15  # long enough to answer a form that stays open two weeks


def vote_cookie_name(debate: Any) -> str:
    """The cookie holding this device's voter token for a debate."""
    return f"rn_vote_{debate.public_id.hex[:16]}"


def card_cookie_name(form: Any) -> str:
    """The cookie holding this device's room-card token for a feedback form."""
    return f"rn_card_{form.public_id.hex[:16]}"


def set_token_cookie(response: HttpResponse, name: str, token: str, *, max_age: int) -> None:
    response.set_cookie(
        name,
        token,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
