"""allauth's choice fields use the NHS classes: "radios" and "checkboxes". The e-mail addresses page
rendered "nhsuk-radioes", which styled nothing, and a long address in an unstyled label overflowed a
320 px screen (found by the crawl for lead.nottingham)."""

import pytest
from django.test import Client

from tests.conftest import make_user, sign_in

pytestmark = pytest.mark.django_db


def test_the_email_addresses_page_renders_nhs_radios(world):
    person = make_user("a.rather.long.address.for.a.phone@nottinghamshire.example")
    page = sign_in(Client(), person).get("/accounts/email/")
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        'class="nhsuk-radios__input"' in html and 'class="nhsuk-label nhsuk-radios__label"' in html
    )
    assert "radioes" not in html
