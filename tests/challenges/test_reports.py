"""Reports on self-assessments: the SVG chart builder, the progress page, the network benchmark page,
and a round's PDF report and CSV export (content, anonymity, access, formula-injection safety)."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from recoverynet.challenges import frameworks, reports, selectors, services
from recoverynet.challenges.services import PriorityInput
from tests.conftest import page_queries

from .conftest import agree_all
from .test_benchmarks import closed_round, members

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


# --- helpers -----------------------------------------------------------------------------------------


def svg_of(html: str, chart_id: str) -> ET.Element:
    match = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', html, re.S)
    assert match, f"no chart {chart_id}"
    return ET.fromstring(match.group(0))


def table_of(html: str, table_id: str) -> ET.Element:
    match = re.search(rf'<table [^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, f"no table {table_id}"
    return ET.fromstring(match.group(0))


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def bar_values(svg: ET.Element) -> list[str]:
    """The value written beside each bar (bold text), or the note where there is no bar."""
    return [
        t.text or ""
        for t in svg.iter(f"{SVG}text")
        if (t.get("font-weight") == "bold" and t.get("font-size") == "14")
        or t.get("font-style") == "italic"
    ]


def table_values(table: ET.Element) -> list[str]:
    return [
        "No agreed rating" if text(td) == "– No agreed rating" else text(td)
        for td in table.iter("td")
    ]


def rated_round(world, framework, title, value, *, org=None, lead=None, priorities=()):
    org = org or world.org_a
    lead = lead or world.lead_a
    round_ = services.round_start(actor=lead, organisation=org, framework=framework, title=title)
    agree_all(lead, round_, value=value)
    round_ = services.round_close(actor=lead, round_=round_)
    if priorities:
        services.priorities_set(
            actor=lead,
            round_=round_,
            priorities=[
                PriorityInput(challenge_id=framework.challenges.get(number=n).pk, level_key=lv)
                for n, lv in priorities
            ],
        )
    return round_


def progress_url(world):
    return f"/organisations/{world.org_a.slug}/self-assessment/progress/"


# --- progress page -------------------------------------------------------------------------------------


def test_progress_page_shows_latest_ratings_and_each_challenge_over_time(world, framework):
    rated_round(world, framework, "Spring 2026", 1, priorities=[(7, "practice"), (4, "strategic")])
    latest = services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Spring 2027"
    )
    agree_all(world.lead_a, latest, value=3)
    services.consensus_set(
        actor=world.lead_a,
        round_=latest,
        challenge_id=framework.challenges.get(number=7).pk,
        level_key="practice",
        value=2,
        rationale="Better, not there yet.",
    )
    services.round_close(actor=world.lead_a, round_=latest)
    # Neither a team round nor an open round counts.
    team = services.round_start(
        actor=world.lead_a,
        organisation=world.org_a,
        framework=framework,
        title="Crisis team round",
        team_name="Crisis team",
    )
    agree_all(world.lead_a, team, value=4)
    services.round_close(actor=world.lead_a, round_=team)
    services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Open round"
    )

    response = world.client_for("lead_a").get(progress_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Crisis team round" not in html and "Open round" not in html

    # The latest round's chart and its table carry the same numbers.
    svg = svg_of(html, "chart-latest")
    table = table_of(html, "chart-latest-table")
    assert bar_values(svg) == table_values(table)
    rows = {
        text(tr.find("th")): [text(td) for td in tr.iter("td")]
        for tr in table.iter("tr")
        if tr.find("td") is not None
    }
    assert rows["7. Redefining user involvement"] == ["3", "3", "2"]
    assert rows[
        "1. Changing the nature of day-to-day interactions and the quality of experience"
    ] == ["3", "3", "3"]
    assert [h.text for h in table.iter("th")][:4] == [
        "Challenge",
        "Strategic",
        "Managerial",
        "Practice",
    ]

    # Each challenge over time: a row per round, oldest first.
    svg7 = svg_of(html, "chart-challenge-7")
    table7 = table_of(html, "chart-challenge-7-table")
    assert bar_values(svg7) == table_values(table7) == ["1", "1", "1", "3", "3", "2"]
    round_rows = [text(tr.find("th")) for tr in table7.iter("tr") if tr.find("td") is not None]
    assert round_rows[0].startswith("Spring 2026 (closed ") and round_rows[1].startswith(
        "Spring 2027"
    )
    assert (
        html.count('role="img"') == 12
    )  # the latest ratings (radar and bars) and one chart per challenge

    # The priorities of each round.
    assert "7. Redefining user involvement, at practice level" in html
    assert "Not chosen" in html  # the latest round has none yet


def test_progress_page_without_closed_rounds(world, framework, round_):
    response = world.client_for("staff_a").get(progress_url(world))
    assert response.status_code == 200
    assert b"There are no closed self-assessments of the whole organisation yet" in response.content
    assert b"<svg" not in response.content


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lead_a", 200),
        ("staff_a", 200),
        ("coordinator_uk", 200),
        ("consultant_uk", 200),
        ("admin", 200),
        ("lead_b", 403),  # another organisation
        ("lead_ie", 403),
        ("coordinator_ie", 403),  # another network's team
        ("outsider", 403),
    ],
)
def test_progress_page_access(world, framework, role, status):
    rated_round(world, framework, "Spring 2026", 2)
    assert world.client_for(role).get(progress_url(world)).status_code == status


def test_progress_page_needs_sign_in_and_a_real_organisation(world):
    response = world.client_for("anonymous").get(progress_url(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert (
        world.client_for("lead_a")
        .get("/organisations/nobody/self-assessment/progress/")
        .status_code
        == 404
    )


def test_progress_page_query_count_does_not_grow_with_rounds(world, framework):
    client = world.client_for("lead_a")
    rated_round(world, framework, "Round 1", 1, priorities=[(1, "strategic")])

    def count() -> int:
        return page_queries(client, progress_url(world))

    one = count()
    rated_round(world, framework, "Round 2", 2, priorities=[(2, "practice"), (3, "managerial")])
    rated_round(world, framework, "Round 3", 3, priorities=[(4, "strategic")])
    assert count() == one


def test_progress_selector_follows_framework_versions(world, framework):
    """A later round on a new version of the framework: rows come from the new version, matched by
    challenge number and level key."""
    rated_round(world, framework, "Old version", 1)
    edited = services.framework_edit(
        actor=world.admin, framework=framework, scale={1: ("Not yet", "Nothing so far.")}
    )
    rated_round(world, edited, "New version", 2)
    progress = selectors.organisation_progress(
        actor=world.lead_a, organisation=world.org_a, family=frameworks.TEN_CHALLENGES["family"]
    )
    assert [r.title for r in progress.rounds] == ["Old version", "New version"]
    assert progress.challenges[0].framework_id == edited.pk and progress.scale[0].label == "Not yet"
    report = reports.progress_report(progress)
    assert [b.value for b in report.trends[0].groups[0].bars] == [1, 1, 1]
    assert [b.value for b in report.trends[0].groups[1].bars] == [2, 2, 2]


def test_round_list_links_to_progress_and_benchmark(world, framework):
    html = (
        world.client_for("lead_a")
        .get(f"/organisations/{world.org_a.slug}/self-assessment/")
        .content.decode()
    )
    assert f'href="/organisations/{world.org_a.slug}/self-assessment/progress/"' in html
    assert 'href="/networks/uk/benchmark/"' in html
    assert (
        world.client_for("coordinator_ie")
        .get(f"/organisations/{world.org_a.slug}/self-assessment/")
        .status_code
        == 403
    )


# --- benchmark page ------------------------------------------------------------------------------------


def benchmark_url(network="uk", query=""):
    return f"/networks/{network}/benchmark/{query}"


def publish_page(world, framework):
    """The coordinator presses "Publish the benchmark"."""
    return world.client_for("coordinator_uk").post(
        "/networks/uk/benchmark/publish/", {"framework": framework.pk}, follow=True
    )


def test_benchmark_is_suppressed_below_five_organisations(world, framework):
    orgs = members(world, 5)
    for value, org in zip([1, 2, 2, 3], orgs[:4], strict=True):
        closed_round(world, org, framework, value)
    publish_page(world, framework)
    response = world.client_for("lead_a").get(benchmark_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "we only show figures where at least 5 organisations took part" in html
    # Nothing to show: the page says so once, with why and when (issue #15), not 30 rows of it.
    assert 'id="benchmark-table"' not in html and "Not shown" not in html
    assert html.count("There are no figures to show yet.") == 1
    assert "at least 5 organisations behind it" in html and "4 took part" in html
    assert "network team has published the benchmark" in html
    assert "This benchmark was published on" in html
    assert 'id="chart-benchmark"' not in html  # nothing to draw
    assert 'id="named-table"' not in html


def test_benchmark_shows_quartiles_at_five_organisations_and_the_chart_matches(world, framework):
    orgs = members(world, 5)
    for value, org in zip([1, 2, 2, 3, 4], orgs, strict=True):
        closed_round(world, org, framework, value)
    publish_page(world, framework)
    html = world.client_for("staff_a").get(benchmark_url()).content.decode()
    assert "Not shown" not in html
    table = table_of(html, "benchmark-table")
    first = next(tr for tr in table.iter("tr") if tr.find("td") is not None)
    assert [text(c) for c in first] == [
        "1. Changing the nature of day-to-day interactions and the quality of experience",
        "Strategic",
        "5",
        "2",
        "2",
        "3",
    ]
    svg = svg_of(html, "chart-benchmark")
    labels = [t.text for t in svg.iter(f"{SVG}text") if (t.text or "").startswith("2 (middle half")]
    assert labels == ["2 (middle half 2 to 3)"] * 30
    rows = [
        [text(td) for td in tr.iter("td")] for tr in table.iter("tr") if tr.find("td") is not None
    ]
    assert all(
        f"{median} (middle half {low} to {high})" == labels[0] for _, low, median, high in rows
    )
    assert 'id="named-table"' not in html and "Beta Charity" not in html  # members see no names


def test_network_team_also_sees_the_named_table(world, framework):
    orgs = members(world, 5)
    for value, org in zip([1, 2, 2, 3, 4], orgs, strict=True):
        closed_round(world, org, framework, value)
    publish_page(world, framework)
    html = world.client_for("consultant_uk").get(benchmark_url()).content.decode()
    named = table_of(html, "named-table")
    headers = [text(th) for th in named.find("thead").iter("th")]
    assert headers[:2] == ["Challenge", "Level"]
    assert sorted(headers[2:]) == sorted(o.name for o in orgs)
    first = next(tr for tr in named.iter("tr") if tr.find("td") is not None)
    values = dict(zip(headers[2:], [text(td) for td in first.iter("td")], strict=True))
    assert values["Alpha NHS Trust"] == "1" and values["Beta Charity"] == "2"


def test_members_see_nothing_until_a_benchmark_is_published(world, framework):
    orgs = members(world, 5)
    for value, org in zip([1, 2, 2, 3, 4], orgs, strict=True):
        closed_round(world, org, framework, value)
    html = world.client_for("lead_a").get(benchmark_url()).content.decode()
    assert "No benchmark has been published yet." in html
    assert 'id="chart-benchmark"' not in html and 'id="publish"' not in html
    team = world.client_for("coordinator_uk").get(benchmark_url()).content.decode()
    assert "Publish the benchmark" in team


def test_publishing_again_is_refused_until_enough_has_changed(world, framework):
    orgs = members(world, 6)
    for value, org in zip([1, 2, 2, 3, 4, 4], orgs, strict=True):
        closed_round(world, org, framework, value)
    html = publish_page(world, framework).content.decode()
    assert "The benchmark has been published." in html and 'id="publish-wait"' in html
    assert "0 organisations have joined, left or sent new results" in html
    closed_round(world, orgs[5], framework, 1)
    html = publish_page(world, framework).content.decode()
    assert "Nothing can be updated yet" in html
    assert "1 organisation has joined, left or sent new results" in html
    # Only coordinators may publish.
    response = world.client_for("lead_a").post(
        "/networks/uk/benchmark/publish/", {"framework": framework.pk}
    )
    assert response.status_code == 403
    assert (
        world.client_for("coordinator_uk").get("/networks/uk/benchmark/publish/").status_code == 405
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lead_a", 200),
        ("staff_a", 200),
        ("lead_b", 200),  # members of any member organisation
        ("coordinator_uk", 200),
        ("lead_ie", 403),
        ("coordinator_ie", 403),
        ("outsider", 403),
    ],
)
def test_benchmark_access(world, framework, role, status):
    response = world.client_for(role).get(benchmark_url())
    assert response.status_code == status
    if status == 403:
        assert b"Benchmarks are for the network" in response.content


def test_benchmark_bad_input(world, framework):
    client = world.client_for("lead_a")
    assert client.get(benchmark_url("nowhere")).status_code == 404
    assert client.get(benchmark_url(query="?framework=abc")).status_code == 400
    assert client.get(benchmark_url(query="?framework=99999")).status_code == 404
    triangle = services.framework_install(data=frameworks.TRIANGLE_OF_CARE)
    response = client.get(benchmark_url(query=f"?framework={triangle.pk}"))
    assert response.status_code == 200 and b"Triangle of Care" in response.content
    assert world.client_for("anonymous").get(benchmark_url()).status_code == 302


def test_benchmark_without_the_framework_installed(world):
    assert world.client_for("lead_a").get(benchmark_url()).status_code == 404


# --- one round: PDF report and CSV export ------------------------------------------------------------------


@pytest.fixture
def rated(world, framework, round_):
    """Two raters besides the facilitator: a person with lived experience invited by link (with a
    name that tries formula injection) and a member of staff."""
    link = services.rater_invite_by_link(
        actor=world.lead_a,
        round_=round_,
        name='=HYPERLINK("http://evil.example","Sam")',
    )
    # Sam says their perspective on the rating page (a facilitator never records it).
    services.rater_perspective_set(rater=link.rater, perspective="lived_experience")
    staff = services.rater_invite_member(actor=world.lead_a, round_=round_, user=world.staff_a)
    facilitator = selectors.rater_for_user(actor=world.lead_a, round_=round_)
    seven = framework.challenges.get(number=7).pk
    services.rating_save(
        rater=facilitator,
        challenge_id=seven,
        level_key="practice",
        value=3,
        evidence="We ask people.",
    )
    services.rating_save(
        rater=link.rater,
        challenge_id=seven,
        level_key="practice",
        value=1,
        evidence="@SUM(1+1)*cmd|' /C calc'!A0",
    )
    services.rating_save(
        rater=staff, challenge_id=seven, level_key="practice", value=None, evidence=""
    )
    services.consensus_set(
        actor=world.lead_a,
        round_=round_,
        challenge_id=seven,
        level_key="practice",
        value=2,
        rationale="-1+3 is where we are",
    )
    return round_


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="self-assessment-')
    assert response["X-Content-Type-Options"] == "nosniff"
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_csv_export_for_the_facilitator_names_raters_and_is_injection_safe(world, rated):
    rows = read_csv(
        world.client_for("lead_a").get(f"/self-assessment/{rated.public_id}/export.csv")
    )
    assert rows[0] == reports.CSV_COLUMNS
    body = [r for r in rows[1:] if r[1] == "7" and r[3] == "Practice"]
    assert len(body) == 4  # three ratings and the agreed rating
    by_rater = {r[4]: r for r in body}
    assert by_rater["Lead.A"][5:] == ["3", "We ask people."]
    sam = by_rater['\'=HYPERLINK("http://evil.example","Sam")']
    assert sam[5:] == ["1", "'@SUM(1+1)*cmd|' /C calc'!A0"]
    assert by_rater["Staff.A"][5] == "don't know"
    agreed = by_rater["The group"]
    assert agreed[0] == "Agreed" and agreed[5:] == ["2", "'-1+3 is where we are"]
    # Issue #9: no perspective beside a named rater, not even for the facilitator.
    assert "Perspective" not in rows[0]
    assert "Lived experience" not in "\n".join(",".join(r) for r in rows)
    assert body[0][2] == "Redefining user involvement"
    # No cell anywhere could start a formula.
    assert not any(cell[:1] in "=+-@\t\r" and cell for row in rows for cell in row)


def test_csv_export_is_anonymous_for_other_viewers(world, rated):
    rows = read_csv(
        world.client_for("staff_a").get(f"/self-assessment/{rated.public_id}/export.csv")
    )
    raters = {r[4] for r in rows[1:] if r[0] == "Rating"}
    assert raters == {"Rater 1", "Rater 2", "Rater 3"}
    assert "Perspective" not in rows[0]  # perspectives could point to a person
    flat = "\n".join(",".join(r) for r in rows)
    assert "HYPERLINK" not in flat and "Lead.A" not in flat and "Staff.A" not in flat


@pytest.mark.parametrize(
    ("role", "status"),
    [("lead_b", 404), ("outsider", 404), ("lead_ie", 404), ("coordinator_ie", 404)],
)
def test_report_and_export_are_private(world, rated, role, status):
    client = world.client_for(role)
    assert client.get(f"/self-assessment/{rated.public_id}/export.csv").status_code == status
    assert client.get(f"/self-assessment/{rated.public_id}/report.pdf").status_code == status


def test_report_and_export_need_sign_in(world, rated):
    client = world.client_for("anonymous")
    assert client.get(f"/self-assessment/{rated.public_id}/export.csv").status_code == 302
    assert client.get(f"/self-assessment/{rated.public_id}/report.pdf").status_code == 302


def test_pdf_report(world, rated):
    for role in ("lead_a", "staff_a", "coordinator_uk"):
        response = world.client_for(role).get(f"/self-assessment/{rated.public_id}/report.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].endswith('.pdf"')
        assert response.content.startswith(b"%PDF")


def test_pdf_report_content_is_anonymous_unless_the_viewer_facilitates(world, framework, rated):
    agree_all(world.lead_a, rated, value=2)
    seven = framework.challenges.get(number=7).pk
    services.consensus_set(
        actor=world.lead_a,
        round_=rated,
        challenge_id=seven,
        level_key="practice",
        value=2,
        rationale="-1+3 is where we are",
    )
    closed = services.round_close(actor=world.lead_a, round_=rated)
    services.priorities_set(
        actor=world.lead_a,
        round_=closed,
        priorities=[
            PriorityInput(
                challenge_id=framework.challenges.get(number=7).pk,
                level_key="practice",
                reason="People want a say.",
            )
        ],
    )

    def html_for(user):
        round_ = selectors.round_get(actor=user, public_id=closed.public_id)
        grid = selectors.round_grid(actor=user, round_=round_)
        report = reports.round_report(actor=user, grid=grid)
        return render_to_string(
            "challenges/pdf/round_report.html", {"report": report, "round": round_}
        )

    staff = html_for(world.staff_a)
    assert "Rater 1" in staff and "Rater 3" in staff
    assert "Staff.A" not in staff and "HYPERLINK" not in staff and "Lived experience" not in staff
    assert "3 people were invited to rate" in staff
    assert "People want a say." in staff and "Agreed ratings</th><td>30 of 30" in staff
    facilitator = html_for(world.lead_a)
    assert "<td>Staff.A</td><td>Not sent</td>" in facilitator
    # Issue #9: the facilitator sees names, but no perspective beside them, and a lone person with
    # lived experience is not counted either (fewer than 8 share it).
    assert "Lived experience" not in facilitator
    assert "all raters (3) not counted by perspective" in facilitator
    assert "Rater 1" not in facilitator
    assert "-1+3 is where we are" in facilitator  # the reason for the agreed rating


def test_round_detail_links_to_report_export_and_progress(world, rated):
    html = world.client_for("staff_a").get(f"/self-assessment/{rated.public_id}/").content.decode()
    assert f'href="/self-assessment/{rated.public_id}/report.pdf"' in html
    assert f'href="/self-assessment/{rated.public_id}/export.csv"' in html
    assert f'href="/organisations/{world.org_a.slug}/self-assessment/progress/"' in html
