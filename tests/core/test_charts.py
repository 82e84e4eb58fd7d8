"""The one chart engine (core/charts): accessible SVG (role="img", title, description, text labels,
patterns and markers as well as colours) for bar, distribution, stacked bar, line and radar charts,
each shown with a table of the same numbers."""

import math
import re
import xml.etree.ElementTree as ET

import pytest

from recoverynet.core import charts
from recoverynet.core.charts import Bar, Chart, Group, render_radar_svg, render_svg

SVG = "{http://www.w3.org/2000/svg}"


def bar_values(svg: ET.Element) -> list[str]:
    """The value written beside each bar (bold text), or the note where there is no bar."""
    return [
        t.text or ""
        for t in svg.iter(f"{SVG}text")
        if (t.get("font-weight") == "bold" and t.get("font-size") == "14")
        or t.get("font-style") == "italic"
    ]


# --- the SVG builder ------------------------------------------------------------------------------


def small_chart(**kwargs):
    defaults = {
        "id": "chart-test",
        "title": "Agreed ratings <in> Spring & Summer",
        "description": "A test chart.",
        "series": ("Strategic", "Managerial", "Practice"),
        "groups": (
            Group(
                "1. First <script>alert(1)</script>",
                (
                    Bar("Strategic", 4),
                    Bar("Managerial", 2),
                    Bar("Practice", None, note="No agreed rating"),
                ),
            ),
            Group("2. Second", (Bar("Strategic", 1), Bar("Managerial", 2.5), Bar("Practice", 3))),
        ),
        "scale_max": 4,
        "row_heading": "Challenge",
    }
    return Chart(**{**defaults, **kwargs})


def test_svg_is_an_accessible_image_with_title_and_description():
    svg = ET.fromstring(str(render_svg(small_chart())))
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert (
        (title.get("id"), desc.get("id"))
        == (title_id, desc_id)
        == ("chart-test-title", "chart-test-desc")
    )
    assert title.text == "Agreed ratings <in> Spring & Summer"  # escaped in the markup, intact here
    assert desc.text == "A test chart."
    assert re.fullmatch(r"0 0 720 \d+", svg.get("viewBox"))
    assert not re.search(r"\sstyle=|<style", str(render_svg(small_chart())))  # CSP: no inline CSS


def test_svg_escapes_text_and_labels_every_bar():
    markup = str(render_svg(small_chart()))
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    svg = ET.fromstring(markup)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    # Each bar has its level's name beside it, and its value: nothing is told by colour alone.
    assert texts.count("Strategic") >= 2 and texts.count("Practice") >= 2
    assert bar_values(svg) == ["4", "2", "No agreed rating", "1", "2.5", "3"]


def test_svg_bar_lengths_are_proportional_and_patterns_differ():
    svg = ET.fromstring(str(render_svg(small_chart())))
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("height") == str(charts.BAR)]
    widths = [float(r.get("width")) for r in bars]
    assert len(widths) == 5  # no bar where there is no rating
    full = widths[0]  # 4 of 4
    assert widths[1] == pytest.approx(full / 2, abs=0.2)
    assert widths[2] == pytest.approx(full / 4, abs=0.2)
    assert widths[3] == pytest.approx(full * 2.5 / 4, abs=0.2)
    assert widths[4] == pytest.approx(full * 3 / 4, abs=0.2)
    fills = {r.get("fill") for r in bars}
    assert fills == {"#005eb8", "url(#chart-test-pattern-1)", "url(#chart-test-pattern-2)"}
    pattern_ids = {p.get("id") for p in svg.iter(f"{SVG}pattern")}
    assert pattern_ids == {"chart-test-pattern-1", "chart-test-pattern-2"}  # unique per chart


def test_svg_range_chart_draws_medians_and_quartiles():
    chart = small_chart(
        ranges=True,
        groups=(
            Group(
                "1. First",
                (
                    Bar("Strategic", 2.0, low=1.5, high=3.0),
                    Bar("Managerial", None, note="Not shown: fewer than 5 organisations"),
                ),
            ),
        ),
    )
    svg = ET.fromstring(str(render_svg(chart)))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "2 (middle half 1.5 to 3)" in texts
    assert "Not shown: fewer than 5 organisations" in texts
    assert (
        len([p for p in svg.iter(f"{SVG}path") if p.get("fill") == charts.MEDIAN_COLOUR]) == 2
    )  # legend + 1


def radar_chart():
    values = [(4, 2, None), (1, 2.5, 3), (3, 3, 3), (2, 4, 1), (1, 1, 2)]
    return small_chart(
        groups=tuple(
            Group(
                f"{n}. Challenge <{n}> & more",
                tuple(
                    Bar(name, v, note="No agreed rating")
                    for name, v in zip(("Strategic", "Managerial", "Practice"), vs, strict=True)
                ),
                short=str(n),
            )
            for n, vs in enumerate(values, start=1)
        ),
        radar_title="Radar <of> ratings & more",
    )


def radar_geometry(svg):
    """The centre (the spokes' common start) and each level's polygon vertices."""
    grid = next(g for g in svg.iter(f"{SVG}g") if g.get("stroke") == charts.RING_COLOUR)
    spokes = list(grid.iter(f"{SVG}line"))
    assert len(spokes) == 5
    centres = {(float(s.get("x1")), float(s.get("y1"))) for s in spokes}
    assert len(centres) == 1
    polygons = {
        p.get("data-series"): [tuple(map(float, xy.split(","))) for xy in p.get("points").split()]
        for p in svg.iter(f"{SVG}polygon")
        if p.get("data-series")
    }
    return centres.pop(), polygons


def test_radar_is_an_accessible_image_and_escapes_text():
    markup = str(render_radar_svg(radar_chart()))
    assert "<of>" not in markup and "&lt;of&gt; ratings &amp; more" in markup
    assert not re.search(r"\sstyle=|<style", markup)  # CSP: presentation attributes only
    svg = ET.fromstring(markup)
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
    assert svg.get("id") == "chart-test-radar"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert (
        (svg.get("aria-labelledby"), svg.get("aria-describedby"))
        == (
            title.get("id"),
            desc.get("id"),
        )
        == ("chart-test-radar-title", "chart-test-radar-desc")
    )
    assert title.text == "Radar <of> ratings & more"  # escaped in the markup, intact here
    assert "5 spokes" in desc.text and "Practice: a dotted line with triangles." in desc.text
    assert re.fullmatch(r"0 0 600 \d+", svg.get("viewBox"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    # Spoke labels, the scale and the legend's names: nothing is told by colour alone.
    assert {"1", "2", "3", "4", "5", "Strategic", "Managerial", "Practice"} <= set(texts)
    # Without a radar title of its own, the radar is named after the chart (escaped all the same).
    plain = ET.fromstring(str(render_radar_svg(small_chart())))
    assert plain.find(f"{SVG}title").text == "Radar chart: Agreed ratings <in> Spring & Summer"


def test_radar_has_one_closed_polygon_per_level_and_rings_for_the_scale():
    svg = ET.fromstring(str(render_radar_svg(radar_chart())))
    polygons = [p for p in svg.iter(f"{SVG}polygon") if p.get("data-series")]
    assert [p.get("data-series") for p in polygons] == ["Strategic", "Managerial", "Practice"]
    assert all(len(p.get("points").split()) == 5 for p in polygons)  # one vertex per challenge
    assert all(p.get("fill") is None for p in polygons)  # outlines: one shape never hides another
    rings = [p for p in svg.iter(f"{SVG}polygon") if not p.get("data-series")]
    assert len(rings) == 4 and all(len(r.get("points").split()) == 5 for r in rings)


def test_radar_vertices_are_further_out_for_higher_ratings():
    (cx, cy), polygons = radar_geometry(ET.fromstring(str(render_radar_svg(radar_chart()))))

    def distance(level, spoke):
        x, y = polygons[level][spoke]
        return math.hypot(x - cx, y - cy)

    outer = charts.RADAR_RADIUS
    # The first spoke points straight up from the centre.
    assert polygons["Strategic"][0] == pytest.approx((cx, cy - outer), abs=0.2)
    # On one spoke, ordered by value: challenge 4 has managerial 4 > strategic 2 > practice 1.
    assert distance("Managerial", 3) > distance("Strategic", 3) > distance("Practice", 3)
    # Across a level, distances are proportional to the rating (4 is on the outer ring).
    for level, values in {"Managerial": [2, 2.5, 3, 4, 1], "Practice": [0, 3, 3, 1, 2]}.items():
        assert [distance(level, k) for k in range(5)] == pytest.approx(
            [outer * v / 4 for v in values], abs=0.2
        )
    # Equal ratings meet at the same point.
    assert polygons["Strategic"][2] == polygons["Managerial"][2] == polygons["Practice"][2]


def test_radar_levels_differ_by_dash_pattern_and_marker():
    svg = ET.fromstring(str(render_radar_svg(radar_chart())))
    polygons = [p for p in svg.iter(f"{SVG}polygon") if p.get("data-series")]
    dashes = [p.get("stroke-dasharray") for p in polygons]
    assert len(set(dashes)) == 3
    assert len({p.get("stroke") for p in polygons}) == 3
    markers: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for element in svg.iter():
        series = element.get("data-series")
        if series and not element.tag.endswith("polygon"):
            shape = element.tag.removeprefix(SVG)
            if shape == "path":  # a triangle or a diamond
                shape = f"path-{element.get('d').count('L')}"
            markers.setdefault(series, set()).add(shape)
            counts[series] = counts.get(series, 0) + 1
    assert markers == {"Strategic": {"circle"}, "Managerial": {"rect"}, "Practice": {"path-2"}}
    assert counts == {"Strategic": 5, "Managerial": 5, "Practice": 4}  # no marker where no rating
    # The legend draws each level's line with its dash pattern and marker beside its name.
    legend = [
        line.get("stroke-dasharray")
        for line in svg.iter(f"{SVG}line")
        if line.get("stroke-width") == "2.5"
    ]
    assert legend == dashes


# --- stacked bar and line charts, and the figure (a chart with its table) -------------------------


def counts_chart(**kwargs):
    defaults = {
        "id": "chart-counts",
        "title": "Who took part <in> each round",
        "description": "Stacked bars.",
        "series": ("Staff", "Lived experience", "Family or carer"),
        "groups": (
            Group(
                "Spring 2026",
                (Bar("Staff", 6), Bar("Lived experience", 3), Bar("Family or carer", 1)),
            ),
            Group(
                "Autumn 2026",
                (
                    Bar("Staff", 4),
                    Bar("Lived experience", None, note="Not shown"),
                    Bar("Family or carer", 2),
                ),
            ),
        ),
        "scale_max": 10,
        "row_heading": "Round",
        "kind": "stacked",
        "axis_label": "People",
    }
    return Chart(**{**defaults, **kwargs})


def accessible(markup: str, chart_id: str) -> ET.Element:
    svg = ET.fromstring(markup)
    assert svg.tag == f"{SVG}svg" and svg.get("role") == "img" and svg.get("id") == chart_id
    assert svg.get("aria-labelledby") == f"{chart_id}-title"
    assert svg.get("aria-describedby") == f"{chart_id}-desc"
    assert svg.find(f"{SVG}title").get("id") == f"{chart_id}-title"
    assert svg.find(f"{SVG}desc").get("id") == f"{chart_id}-desc"
    assert not re.search(r"\sstyle=|<style|<script", markup)
    return svg


def test_stacked_bars_have_a_segment_per_part_in_proportion_with_totals_and_parts_as_text():
    chart = counts_chart()
    markup = str(chart.svg)
    svg = accessible(markup, "chart-counts")
    assert svg.find(f"{SVG}title").text == "Who took part <in> each round"
    segments = [r for r in svg.iter(f"{SVG}rect") if r.get("data-series")]
    assert [r.get("data-series") for r in segments] == [
        "Staff",
        "Lived experience",
        "Family or carer",
        "Staff",
        "Family or carer",
    ]
    widths = [float(r.get("width")) for r in segments]
    assert widths[0] == pytest.approx(widths[1] * 2, abs=0.2)
    assert widths[0] == pytest.approx(widths[2] * 6, abs=0.3)
    # Each part has its own fill pattern as well as its colour: not colour alone.
    assert len({r.get("fill") for r in segments[:3]}) == 3
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "10" in texts and "6" in texts  # totals, bold at the bars' ends
    assert "Staff 6; Lived experience 3; Family or carer 1" in texts
    assert "Staff 4; Lived experience Not shown; Family or carer 2" in texts
    assert "People" in texts


def test_line_chart_has_a_line_and_marker_per_series_and_every_value_as_text():
    chart = counts_chart(id="chart-line", kind="line", title="Agreed rating over time", scale_max=4)
    chart = Chart(
        **{
            **chart.__dict__,
            "groups": (
                Group(
                    "Spring 2025",
                    (Bar("Staff", 1), Bar("Lived experience", 2), Bar("Family or carer", 3)),
                ),
                Group(
                    "Spring 2026",
                    (Bar("Staff", 2), Bar("Lived experience", None), Bar("Family or carer", 3)),
                ),
                Group(
                    "Spring 2027",
                    (Bar("Staff", 4), Bar("Lived experience", 3), Bar("Family or carer", 2.5)),
                ),
            ),
        }
    )
    svg = accessible(str(chart.svg), "chart-line")
    lines = [p for p in svg.iter(f"{SVG}polyline")]
    # The lived-experience line breaks where there is no value: two single points, so no line.
    assert sorted(p.get("data-series") for p in lines) == ["Family or carer", "Staff"]
    dashes = {p.get("data-series"): p.get("stroke-dasharray") for p in lines}
    assert dashes["Staff"] is None and dashes["Family or carer"] == "2 4"
    markers = [m for m in svg.iter() if m.get("data-series") and m.tag != f"{SVG}polyline"]
    assert len(markers) == 8  # one per value, none where there is no value
    kinds = {m.get("data-series"): m.tag for m in markers}
    assert kinds["Staff"] == f"{SVG}circle" and kinds["Lived experience"] == f"{SVG}rect"
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    for value in ("1", "2", "3", "4", "2.5"):
        assert value in texts
    for label in ("Spring 2025", "Spring 2026", "Spring 2027"):
        assert label in texts
    # Higher values sit higher (smaller y).
    staff = [
        tuple(map(float, pt.split(",")))
        for pt in next(p for p in lines if p.get("data-series") == "Staff").get("points").split()
    ]
    assert staff[0][1] > staff[1][1] > staff[2][1]


def test_ticks_stay_readable_for_counts():
    assert counts_chart(scale_max=4).ticks == [1, 2, 3, 4]
    assert counts_chart(scale_max=10).ticks == list(range(1, 11))
    assert counts_chart(scale_max=37).ticks == [5, 10, 15, 20, 25, 30, 35]
    assert counts_chart(scale_max=400).ticks == [50, 100, 150, 200, 250, 300, 350, 400]
    assert 5 <= len(counts_chart(scale_max=987654).ticks) <= 10


def test_figure_pairs_every_chart_with_a_table_of_the_same_numbers():
    chart = counts_chart()
    html = str(chart.figure)
    assert html.index("<svg") < html.index('<table class="nhsuk-table" id="chart-counts-table">')
    table = ET.fromstring(re.search(r"<table .*?</table>", html, re.S).group(0))
    rows = [[" ".join("".join(c.itertext()).split()) for c in tr] for tr in table.iter("tr")]
    assert rows[0] == ["Round", "Staff", "Lived experience", "Family or carer"]
    assert rows[1] == ["Spring 2026", "6", "3", "1"]
    assert rows[2] == ["Autumn 2026", "4", "–No rating", "2"]
    assert "&lt;in&gt;" in html and "<in>" not in html  # the caption is escaped
    with_radar = str(charts.figure(chart, radar=True))
    assert 'id="chart-counts-radar"' in with_radar and 'id="chart-counts"' in with_radar
    assert str(charts.table_html(chart)) in html
