"""Drawing pieces shared by every kind of chart: elements, text, fills with patterns, legends and
point markers, so that no series is told from another by colour alone."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from .model import (
    AXIS_COLOUR,
    FONT,
    GRID_COLOUR,
    HEADING_CHARS,
    LABEL_WIDTH,
    LINE,
    MEDIAN_COLOUR,
    PAD,
    RANGE_COLOUR,
    RANGE_VALUE_WIDTH,
    SECONDARY_TEXT,
    SERIES_COLOURS,
    TEXT_COLOUR,
    VALUE_WIDTH,
    WIDTH,
    Chart,
)


def svg_root(chart_id: str, title: str, description: str) -> ET.Element:
    """An inline <svg> element: role="img", named by its <title> and described by its <desc>."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title",
            "aria-describedby": f"{chart_id}-desc",
            "id": chart_id,
            "width": "100%",
        },
    )
    element(svg, "title", title, id=f"{chart_id}-title")
    element(svg, "desc", description, id=f"{chart_id}-desc")
    return svg


def to_markup(svg: ET.Element, width: int, height: float) -> SafeString:
    svg.set("viewBox", f"0 0 {width} {round(height)}")
    return mark_safe(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S308 (escaped by ElementTree)


def axis(svg: ET.Element, chart: Chart, y: float) -> None:
    """The scale along the top: what it measures, then each tick's number."""
    write(
        svg,
        PAD + LABEL_WIDTH - 18,
        y,
        chart.axis_label,
        font_size=13,
        text_anchor="end",
        fill=SECONDARY_TEXT,
    )
    for tick in chart.ticks:
        write(
            svg,
            x_of(tick, chart),
            y,
            str(tick),
            font_size=13,
            text_anchor="middle",
            fill=SECONDARY_TEXT,
        )


def gridlines(
    svg: ET.Element, body: ET.Element, chart: Chart, segments: list[tuple[float, float]]
) -> None:
    """Gridlines behind each group's bars (not through its heading), inserted before the body so
    the bars draw over them."""
    grid = ET.Element("g")
    for y1, y2 in segments:
        for tick in chart.ticks:
            if tick < max(1, chart.axis_min):
                continue
            x = x_of(tick, chart)
            element(grid, "line", x1=x, y1=y1, x2=x, y2=y2, stroke=GRID_COLOUR, stroke_width=1)
        x = x_of(chart.axis_min, chart)
        element(grid, "line", x1=x, y1=y1, x2=x, y2=y2, stroke=AXIS_COLOUR, stroke_width=1)
    svg.insert(list(svg).index(body), grid)


def group_heading(body: ET.Element, label: str, y: float) -> float:
    """A group's name in bold, wrapped over as many lines as it needs; returns the next y."""
    y += 6
    for line in textwrap.wrap(label, HEADING_CHARS) or [""]:
        y += LINE - 2
        write(body, PAD, y, line, font_size=15, font_weight="bold")
    return y + 6


def x_of(value: float, chart: Chart) -> float:
    left = PAD + LABEL_WIDTH
    right = WIDTH - PAD - (RANGE_VALUE_WIDTH if chart.ranges else VALUE_WIDTH)
    bottom, top = chart.axis_min, max(chart.scale_max, chart.axis_min + 1)
    value = max(bottom, min(value, top))
    return round(left + (right - left) * (value - bottom) / (top - bottom), 1)


def element(parent: ET.Element, tag: str, text: str | None = None, **attrs: Any) -> ET.Element:
    node = ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()}
    )
    if text is not None:
        node.text = text
    return node


def write(parent: ET.Element, x: float, y: float, text: str, **attrs: Any) -> ET.Element:
    return element(
        parent,
        "text",
        text,
        x=x,
        y=y,
        fill=attrs.pop("fill", TEXT_COLOUR),
        font_family=FONT,
        **attrs,
    )


def fills_for(defs: ET.Element, chart: Chart) -> list[str]:
    """A fill for each series: solid, diagonal stripes, dots, cross-hatch … in the series colour."""
    fills = []
    for i, _ in enumerate(chart.series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        kind = i % 4
        if kind == 0:
            fills.append(colour)
            continue
        pid = f"{chart.id}-pattern-{i}"
        pattern = element(defs, "pattern", id=pid, width=8, height=8, patternUnits="userSpaceOnUse")
        element(pattern, "rect", width=8, height=8, fill=colour)
        if kind == 1:  # diagonal stripes
            element(
                pattern,
                "path",
                d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4",
                stroke="#ffffff",
                stroke_width=2,
            )
        elif kind == 2:  # dots
            element(pattern, "circle", cx=4, cy=4, r=1.8, fill="#ffffff")
        else:  # cross-hatch
            element(pattern, "path", d="M0,4 h8 M4,0 v8", stroke="#ffffff", stroke_width=1.5)
        fills.append(f"url(#{pid})")
    return fills


def legend(svg: ET.Element, chart: Chart, fills: list[str], y: float) -> float:
    """One line of swatches with the series' names (wrapping if needed); returns the next y."""
    x = float(PAD)
    for i, (name, fill) in enumerate(zip(chart.series, fills, strict=True)):
        width = 16 + 6 + len(name) * 8 + 20
        if x + width > WIDTH - PAD and x > PAD:
            x = float(PAD)
            y += LINE
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        element(svg, "rect", x=x, y=y - 12, width=16, height=14, fill=fill, stroke=colour)
        write(svg, x + 22, y, name, font_size=14)
        x += width
    return y + LINE


def range_legend(svg: ET.Element, y: float) -> float:
    x = float(PAD)
    element(svg, "line", x1=x, y1=y - 5, x2=x + 30, y2=y - 5, stroke=RANGE_COLOUR, stroke_width=3)
    element(svg, "line", x1=x, y1=y - 10, x2=x, y2=y, stroke=RANGE_COLOUR, stroke_width=2)
    element(svg, "line", x1=x + 30, y1=y - 10, x2=x + 30, y2=y, stroke=RANGE_COLOUR, stroke_width=2)
    write(svg, x + 38, y, "Middle half of organisations (lower to upper quartile)", font_size=14)
    y += LINE
    element(svg, "path", d=diamond(x + 15, y - 5), fill=MEDIAN_COLOUR)
    write(svg, x + 38, y, "Median (middle organisation)", font_size=14)
    return y + LINE


def diamond(cx: float, cy: float, r: float = 7) -> str:
    return f"M{cx},{cy - r} L{cx + r},{cy} L{cx},{cy + r} L{cx - r},{cy} Z"


# Per series: a dash pattern ("" is a solid line), its name, and a marker with its name.
RADAR_DASHES = (
    ("", "solid line"),
    ("10 5", "dashed line"),
    ("2 4", "dotted line"),
    ("12 4 2 4", "dash-dot line"),
)
RADAR_MARKERS = ("circle", "square", "triangle", "diamond")
# Markers are drawn biggest first, so where several levels share a point each one still shows.
MARKER_SIZES = {"circle": 5.0, "square": 6.5, "triangle": 8.5, "diamond": 9.0}


def draw_marker(parent: ET.Element, kind: str, cx: float, cy: float, colour: str) -> ET.Element:
    r = MARKER_SIZES[kind]
    common: dict[str, Any] = {"fill": colour, "stroke": "#ffffff", "stroke_width": 1.5}
    if kind == "circle":
        return element(parent, "circle", cx=cx, cy=cy, r=r, **common)
    if kind == "square":
        return element(
            parent,
            "rect",
            x=round(cx - r, 1),
            y=round(cy - r, 1),
            width=2 * r,
            height=2 * r,
            **common,
        )
    if kind == "triangle":
        h = r * 0.87
        d = f"M{cx},{round(cy - r, 1)} L{round(cx + h, 1)},{round(cy + r / 2, 1)} L{round(cx - h, 1)},{round(cy + r / 2, 1)} Z"
        return element(parent, "path", d=d, **common)
    return element(parent, "path", d=diamond(cx, cy, r), **common)


def series_style(i: int) -> tuple[str, str, str, str]:
    """A series' colour, dash pattern, marker and words for them (for the description)."""
    colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
    dash, dash_name = RADAR_DASHES[i % len(RADAR_DASHES)]
    marker = RADAR_MARKERS[i % len(RADAR_MARKERS)]
    return colour, dash, marker, f"{dash_name} with {marker}s"


def line_legend(
    svg: ET.Element,
    series: tuple[str, ...],
    styles: list[tuple[str, str, str, str]],
    width: int,
    y: float,
) -> float:
    """A sample of each series' line with its dash pattern and marker, and its name (wrapping
    if needed); returns the y of the line after it."""
    x = float(PAD)
    for name, (colour, dash, marker, _) in zip(series, styles, strict=True):
        item = 44 + 8 + len(name) * 9 + 24
        if x + item > width - PAD and x > PAD:
            x, y = float(PAD), y + LINE
        sample = element(
            svg, "line", x1=x, y1=y - 5, x2=x + 44, y2=y - 5, stroke=colour, stroke_width=2.5
        )
        if dash:
            sample.set("stroke-dasharray", dash)
        draw_marker(svg, marker, x + 22, y - 5, colour)
        write(svg, x + 52, y, name, font_size=16)
        x += item
    return y + LINE
