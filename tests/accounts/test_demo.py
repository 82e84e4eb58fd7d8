"""The demo's account extras: an API token (hashed; the token itself is never kept or shown) and a
finished "Download my data", each made once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recoverynet.accounts.demo import EXPORTED, TOKEN_NAME, TOKEN_OWNER, load_demo
from recoverynet.accounts.models import ApiToken
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import DataExport
from recoverynet.core.privacy import export
from tests.conftest import make_user, sign_in

pytestmark = pytest.mark.django_db


def test_a_token_to_revoke_and_a_finished_copy_of_someones_data(client, capsys):
    assert load_demo() == {"API tokens": 0, "data exports": 0}  # no demo people yet
    owner = make_user(TOKEN_OWNER)
    person = make_user(EXPORTED)
    assert load_demo() == {"API tokens": 1, "data exports": 1}
    token = ApiToken.objects.get(user=owner, name=TOKEN_NAME)
    assert len(token.token_hash) == 64 and token.revoked_at is None
    assert token.scopes == ["read"]
    assert token.prefix not in capsys.readouterr().out  # nothing of it is printed
    made = DataExport.objects.get(person=person)
    assert made.status == DataExport.Status.READY and not made.by_post
    assert load_demo() == {"API tokens": 0, "data exports": 0}
    page = sign_in(client, person).get(reverse("accounts:data-download"))
    assert reverse("accounts:data-export-file", args=[made.public_id, "pdf"]) in (
        page.content.decode()
    )
    tokens = sign_in(client, owner).get(reverse("accounts:api-tokens"))
    assert reverse("accounts:api-token-revoke", args=[token.pk]) in tokens.content.decode()


def test_without_pango_the_demo_still_loads(monkeypatch):
    def no_pango(*args, **kwargs):
        raise ApplicationError("pdf_unavailable", "PDFs need the Pango library.")

    monkeypatch.setattr(export, "render_pdf", no_pango)
    make_user(TOKEN_OWNER)
    person = make_user(EXPORTED)
    assert load_demo() == {"API tokens": 1, "data exports": 0}
    assert DataExport.objects.get(person=person).status == DataExport.Status.FAILED
