"""Helpers shared by the writers' and editors' pages."""

from __future__ import annotations

from typing import Any

from django import forms

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import access, selectors
from ..models import Publication, SubscriptionStatus


def form_status(*forms_: Any) -> int:
    """400 when a submitted form has errors, otherwise 200."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms_) else 200


def reraise_access(exc: ApplicationError) -> None:
    """Access refusals become a 403 or 404 page, never an error on the form."""
    if exc.status in (403, 404):
        raise exc


def problem_form(message: str) -> forms.Form:
    """A bound, empty form carrying one message, for the error summary of a step with no fields."""
    form = forms.Form(data={})
    form.add_error(None, message)
    return form


def posted_id(raw: str | None) -> int:
    """A posted row id, or 0 (which matches nothing) when it is not a number."""
    raw = raw or ""
    return int(raw) if raw.isdecimal() and len(raw) < 12 else 0


def editor_publication(request: AuthenticatedRequest, network: str) -> Publication:
    publication = selectors.publication_get(network)
    if not access.is_editor(request.user, publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can see this page.")
    return publication


def count_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """Every subscription status as (value, label, how many), for the subscriber counts table."""
    return [(value, label, counts.get(value, 0)) for value, label in SubscriptionStatus.choices]
