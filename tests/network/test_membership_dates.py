"""Membership and tax-rate dates that make no sense (year 206, or decades ahead) are refused with a
message on the field, and nothing is written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from recoverynet.core.errors import ApplicationError
from recoverynet.network import services
from recoverynet.network.models import Membership, TaxRate
from tests.conftest import World, token_client

pytestmark = pytest.mark.django_db


def _api(user: object) -> Client:
    return token_client(user)


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            {"valid_from": "0206-01-01"},
            "valid_from",
            "The start date must be on or after 1 January 1900.",
        ),
        (
            {"valid_from": "2026-01-01", "valid_to": "2099-12-31"},
            "valid_to",
            "The end date must be on or before",
        ),
    ],
)
def test_the_api_refuses_senseless_membership_dates(
    world: World, dates: dict[str, str], field: str, message: str
) -> None:
    before = Membership.objects.count()
    response = _api(world.coordinator_uk).post(
        "/api/v1/networks/uk/memberships",
        {"organisation": world.org_ie.slug, "tier": "member-site", **dates},
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    [error] = response.json()["errors"]
    assert error["field"] == field and error["message"].startswith(message)
    assert Membership.objects.count() == before


def test_a_tax_rate_from_year_2099_is_refused(world: World) -> None:
    before = TaxRate.objects.count()
    with pytest.raises(ApplicationError) as caught:
        services.tax_rate_set(
            actor=world.coordinator_uk,
            network=world.uk,
            rate=Decimal("0.2"),
            valid_from=datetime.date(2099, 1, 1),
        )
    assert caught.value.field == "valid_from"
    assert TaxRate.objects.count() == before
