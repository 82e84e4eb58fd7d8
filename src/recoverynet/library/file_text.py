"""The words inside an uploaded file, for search: PDF (pypdf), Word (.docx: the XML inside the zip),
PowerPoint (.pptx) and plain text. Bounded (pages, characters, bytes unpacked); a file that cannot be
read gives no words and is still a good upload."""

from __future__ import annotations

import io
import logging
import re
import zipfile

from defusedxml import ElementTree

from .search_text import MAX_DOCUMENT_CHARS

log = logging.getLogger(__name__)

MAX_PAGES = 200  # of one PDF
MAX_XML_BYTES = 20 * 1024 * 1024  # unpacked from one Office file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_TEXT_NODE = re.compile(r"\}t$")


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    texts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        texts.append(text)
        size += len(text)
        if size >= MAX_DOCUMENT_CHARS:
            break
    return "\n".join(texts)


def _office(data: bytes, prefix: str) -> str:
    """Text runs (`<w:t>`, `<a:t>`) of the parts under `prefix`, in order. defusedxml refuses
    entities and document types (XML bombs); parts are read only up to a size."""
    texts: list[str] = []
    unpacked = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if not (info.filename.startswith(prefix) and info.filename.endswith(".xml")):
                continue
            unpacked += info.file_size
            if unpacked > MAX_XML_BYTES:
                break
            root = ElementTree.fromstring(archive.read(info), forbid_dtd=True)
            texts.extend(el.text or "" for el in root.iter() if _TEXT_NODE.search(el.tag))
    return " ".join(texts)


def extract(data: bytes, content_type: str) -> str:
    """The file's words, or "" for a type without words (pictures) or a file that cannot be read."""
    try:
        if content_type == "application/pdf":
            text = _pdf(data)
        elif content_type == DOCX:
            text = _office(data, "word/")
        elif content_type == PPTX:
            text = _office(data, "ppt/slides/")
        elif content_type in ("text/plain", "text/csv"):
            text = data.decode("utf-8", errors="replace")
        else:
            return ""
    except Exception:  # a damaged or unusual file: searchable by its title and summary only
        log.warning("Could not read the words of a %s file for search", content_type)
        return ""
    return text[:MAX_DOCUMENT_CHARS]
