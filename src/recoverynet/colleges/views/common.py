"""Helpers the colleges views share."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError


def status_for(*forms_: Any) -> int:
    """400 when a submitted form has errors, otherwise 200."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms_) else 200


def reraise_access(exc: ApplicationError) -> None:
    """Access refusals become a 403 or 404 page, never an error on a form."""
    if exc.status in (401, 403, 404):
        raise exc


def download(
    content: bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    protect(response, filename=filename, inline=inline)
    return response
