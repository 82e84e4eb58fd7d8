"""Every allauth e-mail names the site and, where it should, the address (issue #9: "Hello from !")."""

from pathlib import Path

import allauth
import pytest
from allauth.core import context as allauth_context
from django.test import Client, RequestFactory

from recoverynet.accounts.adapters import AccountAdapter
from recoverynet.core.models import OutboxMessage
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TEMPLATES = Path(allauth.__file__).parent / "templates"


def _prefixes() -> list[str]:
    found = []
    for folder in ("account/email", "mfa/email"):
        for path in sorted((TEMPLATES / folder).glob("*_subject.txt")):
            found.append(f"{folder}/{path.name.removesuffix('_subject.txt')}")
    return found


CONTEXT = {
    "user": None,
    "activate_url": "http://testserver/accounts/confirm-email/abc/",
    "password_reset_url": "http://testserver/accounts/password/reset/",
    "signup_url": "http://testserver/accounts/signup/",
    "key": "abc",
    "code": "ABC123",
    "from_email": "old@example.org",
    "to_email": "new@example.org",
    "deleted_email": "old@example.org",
    "ip": "192.0.2.1",
    "user_agent": "Test browser",
    "timestamp": "now",
}


@pytest.mark.parametrize("prefix", _prefixes())
def test_every_account_email_names_the_site(world, prefix, settings):
    settings.SITE_URL = "https://recovery.example.org"
    request = RequestFactory().get("/")
    with allauth_context.request_context(request):
        AccountAdapter(request).send_mail(prefix, "person@example.org", {**CONTEXT})
    message = OutboxMessage.objects.latest("created_at")
    text = message.body_text
    for broken in ("from !", "using !", " on .", "Hello from !"):
        assert broken not in text
    if "Hello from" in text:
        assert "Hello from recoverynet!" in text
        assert "Thank you for using recoverynet!" in text
        assert "recovery.example.org" in text
    assert message.subject.startswith("recoverynet: ")


def test_account_already_exists_names_the_address(world):
    client = Client()
    client.post(
        "/accounts/signup/",
        {
            "email": "lead.a@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "full_name": "Someone",
            "network": str(world.uk.pk),
        },
    )
    message = OutboxMessage.objects.filter(to=["lead.a@example.org"]).latest("created_at")
    assert "already exists" in message.body_text
    assert "lead.a@example.org" in message.body_text
    assert "Hello from recoverynet!" in message.body_text


def test_password_reset_and_unknown_account_emails_name_the_site(world):
    Client().post("/accounts/password/reset/", {"email": "staff.a@example.org"})
    Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    for address in ("staff.a@example.org", "nobody@example.org"):
        message = OutboxMessage.objects.filter(to=[address]).latest("created_at")
        assert "Hello from recoverynet!" in message.body_text
        assert "Thank you for using recoverynet!" in message.body_text
    unknown = OutboxMessage.objects.filter(to=["nobody@example.org"]).get().body_text
    assert "nobody@example.org" in unknown
