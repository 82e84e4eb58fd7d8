"""Article images: checked from their content, re-encoded (which drops camera metadata such as GPS
position, and anything hidden after the image data) and stored outside the web root."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import IO

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from recoverynet.core.errors import ApplicationError
from recoverynet.core.images import KNOWN, check_image

MAX_BYTES = 5 * 1024 * 1024
FORMATS = ("PNG", "JPEG", "WEBP")
# The types pictures are stored (re-encoded) and served as, with their extensions.
EXTENSIONS = {KNOWN[f][0]: KNOWN[f][1] for f in FORMATS}
FIELD = "image"


def _reject(message: str) -> ApplicationError:
    return ApplicationError("image_not_allowed", message, field=FIELD, status=422)


def directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "newsletter"


def path_of(stored_name: str) -> Path:
    if not stored_name or "/" in stored_name or stored_name.startswith("."):
        raise ValueError("Bad stored name")
    return directory() / stored_name


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
    directory().mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + extension
    with path_of(name).open("xb") as handle:
        handle.write(data)
    return name
