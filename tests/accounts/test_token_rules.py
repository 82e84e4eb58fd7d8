"""API tokens: MFA for every way in, scopes, no token minting, last use (issue #9)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client, RequestFactory

from recoverynet.accounts import scopes, services
from recoverynet.accounts.api_auth import _token_for_request
from recoverynet.accounts.models import ApiToken
from recoverynet.network import services as network_services
from recoverynet.network.models import NetworkRoleKind
from tests.conftest import TOTP_SECRET, bearer, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_token_of_a_new_coordinator_without_totp_stops_working_until_mfa_is_set_up(world):
    person = make_user("newcoord@example.org")  # no TOTP
    raw = services.api_token_create(actor=person, name="old", scopes=["write"]).raw
    # Before joining the team the token works (nobody requires MFA of them).
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200
    network_services.network_role_grant(
        actor=world.admin, network=world.uk, email=person.email, role=NetworkRoleKind.COORDINATOR
    )
    for path in ("/api/v1/networks/uk/team", "/api/v1/networks/uk/memberships", "/api/v1/me"):
        response = Client().get(path, **bearer(raw))
        assert response.status_code == 403, path
        assert response.json()["code"] == "mfa_required"
    # Writes are refused too, and nothing changes.
    response = Client().patch(
        "/api/v1/networks/uk",
        {"name": "Taken over"},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"
    world.uk.refresh_from_db()
    assert world.uk.name == "UK Network"
    # Public reads with the token are refused as well (the token still identifies them).
    assert Client().get("/api/v1/resources", **bearer(raw)).json()["code"] == "mfa_required"
    TOTP.activate(person, TOTP_SECRET)
    response = Client().get("/api/v1/networks/uk/team", **bearer(raw))
    assert response.status_code == 200


def test_session_without_totp_is_refused_on_the_api_and_the_admin_site(world):
    person = make_user("staffer@example.org", superuser=True)  # administrator, no TOTP
    client = sign_in(Client(), person)
    response = client.get("/api/v1/networks/uk/team")
    assert response.status_code == 403 and response.json()["code"] == "mfa_required"
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 302 and "/accounts/2fa/totp/activate" in admin_page["Location"]
    TOTP.activate(person, TOTP_SECRET)
    assert client.get("/admin/").status_code == 200


def test_read_scoped_token_cannot_write(world):
    raw = services.api_token_create(actor=world.coordinator_uk, name="r").raw  # default: read
    assert Client().get("/api/v1/networks/uk/team", **bearer(raw)).status_code == 200
    response = Client().patch(
        "/api/v1/networks/uk", {"name": "Changed"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert "network:write" in response.json()["detail"]
    world.uk.refresh_from_db()
    assert world.uk.name == "UK Network"


def test_area_scoped_token_cannot_touch_another_area(world):
    raw = services.api_token_create(
        actor=world.coordinator_uk, name="events only", scopes=["events:write"]
    ).raw
    assert Client().get("/api/v1/bookings", **bearer(raw)).status_code == 200
    for path in (
        "/api/v1/networks/uk/team",
        "/api/v1/me",
        "/api/v1/organisations/alpha-nhs-trust/assessments",
    ):
        response = Client().get(path, **bearer(raw))
        assert response.status_code == 403, path
        assert response.json()["code"] == "insufficient_scope"
    response = Client().patch(
        "/api/v1/networks/uk", {"name": "Changed"}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 403


def test_a_token_cannot_list_create_or_revoke_tokens(world):
    created = services.api_token_create(actor=world.staff_a, name="w", scopes=["write"])
    raw = created.raw
    listing = Client().get("/api/v1/me/tokens", **bearer(raw))
    assert listing.status_code == 403 and listing.json()["code"] == "token_not_allowed"
    made = Client().post(
        "/api/v1/me/tokens", {"name": "successor"}, content_type="application/json", **bearer(raw)
    )
    assert made.status_code == 403
    assert ApiToken.objects.filter(user=world.staff_a).count() == 1
    revoke = Client().delete(f"/api/v1/me/tokens/{created.token.pk}", **bearer(raw))
    assert revoke.status_code == 403
    assert ApiToken.objects.get(pk=created.token.pk).revoked_at is None


def test_session_creates_scoped_tokens_and_rejects_unknown_scopes(world):
    client = sign_in(Client(), world.staff_a)
    made = client.post(
        "/api/v1/me/tokens",
        {"name": "s", "scopes": ["library:read", "events:write"]},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["scopes"] == ["events:write", "library:read"]
    bad = client.post(
        "/api/v1/me/tokens",
        {"name": "s", "scopes": ["admin"]},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "scopes"
    empty = client.post(
        "/api/v1/me/tokens", {"name": "s", "scopes": []}, content_type="application/json"
    )
    assert empty.status_code == 422
    assert ApiToken.objects.filter(user=world.staff_a).count() == 1


def test_token_page_shows_scopes_and_last_use_and_creates_read_only_by_default(world):
    client = sign_in(Client(), world.staff_a)
    client.post("/me/tokens/", {"name": "Default"})
    assert ApiToken.objects.get(name="Default").scopes == ["read"]
    client.post("/me/tokens/", {"name": "Events", "access": "write", "areas": ["events"]})
    events = ApiToken.objects.get(name="Events")
    assert events.scopes == ["events:write"]
    raw = services.api_token_create(actor=world.staff_a, name="Used").raw
    assert Client().get("/api/v1/me", **bearer(raw)).status_code == 200
    page = client.get("/me/tokens/").content.decode()
    assert "Read: everything" in page
    assert "Read and change: events, bookings, invoices and attendance" in page
    used = ApiToken.objects.get(name="Used")
    assert used.last_used_at is not None
    assert used.last_used_at.strftime("%-d %b %Y") in page
    assert page.count("Never") == 2  # the two tokens not used yet


def test_every_api_operation_has_a_token_area():
    """A new router whose tag has no area would refuse every token: catch it here instead."""
    from recoverynet.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path == "/api/v1/health":
                continue
            assert scopes.area_for_tags(operation.get("tags")), f"{method} {path}"


def test_scope_rules():
    assert scopes.allows(["read"], area="events", access="read")
    assert not scopes.allows(["read"], area="events", access="write")
    assert scopes.allows(["write"], area="events", access="read")
    assert scopes.allows(["events:write"], area="events", access="read")
    assert not scopes.allows(["events:write"], area="library", access="read")
    assert scopes.access_for_method("DELETE") == "write"
    assert scopes.access_for_method("HEAD") == "read"


def test_a_token_is_looked_up_once_per_request_and_again_for_another_token(world):
    mine = services.api_token_create(actor=world.lead_a, name="mine").raw
    theirs = services.api_token_create(actor=world.lead_b, name="theirs").raw
    request = RequestFactory().get("/api/v1/bookings")
    found = _token_for_request(request, mine)
    assert found is not None and found.user == world.lead_a
    assert _token_for_request(request, mine) is found  # the same request: not read again
    other = _token_for_request(request, theirs)  # another header is never answered from the memo
    assert other is not None and other.user == world.lead_b
    assert _token_for_request(request, "rn_not-a-token") is None


def test_a_kept_api_read_still_refuses_a_token_without_its_scope(world, settings):
    settings.REDIS_URL = "redis://shared.example:6379/0"  # keeping on (tests' cache per worker)
    settings.PRIVATE_PAGE_CACHE_SECONDS = 60
    raw = services.api_token_create(
        actor=world.lead_a, name="library only", scopes=["library:read"]
    ).raw
    for _ in range(2):
        response = Client().get("/api/v1/bookings", **bearer(raw))
        assert response.status_code == 403
        assert response.json()["code"] == "insufficient_scope"
