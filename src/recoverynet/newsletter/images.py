"""Article images: checked from their content, re-encoded (which drops camera metadata such as GPS
position, and anything hidden after the image data) and stored through the shared file storage
(core.files), never in the web root."""

from __future__ import annotations

import io
import secrets
from typing import IO

from django.core.files import File
from PIL import Image, ImageOps, UnidentifiedImageError

from recoverynet.core import files
from recoverynet.core.errors import ApplicationError
from recoverynet.core.images import KNOWN, check_image

MAX_BYTES = 5 * 1024 * 1024
FORMATS = ("PNG", "JPEG", "WEBP")
# The types pictures are stored (re-encoded) and served as, with their extensions.
EXTENSIONS = {KNOWN[f][0]: KNOWN[f][1] for f in FORMATS}
FIELD = "image"


def _reject(message: str) -> ApplicationError:
    return ApplicationError("image_not_allowed", message, field=FIELD, status=422)


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
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _reject(f"The picture is too big: the limit is {MAX_BYTES // (1024 * 1024)} MB.")
    if not data:
        raise _reject("The file is empty. Choose a picture.")
    name = getattr(upload, "name", None)
    shown = name if isinstance(name, str) and name else "This file"
    checked = check_image(data, formats=FORMATS, field=FIELD, shown=shown)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            out = io.BytesIO()
            if checked.format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            upright.save(out, format=checked.format)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _reject(
            "The picture is damaged and we cannot read it. Upload a PNG, JPEG or WebP picture."
        ) from None
    return out.getvalue(), checked.content_type, checked.extension


def store(data: bytes, extension: str) -> str:
    """Store the re-encoded picture under a new random name in the shared file storage
    (core.files, decision 0023)."""
    return files.save(FOLDER, secrets.token_hex(16) + extension, data)
