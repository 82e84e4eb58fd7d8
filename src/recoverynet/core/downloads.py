"""Serving files safely: the name a file downloads as, and the headers every download carries.

A download's name ends with the extension of the type we *detected* (or generated), never the one
the uploader chose: a PNG uploaded as `agenda.html` downloads as `agenda.png`, so that opening it
from the downloads folder cannot run it as a web page. Every file is served with
`X-Content-Type-Options: nosniff` (the browser keeps our type) and a CSP `sandbox` (if it is
opened in the browser anyway, nothing in it runs)."""

from __future__ import annotations

import re
import unicodedata
from typing import TypeVar
from urllib.parse import quote

from django.http import HttpResponseBase

MAX_STEM = 100
# For a file opened in the browser: no scripts, no plugins, no requests; inline style only, so
# that the browser's own picture and text views still look right.
SANDBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"

# Characters that mean something to a file system or a header, and runs of white space.
_UNSAFE = re.compile(r'[\\/:*?"<>|;,\s]+')

R = TypeVar("R", bound=HttpResponseBase)


def _printable(text: str) -> str:
    """Drop control and format characters (including right-to-left overrides, which can make
    `gpj.html` look like `lmth.jpg`), and unassigned or private ones."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in ("C",))


def download_name(name: str, extension: str, *, fallback: str = "download") -> str:
    """A safe name for a download: the uploaded name's stem (without any folder and without its
    last extension), cleaned, plus `extension` (e.g. ".png") of the detected type."""
    base = _printable(unicodedata.normalize("NFC", name or "")).replace("\\", "/")
    base = base.rsplit("/", 1)[-1]
    stem, dot, _old = base.rpartition(".")
    if not dot:
        stem = base
    stem = _UNSAFE.sub(" ", stem).strip(" .-_")
    stem = stem[:MAX_STEM].strip(" .-_") or fallback
    return stem + extension


def ascii_name(filename: str) -> str:
    """The closest plain-ASCII form of a name, for the `filename=` of old browsers."""
    decomposed = unicodedata.normalize("NFKD", filename)
    plain = decomposed.encode("ascii", "ignore").decode("ascii")
    stem, dot, extension = plain.rpartition(".")
    if not dot:
        stem, extension = plain, ""
    stem = re.sub(r"[^A-Za-z0-9._ ()+-]+", "_", stem).strip(" ._") or "download"
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)
    return f"{stem}.{extension}" if extension else stem


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII `filename` and, when the name is not plain ASCII,
    the exact name as RFC 6266 / RFC 5987 `filename*`."""
    disposition = "inline" if inline else "attachment"
    plain = ascii_name(filename)
    value = f'{disposition}; filename="{plain}"'
    if plain != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


def protect(response: R, *, filename: str, inline: bool = False) -> R:
    """The headers every served file carries. `filename` must already have a safe extension for the
    response's content type (use `download_name` for anything a person named)."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response
