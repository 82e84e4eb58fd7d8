"""Upload checks: size limit, and the type judged from the file's content against an allow-list (the
name and the browser's claimed type are not trusted). Files are stored through the shared file
storage (core.files), never in the web root, under random names; a rejected file is never kept. A version may hold several files: each is checked on its
own, and together they must stay within a total size."""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.core.files import File

from recoverynet.core import files
from recoverynet.core.downloads import download_name
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.images import check_image

MAX_BYTES = 20 * 1024 * 1024  # one file
MAX_TOTAL_BYTES = 50 * 1024 * 1024  # all the files of one version together
MAX_FILES = 10  # files in one version
FIELD = "files"  # the form and API field that errors are reported on


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str


# Every type we accept, with the extension it is stored and downloaded with.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "text/plain": ".txt",
    "text/csv": ".csv",
}


def _reject(message: str) -> ApplicationError:
    return ApplicationError("file_not_allowed", message, field=FIELD, status=422)


def _mb(n: int) -> int:
    return n // (1024 * 1024)


def _office(data: bytes) -> Checked | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return Checked(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"
        )
    if any(n.startswith("xl/") for n in names):
        return Checked("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
    if any(n.startswith("ppt/") for n in names):
        return Checked(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"
        )
    return None


def _image(data: bytes, shown: str) -> Checked:
    """Pictures go through the shared check: format from the content, a pixel limit (a tiny file
    can claim a huge picture), and the structure verified."""
    image = check_image(
        data, formats=("PNG", "JPEG", "GIF"), field=FIELD, shown=shown, code="file_not_allowed"
    )
    return Checked(image.content_type, image.extension)


# Web pages and SVG pictures can carry scripts that run when someone opens the file, so text that
# contains their markup anywhere is refused (not only at the start: a script can follow 2 KB of text).
_MARKUP = re.compile(
    r"<\s*(?:!doctype\s+html|\?xml|html|head|body|script|svg|iframe|frame|object|embed|meta|"
    r"base|form|style|link|math|img|video|audio)(?=[\s/>])"
    r"|<[a-z][^<>]*\son[a-z]+\s*="  # any tag with an event handler, e.g. <p onclick=…>
    r"|<[a-z][^<>]*=\s*[\"']?\s*javascript:",
    re.IGNORECASE,
)


def _text(data: bytes, shown: str) -> Checked | None:
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _MARKUP.search(text):
        raise _reject(
            f"We cannot accept {shown}: it contains web page or SVG code, which could run in "
            "the browser of someone who opens it. Share it as a PDF or a PNG picture instead."
        )
    return Checked("text/plain", ".txt")


def check(upload: IO[bytes], *, name: str) -> tuple[Checked, bytes]:
    """Read one file and judge its type by its content. The error message names the file."""
    shown = name or "The file"
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _reject(f"{shown} is larger than {_mb(MAX_BYTES)} MB.")
    if not data:
        raise _reject(f"{shown} is empty.")
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        kind: Checked | None = Checked("application/pdf", ".pdf")
    elif data.startswith(b"PK\x03\x04"):
        kind = _office(data)
    elif (
        data[:8] == b"\x89PNG\r\n\x1a\n"
        or data[:3] == b"\xff\xd8\xff"
        or data[:6] in (b"GIF87a", b"GIF89a")
    ):
        kind = _image(data, shown)
    else:
        kind = _text(data, name or "this file")
        if kind is not None and name.lower().endswith(".csv"):
            kind = Checked("text/csv", ".csv")
    if kind is None:
        raise _reject(
            f"We cannot accept {name or 'this file'}: it is not a type we allow. Upload a PDF, a "
            "Word, Excel or PowerPoint file, an image (PNG, JPEG, GIF), or plain text or CSV."
        )
    return kind, data


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: Checked
    data: bytes


def check_all(uploads: Sequence[tuple[IO[bytes], str]]) -> list[CheckedFile]:
    """Check every file of one version before anything is stored. Raises on the first file that
    fails (naming it), or when there are too many files or they are too large together."""
    if len(uploads) > MAX_FILES:
        raise _reject(f"Upload up to {MAX_FILES} files at a time. You chose {len(uploads)}.")
    checked: list[CheckedFile] = []
    total = 0
    for upload, name in uploads:
        kind, data = check(upload, name=name)
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise _reject(
                f"Together the files are larger than {_mb(MAX_TOTAL_BYTES)} MB. {name or 'A file'} "
                "goes over the limit: share fewer or smaller files."
            )
        checked.append(
            CheckedFile(
                name=download_name(name, kind.extension, fallback="resource"), kind=kind, data=data
            )
        )
    return checked


FOLDER = "library"  # files live in the shared storage under library/<stored name> (core.files)


def store(data: bytes, checked: Checked) -> str:
    """Store the bytes under a new random name in the shared file storage (core.files, decision
    0023): the local folder, or an object store shared by every server."""
    return files.save(FOLDER, secrets.token_hex(16) + checked.extension, data)


@contextmanager
def removed_on_error() -> Iterator[list[str]]:
    """Collects the stored names written inside the block; if the block fails (a database error, a
    later rejected file), those files are deleted again, so nothing is kept from a failed upload.
    Put it outside the transaction so a failed commit is covered too."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            files.delete(FOLDER, name)
        raise


def open_stored(stored_name: str) -> File:
    """The stored file for reading (the caller closes it; a FileResponse does). A missing file, or a
    name that is not one of ours, is "not found"."""
    try:
        return files.open_file(FOLDER, stored_name)
    except (FileNotFoundError, ValueError):
        raise NotFound("The file is missing. Please tell the network team.") from None
