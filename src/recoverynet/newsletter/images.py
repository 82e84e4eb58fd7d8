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

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them
FORMATS = {
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
    "WEBP": ("image/webp", ".webp"),
}


def _reject(message: str) -> ApplicationError:
    return ApplicationError("image_not_allowed", message, field="image", status=422)


def directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "newsletter"


def path_of(stored_name: str) -> Path:
    if not stored_name or "/" in stored_name or stored_name.startswith("."):
        raise ValueError("Bad stored name")
    return directory() / stored_name


def clean(upload: IO[bytes]) -> tuple[bytes, str, str]:
    """Returns (re-encoded bytes, content type, extension) or raises a clear error."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _reject(f"The image is too big: the limit is {MAX_BYTES // (1024 * 1024)} MB.")
    if not data:
        raise _reject("The file is empty.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            if fmt not in FORMATS:
                raise _reject("Upload a PNG, JPEG or WebP picture.")
            if probe.width * probe.height > MAX_PIXELS:
                raise _reject("The picture has too many pixels. Please make it smaller.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            out = io.BytesIO()
            if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            upright.save(out, format=fmt)
    except ApplicationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _reject("This is not a picture we can read. Upload a PNG, JPEG or WebP.") from None
    content_type, extension = FORMATS[fmt]
    return out.getvalue(), content_type, extension


def store(data: bytes, extension: str) -> str:
    directory().mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + extension
    with path_of(name).open("xb") as handle:
        handle.write(data)
    return name
