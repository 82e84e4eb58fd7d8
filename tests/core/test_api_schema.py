import pytest
from django.urls import get_resolver

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    expected = {
        "/api/v1/health",
        "/api/v1/me",
        "/api/v1/me/tokens",
        "/api/v1/me/tokens/{token_id}",
        "/api/v1/networks",
        "/api/v1/networks/{slug}",
        "/api/v1/networks/{slug}/tiers",
        "/api/v1/organisations",
        "/api/v1/organisations/{slug}",
        "/api/v1/memberships",
        "/api/v1/networks/{slug}/memberships",
        "/api/v1/memberships/{membership_id}/end",
        "/api/v1/organisations/{slug}/people",
        "/api/v1/organisations/{slug}/people/{affiliation_id}",
        "/api/v1/networks/{slug}/team",
        "/api/v1/organisations/{slug}/history",
    }
    assert expected <= paths
    # Every route Django knows under /api/v1/ is in the schema (nothing undocumented).
    from recoverynet.api import api

    routed = {f"/api/v1/{p.pattern}".replace("<", "{").replace(">", "}") for p in api.urls[0]}
    routed = {r.split("{", 1)[0] for r in routed}
    for prefix in routed:
        if prefix in ("/api/v1/", "/api/v1/openapi.json", "/api/v1/docs"):
            continue
        assert any(p.startswith(prefix.rstrip("/")) for p in paths), prefix
    assert get_resolver()  # URLconf loads


def test_openapi_schema_validates(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").json())


def test_docs_page_served_locally(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert (
        "unsafe-inline"
        not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
