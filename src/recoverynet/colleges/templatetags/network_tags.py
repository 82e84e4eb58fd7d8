"""Template helpers for the Learning Network's pages: ratings shown in words and colour (never by
colour alone), and dictionary look-ups."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .. import fidelity as structure

register = template.Library()

_TAG = {0: "red", 1: "orange", 2: "green"}


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return ""


@register.simple_tag
def score_tag(score: Any) -> SafeString:
    """A 0/1/2 score as a tag that says its colour and meaning in words."""
    if score is None or score == "":
        return format_html('<strong class="nhsuk-tag nhsuk-tag--grey">{}</strong>', "Not agreed")
    value = int(score)
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{}">{} ({})</strong>',
        _TAG[value],
        structure.SCORE_LABELS[value],
        value,
    )


@register.simple_tag
def type_tag(value: Any) -> SafeString:
    if value is None or value == "":
        return format_html('<strong class="nhsuk-tag nhsuk-tag--grey">{}</strong>', "Not agreed")
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--blue">{}</strong>', structure.TYPE_LABELS[int(value)]
    )


@register.filter
def view_text(value: float | None) -> str:
    """A version's median view in words: "1.5 (between amber and green)"."""
    if value is None:
        return "No ratings"
    words = {
        0.0: "red",
        0.5: "between red and amber",
        1.0: "amber",
        1.5: "between amber and green",
        2.0: "green",
    }
    return f"{value:g} ({words.get(value, '')})"
