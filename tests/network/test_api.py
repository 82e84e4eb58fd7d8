import pytest
from django.test import Client

from recoverynet.network.models import Affiliation, Membership, Organisation
from tests.conftest import make_user, token_client

pytestmark = pytest.mark.django_db


def api_client(user):
    return token_client(user)


def test_public_network_list_is_paginated_with_tax_rate(world, client):
    body = client.get("/api/v1/networks").json()
    assert body["count"] == 2 and body["page"] == 1 and body["pages"] == 1
    uk = next(n for n in body["items"] if n["slug"] == "uk")
    assert uk["currency"] == "GBP" and uk["tax_rate"] == "0.2000" and uk["member_count"] == 2


def test_bad_page_number(world, client):
    response = client.get("/api/v1/networks?page=0")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "page"
    assert client.get("/api/v1/networks?page=abc").status_code == 422


def test_unknown_objects_are_404_with_the_error_shape(world, client):
    response = client.get("/api/v1/organisations/nope")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code", "errors"}


def test_organisation_public_fields_only(world, client):
    body = client.get(f"/api/v1/organisations/{world.org_a.slug}").json()
    assert body == {
        "slug": world.org_a.slug,
        "name": "Alpha NHS Trust",
        "kind": "nhs",
        "country": "England",
        "website": "",
        "description": "Alpha is a mental health trust.",
        "parent": None,
    }


def test_memberships_public_list_filters_by_network(world, client):
    body = client.get("/api/v1/memberships?network=ie").json()
    assert [m["organisation"] for m in body["items"]] == [world.org_ie.slug]


def test_list_query_count_is_constant(world, client, django_assert_max_num_queries):
    from recoverynet.network import services

    for i in range(10):
        org = services.organisation_create(
            actor=world.admin, name=f"Org {i}", kind="charity", country="Wales", parent=world.org_a
        )
        services.membership_create(
            actor=world.admin,
            organisation=org,
            network=world.uk,
            tier=world.uk_member_tier,
            valid_from=__import__("datetime").date(2022, 1, 1),
        )
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/organisations").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/memberships").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/networks").status_code == 200


def test_coordinator_creates_organisation_and_membership(world):
    api = api_client(world.coordinator_uk)
    response = api.post(
        "/api/v1/organisations",
        {
            "name": "Zeta Trust",
            "kind": "nhs",
            "country": "Wales",
            "website": "https://zeta.example",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    slug = response.json()["slug"]
    response = api.post(
        "/api/v1/networks/uk/memberships",
        {"organisation": slug, "tier": "member-site", "valid_from": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    membership_id = response.json()["id"]
    again = api.post(
        "/api/v1/networks/uk/memberships",
        {"organisation": slug, "tier": "member-site", "valid_from": "2026-01-01"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "duplicate"
    ended = api.post(
        f"/api/v1/memberships/{membership_id}/end",
        {"end_date": "2026-12-31"},
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["status"] == "ended"


def test_create_organisation_bad_input_names_fields_and_writes_nothing(world):
    api = api_client(world.coordinator_uk)
    before = Organisation.objects.count()
    response = api.post(
        "/api/v1/organisations",
        {"name": "", "kind": "spaceship", "country": "x" * 61, "website": "not a url"},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"name", "kind", "country", "website"} <= fields
    assert Organisation.objects.count() == before


def test_membership_bad_input(world):
    api = api_client(world.coordinator_uk)
    response = api.post(
        "/api/v1/networks/uk/memberships",
        {"organisation": world.org_b.slug, "tier": "gold", "valid_from": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "tier"
    response = api.post(
        "/api/v1/networks/uk/memberships",
        {
            "organisation": world.org_b.slug,
            "tier": "member-site",
            "valid_from": "2026-02-01",
            "valid_to": "2026-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "valid_to"
    response = api.post(
        "/api/v1/networks/uk/memberships",
        {"organisation": world.org_b.slug, "tier": "member-site", "valid_from": "not a date"},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_non_coordinators_cannot_write(world):
    for user in (world.consultant_uk, world.lead_a, world.coordinator_ie):
        api = api_client(user)
        if user != world.coordinator_ie:  # any coordinator may add a new organisation
            response = api.post(
                "/api/v1/organisations",
                {"name": "Nope", "kind": "nhs", "country": "Wales"},
                content_type="application/json",
            )
            assert response.status_code == 403, user
        response = api.patch(
            f"/api/v1/organisations/{world.org_a.slug}",
            {"name": "Renamed"},
            content_type="application/json",
        )
        assert response.status_code == 403
    anonymous = Client().post(
        "/api/v1/organisations",
        {"name": "Nope", "kind": "nhs", "country": "Wales"},
        content_type="application/json",
    )
    assert anonymous.status_code == 401
    assert not Organisation.objects.filter(name="Nope").exists()
    world.org_a.refresh_from_db()
    assert world.org_a.name == "Alpha NHS Trust"


def test_patch_network_and_organisation(world):
    api = api_client(world.coordinator_uk)
    response = api.patch(
        "/api/v1/networks/uk", {"self_registration": False}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["self_registration"] is False
    response = api.patch(
        "/api/v1/networks/uk", {"time_zone": "Nowhere/Land"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "time_zone"
    response = api.patch(
        f"/api/v1/organisations/{world.org_a.slug}",
        {"website": "https://alpha.example"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["website"] == "https://alpha.example/"


def test_recovery_lead_manages_people_over_api(world):
    api = api_client(world.lead_a)
    people = api.get(f"/api/v1/organisations/{world.org_a.slug}/people").json()
    assert {p["email"] for p in people} == {"lead.a@example.org", "staff.a@example.org"}
    make_user("joiner@example.org")
    added = api.post(
        f"/api/v1/organisations/{world.org_a.slug}/people",
        {"email": "joiner@example.org", "role": "volunteer"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["outcome"] == "added"
    invited = api.post(
        f"/api/v1/organisations/{world.org_a.slug}/people",
        {"email": "stranger@example.org", "role": "staff"},
        content_type="application/json",
    )
    assert invited.status_code == 202 and invited.json()["outcome"] == "invited"
    bad = api.post(
        f"/api/v1/organisations/{world.org_a.slug}/people",
        {"email": "nope", "role": "boss"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    person_id = added.json()["person"]["id"]
    assert (
        api.delete(f"/api/v1/organisations/{world.org_a.slug}/people/{person_id}").status_code
        == 204
    )
    assert not Affiliation.objects.filter(pk=person_id).exists()
    other = api_client(world.lead_b)
    assert other.get(f"/api/v1/organisations/{world.org_a.slug}/people").status_code == 403


def test_team_api(world):
    api = api_client(world.coordinator_uk)
    make_user("team.new@example.org")
    assert (
        api.post(
            "/api/v1/networks/uk/team",
            {"email": "team.new@example.org", "role": "editor"},
            content_type="application/json",
        ).status_code
        == 201
    )
    assert (
        api.post(
            "/api/v1/networks/uk/team",
            {"email": "unknown@example.org", "role": "editor"},
            content_type="application/json",
        ).status_code
        == 202
    )
    roles = {(m["email"], m["role"]) for m in api.get("/api/v1/networks/uk/team").json()}
    assert ("team.new@example.org", "editor") in roles


def test_team_sees_all_membership_statuses(world):
    api = api_client(world.consultant_uk)
    body = api.get("/api/v1/networks/uk/memberships?status=active").json()
    assert body["count"] == Membership.objects.filter(network=world.uk, status="active").count()
    assert api.get("/api/v1/networks/uk/memberships?status=bogus").status_code == 422


def test_organisation_history_api(world):
    body = (
        api_client(world.consultant_uk)
        .get(f"/api/v1/organisations/{world.org_a.slug}/history")
        .json()
    )
    assert {"network.organisation.created", "network.membership.created"} <= {
        e["action"] for e in body
    }


def test_health(client):
    assert client.get("/api/v1/health").json() == {"status": "ok", "database": "ok"}


def test_huge_page_number_is_a_clear_422(world, client):
    response = client.get("/api/v1/networks?page=" + "9" * 25)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "page"
