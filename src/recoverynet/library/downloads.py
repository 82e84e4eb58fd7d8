"""Downloads go through these access-checked views, always as an attachment, never from the web root.
Every download of a file, or opening of a link, counts once for the resource."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse

from recoverynet.core.errors import NotFound

from . import selectors, services, uploads
from .models import ResourceFile


def _serve(file: ResourceFile) -> FileResponse:
    path = uploads.path_of(file.stored_name)
    if not path.exists():
        raise NotFound("The file is missing. Please tell the network team.")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=file.file_name,
        content_type=file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def download(request: HttpRequest, public_id: UUID, number: int | None = None) -> HttpResponseBase:
    """The latest (or a numbered) version: a link redirects, a single file downloads, and a version
    with several files sends people to the list of its files on the resource's page."""
    version = selectors.version_for_download(actor=request.user, public_id=public_id, number=number)
    if version.link:
        services.download_counted(version.resource)
        return HttpResponseRedirect(version.link)
    files = list(version.files.all())
    if not files:
        raise NotFound("This version has no files.")
    if len(files) == 1:
        services.download_counted(version.resource)
        return _serve(files[0])
    latest = number is None or version.number == version.resource.versions.all()[0].number
    anchor = "files" if latest else f"version-{version.number}"
    return HttpResponseRedirect(
        reverse("library:resource-detail", args=[version.resource.public_id]) + f"#{anchor}"
    )


def file_response(*, actor: Any, public_id: UUID, number: int, file_id: int) -> FileResponse:
    """One file of one version, if this person may see the resource (used by the page and the API)."""
    file = selectors.file_for_download(
        actor=actor, public_id=public_id, number=number, file_id=file_id
    )
    services.download_counted(file.version.resource)
    return _serve(file)


def download_file(
    request: HttpRequest, public_id: UUID, number: int, file_id: int
) -> HttpResponseBase:
    return file_response(actor=request.user, public_id=public_id, number=number, file_id=file_id)
