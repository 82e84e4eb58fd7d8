"""Article images: checked from their content, re-encoded (which drops camera metadata such as GPS
position, and anything hidden after the image data) and stored through the shared file storage
(core.files), never in the web root."""

from __future__ import annotations

import secrets
from typing import IO

from django.core.files import File

from recoverynet.core import files
from recoverynet.core.images import KNOWN, clean_picture

MAX_BYTES = 5 * 1024 * 1024
FORMATS = ("PNG", "JPEG", "WEBP")
# The types pictures are stored (re-encoded) and served as, with their extensions.
EXTENSIONS = {KNOWN[f][0]: KNOWN[f][1] for f in FORMATS}
FIELD = "image"


FOLDER = "newsletter"  # pictures live in the shared storage under newsletter/<stored name>


def open_stored(stored_name: str) -> File:
    """The stored picture for reading (the caller closes it). Raises FileNotFoundError when it is
    missing and ValueError for a name that is not one of ours."""
    return files.open_file(FOLDER, stored_name)


def read_stored(stored_name: str) -> bytes:
    return files.read(FOLDER, stored_name)


def delete_stored(stored_name: str) -> None:
    files.delete(FOLDER, stored_name)


def clean(upload: IO[bytes]) -> tuple[bytes, str, str]:
    """Returns (re-encoded bytes, content type, extension) or raises a clear error. The format, size
    in pixels and structure are checked by the shared picture check before anything is decoded."""
    picture = clean_picture(upload, formats=FORMATS, field=FIELD, max_bytes=MAX_BYTES)
    return picture.data, picture.content_type, picture.extension


def store(data: bytes, extension: str) -> str:
    """Store the re-encoded picture under a new random name in the shared file storage
    (core.files, decision 0023)."""
    return files.save(FOLDER, secrets.token_hex(16) + extension, data)
