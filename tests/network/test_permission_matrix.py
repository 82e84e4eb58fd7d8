"""Every role × every page and endpoint built so far."""

import pytest

from tests.permissions import COORDINATORS, EVERYONE, SIGNED_IN, TEAM, UK_TEAM, Rule, assert_matrix

pytestmark = pytest.mark.django_db

UK_COORDINATION = frozenset({"coordinator_uk", "admin"})

PAGES = [
    Rule("/", EVERYONE),
    Rule("/networks/", EVERYONE),
    Rule("/networks/uk/", EVERYONE),
    Rule("/directory/", EVERYONE),
    Rule("/privacy/", EVERYONE),
    Rule(lambda w: f"/organisations/{w.org_a.slug}/", EVERYONE),
    Rule("/me/", SIGNED_IN),
    Rule("/me/things/", SIGNED_IN),
    Rule("/me/perspective/", SIGNED_IN),
    Rule("/me/tokens/", SIGNED_IN),
    Rule("/me/organisations/", SIGNED_IN),
    Rule(lambda w: f"/organisations/{w.org_a.slug}/people/", UK_TEAM | {"lead_a"}),
    Rule(
        lambda w: f"/organisations/{w.org_a.slug}/people/{w.staff_a.affiliations.get().pk}/",
        UK_COORDINATION | {"lead_a"},
    ),
    Rule(lambda w: f"/organisations/{w.org_a.slug}/edit/", UK_COORDINATION),
    Rule(lambda w: f"/organisations/{w.org_a.slug}/history/", UK_TEAM),
    Rule("/manage/", TEAM),
    Rule("/manage/organisations/", TEAM),
    Rule("/manage/organisations/add/", COORDINATORS),
    Rule("/manage/networks/add/", frozenset({"admin"})),
    Rule("/manage/uk/", UK_TEAM),
    Rule("/manage/uk/settings/", UK_COORDINATION),
    Rule("/manage/uk/tiers/add/", UK_COORDINATION),
    Rule(lambda w: f"/manage/uk/tiers/{w.uk_member_tier.pk}/edit/", UK_COORDINATION),
    Rule("/manage/uk/memberships/add/", UK_COORDINATION),
    Rule("/manage/uk/team/add/", UK_COORDINATION),
    Rule(lambda w: f"/manage/memberships/{w.membership_a.pk}/end/", UK_COORDINATION),
    Rule(lambda w: f"/manage/memberships/{w.membership_a.pk}/history/", UK_TEAM),
    Rule(lambda w: f"/manage/people/{w.lead_a.pk}/history/", UK_TEAM),
]

API = [
    Rule("/api/v1/health", EVERYONE, api=True),
    Rule("/api/v1/networks", EVERYONE, api=True),
    Rule("/api/v1/networks/uk", EVERYONE, api=True),
    Rule("/api/v1/organisations", EVERYONE, api=True),
    Rule("/api/v1/memberships", EVERYONE, api=True),
    Rule("/api/v1/me", SIGNED_IN, api=True),
    Rule("/api/v1/me/tokens", SIGNED_IN, api=True),
    Rule(lambda w: f"/api/v1/organisations/{w.org_a.slug}/people", UK_TEAM | {"lead_a"}, api=True),
    Rule(lambda w: f"/api/v1/organisations/{w.org_a.slug}/history", UK_TEAM, api=True),
    Rule("/api/v1/networks/uk/memberships", UK_TEAM, api=True),
    Rule("/api/v1/networks/uk/team", UK_TEAM, api=True),
]


def test_pages(world):
    assert_matrix(world, PAGES)


def test_api(world):
    assert_matrix(world, API)


def test_admin_site_only_for_administrators(world):
    for role in ("outsider", "lead_a", "coordinator_uk"):
        response = world.client_for(role).get("/admin/")
        assert response.status_code == 302, role
    assert world.client_for("admin").get("/admin/").status_code == 200
    assert world.client_for("anonymous").get("/admin/").status_code == 302
