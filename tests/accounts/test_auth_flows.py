"""Sign-up, e-mail verification, sign-in, throttling, password reset, MFA and session expiry."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from recoverynet.accounts.middleware import SESSION_STARTED_KEY
from recoverynet.accounts.models import User
from recoverynet.core.models import OutboxMessage
from recoverynet.network import services as network_services
from recoverynet.network.models import NetworkRoleKind, Participant
from tests.conftest import PASSWORD, make_user, totp_code

pytestmark = pytest.mark.django_db


def _signup(client, email="new@example.org", network="uk", **extra):
    data = {"email": email, "password1": PASSWORD, "password2": PASSWORD, "full_name": "New Person"}
    if network:
        data["network"] = network
    data.update(extra)
    return client.post("/accounts/signup/", data)


def test_self_registration_joins_the_chosen_network_and_needs_email_verification(world, client):
    response = _signup(client, network=str(world.uk.pk))
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.full_name == "New Person"
    assert Participant.objects.filter(user=user, network=world.uk, joined_via="self").exists()
    # Verification goes through the outbox, with a plain-text part.
    message = OutboxMessage.objects.filter(to=["new@example.org"]).latest("created_at")
    assert "confirm" in message.body_text.lower()
    # Cannot sign in before verifying.
    c2 = Client()
    c2.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in c2.session
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", message.body_text).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else "/" + link.split("/", 3)[3]
    confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    # Confirming lands on "Your things" (signed in by the confirmation), not on the profile form.
    assert confirmed["Location"] == "/me/things/"


def test_cannot_choose_an_invitation_only_network(world, client):
    response = _signup(client, network=str(world.ie.pk))
    assert response.status_code == 200
    assert "from the list" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_signup_closed_when_no_network_allows_it(world, client):
    network_services.network_update(actor=world.admin, network=world.uk, self_registration=False)
    response = client.get("/accounts/signup/")
    assert "closed" in response.content.decode().lower()
    _signup(client, network=str(world.uk.pk))
    assert not User.objects.filter(email="new@example.org").exists()


def test_bad_signup_input_names_the_field_and_writes_nothing(world, client):
    response = _signup(
        client, email="not-an-email", network=str(world.uk.pk), password2="different-pass-1"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in body
    assert User.objects.count() == User.objects.exclude(email="not-an-email").count()


def test_invitation_lets_someone_sign_up_to_a_closed_network(world, client):
    network_services.invitation_create(
        actor=world.coordinator_ie, network=world.ie, email="invitee@example.org"
    )
    body = OutboxMessage.objects.filter(to=["invitee@example.org"]).get().body_text
    path = re.search(r"/invitations/[^/\s]+/", body).group(0)
    assert client.get(path).status_code == 200
    response = _signup(client, email="invitee@example.org", network="")
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="invitee@example.org")
    assert Participant.objects.filter(user=user, network=world.ie, joined_via="invitation").exists()


def test_sign_in_and_out(world):
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "lead.a@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/me/").status_code == 302


def test_repeated_failed_logins_are_throttled(world):
    client = Client()
    for _ in range(5):
        client.post(
            "/accounts/login/", {"login": "lead.a@example.org", "password": "wrong-password"}
        )
    # Even the right password is refused while the account is throttled.
    response = client.post(
        "/accounts/login/", {"login": "lead.a@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "too many" in response.content.decode().lower()


def test_password_reset_by_email(world):
    client = Client()
    client.post("/accounts/password/reset/", {"email": "lead.a@example.org"})
    message = OutboxMessage.objects.filter(to=["lead.a@example.org"]).latest("created_at")
    path = re.search(r"/accounts/password/reset/key/\S+/", message.body_text).group(0)
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_path, {"password1": "a-new-password-42", "password2": "a-new-password-42"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="lead.a@example.org").check_password("a-new-password-42")


def test_team_member_signs_in_with_totp(world):
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "coord.uk@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and "/accounts/2fa/authenticate/" in response["Location"]
    assert "_auth_user_id" not in client.session
    bad = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert bad.status_code == 200 and "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert client.session["_auth_user_id"] == str(world.coordinator_uk.pk)
    assert client.get("/manage/").status_code == 200


def test_team_member_without_mfa_must_set_it_up_before_anything_else(world):
    newcomer = make_user("newteam@example.org")
    network_services.network_role_grant(
        actor=world.admin, network=world.uk, email=newcomer.email, role=NetworkRoleKind.CONSULTANT
    )
    client = Client()
    client.post("/accounts/login/", {"login": newcomer.email, "password": PASSWORD})
    for path in ["/manage/", "/me/", "/directory/", "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/2fa/totp/activate/" in response["Location"]
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["code"] == "mfa_required"
    # Setting up MFA asks for the password again first (OWASP ASVS: re-authenticate before changing MFA).
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert client.get("/manage/").status_code == 200


def test_people_without_team_roles_are_not_forced_into_mfa(world):
    client = Client()
    client.post("/accounts/login/", {"login": "staff.a@example.org", "password": PASSWORD})
    assert client.get("/directory/").status_code == 200


def test_session_expires_after_absolute_lifetime(world, settings):
    settings.RECOVERYNET_SESSION_ABSOLUTE_SECONDS = 60
    client = Client()
    client.post("/accounts/login/", {"login": "staff.a@example.org", "password": PASSWORD})
    assert client.get("/me/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 120
    session.save()
    assert client.get("/me/").status_code == 302


def test_idle_timeout_is_configured(settings):
    # Renewed by accounts.middleware when due, not written on every request (decision 0047);
    # tests/accounts/test_session_refresh.py.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.RECOVERYNET_SESSION_REFRESH_SECONDS <= settings.SESSION_COOKIE_AGE // 2


def test_django_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outbox_used_for_all_account_mail(world, client):
    mail.outbox.clear()
    client.post("/accounts/password/reset/", {"email": "staff.a@example.org"})
    assert OutboxMessage.objects.filter(to=["staff.a@example.org"]).exists()


def test_sign_in_and_mfa_changes_are_audited(world):
    from recoverynet.core.models import AuditEntry

    client = Client()
    client.post("/accounts/login/", {"login": "staff.a@example.org", "password": PASSWORD})
    assert AuditEntry.objects.filter(
        action="accounts.user.signed_in", object_id=str(world.staff_a.pk)
    ).exists()
    client.post("/accounts/login/", {"login": "staff.a@example.org", "password": "wrong"})
    client.post("/accounts/logout/")
    assert AuditEntry.objects.filter(action="accounts.user.signed_out").exists()
