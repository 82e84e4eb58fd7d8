"""A tier's annual fee is set where tiers are edited (the network's tier pages and API) as well as on
billing's fee pages: one value (`MembershipTier.annual_fee`), one rule (`renewals.clean_annual_fee`),
one audit action for a fee change (`network.tier.fee_set`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.network import services
from recoverynet.network.models import MembershipTier
from tests.conftest import World, token_client

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def test_add_a_tier_with_its_fee_on_the_page(world: World) -> None:
    client = world.client_for("coordinator_uk")
    page = body(client.get("/manage/uk/tiers/add/"))
    assert "Annual membership fee before tax, in GBP" in page
    response = client.post(
        "/manage/uk/tiers/add/",
        {"name": "Associate", "member_rates": "on", "description": "", "annual_fee": "450.50"},
    )
    assert response.status_code == 302
    tier = MembershipTier.objects.get(network=world.uk, slug="associate")
    assert tier.annual_fee == Decimal("450.50")
    entry = AuditEntry.objects.get(action="network.tier.created", object_id=str(tier.pk))
    assert entry.changes["annual_fee"] == "450.50" and entry.changes["currency"] == "GBP"
    manage = body(client.get("/manage/uk/"))
    assert "annual fee £450.50 before tax" in manage
    assert f"/manage/uk/tiers/{tier.pk}/edit/" in manage


def test_change_a_tier_and_its_fee_on_the_page(world: World) -> None:
    tier = world.uk_member_tier
    client = world.client_for("coordinator_uk")
    url = f"/manage/uk/tiers/{tier.pk}/edit/"
    assert tier.name in body(client.get(url))
    response = client.post(
        url, {"name": "Member site", "member_rates": "on", "description": "", "annual_fee": "900"}
    )
    assert response.status_code == 302
    tier.refresh_from_db()
    assert tier.annual_fee == Decimal("900.00") and tier.name == "Member site"
    fee = AuditEntry.objects.get(action="network.tier.fee_set", object_id=str(tier.pk))
    assert fee.changes["annual_fee"] == ["None", "900.00"]
    # The billing fee page shows the same value: one source of truth.
    billing = body(client.get("/manage/membership-fees/uk/"))
    assert "£900.00" in billing
    # Clearing it on the tier page clears it for billing too.
    client.post(url, {"name": "Member site", "member_rates": "on", "annual_fee": ""})
    tier.refresh_from_db()
    assert tier.annual_fee is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Enter a fee of 0 or more."),
        ("12.345", "at most 2 decimal places"),
        ("abc", "Enter the fee as a number"),
        ("100000000", "less than 100,000,000"),
        ("NaN", "Enter the fee as a number"),
    ],
)
def test_bad_fees_are_refused_on_the_page(world: World, value: str, message: str) -> None:
    tier = world.uk_member_tier
    client = world.client_for("coordinator_uk")
    response = client.post(
        f"/manage/uk/tiers/{tier.pk}/edit/",
        {"name": "Changed name", "member_rates": "on", "annual_fee": value},
    )
    assert response.status_code == 400 and message in body(response)
    tier.refresh_from_db()
    assert tier.annual_fee is None and tier.name != "Changed name"
    assert not AuditEntry.objects.filter(
        action__in=["network.tier.updated", "network.tier.fee_set"]
    ).exists()


def test_the_service_refuses_a_fee_in_another_currency(world: World) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.tier_update(
            actor=world.coordinator_uk,
            tier=world.uk_member_tier,
            name="Member",
            member_rates=True,
            annual_fee=Decimal("10"),
            currency="EUR",
        )
    assert exc.value.field == "currency"
    with pytest.raises(ApplicationError) as exc:
        services.tier_create(
            actor=world.coordinator_uk,
            network=world.uk,
            name="Friends",
            member_rates=False,
            annual_fee=Decimal("-0.01"),
        )
    assert exc.value.field == "annual_fee"
    assert not MembershipTier.objects.filter(name="Friends").exists()


def test_others_cannot_set_a_fee(world: World) -> None:
    for role in ("coordinator_ie", "lead_a"):
        with pytest.raises(ApplicationError):
            services.tier_update(
                actor=getattr(world, role),
                tier=world.uk_member_tier,
                name="X",
                member_rates=True,
                annual_fee=Decimal("1"),
            )
    world.uk_member_tier.refresh_from_db()
    assert world.uk_member_tier.annual_fee is None


def test_tier_api_sets_the_fee(world: World) -> None:
    client = token_client(world.coordinator_uk)
    made = client.post(
        "/api/v1/networks/uk/tiers",
        {"name": "Associate", "member_rates": False, "annual_fee": "300", "currency": "GBP"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["annual_fee"] == "300.00" and made.json()["currency"] == "GBP"
    tier_id = made.json()["id"]
    patched = client.patch(
        f"/api/v1/networks/uk/tiers/{tier_id}",
        {"annual_fee": "325.5"},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["annual_fee"] == "325.50"
    assert patched.json()["name"] == "Associate" and patched.json()["member_rates"] is False
    cleared = client.patch(
        f"/api/v1/networks/uk/tiers/{tier_id}",
        {"annual_fee": None},
        content_type="application/json",
    )
    assert cleared.status_code == 200 and cleared.json()["annual_fee"] is None
    wrong = client.patch(
        f"/api/v1/networks/uk/tiers/{tier_id}",
        {"annual_fee": "5", "currency": "EUR"},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "currency"
    negative = client.patch(
        f"/api/v1/networks/uk/tiers/{tier_id}",
        {"annual_fee": "-5"},
        content_type="application/json",
    )
    assert negative.status_code == 422 and negative.json()["errors"][0]["field"] == "annual_fee"
    null_name = client.patch(
        f"/api/v1/networks/uk/tiers/{tier_id}", {"name": None}, content_type="application/json"
    )
    assert null_name.status_code == 422
    assert MembershipTier.objects.get(pk=tier_id).annual_fee is None
    # The public list shows every tier's fee, with the network's currency.
    public = client.get("/api/v1/networks/uk/tiers").json()
    assert {t["name"]: t["annual_fee"] for t in public}["Associate"] is None
    # Another network's coordinator and a member cannot change it; nor reach another network's tier.
    for user in (world.coordinator_ie, world.lead_a):
        refused = token_client(user).patch(
            f"/api/v1/networks/uk/tiers/{tier_id}",
            {"annual_fee": "1"},
            content_type="application/json",
        )
        assert refused.status_code in (403, 404)
    other = token_client(world.coordinator_ie).patch(
        f"/api/v1/networks/ie/tiers/{tier_id}", {"annual_fee": "1"}, content_type="application/json"
    )
    assert other.status_code == 404
