"""Downloads go through these access-checked views, always as an attachment, never from the web root,
with the type detected at upload, a name ending in that type's extension, `nosniff` and a CSP
sandbox. Every download of a file, or opening of a link, counts once for the resource."""

from __future__ import annotations

from typing import IO
from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse

from recoverynet.accounts.actors import Actor
from recoverynet.core.downloads import download_name, protect
from recoverynet.core.errors import ApplicationError, NotFound

from . import selectors, services, uploads
from .models import ResourceFile

# Text is always served as UTF-8 (uploads must decode as UTF-8 to be accepted as text).
_HTTP_TYPES = {
    "text/plain": "text/plain; charset=utf-8",
    "text/csv": "text/csv; charset=utf-8",
}
_UNKNOWN = uploads.Checked("application/octet-stream", ".bin")


def served_type(file: ResourceFile, handle: IO[bytes]) -> uploads.Checked:
    """The type detected when the file was uploaded (stored with it). A row without a type we
    accept (older data) is judged from its content now; what we cannot judge is served as bytes."""
    extension = uploads.EXTENSIONS.get(file.content_type)
    if extension:
        return uploads.Checked(file.content_type, extension)
    try:
        kind, _data = uploads.check(handle, name=file.file_name)
    except ApplicationError:
        return _UNKNOWN
    finally:
        handle.seek(0)
    return kind


def _serve(file: ResourceFile) -> FileResponse:
    handle = uploads.open_stored(file.stored_name)
    kind = served_type(file, handle)
    response = FileResponse(
        handle, content_type=_HTTP_TYPES.get(kind.content_type, kind.content_type)
    )
    # The name is worked out now, from the type, so files stored before this rule get it too.
    protect(response, filename=download_name(file.file_name, kind.extension, fallback="resource"))
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


def file_response(*, actor: Actor, public_id: UUID, number: int, file_id: int) -> FileResponse:
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
