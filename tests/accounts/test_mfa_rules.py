"""People whose role needs MFA cannot turn it off, and the forced set-up page says why (issue #9)."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from recoverynet.network import services as network_services
from recoverynet.network.models import NetworkRoleKind
from tests.conftest import PASSWORD, make_user, totp_code

pytestmark = pytest.mark.django_db


def _sign_in_with_totp(email: str) -> Client:
    client = Client()
    client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert "_auth_user_id" in client.session
    # Changing MFA asks for the password again first.
    response = client.get("/accounts/2fa/totp/deactivate/")
    if response.status_code == 302 and "reauthenticate" in response["Location"]:
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


def test_a_network_team_member_cannot_turn_off_their_authenticator_app(world):
    client = _sign_in_with_totp(world.coordinator_uk.email)
    page = client.get("/accounts/2fa/totp/deactivate/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Because you are on a network team, you cannot turn off" in body
    assert 'type="submit"' not in body.split("mfa-why", 1)[1]
    response = client.post("/accounts/2fa/totp/deactivate/", {})
    assert response.status_code == 200
    assert Authenticator.objects.filter(
        user=world.coordinator_uk, type=Authenticator.Type.TOTP
    ).exists()
    assert "cannot turn off your authenticator app" in response.content.decode()


def test_an_administrator_cannot_turn_it_off_either(world):
    client = _sign_in_with_totp(world.admin.email)
    client.post("/accounts/2fa/totp/deactivate/", {})
    assert Authenticator.objects.filter(user=world.admin, type=Authenticator.Type.TOTP).exists()


def test_someone_without_a_team_role_may_turn_it_off(world):
    person = make_user("careful@example.org", mfa=True)
    client = _sign_in_with_totp(person.email)
    response = client.post("/accounts/2fa/totp/deactivate/", {})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_forced_set_up_page_explains_why(world):
    newcomer = make_user("newteam@example.org")
    network_services.network_role_grant(
        actor=world.admin, network=world.uk, email=newcomer.email, role=NetworkRoleKind.EDITOR
    )
    client = Client()
    client.post("/accounts/login/", {"login": newcomer.email, "password": PASSWORD})
    redirect = client.get("/manage/")["Location"]
    assert "/accounts/2fa/totp/activate/" in redirect
    reauth = client.get(redirect)
    if reauth.status_code == 302:  # the password is asked for again first
        client.post(reauth["Location"], {"password": PASSWORD})
    page = client.get(redirect).content.decode()
    assert "Because you are on a network team, you need to set up an authenticator app" in page


def test_people_who_chose_mfa_themselves_see_no_reason(world):
    person = make_user("optional@example.org")
    client = Client()
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302:
        client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    assert "Set up an authenticator app" in page and "Because you" not in page


def _code_for(secret: str) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_team_member_replaces_their_authenticator_app(world):
    from recoverynet.accounts.authenticator import NEW_SECRET_SESSION_KEY
    from recoverynet.core.models import AuditEntry
    from tests.conftest import TOTP_SECRET

    client = _sign_in_with_totp(world.coordinator_uk.email)
    page = client.get("/me/authenticator/replace/")
    assert page.status_code == 200
    assert "Replace your authenticator app" in page.content.decode()
    secret = client.session[NEW_SECRET_SESSION_KEY]
    # A wrong code changes nothing and says what to do.
    bad = client.post("/me/authenticator/replace/", {"code": "000000"})
    assert bad.status_code == 400 and "The code is not right" in bad.content.decode()
    old = Authenticator.objects.get(user=world.coordinator_uk, type=Authenticator.Type.TOTP)
    assert old.data["secret"] == TOTP_SECRET  # still the old app
    # The right code from the new app swaps it.
    response = client.post("/me/authenticator/replace/", {"code": _code_for(secret)})
    assert response.status_code == 302
    totps = Authenticator.objects.filter(user=world.coordinator_uk, type=Authenticator.Type.TOTP)
    assert totps.count() == 1 and totps.get().pk != old.pk
    from allauth.mfa.totp.internal.auth import TOTP

    assert TOTP(totps.get()).validate_code(_code_for(secret))
    assert not TOTP(totps.get()).validate_code(_code_for(TOTP_SECRET))  # the old app is gone
    assert AuditEntry.objects.filter(action="accounts.mfa.replaced").exists()


def test_replace_needs_an_existing_app_and_a_signed_in_person(world):
    assert Client().get("/me/authenticator/replace/").status_code == 302
    person = make_user("noapp@example.org")
    client = Client()
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    response = client.get("/me/authenticator/replace/")
    if "reauthenticate" in response.get("Location", ""):
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        response = client.get("/me/authenticator/replace/")
    assert response.status_code == 302 and "/accounts/2fa/totp/activate/" in response["Location"]
