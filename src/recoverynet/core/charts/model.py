"""What a chart shows: `Chart` (its groups of `Bar`s, one per series) and the numbers as text.

The same `Chart` is drawn as SVG and written as the HTML table beside it, so the picture and the
table cannot drift apart (`charts.figure`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

Kind = Literal["bar", "stacked", "line"]


def number(value: float | None) -> str:
    """3 → "3", 2.5 → "2.5", 2.0 → "2", None → "" (the caller says what is missing)."""
    if value is None:
        return ""
    return f"{value:g}"


# --- Look ---------------------------------------------------------------------------------------

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
    the table shows one row per group and one column per series.

    `kind` says how it is drawn: "bar" (a bar per series in each group, or with `ranges` a median
    and its middle half: a distribution), "stacked" (one bar per group, a segment per series, the
    total at its end) or "line" (groups along the bottom in order, e.g. rounds; a line per
    series). Any chart can also be drawn as a radar (`radar_svg`)."""

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
    kind: Kind = "bar"
    axis_label: str = "Rating"  # what the scale measures, written at its start

    @property
    def svg(self) -> SafeString:
        from . import render

        return render(self)

    @property
    def radar_svg(self) -> SafeString:
        from .radar import render_radar_svg

        return render_radar_svg(self)

    @property
    def figure(self) -> SafeString:
        """The chart with its table after it (what a page shows)."""
        from . import figure

        return figure(self)

    @property
    def ticks(self) -> list[int]:
        """The points marked on the scale: every whole number up to 10, then round steps."""
        top = self.scale_max
        if top <= 10:
            return list(range(1, top + 1))
        steps = (2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)
        step = next((s for s in steps if top / s <= 10), -(-top // 10))
        return list(range(step, top + 1, step))

    @property
    def axis_min(self) -> int:
        """Bars grow from 0; medians and quartiles sit on the scale itself, which starts at 1."""
        return 1 if self.ranges else 0

    def table(self) -> list[tuple[str, list[Bar]]]:
        return [(group.label, list(group.bars)) for group in self.groups]
