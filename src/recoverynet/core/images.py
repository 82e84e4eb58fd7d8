"""The one check for uploaded pictures, used by every app that takes them (library files, newsletter
and event pictures), and `clean_picture`, which also re-encodes a picture that is shown on a page. The format is judged from the content; the pixel count is limited before anything is
decoded, because a file of a few bytes can claim a picture of billions of pixels (a "decompression
bomb"); then the structure is verified. Every refusal is an `ApplicationError` on the caller's field,
naming the file."""

from __future__ import annotations

import io
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ApplicationError

# 40 million pixels (8,000 × 5,000) is more than any camera photo or slide needs, and well under
# Pillow's own warning level, so Pillow never decodes anything larger for us.
MAX_PIXELS = 40_000_000

# Pillow's format name → (content type, extension). Only formats that cannot carry scripts.
KNOWN: dict[str, tuple[str, str]] = {
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
}
NAMES = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WEBP": "WebP"}


@dataclass(frozen=True)
class CheckedImage:
    format: str  # Pillow's name, e.g. "PNG"
    content_type: str
    extension: str
    width: int
    height: int


def _listed(formats: Collection[str]) -> str:
    names = [NAMES[f] for f in KNOWN if f in formats]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def check_image(
    data: bytes,
    *,
    formats: Collection[str],
    field: str,
    shown: str = "This file",
    code: str = "image_not_allowed",
) -> CheckedImage:
    """Judge `data` as a picture in one of `formats` (Pillow names, from KNOWN). `shown` names the
    file in messages ("agenda.png", "The picture"); errors are reported on `field` with `code`."""

    def refuse(message: str) -> ApplicationError:
        return ApplicationError(code, message, field=field, status=422)

    too_big = refuse(
        f"{shown} has too many pixels. Upload a picture of up to {MAX_PIXELS // 1_000_000} million "
        "pixels (for example 8,000 × 5,000 pixels)."
    )
    unreadable = refuse(
        f"{shown} is not a picture we can read. Upload a {_listed(formats)} picture."
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit, raises) about huge pictures: both are refusals.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format or ""
                width, height = probe.size
                if fmt not in formats or fmt not in KNOWN:
                    raise unreadable
                if width * height > MAX_PIXELS:
                    raise too_big
                probe.verify()  # checks the structure, not just the first bytes
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise unreadable from None
    content_type, extension = KNOWN[fmt]
    return CheckedImage(fmt, content_type, extension, width, height)


@dataclass(frozen=True)
class CleanPicture:
    data: bytes  # re-encoded
    content_type: str
    extension: str
    width: int  # after turning it upright
    height: int


def clean_picture(
    upload: IO[bytes], *, formats: Collection[str], field: str, max_bytes: int
) -> CleanPicture:
    """An uploaded picture, checked (`check_image`) and re-encoded, which drops camera metadata such
    as the GPS position and anything hidden after the picture data, and turns it upright. Every
    refusal is an `ApplicationError` on `field`."""

    def refuse(message: str) -> ApplicationError:
        return ApplicationError("image_not_allowed", message, field=field, status=422)

    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise refuse(f"The picture is too big: the limit is {max_bytes // (1024 * 1024)} MB.")
    if not data:
        raise refuse("The file is empty. Choose a picture.")
    name = getattr(upload, "name", None)
    shown = name if isinstance(name, str) and name else "This file"
    checked = check_image(data, formats=formats, field=field, shown=shown)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image) or image
            out = io.BytesIO()
            if checked.format == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            upright.save(out, format=checked.format)
            width, height = upright.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise refuse(
            f"The picture is damaged and we cannot read it. Upload a {_listed(formats)} picture."
        ) from None
    return CleanPicture(out.getvalue(), checked.content_type, checked.extension, width, height)
