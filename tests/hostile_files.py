"""Hostile uploads built in the tests (issue #9): files that claim to be one thing and are another."""

from __future__ import annotations

import struct
import zlib

from tests.conftest import png

SCRIPT = b"<script>alert(document.cookie)</script>"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG of a few dozen bytes whose header claims width × height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b""))
        + _chunk(b"IEND", b"")
    )


def small_png() -> bytes:
    return png((3, 2))


def png_with_script() -> bytes:
    """A real PNG with a web page after its end: browsers that sniff would run it as HTML."""
    return small_png() + b"<html><body>" + SCRIPT + b"</body></html>"


def text_with_late_script() -> bytes:
    """Plain text for more than 2 KB, then a script."""
    return b"Meeting notes.\n" + b"We talked about peer support.\n" * 100 + SCRIPT + b"\n"


def svg_with_onload() -> bytes:
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
        b'onload="alert(document.cookie)"><rect width="10" height="10"/></svg>'
    )
