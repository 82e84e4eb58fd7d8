"""Private stored files (uploads, pictures, generated documents kept for later) through Django's
storage API, so the local folder (`MEDIA_ROOT`) can be replaced by an S3-compatible object store
shared by every web server and worker (docs/deployment.md, "Shared files").

Files live under `<folder>/<name>` in the default storage. Names are made by the caller from random
tokens (never from what a person typed) and are checked here: one path segment, no leading dot.
Nothing is served straight from the storage: downloads go through a view that checks access and
streams `open_file(...)`.
"""

from __future__ import annotations

import re

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")


def storage() -> Storage:
    return storages["default"]


def _path(folder: str, name: str) -> str:
    for part in (folder, name):
        if not _SEGMENT.fullmatch(part) or ".." in part:
            raise ValueError(f"Bad stored file name {part!r}.")
    return f"{folder}/{name}"


def save(folder: str, name: str, data: bytes) -> str:
    """Store new bytes under a new name; never overwrites (raises FileExistsError)."""
    path = _path(folder, name)
    files = storage()
    if files.exists(path):
        raise FileExistsError(path)
    saved = files.save(path, ContentFile(data))
    if saved != path:  # a backend that renamed it (a race on the same random name)
        files.delete(saved)
        raise FileExistsError(path)
    return name


def open_file(folder: str, name: str) -> File:
    """Open for reading; raises FileNotFoundError when it is missing. The caller closes it (a
    FileResponse does)."""
    path = _path(folder, name)
    files = storage()
    if not files.exists(path):
        raise FileNotFoundError(path)
    return files.open(path, "rb")


def read(folder: str, name: str) -> bytes:
    with open_file(folder, name) as handle:
        data = handle.read()
    return data if isinstance(data, bytes) else data.encode()


def exists(folder: str, name: str) -> bool:
    return storage().exists(_path(folder, name))


def delete(folder: str, name: str) -> None:
    """Remove it if it is there (deleting twice is harmless)."""
    storage().delete(_path(folder, name))
