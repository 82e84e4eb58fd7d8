"""Reports on self-assessments: progress over time, the network benchmark, and one round's report as a
PDF and a CSV file.

Charts are drawn here as inline SVG (no plotting library, no JavaScript, nothing the
Content-Security-Policy blocks: colours are SVG presentation attributes, not CSS). Each chart is
built from a `Chart`, and the page renders the same `Chart` as an HTML table beside it, so the
numbers in the picture and in the table cannot drift apart. Bars carry their level's name and value
as text, and each level has its own fill pattern as well as its colour, so nothing is told by colour
alone. The latest ratings are also drawn as a radar chart (one spoke per group, one closed shape per
series); each series' shape has its own dash pattern and point marker as well as its colour.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from recoverynet.accounts.models import Perspective
from recoverynet.core.errors import NotFound
from recoverynet.core.pdf import render_pdf
from recoverynet.network import access as network_access

from . import access, frameworks, selectors
from .benchmarks import Benchmark, BenchmarkCell
from .models import AssessmentRound, Framework, Priority

TEN_CHALLENGES_FAMILY: str = frameworks.TEN_CHALLENGES["family"]

# --- Numbers ------------------------------------------------------------------------------------------


def number(value: float | None) -> str:
    """3 → "3", 2.5 → "2.5", 2.0 → "2", None → "" (the caller says what is missing)."""
    if value is None:
        return ""
    return f"{value:g}"


# --- SVG charts -------------------------------------------------------------------------------------

# NHS.UK colour palette. Each series colour has a contrast of at least 4.5:1 on white, so bars meet
# WCAG's 3:1 for graphics and the same colours could carry text.
TEXT_COLOUR = "#212b32"  # NHS black
SECONDARY_TEXT = "#4c6272"  # NHS secondary text
GRID_COLOUR = "#d8dde0"  # NHS pale grey: gridlines are decoration, every bar has its value as text
AXIS_COLOUR = "#425563"  # NHS dark grey
SERIES_COLOURS = ("#005eb8", "#330072", "#007f3b", "#7c2855", "#425563", "#003087")
RANGE_COLOUR = "#005eb8"
MEDIAN_COLOUR = "#003087"
FONT = "Frutiger W01, Arial, sans-serif"

WIDTH = 720
PAD = 8
LABEL_WIDTH = 130  # room for a level's name to the left of its bar
VALUE_WIDTH = 60  # room for the value to the right of the longest bar
RANGE_VALUE_WIDTH = 175  # … or for "2.5 (middle half 2 to 3)" in a range chart
LINE = 20  # height of one line of a group's heading
ROW = 24  # height of one bar's row
BAR = 16  # thickness of a bar
GROUP_GAP = 14
HEADING_CHARS = 90  # a group heading wraps at about this many characters (15 px Arial)


@dataclass(frozen=True)
class Bar:
    """One bar (or, in a range chart, one median with its quartiles). `value` None draws no bar but
    writes `note` instead, e.g. "Not shown: fewer than 5 organisations"."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None
    note: str = ""

    @property
    def text(self) -> str:
        """What the chart writes beside the bar."""
        if self.value is None:
            return self.note
        if self.low is not None and self.high is not None:
            return f"{number(self.value)} (middle half {number(self.low)} to {number(self.high)})"
        return number(self.value)


@dataclass(frozen=True)
class Group:
    label: str
    bars: tuple[Bar, ...]
    short: str = ""  # the radar chart's spoke label, e.g. "7" for challenge 7


@dataclass(frozen=True)
class Chart:
    """The data of one chart. `series` names the bars of every group, in order (e.g. the levels);
    the table shows one row per group and one column per series."""

    id: str
    title: str
    description: str
    series: tuple[str, ...]
    groups: tuple[Group, ...]
    scale_max: int
    row_heading: str = ""
    ranges: bool = False  # medians with quartile ranges rather than bars
    heading: str = ""  # for the page, where the chart has a heading of its own
    missing: str = "No rating"  # for the table's screen-reader text where a value is missing
    radar_title: str = ""  # the radar chart's own name (it must differ from the bar chart's)

    @property
    def svg(self) -> SafeString:
        return render_svg(self)

    @property
    def radar_svg(self) -> SafeString:
        return render_radar_svg(self)

    @property
    def axis_min(self) -> int:
        """Bars grow from 0; medians and quartiles sit on the scale itself, which starts at 1."""
        return 1 if self.ranges else 0

    def table(self) -> list[tuple[str, list[Bar]]]:
        return [(group.label, list(group.bars)) for group in self.groups]


def _x(value: float, chart: Chart) -> float:
    left = PAD + LABEL_WIDTH
    right = WIDTH - PAD - (RANGE_VALUE_WIDTH if chart.ranges else VALUE_WIDTH)
    bottom, top = chart.axis_min, max(chart.scale_max, chart.axis_min + 1)
    value = max(bottom, min(value, top))
    return round(left + (right - left) * (value - bottom) / (top - bottom), 1)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: Any) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()}
    )
    if text is not None:
        element.text = text
    return element


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs: Any) -> ET.Element:
    return _el(
        parent,
        "text",
        text,
        x=x,
        y=y,
        fill=attrs.pop("fill", TEXT_COLOUR),
        font_family=FONT,
        **attrs,
    )


def _patterns(defs: ET.Element, chart: Chart) -> list[str]:
    """A fill for each series: solid, diagonal stripes, dots, cross-hatch … in the series colour."""
    fills = []
    for i, _ in enumerate(chart.series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        kind = i % 4
        if kind == 0:
            fills.append(colour)
            continue
        pid = f"{chart.id}-pattern-{i}"
        pattern = _el(defs, "pattern", id=pid, width=8, height=8, patternUnits="userSpaceOnUse")
        _el(pattern, "rect", width=8, height=8, fill=colour)
        if kind == 1:  # diagonal stripes
            _el(
                pattern,
                "path",
                d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4",
                stroke="#ffffff",
                stroke_width=2,
            )
        elif kind == 2:  # dots
            _el(pattern, "circle", cx=4, cy=4, r=1.8, fill="#ffffff")
        else:  # cross-hatch
            _el(pattern, "path", d="M0,4 h8 M4,0 v8", stroke="#ffffff", stroke_width=1.5)
        fills.append(f"url(#{pid})")
    return fills


def _legend(svg: ET.Element, chart: Chart, fills: list[str], y: float) -> float:
    """One line of swatches with the series' names (wrapping if needed); returns the next y."""
    x = float(PAD)
    for i, (name, fill) in enumerate(zip(chart.series, fills, strict=True)):
        width = 16 + 6 + len(name) * 8 + 20
        if x + width > WIDTH - PAD and x > PAD:
            x = float(PAD)
            y += LINE
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        _el(svg, "rect", x=x, y=y - 12, width=16, height=14, fill=fill, stroke=colour)
        _text(svg, x + 22, y, name, font_size=14)
        x += width
    return y + LINE


def _range_legend(svg: ET.Element, y: float) -> float:
    x = float(PAD)
    _el(svg, "line", x1=x, y1=y - 5, x2=x + 30, y2=y - 5, stroke=RANGE_COLOUR, stroke_width=3)
    _el(svg, "line", x1=x, y1=y - 10, x2=x, y2=y, stroke=RANGE_COLOUR, stroke_width=2)
    _el(svg, "line", x1=x + 30, y1=y - 10, x2=x + 30, y2=y, stroke=RANGE_COLOUR, stroke_width=2)
    _text(svg, x + 38, y, "Middle half of organisations (lower to upper quartile)", font_size=14)
    y += LINE
    _el(svg, "path", d=_diamond(x + 15, y - 5), fill=MEDIAN_COLOUR)
    _text(svg, x + 38, y, "Median (middle organisation)", font_size=14)
    return y + LINE


def _diamond(cx: float, cy: float, r: float = 7) -> str:
    return f"M{cx},{cy - r} L{cx + r},{cy} L{cx},{cy + r} L{cx - r},{cy} Z"


def render_svg(chart: Chart) -> SafeString:
    """The chart as an inline <svg> element: role="img", named by its <title> and described by its
    <desc>."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "role": "img",
            "aria-labelledby": f"{chart.id}-title",
            "aria-describedby": f"{chart.id}-desc",
            "id": chart.id,
            "width": "100%",
        },
    )
    _el(svg, "title", chart.title, id=f"{chart.id}-title")
    _el(svg, "desc", chart.description, id=f"{chart.id}-desc")
    defs = _el(svg, "defs")
    fills = _patterns(defs, chart)

    y = float(PAD + 14)
    y = _range_legend(svg, y) if chart.ranges else _legend(svg, chart, fills, y)

    # The scale along the top, with a gridline at each point.
    axis_y = y
    _text(
        svg,
        PAD + LABEL_WIDTH - 18,
        axis_y,
        "Rating",
        font_size=13,
        text_anchor="end",
        fill=SECONDARY_TEXT,
    )
    for tick in range(1, chart.scale_max + 1):
        _text(
            svg,
            _x(tick, chart),
            axis_y,
            str(tick),
            font_size=13,
            text_anchor="middle",
            fill=SECONDARY_TEXT,
        )
    y = axis_y + 10
    segments: list[tuple[float, float]] = []  # where each group's bars are, for the gridlines
    body = _el(svg, "g")

    for group in chart.groups:
        y += 6
        for line in textwrap.wrap(group.label, HEADING_CHARS) or [""]:
            y += LINE - 2
            _text(body, PAD, y, line, font_size=15, font_weight="bold")
        y += 6
        segments.append((y, y + ROW * len(group.bars)))
        for i, bar in enumerate(group.bars):
            top = y
            middle = top + ROW / 2
            baseline = middle + 5
            _text(
                body, PAD + LABEL_WIDTH - 10, baseline, bar.label, font_size=14, text_anchor="end"
            )
            if bar.value is None:
                _text(
                    body,
                    _x(chart.axis_min, chart) + 6,
                    baseline,
                    bar.note,
                    font_size=14,
                    fill=SECONDARY_TEXT,
                    font_style="italic",
                )
            elif chart.ranges:
                low = bar.low if bar.low is not None else bar.value
                high = bar.high if bar.high is not None else bar.value
                x1, x2, xm = _x(low, chart), _x(high, chart), _x(bar.value, chart)
                _el(
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
                    _el(
                        body,
                        "line",
                        x1=x,
                        y1=middle - 6,
                        x2=x,
                        y2=middle + 6,
                        stroke=RANGE_COLOUR,
                        stroke_width=2,
                    )
                _el(
                    body,
                    "path",
                    d=_diamond(xm, middle),
                    fill=MEDIAN_COLOUR,
                    stroke="#ffffff",
                    stroke_width=1,
                )
                _text(body, max(x2, xm + 7) + 8, baseline, bar.text, font_size=14)
            else:
                colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
                x0, x1 = _x(0, chart), _x(bar.value, chart)
                _el(
                    body,
                    "rect",
                    x=x0,
                    y=middle - BAR / 2,
                    width=round(x1 - x0, 1),
                    height=BAR,
                    fill=fills[i % len(fills)] if fills else colour,
                    stroke=colour,
                )
                _text(body, x1 + 6, baseline, bar.text, font_size=14, font_weight="bold")
            y = top + ROW
        y += GROUP_GAP

    # Gridlines behind each group's bars (not through its heading), inserted before the body so
    # the bars draw over them.
    grid = ET.Element("g")
    for y1, y2 in segments:
        for tick in range(max(1, chart.axis_min), chart.scale_max + 1):
            x = _x(tick, chart)
            _el(grid, "line", x1=x, y1=y1, x2=x, y2=y2, stroke=GRID_COLOUR, stroke_width=1)
        x = _x(chart.axis_min, chart)
        _el(grid, "line", x1=x, y1=y1, x2=x, y2=y2, stroke=AXIS_COLOUR, stroke_width=1)
    svg.insert(list(svg).index(body), grid)

    height = round(y + PAD)
    svg.set("viewBox", f"0 0 {WIDTH} {height}")
    return mark_safe(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S308 (escaped by ElementTree)


# --- Radar chart ------------------------------------------------------------------------------------

RADAR_WIDTH = 600
RADAR_RADIUS = 232  # of the outer ring (the top of the scale)
RADAR_LABEL_GAP = 16  # from the outer ring to a spoke's label
RING_COLOUR = "#768692"  # NHS mid grey: 3.7:1 on white, so the rings and spokes meet 3:1
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


def _marker(parent: ET.Element, kind: str, cx: float, cy: float, colour: str) -> ET.Element:
    r = MARKER_SIZES[kind]
    common: dict[str, Any] = {"fill": colour, "stroke": "#ffffff", "stroke_width": 1.5}
    if kind == "circle":
        return _el(parent, "circle", cx=cx, cy=cy, r=r, **common)
    if kind == "square":
        return _el(
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
        return _el(parent, "path", d=d, **common)
    return _el(parent, "path", d=_diamond(cx, cy, r), **common)


def _radar_style(i: int) -> tuple[str, str, str, str]:
    """A series' colour, dash pattern, marker and words for them (for the description)."""
    colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
    dash, dash_name = RADAR_DASHES[i % len(RADAR_DASHES)]
    marker = RADAR_MARKERS[i % len(RADAR_MARKERS)]
    return colour, dash, marker, f"{dash_name} with {marker}s"


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
    styles = [_radar_style(i) for i in range(len(chart.series))]
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
    _el(svg, "title", chart.radar_title or f"Radar chart: {chart.title}", id=f"{chart_id}-title")
    _el(svg, "desc", description, id=f"{chart_id}-desc")

    # Legend: a sample of each series' line with its marker, and its name.
    x, y = float(PAD), float(PAD + 14)
    for name, (colour, dash, marker, _) in zip(chart.series, styles, strict=True):
        width = 44 + 8 + len(name) * 9 + 24
        if x + width > RADAR_WIDTH - PAD and x > PAD:
            x, y = float(PAD), y + LINE
        line = _el(
            svg, "line", x1=x, y1=y - 5, x2=x + 44, y2=y - 5, stroke=colour, stroke_width=2.5
        )
        if dash:
            line.set("stroke-dasharray", dash)
        _marker(svg, marker, x + 22, y - 5, colour)
        _text(svg, x + 52, y, name, font_size=16)
        x += width
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
    grid = _el(svg, "g", fill="none", stroke=RING_COLOUR, stroke_width=1)
    for tick in range(1, chart.scale_max + 1):
        _el(grid, "polygon", points=points([tick] * spokes))
    for k in range(spokes):
        px, py = radar_point(chart.scale_max, k, spokes, chart.scale_max, cx, cy)
        _el(grid, "line", x1=cx, y1=cy, x2=px, y2=py)
    # The scale, along the line half-way between the first two spokes.
    for tick in range(1, chart.scale_max + 1):
        angle = -math.pi / 2 + math.pi / max(spokes, 1)
        r = RADAR_RADIUS * tick / max(chart.scale_max, 1)
        px, py = round(cx + r * math.cos(angle) + 4, 1), round(cy + r * math.sin(angle) - 3, 1)
        _text(
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
        _text(
            svg,
            round(cx + r * cos, 1),
            round(cy + r * sin + 5 + 5 * sin, 1),
            label,
            font_size=16,
            font_weight="bold",
            text_anchor=anchor,
        )

    # One closed shape per series, then the markers (biggest first).
    shapes = _el(svg, "g", fill="none", stroke_width=2.5, stroke_linejoin="round")
    for i, (colour, dash, _, _) in enumerate(styles):
        values = [g.bars[i].value if i < len(g.bars) else None for g in chart.groups]
        polygon = _el(
            shapes,
            "polygon",
            points=points([v if v is not None else 0 for v in values]),
            stroke=colour,
        )
        polygon.set("data-series", chart.series[i])
        if dash:
            polygon.set("stroke-dasharray", dash)
    markers = _el(svg, "g")
    for i in sorted(range(len(styles)), key=lambda i: -MARKER_SIZES[styles[i][2]]):
        colour, _, marker, _ = styles[i]
        for k, group in enumerate(chart.groups):
            value = group.bars[i].value if i < len(group.bars) else None
            if value is None:
                continue
            px, py = radar_point(value, k, spokes, chart.scale_max, cx, cy)
            _marker(markers, marker, px, py, colour).set("data-series", chart.series[i])

    height = round(cy + RADAR_RADIUS + RADAR_LABEL_GAP + 24 + PAD)
    svg.set("viewBox", f"0 0 {RADAR_WIDTH} {height}")
    return mark_safe(ET.tostring(svg, encoding="unicode", short_empty_elements=True))  # noqa: S308 (escaped by ElementTree)


# --- Progress over time ---------------------------------------------------------------------------


def _date(value: Any) -> str:
    return date_format(timezone.localtime(value), "j F Y") if value else ""


def round_label(round_: AssessmentRound) -> str:
    closed = _date(round_.closed_at)
    return f"{round_.title} (closed {closed})" if closed else round_.title


@dataclass
class RoundPriorities:
    round: AssessmentRound
    label: str
    priorities: list[Priority]


@dataclass
class ProgressReport:
    latest: Chart | None
    trends: list[Chart]
    priorities: list[RoundPriorities]  # newest first
    round_count: int
    latest_label: str = ""
    scale: list[Any] = field(default_factory=list)


def progress_report(progress: selectors.Progress) -> ProgressReport:
    latest = progress.latest
    if latest is None:
        return ProgressReport(latest=None, trends=[], priorities=[], round_count=0)
    levels = tuple(lv.label for lv in progress.levels)
    scale_max = max((p.value for p in progress.scale), default=4)
    scale_words = ", ".join(f"{p.value} {p.label}" for p in progress.scale)
    agreed = progress.agreed[latest.pk]
    latest_chart = Chart(
        id="chart-latest",
        title=f"Agreed ratings in {latest.title}, by challenge and level",
        description=(
            f"Horizontal bar chart. For each of the {len(progress.challenges)} challenges, one bar per "
            f"level ({', '.join(levels)}) shows the rating the group agreed, on a scale of {scale_words}. "
            "The table after the chart gives the same numbers."
        ),
        series=levels,
        groups=tuple(
            Group(
                label=f"{c.number}. {c.title}",
                bars=tuple(
                    Bar(lv.label, agreed.get((c.number, lv.key)), note="No agreed rating")
                    for lv in progress.levels
                ),
                short=str(c.number),
            )
            for c in progress.challenges
        ),
        scale_max=scale_max,
        row_heading="Challenge",
        missing="No agreed rating",
        radar_title=f"Radar chart of the agreed ratings in {latest.title}: a shape for each level",
    )
    trends = [
        Chart(
            id=f"chart-challenge-{c.number}",
            title=f"Challenge {c.number}, agreed rating at each level in each round",
            heading=f"Challenge {c.number}: {c.title}",
            description=(
                f"Horizontal bar chart. For each round, oldest first, one bar per level "
                f"({', '.join(levels)}) shows the rating the group agreed for challenge {c.number}, "
                f"on a scale of 1 to {scale_max}. The table after the chart gives the same numbers."
            ),
            series=levels,
            groups=tuple(
                Group(
                    label=round_label(r),
                    bars=tuple(
                        Bar(
                            lv.label,
                            progress.agreed[r.pk].get((c.number, lv.key)),
                            note="No agreed rating",
                        )
                        for lv in progress.levels
                    ),
                )
                for r in progress.rounds
            ),
            scale_max=scale_max,
            row_heading="Round",
            missing="No agreed rating",
        )
        for c in progress.challenges
    ]
    return ProgressReport(
        latest=latest_chart,
        trends=trends,
        priorities=[
            RoundPriorities(round=r, label=round_label(r), priorities=progress.priorities[r.pk])
            for r in reversed(progress.rounds)
        ],
        round_count=len(progress.rounds),
        latest_label=round_label(latest),
        scale=progress.scale,
    )


# --- Network benchmark ----------------------------------------------------------------------------


def default_framework() -> Framework:
    """The current version of the Ten Organisational Challenges."""
    framework = Framework.objects.filter(family=TEN_CHALLENGES_FAMILY, is_current=True).first()
    if framework is None:
        raise NotFound("The Ten Organisational Challenges are not set up on this site yet.")
    return selectors.framework_get(framework.pk)


@dataclass
class BenchmarkLine:
    cell: BenchmarkCell
    named: list[int | None]  # each organisation's rating, in the order of named_organisations()


@dataclass
class BenchmarkRow:
    challenge_number: int
    challenge_title: str
    lines: list[BenchmarkLine]


def named_organisations(result: Benchmark) -> list[str]:
    """The organisations in the named table (network team only; empty for members)."""
    return sorted({name for cell in result.cells for name in cell.named})


def benchmark_rows(result: Benchmark) -> list[BenchmarkRow]:
    """The cells grouped by challenge, for the table (and, for the team, the named table)."""
    organisations = named_organisations(result)
    rows: list[BenchmarkRow] = []
    for cell in result.cells:
        if not rows or rows[-1].challenge_number != cell.challenge_number:
            rows.append(BenchmarkRow(cell.challenge_number, cell.challenge_title, []))
        rows[-1].lines.append(
            BenchmarkLine(cell=cell, named=[cell.named.get(name) for name in organisations])
        )
    return rows


def suppressed_text(minimum: int) -> str:
    return f"Not shown: fewer than {minimum} organisations took part"


def benchmark_chart(result: Benchmark) -> Chart:
    rows = benchmark_rows(result)
    levels = tuple(dict.fromkeys(c.level_label for c in result.cells))
    scale_max = max((p.value for p in result.framework.scale.all()), default=4)
    return Chart(
        id="chart-benchmark",
        title=f"{result.framework.name}: median agreed rating across {result.network.name}, with the middle half of organisations",
        description=(
            "For each challenge and level, a diamond marks the median of the organisations' latest agreed "
            "ratings and a line runs from the lower to the upper quartile. "
            f"Where fewer than {result.minimum} organisations took part, nothing is drawn. "
            "The table after the chart gives the same numbers."
        ),
        series=levels,
        groups=tuple(
            Group(
                label=f"{row.challenge_number}. {row.challenge_title}",
                bars=tuple(
                    Bar(
                        c.level_label,
                        None if c.suppressed else c.median,
                        low=c.lower_quartile,
                        high=c.upper_quartile,
                        note=f"Not shown: fewer than {result.minimum} organisations",
                    )
                    for c in (line.cell for line in row.lines)
                ),
            )
            for row in rows
        ),
        scale_max=scale_max,
        row_heading="Challenge",
        ranges=True,
    )


# --- One round: report (PDF) and export (CSV) --------------------------------------------------------

PERSPECTIVE_LABELS = {
    value: label for value, label in Perspective.choices if value != Perspective.PREFER_NOT
}


def perspective_label(value: str) -> str:
    return PERSPECTIVE_LABELS.get(value, "Not said")


def shows_names(actor: Any, round_: AssessmentRound) -> bool:
    """Who sees raters' names: the same people as on the "ratings side by side" page, i.e. those
    who can facilitate the round and the network team. Nobody sees a rater's perspective: only
    counts and medians of perspective groups of at least the people threshold (decision 0009)."""
    return access.can_facilitate(actor, round_) or network_access.can_view_audit(
        actor, round_.organisation
    )


@dataclass
class ReportLevel:
    cell: selectors.Cell
    values: list[str]  # one per rater, in header order: "3", "Don't know" or ""
    median: str
    agreed: str
    perspectives: list[tuple[str, str]]


@dataclass
class ReportChallenge:
    challenge: Any
    levels: list[ReportLevel]
    notes: list[tuple[str, str, str]]  # (level, who, text)


@dataclass
class RoundReport:
    round: AssessmentRound
    grid: selectors.Grid
    show_names: bool
    headers: list[str]
    challenges: list[ReportChallenge]
    disagreements: list[tuple[selectors.Cell, list[tuple[str, str]]]]
    priorities: list[Priority]
    scale: list[Any]
    raters: list[tuple[str, bool]]  # (name or "Rater n", sent)
    perspective_counts: list[tuple[str, int]]  # groups of at least `people_minimum` only
    perspectives_not_shown: int
    people_minimum: int
    made_at: Any

    @property
    def cells(self) -> int:
        return len(self.grid.challenges) * len(self.grid.levels)


def round_report(*, actor: Any, grid: selectors.Grid) -> RoundReport:
    round_ = grid.round
    show_names = shows_names(actor, round_)
    scale = list(round_.framework.scale.all())
    labels = {p.value: p.label for p in scale}
    headers = [r.name if show_names else f"Rater {i}" for i, r in enumerate(grid.raters, start=1)]
    challenges = []
    for challenge, cells in grid.rows():
        levels = []
        notes = []
        for cell in cells:
            by_rater = {rater.pk: rating for rater, rating in cell.ratings}
            values = cell.values
            levels.append(
                ReportLevel(
                    cell=cell,
                    values=[
                        ""
                        if r.pk not in by_rater
                        else (number(by_rater[r.pk].value) or "Don't know")
                        for r in grid.raters
                    ],
                    median=number(statistics.median(values)) if values else "",
                    agreed=(
                        f"{cell.consensus.value} {labels.get(cell.consensus.value, '')}".strip()
                        if cell.consensus
                        else ""
                    ),
                    perspectives=[
                        (perspective_label(p), number(m))
                        for p, m in sorted(cell.perspective_medians().items())
                    ],
                )
            )
            for rater, rating in cell.ratings:
                if rating.evidence:
                    notes.append(
                        (cell.level.label, rater.name if show_names else "", rating.evidence)
                    )
        challenges.append(ReportChallenge(challenge=challenge, levels=levels, notes=notes))
    counts = grid.perspective_counts()
    return RoundReport(
        round=round_,
        grid=grid,
        show_names=show_names,
        headers=headers,
        challenges=challenges,
        disagreements=[
            (
                cell,
                [
                    (perspective_label(p), number(m))
                    for p, m in sorted(cell.perspective_medians().items())
                ],
            )
            for cell in grid.disagreements
        ],
        priorities=list(round_.priorities.select_related("challenge", "level")),
        scale=scale,
        raters=[(headers[i], r.submitted_at is not None) for i, r in enumerate(grid.raters)],
        perspective_counts=[(perspective_label(p), n) for p, n in counts.shown],
        perspectives_not_shown=counts.not_shown,
        people_minimum=counts.minimum,
        made_at=timezone.localtime(),
    )


def round_report_pdf(report: RoundReport) -> bytes:
    return render_pdf("challenges/pdf/round_report.html", {"report": report, "round": report.round})


CSV_COLUMNS = [
    "Row",
    "Challenge number",
    "Challenge",
    "Level",
    "Rater",
    "Rating",
    "Evidence or reason",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Stop spreadsheet formula injection (OWASP "CSV injection"): text that a spreadsheet could
    read as a formula, even after leading spaces, starts with an apostrophe instead."""
    if isinstance(value, str) and (
        value.startswith(_FORMULA_STARTS) or value.lstrip().startswith(_FORMULA_STARTS)
    ):
        return "'" + value
    return value


def round_export_rows(*, actor: Any, grid: selectors.Grid) -> Iterable[list[Any]]:
    """One row per rating, then the group's agreed rating, for each challenge at each level. Raters
    are "Rater 1", "Rater 2" … unless the person may see names. No rater's perspective is ever
    listed: a row is one person's rating, and a perspective beside it would identify them."""
    show_names = shows_names(actor, grid.round)
    index = {r.pk: i for i, r in enumerate(grid.raters)}
    for challenge, cells in grid.rows():
        for cell in cells:
            base = [challenge.number, challenge.title, cell.level.label]
            for rater, rating in sorted(cell.ratings, key=lambda pair: index[pair[0].pk]):
                yield [
                    "Rating",
                    *base,
                    rater.name if show_names else f"Rater {index[rater.pk] + 1}",
                    rating.value if rating.value is not None else "don't know",
                    rating.evidence,
                ]
            if cell.consensus is not None:
                yield [
                    "Agreed",
                    *base,
                    "The group",
                    cell.consensus.value,
                    cell.consensus.rationale,
                ]


def round_export_csv(rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()
