"""Spreadsheet exports (CSV and XLSX): the one place that writes them.

Every cell goes through `safe_cell`, the guard against spreadsheet formula injection (OWASP "CSV
injection"): text that a spreadsheet could read as a formula starts with an apostrophe instead.
Text counts as a formula when, after any leading white space or invisible control or formatting
characters (zero-width space, byte-order mark …), it starts with `=`, `+`, `-`, `@`, a tab, a carriage return
or a line feed, or a full-width or other compatibility form of those (`＝`, `＋`, `－`, `＠`, which
some spreadsheet programs accept as the same) or the minus sign `−`. Numbers, dates and other
non-text values are written as they are.

CSV is streamed row by row (`csv_response`), so a long list never sits in memory as one string;
XLSX is built with openpyxl (`xlsx_response`). Both go through `core.downloads.protect` with a safe
file name and the right content type, and by default are not kept by shared caches or the browser
(exports hold personal data)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from .downloads import download_name, protect

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # so that spreadsheet programs read a CSV file as UTF-8

# What a formula may start with, after NFKC folds full-width forms (＝ → =) into these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\u2212")


def _visible_start(text: str) -> str:
    """The text from its first character that is neither white space nor an invisible control or
    format character, with compatibility forms folded (NFKC) so that `＝` reads as `=`."""
    start = 0
    for start, ch in enumerate(text):  # noqa: B007 (start is read after the loop)
        if not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")):
            break
    else:
        return ""
    return unicodedata.normalize("NFKC", text[start : start + 2])


def is_formula_like(value: Any) -> bool:
    """True when a spreadsheet program could read `value` as a formula."""
    if not isinstance(value, str) or not value:
        return False
    return value.startswith(FORMULA_STARTS) or _visible_start(value).startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """`value` as it may be written to a spreadsheet: formula-like text gets a leading apostrophe
    (shown as text by every spreadsheet program); anything else is unchanged."""
    return "'" + value if is_formula_like(value) else value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


# --- CSV ------------------------------------------------------------------------------------------


class _Line:
    """A write-only file for `csv.writer` that hands back what was written (one row at a time)."""

    def write(self, text: str) -> str:
        return text


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False
) -> Iterator[str]:
    """The CSV file as lines of text (header first), every cell guarded."""
    writer = csv.writer(_Line())
    first: str = writer.writerow(safe_row(header))
    yield (BOM + first) if bom else first
    for row in rows:
        yield writer.writerow(safe_row(row))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> str:
    return "".join(csv_lines(header, rows, bom=bom))


def _finish(response: Any, filename: str, extension: str, private: bool) -> Any:
    protect(response, filename=download_name(f"{filename}{extension}", extension))
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def csv_response(
    *,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    bom: bool = False,
    private: bool = True,
) -> StreamingHttpResponse:
    """A streamed CSV download. `filename` is the name without its extension; `rows` may be a
    generator or a queryset iterator, read only as the response is sent."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(header, rows, bom=bom)),
        content_type=CSV_CONTENT_TYPE,
    )
    return _finish(response, filename, ".csv", private)


# --- XLSX -----------------------------------------------------------------------------------------


def _xlsx_cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Control characters cannot be stored in the file format at all (our text rules refuse them
    # on the way in; this keeps an export from failing on older data). Taken out before the
    # guard looks, so that what is left cannot start a formula.
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return safe_cell(value)


def xlsx_bytes(*, header: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str) -> bytes:
    """One worksheet named `sheet`: the header row, then `rows`, every cell guarded and stored
    as text or a number (never as a formula)."""
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None  # a new workbook always has its first sheet
    worksheet.title = sheet
    worksheet.append([_xlsx_cell(v) for v in header])
    for row in rows:
        worksheet.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(
    *,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet: str,
    private: bool = True,
) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(header=header, rows=rows, sheet=sheet), content_type=XLSX_CONTENT_TYPE
    )
    return _finish(response, filename, ".xlsx", private)
