"""Line charts: the groups along the bottom in their order (e.g. rounds, oldest first), one line per
series with its own dash pattern and point marker as well as its colour, and every point's value
written beside it."""

from __future__ import annotations

import textwrap
from typing import Any

from django.utils.safestring import SafeString

from .draw import draw_marker, element, line_legend, series_style, svg_root, to_markup, write
from .model import (
    AXIS_COLOUR,
    GRID_COLOUR,
    LINE,
    PAD,
    SECONDARY_TEXT,
    WIDTH,
    Chart,
    number,
)

LEFT = 60  # room for the scale's numbers and name
PLOT_HEIGHT = 260


def render_line_svg(chart: Chart) -> SafeString:
    svg = svg_root(chart.id, chart.title, chart.description)
    styles = [series_style(i) for i in range(len(chart.series))]
    y = line_legend(svg, chart.series, styles, WIDTH, float(PAD + 14))
    write(svg, PAD, y, chart.axis_label, font_size=13, fill=SECONDARY_TEXT)
    top = y + 16
    bottom = top + PLOT_HEIGHT
    left, right = PAD + LEFT, WIDTH - PAD - 20
    groups = len(chart.groups)
    step = (right - left) / max(groups, 1)

    def y_of(value: float) -> float:
        value = max(0.0, min(value, chart.scale_max))
        return round(bottom - (bottom - top) * value / max(chart.scale_max, 1), 1)

    def x_at(k: int) -> float:
        return round(left + step * (k + 0.5), 1)

    grid = element(svg, "g")
    for tick in [0, *chart.ticks]:
        ty = y_of(tick)
        colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
        element(grid, "line", x1=left, y1=ty, x2=right, y2=ty, stroke=colour, stroke_width=1)
        write(
            svg, left - 8, ty + 5, str(tick), font_size=13, text_anchor="end", fill=SECONDARY_TEXT
        )
    label_y = bottom + 4
    chars = max(6, int(step / 7.5))
    lines_used = 1
    for k, group in enumerate(chart.groups):
        wrapped = textwrap.wrap(group.label, chars) or [""]
        lines_used = max(lines_used, len(wrapped))
        for n, text in enumerate(wrapped):
            write(
                svg, x_at(k), label_y + LINE * (n + 1) - 4, text, font_size=13, text_anchor="middle"
            )

    lines = element(svg, "g", fill="none", stroke_width=2.5, stroke_linejoin="round")
    markers = element(svg, "g")
    for i, (colour, dash, marker, _) in enumerate(styles):
        run: list[str] = []
        points: list[tuple[float, float, str]] = []
        for k, group in enumerate(chart.groups):
            value = group.bars[i].value if i < len(group.bars) else None
            if value is None:  # a gap in the line where there is no value
                _draw_run(lines, run, colour, dash, chart.series[i])
                run = []
                continue
            px, py = x_at(k), y_of(value)
            run.append(f"{px},{py}")
            points.append((px, py, number(value)))
        _draw_run(lines, run, colour, dash, chart.series[i])
        for px, py, text in points:
            draw_marker(markers, marker, px, py, colour).set("data-series", chart.series[i])
            write(markers, px + 10, py - 8, text, font_size=13, font_weight="bold")
    return to_markup(svg, WIDTH, label_y + LINE * lines_used + PAD + 4)


def _draw_run(parent: Any, run: list[str], colour: str, dash: str, series: str) -> None:
    """Draw one unbroken stretch of a series' line (a single point is shown by its marker)."""
    if len(run) < 2:
        return
    polyline = element(parent, "polyline", points=" ".join(run), stroke=colour)
    polyline.set("data-series", series)
    if dash:
        polyline.set("stroke-dasharray", dash)
