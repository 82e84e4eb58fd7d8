"""Stacked bar charts: one bar per group, a segment per series, the total at the bar's end and the
parts written out under it (so no part is known only by its colour or pattern)."""

from __future__ import annotations

from django.utils.safestring import SafeString

from .draw import (
    axis,
    element,
    fills_for,
    gridlines,
    group_heading,
    legend,
    svg_root,
    to_markup,
    write,
    x_of,
)
from .model import (
    BAR,
    GROUP_GAP,
    LABEL_WIDTH,
    LINE,
    PAD,
    ROW,
    SECONDARY_TEXT,
    WIDTH,
    Chart,
    number,
)


def render_stacked_svg(chart: Chart) -> SafeString:
    svg = svg_root(chart.id, chart.title, chart.description)
    defs = element(svg, "defs")
    fills = fills_for(defs, chart)
    y = legend(svg, chart, fills, float(PAD + 14))
    axis(svg, chart, y)
    y += 10
    segments: list[tuple[float, float]] = []
    body = element(svg, "g")
    for group in chart.groups:
        y = group_heading(body, group.label, y)
        segments.append((y, y + ROW))
        middle = y + ROW / 2
        values = [bar.value for bar in group.bars]
        total = sum(v for v in values if v is not None)
        write(body, PAD + LABEL_WIDTH - 10, middle + 5, "Total", font_size=14, text_anchor="end")
        start = 0.0
        for i, bar in enumerate(group.bars):
            if not bar.value:
                continue
            x0, x1 = x_of(start, chart), x_of(start + bar.value, chart)
            rect = element(
                body,
                "rect",
                x=x0,
                y=middle - BAR / 2,
                width=round(x1 - x0, 1),
                height=BAR,
                fill=fills[i % len(fills)],
                stroke="#ffffff",
                stroke_width=1,
            )
            rect.set("data-series", chart.series[i] if i < len(chart.series) else bar.label)
            start += bar.value
        write(
            body,
            x_of(start, chart) + 6,
            middle + 5,
            number(total) if any(v is not None for v in values) else group.bars[0].note,
            font_size=14,
            font_weight="bold",
        )
        y += ROW
        parts = "; ".join(f"{bar.label} {bar.text or chart.missing}" for bar in group.bars)
        y += LINE - 4
        write(body, PAD + LABEL_WIDTH, y, parts, font_size=13, fill=SECONDARY_TEXT)
        y += GROUP_GAP
    gridlines(svg, body, chart, segments)
    return to_markup(svg, WIDTH, y + PAD)
