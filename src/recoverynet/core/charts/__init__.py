"""SVG charts with their tables: the one chart engine (decision 0019).

Charts are drawn as inline SVG by the server (no plotting library, no JavaScript, nothing the
Content-Security-Policy blocks: colours are SVG presentation attributes, not CSS). A `Chart` holds
the numbers once; `render` draws it (bar, distribution, stacked bar or line, by `chart.kind` and
`chart.ranges`; `render_radar_svg` as a radar) and `figure` gives the drawing with the HTML table
of the same numbers after it, so the picture and the table cannot drift apart.

Every drawing is an `<svg role="img">` named by its `<title>` and described by its `<desc>`; values
are written as text beside bars and points; each series has a fill pattern (bars) or a dash pattern
and point marker (lines, radar) as well as its colour, so nothing is told by colour alone.
"""

from __future__ import annotations

import functools

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .bars import render_svg
from .draw import MARKER_SIZES, RADAR_DASHES, RADAR_MARKERS, series_style
from .line import render_line_svg
from .model import (
    BAR,
    MEDIAN_COLOUR,
    RANGE_COLOUR,
    SERIES_COLOURS,
    WIDTH,
    Bar,
    Chart,
    Group,
    Kind,
    number,
)
from .radar import RADAR_RADIUS, RADAR_WIDTH, RING_COLOUR, radar_point, render_radar_svg
from .stacked import render_stacked_svg

__all__ = [
    "BAR",
    "MARKER_SIZES",
    "MEDIAN_COLOUR",
    "RADAR_DASHES",
    "RADAR_MARKERS",
    "RADAR_RADIUS",
    "RADAR_WIDTH",
    "RANGE_COLOUR",
    "RING_COLOUR",
    "SERIES_COLOURS",
    "WIDTH",
    "Bar",
    "Chart",
    "Group",
    "Kind",
    "figure",
    "number",
    "radar_point",
    "render",
    "render_line_svg",
    "render_radar_svg",
    "render_stacked_svg",
    "render_svg",
    "series_style",
    "table_html",
]


def render(chart: Chart) -> SafeString:
    """The chart drawn as its `kind` says."""
    if chart.kind == "stacked":
        return render_stacked_svg(chart)
    if chart.kind == "line":
        return render_line_svg(chart)
    return render_svg(chart)


def table_html(chart: Chart) -> SafeString:
    """The chart's numbers as an NHS.UK table: a row per group, a column per series."""
    return mark_safe(render_to_string("core/includes/chart_table.html", {"chart": chart}))  # noqa: S308 (a template: escaped)


def figure(chart: Chart, *, radar: bool = False) -> SafeString:
    """The chart (and, with `radar`, its radar drawing too) with its table after it: the one way a
    page shows a chart.

    A chart is frozen data and its drawing depends on nothing else, so each process keeps the
    figures it drew lately: a progress page draws eleven, and the same ones again for everyone who
    opens it until a rating changes (a third of the page's time at scale; issue #17)."""
    try:
        hash(chart)
    except TypeError:  # a list where the model says tuple: draw it, but it cannot be kept
        return _draw(chart, radar, get_language())
    return _drawn(chart, radar, get_language())


def _draw(chart: Chart, radar: bool, language: str | None) -> SafeString:
    return mark_safe(  # noqa: S308 (a template: escaped)
        render_to_string("core/includes/chart.html", {"chart": chart, "radar": radar})
    )


_drawn = functools.lru_cache(maxsize=256)(_draw)
