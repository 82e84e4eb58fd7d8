"""Downloads go through this access-checked view, always as an attachment, never from the web root."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponseBase, HttpResponseRedirect

from recoverynet.core.errors import NotFound

from . import selectors, services, uploads


def download(request: HttpRequest, public_id: UUID, number: int | None = None) -> HttpResponseBase:
    version = selectors.version_for_download(actor=request.user, public_id=public_id, number=number)
    services.download_counted(version.resource)
    if version.link:
        return HttpResponseRedirect(version.link)
    path = uploads.path_of(version.stored_name)
    if not path.exists():
        raise NotFound("The file is missing. Please tell the network team.")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=version.file_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
