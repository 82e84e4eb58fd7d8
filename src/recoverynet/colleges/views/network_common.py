"""Helpers shared by the Learning Network's pages."""

from __future__ import annotations

from typing import Any

from django import forms

from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error


def status_of(*forms_: forms.Form | None) -> int:
    """400 when a submitted form has errors, otherwise 200."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms_) else 200


def show_error(form: forms.Form, exc: ApplicationError) -> None:
    """Access refusals become a 403 or 404 page; any other rule goes on the form."""
    if exc.status in (401, 403, 404):
        raise exc
    add_service_error(form, exc)


def which(request: Any) -> str:
    """Which of a page's forms was sent (its hidden `form` field)."""
    return str(request.POST.get("form", "")) if request.method == "POST" else ""
