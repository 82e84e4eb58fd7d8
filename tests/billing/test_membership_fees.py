"""Membership fees: a tier's annual fee, raising a year's invoices in one step (idempotent), the
progress page, reminders then lapsing when unpaid after the terms, and the API."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from recoverynet.billing import services
from recoverynet.billing.models import Invoice, MembershipFee, MembershipFeeRun
from recoverynet.core import domain_events
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.network import renewals
from recoverynet.network.models import Membership
from tests.conftest import sign_in, token_client

pytestmark = pytest.mark.django_db


def _fees(world):
    renewals.tier_fee_set(
        actor=world.coordinator_uk, tier=world.uk_member_tier, annual_fee=Decimal("1000")
    )
    renewals.tier_fee_set(
        actor=world.coordinator_uk, tier=world.uk_non_member_tier, annual_fee=Decimal("250.005")
    )


def _raise(world, capture, year=None):
    with capture(execute=True):
        return services.membership_fee_run_start(
            actor=world.coordinator_uk, network=world.uk, year=year or world.uk.today().year
        )


def test_raising_twice_never_bills_twice(world, django_capture_on_commit_callbacks):
    _fees(world)
    run = _raise(world, django_capture_on_commit_callbacks)
    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.invoiced) == ("done", 2, 2, 2)
    a = MembershipFee.objects.get(membership=world.membership_a).invoice
    assert a.billed_kind == "network.membership" and a.organisation == world.org_a
    assert (a.net_total, a.tax_total, a.gross_total) == (
        Decimal("1000.00"),
        Decimal("200.00"),
        Decimal("1200.00"),
    )
    b = Invoice.objects.get(organisation=world.org_b)
    assert b.net_total == Decimal("250.01")  # half-up to the penny
    again = _raise(world, django_capture_on_commit_callbacks)
    again.refresh_from_db()
    assert (again.total, again.invoiced) == (2, 0)
    assert Invoice.objects.count() == 2 and MembershipFee.objects.count() == 2
    # The task itself is idempotent too.
    assert services.membership_fees_raise(run.pk) == 0


def test_only_coordinators_raise_fees_and_years_are_checked(world):
    for who in (world.consultant_uk, world.lead_a, world.coordinator_ie):
        with pytest.raises(PermissionDenied):
            services.membership_fee_run_start(actor=who, network=world.uk, year=2026)
    with pytest.raises(ApplicationError) as exc:
        services.membership_fee_run_start(actor=world.coordinator_uk, network=world.uk, year=1999)
    assert exc.value.field == "year"
    with pytest.raises(ApplicationError):
        renewals.tier_fee_set(
            actor=world.coordinator_uk, tier=world.uk_member_tier, annual_fee=Decimal("-1")
        )
    with pytest.raises(PermissionDenied):
        renewals.tier_fee_set(actor=world.lead_a, tier=world.uk_member_tier, annual_fee=None)
    assert not MembershipFeeRun.objects.exists()


def test_unpaid_fee_reminds_then_lapses_once(world, django_capture_on_commit_callbacks):
    _fees(world)
    _raise(world, django_capture_on_commit_callbacks)
    invoice = MembershipFee.objects.get(membership=world.membership_a).invoice
    services.invoice_mark_paid(
        actor=world.coordinator_uk,
        invoice=Invoice.objects.get(organisation=world.org_b),
        paid_on=world.uk.today(),
        method="bank_transfer",
    )
    lapse_on = invoice.due_on + datetime.timedelta(days=30)
    assert services.membership_renewals(lapse_on - datetime.timedelta(days=15)) == {
        "reminded": 0,
        "lapsed": 0,
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.membership_renewals(lapse_on - datetime.timedelta(days=14))
    assert counts == {"reminded": 1, "lapsed": 0}
    assert [m.to for m in mail.outbox] == [["lead.a@example.org"]]
    assert invoice.number in mail.outbox[0].body
    assert services.membership_renewals(lapse_on - datetime.timedelta(days=1))["reminded"] == 0
    got = []
    domain_events.subscribe("membership.lapsed", got.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert services.membership_renewals(lapse_on) == {"reminded": 0, "lapsed": 1}
    finally:
        domain_events.unsubscribe(got.append)
    membership = Membership.objects.get(pk=world.membership_a.pk)
    assert membership.status == "lapsed" and membership.valid_to == lapse_on
    assert got[0].data == {
        "membership_id": membership.pk,
        "organisation_id": world.org_a.pk,
        "ended_on": lapse_on.isoformat(),
    }
    # Paid: org B stays a member. Running again lapses nothing more.
    assert services.membership_renewals(lapse_on + datetime.timedelta(days=60))["lapsed"] == 0
    assert Membership.objects.get(organisation=world.org_b).status == "active"


def test_membership_fee_pages(world, django_capture_on_commit_callbacks):
    client = sign_in(Client(), world.coordinator_uk)
    page = client.get("/manage/membership-fees/uk/")
    assert page.status_code == 200 and "Raise membership invoices" in page.content.decode()
    saved = client.post(
        f"/manage/membership-fees/uk/tiers/{world.uk_member_tier.pk}/", {"annual_fee": "500"}
    )
    assert saved.status_code == 302
    world.uk_member_tier.refresh_from_db()
    assert world.uk_member_tier.annual_fee == Decimal("500.00")
    bad = client.post("/manage/membership-fees/uk/", {"year": "nope"})
    assert bad.status_code == 400 and "nhsuk-error-summary" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/manage/membership-fees/uk/", {"year": world.uk.today().year})
    assert started.status_code == 302
    status = client.get(started["Location"])
    assert status.status_code == 200 and "1 of 1 membership dealt with" in status.content.decode()
    for role in ("lead_a", "coordinator_ie"):
        assert world.client_for(role).get("/manage/membership-fees/uk/").status_code in (403, 404)
    consultant = world.client_for("consultant_uk")
    assert (
        "Raise membership invoices"
        not in consultant.get("/manage/membership-fees/uk/").content.decode()
    )
    assert consultant.post(
        "/manage/membership-fees/uk/", {"year": world.uk.today().year}
    ).status_code in (403, 400)


def test_membership_fee_api(world, django_capture_on_commit_callbacks):
    api = token_client(world.coordinator_uk)
    tier = world.uk_member_tier
    put = api.put(
        f"/api/v1/networks/uk/tiers/{tier.pk}/fee",
        {"annual_fee": "750.00"},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["annual_fee"] == "750.00"
    year = world.uk.today().year
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(
            "/api/v1/networks/uk/membership-fees", {"year": year}, content_type="application/json"
        )
    assert started.status_code == 202
    run = api.get(f"/api/v1/networks/uk/membership-fees/{started.json()['id']}").json()
    assert run["status"] == "done" and run["invoiced"] == 1
    assert len(api.get("/api/v1/networks/uk/membership-fees").json()) == 1
    lead = token_client(world.lead_a)
    assert (
        lead.post(
            "/api/v1/networks/uk/membership-fees", {"year": year}, content_type="application/json"
        ).status_code
        == 403
    )
    assert lead.get("/api/v1/networks/uk/membership-fees").status_code == 403
    bad = api.put(
        f"/api/v1/networks/uk/tiers/{tier.pk}/fee",
        {"annual_fee": "-5"},
        content_type="application/json",
    )
    assert bad.status_code == 422
