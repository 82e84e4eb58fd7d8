"""Download names follow the detected type; headers keep the browser from running a file."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from recoverynet.core.downloads import content_disposition, download_name, protect


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("agenda.html", ".png", "agenda.png"),
        ("notes.html", ".txt", "notes.txt"),
        ("report.final.pdf", ".pdf", "report.final.pdf"),
        ("no extension", ".txt", "no extension.txt"),
        ("../../etc/passwd", ".txt", "passwd.txt"),
        ("C:\\Users\\sam\\plan.docx", ".docx", "plan.docx"),
        ('say "hi"; x=1.csv', ".csv", "say hi x=1.csv"),
        ("photo\u202egnp.html", ".png", "photognp.png"),  # right-to-left override dropped
        ("line\r\nbreak.txt", ".txt", "linebreak.txt"),
        (".html", ".txt", "download.txt"),
        ("", ".pdf", "download.pdf"),
        ("Résumé — été.pdf", ".pdf", "Résumé — été.pdf"),
        ("x" * 300 + ".pdf", ".pdf", "x" * 100 + ".pdf"),
    ],
)
def test_download_name(name: str, extension: str, expected: str) -> None:
    assert download_name(name, extension) == expected


def test_content_disposition_is_ascii_with_the_exact_name_as_filename_star() -> None:
    assert content_disposition("agenda.png") == 'attachment; filename="agenda.png"'
    assert content_disposition("Résumé été.pdf", inline=True) == (
        "inline; filename=\"Resume ete.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%C3%A9t%C3%A9.pdf"
    )
    assert content_disposition("日本.txt") == (
        "attachment; filename=\"download.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt"
    )


def test_protect_sets_the_headers() -> None:
    response = protect(HttpResponse(b"x", content_type="text/plain"), filename="a.txt")
    assert response["Content-Disposition"] == 'attachment; filename="a.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
