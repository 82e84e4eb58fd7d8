"""A word cloud: words and phrases sized by how many people gave them, drawn as accessible SVG,
with the same numbers as a table (`word_cloud_figure`).

Layout is a plain flow, largest first, left to right and wrapped: predictable, readable, and the
same on every render (no random placement). Each word's count is in its `<title>`, and the table
after the drawing lists every word with its count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from .draw import element, svg_root, to_markup
from .model import FONT, PAD, SERIES_COLOURS, WIDTH

SMALLEST = 14
LARGEST = 40


@dataclass(frozen=True)
class WordCloud:
    id: str
    title: str
    description: str
    words: tuple[tuple[str, int], ...]  # (word or phrase, count), most frequent first
    noun: str = "people"

    @property
    def svg(self) -> SafeString:
        return render_word_cloud_svg(self)


def _size(count: int, low: int, high: int) -> float:
    if high == low:
        return (SMALLEST + LARGEST) / 2
    return SMALLEST + (LARGEST - SMALLEST) * (count - low) / (high - low)


def render_word_cloud_svg(cloud: WordCloud) -> SafeString:
    svg = svg_root(cloud.id, cloud.title, cloud.description)
    counts = [n for _, n in cloud.words] or [1]
    low, high = min(counts), max(counts)
    x, y, line_height = float(PAD), float(PAD), 0.0
    placed: list[tuple[str, int, float, float, float]] = []
    for word, count in cloud.words:
        size = _size(count, low, high)
        width = 0.58 * size * len(word) + size * 0.8
        if x + width > WIDTH - PAD and x > PAD:
            x = PAD
            y += line_height
            line_height = 0.0
        line_height = max(line_height, size * 1.35)
        placed.append((word, count, x, y, size))
        x += width
    height = y + line_height + PAD
    group = element(svg, "g", **{"font-family": FONT})
    for i, (word, count, wx, wy, size) in enumerate(placed):
        text = element(
            group,
            "text",
            word,
            x=f"{wx:.1f}",
            y=f"{wy + size:.1f}",
            fill=SERIES_COLOURS[i % len(SERIES_COLOURS)],
            **{"font-size": f"{size:.1f}", "font-weight": "bold" if count == high else "normal"},
        )
        element(text, "title", f"{word}: {count} {cloud.noun}")
    return to_markup(svg, WIDTH, max(height, 40))


def word_cloud_figure(cloud: WordCloud) -> SafeString:
    """The cloud with its table of the same numbers straight after it."""
    return mark_safe(  # noqa: S308 (a template: escaped)
        render_to_string("core/includes/word_cloud.html", {"cloud": cloud})
    )


def word_frequencies(texts: Sequence[str]) -> list[tuple[str, int]]:
    """Words and phrases counted without regard to case or spacing, each shown in its most common
    spelling (ties: the first seen), most frequent first, then alphabetically."""
    groups: dict[str, dict[str, int]] = {}
    order: list[str] = []
    for raw in texts:
        text = " ".join(raw.split()).strip(" .!,;:")
        if not text:
            continue
        key = text.casefold()
        if key not in groups:
            groups[key] = {}
            order.append(key)
        groups[key][text] = groups[key].get(text, 0) + 1
    result = []
    for key in order:
        spellings = groups[key]
        shown = max(spellings, key=lambda s: spellings[s])
        result.append((shown, sum(spellings.values())))
    return sorted(result, key=lambda wc: (-wc[1], wc[0].casefold()))
