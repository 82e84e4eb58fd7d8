"""The one spreadsheet export (core/exports.py): the formula-injection guard, CSV and XLSX output,
and the headers a download carries."""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from recoverynet.core import exports
from recoverynet.core.exports import safe_cell

# Written here independently of the module: what a spreadsheet may take as the start of a formula.
DANGEROUS = set("=+-@\t\r\n\u2212\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66")


def _read_as_formula(text: str) -> bool:
    """Would a spreadsheet take `text` as a formula? Only if, once leading blanks and invisible
    characters are skipped, it starts with one of the characters above (an apostrophe first makes
    it text)."""
    visible = "".join(
        ch for ch in text if not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"))
    )
    if text[:1] in DANGEROUS:
        return True
    return bool(visible) and unicodedata.normalize("NFKC", visible[0])[:1] in DANGEROUS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("\n=cmd", "'\n=cmd"),
        ('  =HYPERLINK("x")', '\'  =HYPERLINK("x")'),
        ("\u3000=1", "'\u3000=1"),  # ideographic space
        ("\u200b=1", "'\u200b=1"),  # zero-width space
        ("\ufeff@x", "'\ufeff@x"),  # byte-order mark
        ("\uff1dSUM(A1)", "'\uff1dSUM(A1)"),  # full-width equals sign
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20x", "'\uff20x"),
        ("\u22121", "'\u22121"),  # minus sign
        ("Sam", "Sam"),
        ("Sam = 1", "Sam = 1"),
        ("'=already text", "'=already text"),
        ("", ""),
        (3, 3),
        (-2, -2),
        (Decimal("-1.50"), Decimal("-1.50")),
        (None, None),
    ],
)
def test_safe_cell(value: Any, expected: Any) -> None:
    assert safe_cell(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_no_csv_cell_reads_back_as_a_formula(row: list[str]) -> None:
    text = exports.csv_text(["a"] * len(row), [row])
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert len(read) == 2
    for cell in read[1]:
        assert not _read_as_formula(cell), cell


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_no_xlsx_cell_reads_back_as_a_formula(row: list[str]) -> None:
    data = exports.xlsx_bytes(header=["a"] * len(row), rows=[row], sheet="Sheet")
    sheet = load_workbook(io.BytesIO(data)).active
    for cell in next(sheet.iter_rows(min_row=2, max_row=2)):
        assert cell.data_type != "f"
        if isinstance(cell.value, str):
            assert not _read_as_formula(cell.value), cell.value


def test_csv_output_is_unchanged_where_the_guard_did_not_fire() -> None:
    """The same bytes as the exports wrote before the kernel: csv.writer's quoting and line ends,
    numbers as written, an optional byte-order mark on the first line only."""
    rows = [["Sam Jones", Decimal("100.00"), 3, 'says "hi", twice', ""], ["=1", "x\ny", "", "", 2]]
    assert exports.csv_text(["Name", "Net", "N", "Note", "E"], rows) == (
        'Name,Net,N,Note,E\r\nSam Jones,100.00,3,"says ""hi"", twice",\r\n\'=1,"x\ny",,,2\r\n'
    )
    assert exports.csv_text(["A"], [["b"]], bom=True) == "\ufeffA\r\nb\r\n"


def test_xlsx_keeps_numbers_and_text() -> None:
    data = exports.xlsx_bytes(header=["Name", "Net"], rows=[["=cmd", 12.5], ["Ann", 3]], sheet="D")
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["D"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Name", "Net"],
        ["'=cmd", 12.5],
        ["Ann", 3],
    ]


def test_xlsx_drops_characters_the_format_cannot_hold_before_guarding() -> None:
    data = exports.xlsx_bytes(header=["a"], rows=[["\x00=1"]], sheet="S")
    cell = load_workbook(io.BytesIO(data)).active.cell(row=2, column=1)
    assert cell.value == "'=1" and cell.data_type == "s"


def test_csv_response_streams_with_safe_headers() -> None:
    def rows() -> Any:
        yield ["=evil", 1]
        yield ["Ann", 2]

    response = exports.csv_response(
        filename='../del"egates 2026', header=["Name", "N"], rows=rows(), bom=True
    )
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="del egates 2026.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    body = response.getvalue().decode("utf-8")
    assert body == "\ufeffName,N\r\n'=evil,1\r\nAnn,2\r\n"


def test_xlsx_response_headers() -> None:
    response = exports.xlsx_response(filename="report", header=["a"], rows=[], sheet="S")
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="report.xlsx"'
    assert response.content[:2] == b"PK"
    public = exports.xlsx_response(filename="r", header=["a"], rows=[], sheet="S", private=False)
    assert "Cache-Control" not in public


def _old_events_rule(value: Any) -> Any:
    """The guard events/views.py had before the kernel (first character only)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _old_challenges_rule(value: Any) -> Any:
    """The guard challenges/reports.py had before the kernel (also after leading blanks)."""
    starts = ("=", "+", "-", "@", "\t", "\r", "\n")
    if isinstance(value, str) and (value.startswith(starts) or value.lstrip().startswith(starts)):
        return "'" + value
    return value


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=8), st.integers(), st.none()))
def test_the_kernel_changes_a_cell_only_where_an_old_guard_was_weaker(value: Any) -> None:
    """Whatever an old guard quoted, the kernel quotes the same way; it differs only by quoting
    more (an apostrophe the old rule did not add), never by writing something else."""
    new = safe_cell(value)
    for old_rule in (_old_events_rule, _old_challenges_rule):
        old = old_rule(value)
        assert new == old or (old == value and new == "'" + value)
