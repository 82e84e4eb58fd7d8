"""PDF documents load nothing over the network: only data: URLs (embedded pictures) are fetched."""

from __future__ import annotations

import base64
import io
import socket
from typing import Any

import pytest
from PIL import Image

from recoverynet.core import pdf
from recoverynet.core.errors import ApplicationError


def _render(html: str, monkeypatch: Any) -> bytes:
    monkeypatch.setattr(pdf, "render_to_string", lambda template, context: html)
    try:
        return pdf.render_pdf("unused.html", {})
    except ApplicationError as exc:  # no Pango on this machine
        pytest.skip(exc.message)


def test_embedded_pictures_are_drawn(monkeypatch: Any) -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 94, 184)).save(out, format="PNG")
    src = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    document = _render(f'<p>Picture</p><img src="{src}" alt="blue">', monkeypatch)
    assert document.startswith(b"%PDF") and b"/Subtype /Image" in document


def test_nothing_is_fetched_from_the_network(monkeypatch: Any) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a PDF tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    document = _render(
        '<link rel="stylesheet" href="http://198.51.100.1/x.css">'
        '<img src="https://198.51.100.1/track.png" alt="x"><p>Text</p>',
        monkeypatch,
    )
    assert document.startswith(b"%PDF") and b"/Subtype /Image" not in document
