"""Absolute links the feedback pages and API both give out."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def join_link(code: str = "") -> str:
    """Where a room card's holder enters its code; with `code`, the link the card's QR code holds
    (the page fills the code in; nothing is used until the person presses Join)."""
    link = settings.SITE_URL + reverse("feedback:card-join")
    return link + ("?" + urlencode({"code": code}) if code else "")
