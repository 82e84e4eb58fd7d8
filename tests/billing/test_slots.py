"""Billing's link on the shared pages: an organisation's statement, for its recovery lead - shown
only to people the statement lets in."""

from __future__ import annotations

import pytest

from tests.conftest import World

pytestmark = pytest.mark.django_db


def main(world: World, role: str, path: str) -> str:
    response = world.client_for(role).get(path)
    assert response.status_code == 200
    return response.content.decode().split('id="maincontent"', 1)[1]


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("lead_a", True),
        ("admin", True),
        ("coordinator_uk", False),  # the team uses the network's invoice list
        ("staff_a", False),
        ("lead_b", False),
        ("coordinator_ie", False),
        ("outsider", False),
    ],
)
def test_the_statement_link_on_an_organisation_page(world: World, role: str, shown: bool) -> None:
    page = main(world, role, f"/organisations/{world.org_a.slug}/")
    assert (f'href="/organisations/{world.org_a.slug}/statement/"' in page) is shown
    if shown:  # and the link leads somewhere that lets them in
        statement = world.client_for(role).get(f"/organisations/{world.org_a.slug}/statement/")
        assert statement.status_code == 200


def test_a_recovery_lead_finds_the_statement_beside_their_organisation(world: World) -> None:
    page = main(world, "lead_a", "/me/organisations/")
    assert f'href="/organisations/{world.org_a.slug}/statement/"' in page
    assert "/statement/" not in main(world, "staff_a", "/me/organisations/")
