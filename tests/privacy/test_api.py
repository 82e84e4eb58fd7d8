"""`/api/v1/me/data-export`: "Download my data" over the API (issue #16)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import bearer, sign_in

pytestmark = pytest.mark.django_db


def test_data_export_over_the_api(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = sign_in(Client(), world.staff_a)
    missing = client.get("/api/v1/me/data-export")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    started = client.post("/api/v1/me/data-export", content_type="application/json")
    assert started.status_code == 202
    latest = client.get("/api/v1/me/data-export").json()
    assert latest["status"] == "ready" and latest["progress"] == 100
    assert latest["id"] == started.json()["id"]
    download = client.get(latest["json_url"])
    assert download.status_code == 200
    assert b"staff.a@example.org" in b"".join(download.streaming_content)


def test_data_export_needs_a_session(world):
    assert Client().get("/api/v1/me/data-export").status_code == 401
    from recoverynet.accounts import services

    raw = services.api_token_create(actor=world.staff_a, name="t", scopes=["read"]).raw
    assert Client().get("/api/v1/me/data-export", **bearer(raw)).status_code in (401, 403)


def test_the_endpoints_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/me/data-export"])
