import pytest
import time_machine
from django.test import Client

from recoverynet.accounts import services
from tests.conftest import bearer, sign_in

pytestmark = pytest.mark.django_db


def test_me_with_token(world):
    raw = services.api_token_create(actor=world.staff_a, name="t").raw
    response = Client().get("/api/v1/me", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["email"] == "staff.a@example.org"


def test_me_anonymous_and_bad_token(world):
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert Client().get("/api/v1/me", **bearer("rn_not-a-token")).status_code == 401


def test_expired_and_revoked_tokens_are_refused(world):
    import datetime

    from django.utils import timezone

    created = services.api_token_create(
        actor=world.staff_a, name="t", expires_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):
        assert Client().get("/api/v1/me", **bearer(created.raw)).status_code == 401
    other = services.api_token_create(actor=world.staff_a, name="u")
    services.api_token_revoke(actor=world.staff_a, token_id=other.token.pk)
    assert Client().get("/api/v1/me", **bearer(other.raw)).status_code == 401


def test_token_lifecycle_over_the_api(world):
    client = sign_in(Client(enforce_csrf_checks=False), world.staff_a)
    created = client.post("/api/v1/me/tokens", {"name": "Script"}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["scopes"] == ["read"]  # read-only unless chosen otherwise
    raw = created.json()["token"]
    listing = client.get("/api/v1/me/tokens").json()
    assert [t["name"] for t in listing] == ["Script"] and "token" not in listing[0]
    assert listing[0]["scopes"] == ["read"]
    token_id = listing[0]["id"]
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200
    assert client.get("/api/v1/me/tokens").json()[0]["last_used_at"] is not None
    assert client.delete(f"/api/v1/me/tokens/{token_id}").status_code == 200
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 401


def test_token_create_bad_input_names_the_field(world):
    client = sign_in(Client(), world.staff_a)
    response = client.post("/api/v1/me/tokens", {"name": ""}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["errors"][0]["field"] == "name"


def test_session_writes_need_csrf(world):
    client = sign_in(Client(enforce_csrf_checks=True), world.staff_a)
    response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code in (401, 403)


def test_patch_me(world):
    raw = services.api_token_create(actor=world.staff_a, name="t", scopes=["account:write"]).raw
    response = Client().patch(
        "/api/v1/me", {"job_title": "Peer trainer"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 200 and response.json()["job_title"] == "Peer trainer"
    bad = Client().patch(
        "/api/v1/me", {"full_name": ""}, content_type="application/json", **bearer(raw)
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "full_name"
