"""The shared pages filled through UI slots: what each person sees, and what it costs in queries.

The header, a network's page, an organisation's page, "My organisations", "Manage networks" and the
profile name no domain app; events, challenges, library and newsletter add their links themselves
(their `slots.py`). These tests pin what people saw before the move, and that only people who may
use a link are shown it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from recoverynet.core import slots
from recoverynet.network import services
from recoverynet.network.models import AffiliationRole, OrganisationKind
from tests.conftest import make_user, page_queries, sign_in

pytestmark = pytest.mark.django_db


def menu(client: Client, path: str = "/") -> list[tuple[str, str]]:
    html = client.get(path).content.decode()
    nav = html.split('aria-label="Menu"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a class="nhsuk-header__navigation-link" href="([^"]+)">([^<]+)</a>', nav)


def main(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode().split('id="maincontent"', 1)[1]


@pytest.fixture
def no_slots(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Call to empty the registry for the rest of the test (to measure what slots cost)."""

    def empty() -> None:
        monkeypatch.setattr(slots, "_CONTRIBUTIONS", {name: {} for name in slots.SLOTS})

    return empty


# --- the header ----------------------------------------------------------------------------------


def test_menu_for_anonymous_people(client: Client, world: Any) -> None:
    assert menu(client) == [
        ("/networks/", "Networks"),
        ("/directory/", "Member directory"),
        ("/events/", "Events"),
        ("/library/", "Library"),
        ("/colleges/", "Colleges"),
        ("/newsletter/", "Newsletter"),
    ]


def test_menu_for_signed_in_people_and_the_team(world: Any) -> None:
    person = [label for _, label in menu(world.client_for("lead_a"))]
    assert person == [
        "Networks",
        "Member directory",
        "Events",
        "Library",
        "Colleges",
        "Newsletter",
        "My organisations",
        "My articles",
    ]
    team = menu(world.client_for("editor_uk"))
    assert team[-1] == ("/manage/", "Manage networks")
    assert len(team) == 9


@pytest.mark.parametrize("role", ["anonymous", "lead_a", "coordinator_uk"])
def test_the_menu_costs_no_queries(world: Any, no_slots: Any, role: str) -> None:
    client = world.client_for(role)
    with_slots = page_queries(client, "/")
    no_slots()
    assert page_queries(client, "/") == with_slots
    assert menu(client) == []


# --- a network's page ----------------------------------------------------------------------------


def test_network_page_links_to_its_events_and_feed(client: Client, world: Any) -> None:
    page = main(client, "/networks/uk/")
    assert (
        '<p><a href="/events/?network=uk">See upcoming events of UK Network</a> or '
        '<a href="/events/feed/uk.ics">add them to your calendar</a> (iCalendar feed)</p>'
    ) in page


def test_network_page_costs_no_queries_for_slots(client: Client, world: Any, no_slots: Any) -> None:
    with_slots = page_queries(client, "/networks/uk/")
    no_slots()
    assert page_queries(client, "/networks/uk/") == with_slots
    assert "See upcoming events" not in main(client, "/networks/uk/")


# --- an organisation's page ----------------------------------------------------------------------

ROUNDS = '<li><a href="/organisations/{slug}/self-assessment/">Self-assessment</a></li>'


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("lead_a", True),
        ("staff_a", True),  # staff may run and read the organisation's self-assessments
        ("coordinator_uk", True),
        ("editor_uk", True),  # the team of the organisation's network reads them
        ("admin", True),
        ("lead_b", False),
        ("coordinator_ie", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_self_assessment_link_only_for_people_who_may_see_the_rounds(
    world: Any, role: str, shown: bool
) -> None:
    client = world.client_for(role)
    page = main(client, f"/organisations/{world.org_a.slug}/")
    assert (ROUNDS.format(slug=world.org_a.slug) in page) is shown
    rounds = client.get(f"/organisations/{world.org_a.slug}/self-assessment/")
    assert (rounds.status_code == 200) is shown


@pytest.mark.parametrize(
    ("role", "extra"), [("anonymous", 0), ("lead_a", 0), ("coordinator_uk", 1)]
)
def test_organisation_page_slots_cost_at_most_one_access_check(
    world: Any, no_slots: Any, role: str, extra: int
) -> None:
    """The self-assessment rule asks which networks the organisation belongs to when the person is
    not one of its people: one query for the page, whatever else is on it."""
    client = world.client_for(role)
    path = f"/organisations/{world.org_a.slug}/"
    with_slots = page_queries(client, path)
    no_slots()
    assert page_queries(client, path) == with_slots - extra


# --- My organisations ----------------------------------------------------------------------------


def test_my_organisations_links_by_role(world: Any) -> None:
    volunteer = make_user("volunteer@example.org", full_name="Val Volunteer")
    services.affiliation_add(
        actor=world.admin,
        organisation=world.org_b,
        email=volunteer.email,
        role=AffiliationRole.VOLUNTEER,
    )
    services.affiliation_add(
        actor=world.admin,
        organisation=world.org_a,
        email=volunteer.email,
        role=AffiliationRole.PEER_WORKER,
    )
    page = main(sign_in(Client(), volunteer), "/me/organisations/")
    assert (
        f'<a href="/organisations/{world.org_a.slug}/self-assessment/">Self-assessment'
        '<span class="nhsuk-u-visually-hidden"> at Alpha NHS Trust</span></a>'
    ) in page
    assert f"/organisations/{world.org_b.slug}/self-assessment/" not in page


def test_my_organisations_query_count_does_not_grow_with_rows(world: Any) -> None:
    person = make_user("many@example.org", full_name="Manny Hats")
    client = sign_in(Client(), person)

    def join(n: int) -> None:
        org = services.organisation_create(
            actor=world.admin, name=f"Org {n}", kind=OrganisationKind.CHARITY, country="England"
        )
        services.affiliation_add(
            actor=world.admin, organisation=org, email=person.email, role=AffiliationRole.STAFF
        )

    join(0)
    one = page_queries(client, "/me/organisations/")
    for n in range(1, 5):
        join(n)
    assert page_queries(client, "/me/organisations/") == one
    assert main(client, "/me/organisations/").count(">Self-assessment<") == 5


# --- Manage networks -----------------------------------------------------------------------------


def test_manage_index_sections_for_a_coordinator(world: Any) -> None:
    page = main(world.client_for("coordinator_uk"), "/manage/")
    assert (
        '<h2>Events</h2>\n<p><a href="/manage/events/">Manage events, bookings and invoices</a></p>'
    ) in page
    assert (
        '<h2>Library</h2>\n<p><a href="/manage/library/">Library moderation</a>: '
        "resources waiting for review</p>"
    ) in page
    assert (
        page.index("<h2>Events</h2>")
        < page.index("<h2>Library</h2>")
        < page.index("<h2>Organisations</h2>")
    )


def test_manage_index_hides_events_from_an_editor_who_cannot_use_them(world: Any) -> None:
    client = world.client_for("editor_uk")
    page = main(client, "/manage/")
    assert "/manage/events/" not in page
    assert client.get("/manage/events/").status_code == 403
    assert '<a href="/manage/library/">Library moderation</a>' in page


def test_manage_index_is_still_only_for_the_team(world: Any) -> None:
    assert world.client_for("lead_a").get("/manage/").status_code == 403


def test_manage_index_slots_cost_no_queries(world: Any, no_slots: Any) -> None:
    client = world.client_for("consultant_uk")
    with_slots = page_queries(client, "/manage/")
    no_slots()
    assert page_queries(client, "/manage/") == with_slots


# --- the profile ---------------------------------------------------------------------------------


def test_profile_links_to_bookings(world: Any) -> None:
    page = main(world.client_for("outsider"), "/me/")
    assert (
        '<h2>Your bookings</h2>\n<p><a href="/me/bookings/">See your event bookings and invoices</a>'
    ) in page
    assert page.index("<h2>Your account</h2>") < page.index("<h2>Your bookings</h2>")
    assert page.index("<h2>Your bookings</h2>") < page.index("<h2>Your data</h2>")


def test_profile_slots_cost_no_queries(world: Any, no_slots: Any) -> None:
    client = world.client_for("lead_a")
    with_slots = page_queries(client, "/me/")
    no_slots()
    # Roles are read on first use (network.access.Roles): with no slot asking about the person's
    # organisations, their affiliations are not read at all — that one query is not a slot's own.
    assert page_queries(client, "/me/") in (with_slots, with_slots - 1)
