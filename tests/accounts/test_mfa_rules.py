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
