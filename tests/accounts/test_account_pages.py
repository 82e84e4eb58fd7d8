import json

import pytest
from django.test import Client

from recoverynet.accounts import services
from recoverynet.accounts.models import ApiToken, User
from recoverynet.core import tokens
from recoverynet.core.models import AuditEntry
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_profile_edit(world):
    client = sign_in(Client(), world.staff_a)
    response = client.post(
        "/me/", {"full_name": "Dana Staff", "preferred_name": "Dee", "job_title": "Nurse"}
    )
    assert response.status_code == 302
    world.staff_a.refresh_from_db()
    assert (world.staff_a.full_name, world.staff_a.preferred_name) == ("Dana Staff", "Dee")
    assert AuditEntry.objects.filter(
        action="accounts.profile.updated", object_id=str(world.staff_a.pk)
    ).exists()


def test_profile_rejects_missing_name_and_overlong_values(world):
    client = sign_in(Client(), world.staff_a)
    response = client.post("/me/", {"full_name": "", "job_title": "x" * 151})
    assert response.status_code == 400
    body = response.content.decode()
    assert "nhsuk-error-summary" in body and 'href="#id_full_name"' in body
    world.staff_a.refresh_from_db()
    assert world.staff_a.full_name == "Staff.A"


def test_profile_needs_sign_in(client):
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_perspective_is_optional_and_never_audited_in_clear(world):
    client = sign_in(Client(), world.staff_a)
    assert client.post("/me/perspective/", {"perspective": "lived_experience"}).status_code == 302
    world.staff_a.refresh_from_db()
    assert world.staff_a.perspective == "lived_experience"
    entry = AuditEntry.objects.get(action="accounts.perspective.updated")
    assert "lived_experience" not in json.dumps(entry.changes)
    assert client.post("/me/perspective/", {"perspective": ""}).status_code == 302
    world.staff_a.refresh_from_db()
    assert world.staff_a.perspective == ""


def test_perspective_rejects_unknown_values(world):
    client = sign_in(Client(), world.staff_a)
    response = client.post("/me/perspective/", {"perspective": "patient"})
    assert response.status_code == 400
    world.staff_a.refresh_from_db()
    assert world.staff_a.perspective == ""


def test_perspective_not_shown_on_public_pages(world):
    services.perspective_set(actor=world.lead_a, user=world.lead_a, perspective="family_carer")
    coordinator = sign_in(Client(), world.coordinator_uk)
    body = coordinator.get(f"/organisations/{world.org_a.slug}/people/").content.decode()
    assert "carer" not in body.lower()


def test_api_token_create_shown_once_then_hashed(world):
    client = sign_in(Client(), world.staff_a)
    response = client.post("/me/tokens/", {"name": "Reports"})
    raw = response.context["new_token"]
    assert raw.startswith("rn_") and raw in response.content.decode()
    token = ApiToken.objects.get(user=world.staff_a)
    assert raw not in (token.token_hash, token.prefix) and token.token_hash == tokens.digest(raw)
    listing = client.get("/me/tokens/").content.decode()
    assert raw not in listing and token.prefix in listing


def test_api_token_revoke_and_other_peoples_tokens(world):
    created = services.api_token_create(actor=world.staff_a, name="Mine")
    other = sign_in(Client(), world.lead_a)
    assert other.post(f"/me/tokens/{created.token.pk}/revoke/").status_code == 404
    owner = sign_in(Client(), world.staff_a)
    assert owner.post(f"/me/tokens/{created.token.pk}/revoke/").status_code == 302
    assert services.api_token_authenticate(created.raw) is None


def test_api_token_bad_input(world):
    client = sign_in(Client(), world.staff_a)
    response = client.post("/me/tokens/", {"name": "", "expires_at": "yesterday"})
    assert response.status_code == 400
    assert ApiToken.objects.count() == 0
    response = client.post("/me/tokens/", {"name": "Old", "expires_at": "2001-01-01 00:00"})
    assert response.status_code == 400 and "future" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_token_limit(world):
    for i in range(services.MAX_ACTIVE_TOKENS):
        services.api_token_create(actor=world.staff_a, name=f"t{i}")
    client = sign_in(Client(), world.staff_a)
    response = client.post("/me/tokens/", {"name": "one too many"})
    assert response.status_code == 400 and "at most" in response.content.decode()


def test_download_my_data(world, settings, tmp_path):
    """Prepared in the background from the personal-data map (issue #16), then downloaded."""
    settings.MEDIA_ROOT = tmp_path
    client = sign_in(Client(), world.staff_a)
    assert "Prepare my data" in client.get("/me/data/").content.decode()
    assert client.post("/me/data/").status_code == 302
    page = client.get("/me/data/").content.decode()
    assert "Your data is ready" in page
    export = world.staff_a.data_exports.get()
    response = client.get(f"/me/data/{export.public_id}/json/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.loads(b"".join(response.streaming_content))
    (account,) = [s for s in data["sections"] if s["record_type"] == "accounts.User"]
    assert account["records"][0]["email"] == "staff.a@example.org"
    assert "password" not in account["records"][0]
    pdf = client.get(f"/me/data/{export.public_id}/pdf/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # Nobody else can download it.
    other = sign_in(Client(), world.lead_a)
    assert other.get(f"/me/data/{export.public_id}/json/").status_code == 404


def test_close_account_erases_personal_data(world):
    client = sign_in(Client(), world.staff_a)
    assert client.post("/me/close/", {}).status_code == 400
    response = client.post("/me/close/", {"confirm": "on"})
    assert response.status_code == 302
    user = User.objects.get(pk=world.staff_a.pk)
    assert not user.is_active and user.full_name == "" and user.email.endswith("@erased.invalid")
    assert client.get("/me/").status_code == 302
