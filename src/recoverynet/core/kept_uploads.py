"""Nothing typed is lost after a form error, files included (issue #15, decision 0037).

Browsers never fill a file input again, so a form that comes back with an error would make people
choose their file again. Instead the view keeps what was chosen for `KEEP_FOR` (a `KeptUpload` row
and the bytes in the private storage, folder `kept-uploads`), and the page says "You chose X: it is
kept" with the kept file's token in a hidden input. When the form is sent again without a new file
for that field, the kept file is handed to the form as if it had been chosen again. Only the
person who chose it can use it, only on the same form (`purpose`) and field; it is deleted when
the form succeeds (`discard`) and by the periodic job `core.purge_kept_uploads` once expired.

Use in a view::

    files = kept_uploads.files_for(request, purpose="library.resource", fields=["files"])
    form = ResourceForm(request.POST, files, ...)
    if form.is_valid(): ...; kept_uploads.discard(request, purpose=...)
    else: kept = kept_uploads.keep(request, files, purpose=..., fields=["files"])
    # template: {% include "core/includes/kept_files.html" with kept=kept.files %}
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from . import files as stored
from .models import KeptUpload
from .scheduling import periodic

FOLDER = "kept-uploads"
KEEP_FOR = datetime.timedelta(hours=1)
FIELD_SUFFIX = "__kept"  # the hidden input: "<field>__kept" = token, once per kept file


@dataclass(frozen=True)
class Kept:
    token: str
    field: str
    name: str
    size: int


def _person(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _live(request: HttpRequest, purpose: str) -> QuerySet[KeptUpload]:
    return KeptUpload.objects.filter(
        owner=_person(request), purpose=purpose, expires_at__gt=timezone.now()
    )


def files_for(request: HttpRequest, *, purpose: str, fields: Iterable[str]) -> MultiValueDict:
    """The files for the form: what was chosen now and, for a field with no new choice, the files
    kept from an earlier try (named in the POST by their tokens)."""
    chosen = request.FILES.copy()
    if _person(request) is None or request.method != "POST":
        return chosen
    for field in fields:
        if any(f for f in request.FILES.getlist(field)) or request.POST.get(field + "__drop"):
            continue  # a new choice replaces what was kept; or the person let it go
        tokens = [t for t in request.POST.getlist(field + FIELD_SUFFIX) if t][:20]
        if not tokens:
            continue
        rows = {k.token: k for k in _live(request, purpose).filter(field=field, token__in=tokens)}
        revived: list[UploadedFile] = []
        for token in tokens:
            row = rows.get(token)
            if row is None or not stored.exists(FOLDER, row.stored_name):
                continue
            upload = SimpleUploadedFile(
                row.name, stored.read(FOLDER, row.stored_name), row.content_type
            )
            upload.kept_token = row.token  # type: ignore[attr-defined]
            revived.append(upload)
        if revived:
            chosen.setlist(field, revived)
    return chosen


def keep(
    request: HttpRequest, chosen: MultiValueDict, *, purpose: str, fields: Iterable[str]
) -> list[Kept]:
    """Keep every file of `fields` in `chosen` (new ones are stored; revived ones keep their token)
    and say what was kept, for the page that comes back with an error."""
    owner = _person(request)
    if owner is None:
        return []
    kept: list[Kept] = []
    expires = timezone.now() + KEEP_FOR
    for field in fields:
        for upload in chosen.getlist(field):
            if not upload:
                continue
            token = getattr(upload, "kept_token", "")
            if not token:
                token = secrets.token_urlsafe(24)
                name = stored.save(FOLDER, secrets.token_hex(16), _read(upload))
                KeptUpload.objects.create(
                    token=token,
                    owner=owner,
                    purpose=purpose,
                    field=field,
                    name=(upload.name or "file")[:255],
                    content_type=(upload.content_type or "")[:100],
                    size=upload.size or 0,
                    stored_name=name,
                    expires_at=expires,
                )
            kept.append(
                Kept(token=token, field=field, name=upload.name or "file", size=upload.size or 0)
            )
    return kept


def _read(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data if isinstance(data, bytes) else data.encode()


def discard(request: HttpRequest, *, purpose: str) -> int:
    """The form succeeded: the files kept for it are no longer needed."""
    owner = _person(request)
    if owner is None:
        return 0
    return _delete(KeptUpload.objects.filter(owner=owner, purpose=purpose))


def _delete(rows: Iterable[KeptUpload]) -> int:
    count = 0
    for row in list(rows):
        stored.delete(FOLDER, row.stored_name)
        row.delete()
        count += 1
    return count


@periodic("core.purge_kept_uploads")
@transaction.atomic
def purge_expired() -> dict[str, int]:
    """Delete kept files whose time is up (they are kept an hour at most)."""
    return {"deleted": _delete(KeptUpload.objects.filter(expires_at__lte=timezone.now()))}
