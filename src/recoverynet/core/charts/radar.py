"""Radar charts: one spoke per group, one closed shape per series."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.safestring import SafeString

from .draw import (
    MARKER_SIZES,
    draw_marker,
    element,
    line_legend,
    series_style,
    svg_root,
    to_markup,
    write,
)
from .model import LINE, PAD, SECONDARY_TEXT, Chart

RADAR_WIDTH = 600
RADAR_RADIUS = 232  # of the outer ring (the top of the scale)
RADAR_LABEL_GAP = 16  # from the outer ring to a spoke's label
RING_COLOUR = "#768692"  # NHS mid grey: 3.7:1 on white, so the rings and spokes meet 3:1


def radar_point(
    value: float, spoke: int, spokes: int, scale_max: int, cx: float, cy: float
) -> tuple[float, float]:
    """Where `value` lies on spoke `spoke` (0 at the top, clockwise): 0 at the centre, `scale_max` on
    the outer ring."""
    angle = -math.pi / 2 + 2 * math.pi * spoke / max(spokes, 1)
    r = RADAR_RADIUS * max(0.0, min(value, scale_max)) / max(scale_max, 1)
    return round(cx + r * math.cos(angle), 1), round(cy + r * math.sin(angle), 1)


def render_radar_svg(chart: Chart) -> SafeString:
    """The chart as a radar: one spoke per group (labelled with its `short` label), a ring for each
    point of the scale, and one closed shape per series. A missing value puts that corner of the
    shape at the centre, with no marker. Inline <svg>, role="img", named by its <title> and described
    by its <desc>; the numbers are in the chart's table."""
    chart_id = f"{chart.id}-radar"
    spokes = len(chart.groups)
    styles = [series_style(i) for i in range(len(chart.series))]
    labels = [g.short or str(n) for n, g in enumerate(chart.groups, start=1)]
    description = (
        f"Radar chart with {spokes} spokes, one per {chart.row_heading.lower() or 'row'}, numbered "
        f"{labels[0] if labels else ''} to {labels[-1] if labels else ''} clockwise from the top, and "
        f"rings for the scale from 1 (innermost) to {chart.scale_max} (outer ring). "
        + " ".join(
            f"{name}: a {words}."
            for name, (_, _, _, words) in zip(chart.series, styles, strict=True)
        )
        + " Each shape's corner on a spoke is the rating for that row: the further from the centre, "
        "the higher. Where there is no rating, the shape goes to the centre and has no marker there. "
        "The table after the charts gives the full titles and the same numbers."
    )
    title = chart.radar_title or f"Radar chart: {chart.title}"
    svg = svg_root(chart_id, title, description)

    y = line_legend(svg, chart.series, styles, RADAR_WIDTH, float(PAD + 14)) - LINE
    cx = RADAR_WIDTH / 2
    cy = round(y + LINE + RADAR_LABEL_GAP + 14 + RADAR_RADIUS, 1)

    def points(values: Sequence[float]) -> str:
        return " ".join(
            f"{px},{py}"
            for px, py in (
                radar_point(v, k, spokes, chart.scale_max, cx, cy) for k, v in enumerate(values)
            )
        )

    # Rings and spokes.
    grid = element(svg, "g", fill="none", stroke=RING_COLOUR, stroke_width=1)
    for tick in range(1, chart.scale_max + 1):
        element(grid, "polygon", points=points([tick] * spokes))
    for k in range(spokes):
        px, py = radar_point(chart.scale_max, k, spokes, chart.scale_max, cx, cy)
        element(grid, "line", x1=cx, y1=cy, x2=px, y2=py)
    # The scale, along the line half-way between the first two spokes.
    for tick in range(1, chart.scale_max + 1):
        angle = -math.pi / 2 + math.pi / max(spokes, 1)
        r = RADAR_RADIUS * tick / max(chart.scale_max, 1)
        px, py = round(cx + r * math.cos(angle) + 4, 1), round(cy + r * math.sin(angle) - 3, 1)
        write(
            svg,
            px,
            py,
            str(tick),
            font_size=14,
            fill=SECONDARY_TEXT,
            stroke="#ffffff",
            stroke_width=3,
            paint_order="stroke",
        )
    # Spoke labels.
    for k, label in enumerate(labels):
        angle = -math.pi / 2 + 2 * math.pi * k / max(spokes, 1)
        r = RADAR_RADIUS + RADAR_LABEL_GAP
        cos, sin = math.cos(angle), math.sin(angle)
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        write(
            svg,
            round(cx + r * cos, 1),
            round(cy + r * sin + 5 + 5 * sin, 1),
            label,
            font_size=16,
            font_weight="bold",
            text_anchor=anchor,
        )

    # One closed shape per series, then the markers (biggest first).
    shapes = element(svg, "g", fill="none", stroke_width=2.5, stroke_linejoin="round")
    for i, (colour, dash, _, _) in enumerate(styles):
        values = [g.bars[i].value if i < len(g.bars) else None for g in chart.groups]
        polygon = element(
            shapes,
            "polygon",
            points=points([v if v is not None else 0 for v in values]),
            stroke=colour,
        )
        polygon.set("data-series", chart.series[i])
        if dash:
            polygon.set("stroke-dasharray", dash)
    markers = element(svg, "g")
    for i in sorted(range(len(styles)), key=lambda i: -MARKER_SIZES[styles[i][2]]):
        colour, _, marker, _ = styles[i]
        for k, group in enumerate(chart.groups):
            value = group.bars[i].value if i < len(group.bars) else None
            if value is None:
                continue
            px, py = radar_point(value, k, spokes, chart.scale_max, cx, cy)
            draw_marker(markers, marker, px, py, colour).set("data-series", chart.series[i])

    return to_markup(svg, RADAR_WIDTH, cy + RADAR_RADIUS + RADAR_LABEL_GAP + 24 + PAD)
