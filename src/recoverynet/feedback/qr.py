"""QR codes for printed feedback links and the projector's voting link (the `qrcode` library)."""

from __future__ import annotations

import base64
import functools

import qrcode
import qrcode.image.svg


def svg_bytes(data: str) -> bytes:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    return bytes(image.to_string())


def secret_data_url(data: str) -> str:
    """A QR code holding something secret (a room card's code): never kept in a cache."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg_bytes(data)).decode("ascii")


@functools.lru_cache(maxsize=256)
def data_url(data: str) -> str:
    return secret_data_url(data)
