"""Helpers the self-assessment pages share."""

from __future__ import annotations

from typing import Any

from recoverynet.accounts.models import Perspective

PERSPECTIVE_LABELS = {
    value: label for value, label in Perspective.choices if value != Perspective.PREFER_NOT
}


NEW_LINK_KEY = "challenges-new-link"


def perspective_label(value: str) -> str:
    return PERSPECTIVE_LABELS.get(value, "Not said")


def number_text(value: float | None) -> str:
    """3 → "3", 2.5 → "2.5", None → "–"."""
    if value is None:
        return "–"
    return f"{value:g}"


def form_status(form: Any) -> int:
    return 400 if form is not None and form.is_bound and form.errors else 200
