"""Horizontal bar charts, and distributions (a median with its middle half, like a box plot's
box) drawn on the same frame."""

from __future__ import annotations

from django.utils.safestring import SafeString

from .draw import (
    axis,
    diamond,
    element,
    fills_for,
    gridlines,
    group_heading,
    legend,
    range_legend,
    svg_root,
    to_markup,
    write,
    x_of,
)
from .model import (
    BAR,
    GROUP_GAP,
    LABEL_WIDTH,
    MEDIAN_COLOUR,
    PAD,
    RANGE_COLOUR,
    ROW,
    SECONDARY_TEXT,
    SERIES_COLOURS,
    WIDTH,
    Chart,
)


def render_svg(chart: Chart) -> SafeString:
    """A bar chart (or, with `chart.ranges`, a distribution chart) as an inline <svg> element:
    role="img", named by its <title> and described by its <desc>. Every bar has its value written
    beside it, and each series its own fill pattern as well as its colour."""
    svg = svg_root(chart.id, chart.title, chart.description)
    defs = element(svg, "defs")
    fills = fills_for(defs, chart)

    y = float(PAD + 14)
    y = range_legend(svg, y) if chart.ranges else legend(svg, chart, fills, y)

    # The scale along the top, with a gridline at each point.
    axis_y = y
    axis(svg, chart, axis_y)
    y = axis_y + 10
    segments: list[tuple[float, float]] = []  # where each group's bars are, for the gridlines
    body = element(svg, "g")

    for group in chart.groups:
        y = group_heading(body, group.label, y)
        segments.append((y, y + ROW * len(group.bars)))
        for i, bar in enumerate(group.bars):
            top = y
            middle = top + ROW / 2
            baseline = middle + 5
            write(
                body, PAD + LABEL_WIDTH - 10, baseline, bar.label, font_size=14, text_anchor="end"
            )
            if bar.value is None:
                write(
                    body,
                    x_of(chart.axis_min, chart) + 6,
                    baseline,
                    bar.note,
                    font_size=14,
                    fill=SECONDARY_TEXT,
                    font_style="italic",
                )
            elif chart.ranges:
                low = bar.low if bar.low is not None else bar.value
                high = bar.high if bar.high is not None else bar.value
                x1, x2, xm = x_of(low, chart), x_of(high, chart), x_of(bar.value, chart)
                element(
                    body,
                    "line",
                    x1=x1,
                    y1=middle,
                    x2=x2,
                    y2=middle,
                    stroke=RANGE_COLOUR,
                    stroke_width=3,
                )
                for x in (x1, x2):
                    element(
                        body,
                        "line",
                        x1=x,
                        y1=middle - 6,
                        x2=x,
                        y2=middle + 6,
                        stroke=RANGE_COLOUR,
                        stroke_width=2,
                    )
                element(
                    body,
                    "path",
                    d=diamond(xm, middle),
                    fill=MEDIAN_COLOUR,
                    stroke="#ffffff",
                    stroke_width=1,
                )
                write(body, max(x2, xm + 7) + 8, baseline, bar.text, font_size=14)
            else:
                colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
                x0, x1 = x_of(0, chart), x_of(bar.value, chart)
                element(
                    body,
                    "rect",
                    x=x0,
                    y=middle - BAR / 2,
                    width=round(x1 - x0, 1),
                    height=BAR,
                    fill=fills[i % len(fills)] if fills else colour,
                    stroke=colour,
                )
                write(body, x1 + 6, baseline, bar.text, font_size=14, font_weight="bold")
            y = top + ROW
        y += GROUP_GAP

    gridlines(svg, body, chart, segments)
    return to_markup(svg, WIDTH, y + PAD)
