"""Membership fees: the network team raises a year's membership invoices in one step (a background
task, idempotent: one fee per membership and year), and renewals lapse memberships whose fee is
unpaid after the terms, with a reminder first."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, outbox
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.network import renewals
from recoverynet.network.models import (
    AffiliationRole,
    Membership,
    MembershipStatus,
    Network,
)

from .. import access
from ..models import FeeRunStatus, InvoiceStatus, MembershipFee, MembershipFeeRun
from .invoices import BilledItem, Line, invoice_issue, require_invoice_details


def lapse_after_days() -> int:
    """Days after an unpaid membership invoice is due before the membership lapses."""
    return int(getattr(settings, "RECOVERYNET_MEMBERSHIP_LAPSE_AFTER_DAYS", 30))


def reminder_days() -> int:
    """Days before lapsing that the organisation's recovery leads are reminded."""
    return int(getattr(settings, "RECOVERYNET_MEMBERSHIP_REMINDER_DAYS", 14))


@transaction.atomic
def membership_fee_run_start(*, actor: Actor, network: Network, year: int) -> MembershipFeeRun:
    """Start raising `year`'s membership invoices for the network (coordinators). The work runs in
    the background; the run shows its progress."""
    if not access.can_manage_billing(actor, network.pk):
        raise PermissionDenied("Only a coordinator of this network can raise membership fees.")
    this_year = network.today().year
    if year not in (this_year - 1, this_year, this_year + 1):
        raise ApplicationError(
            "invalid",
            f"Choose {this_year - 1}, {this_year} or {this_year + 1}.",
            field="year",
            status=422,
        )
    require_invoice_details(network)
    run = MembershipFeeRun.objects.create(network=network, year=year, started_by=person(actor))
    audit.record(
        actor=actor, action="billing.membership_fees.started", obj=run, changes={"year": year}
    )
    from ..tasks import raise_membership_fees

    transaction.on_commit(lambda: raise_membership_fees.enqueue(run.pk))
    return run


def _fee_memberships(network: Network) -> list[Membership]:
    return list(
        Membership.objects.filter(
            network=network, status=MembershipStatus.ACTIVE, tier__annual_fee__gt=0
        )
        .select_related("tier", "organisation", "network")
        .order_by("organisation__name", "id")
    )


def _bill_one(membership: Membership, year: int) -> bool:
    """Invoice one membership's fee for the year unless it already has one. True if invoiced."""
    if MembershipFee.objects.filter(membership=membership, year=year).exists():
        return False
    network = membership.network
    tier = membership.tier
    if not tier.annual_fee:
        return False
    try:
        with transaction.atomic():
            invoice = invoice_issue(
                actor=None,
                network=network,
                billed=BilledItem(obj=membership, label=f"Membership {year}: {tier.name}"),
                lines=[
                    Line.priced(
                        description=f"Annual membership fee {year} ({tier.name})",
                        net=tier.annual_fee,
                        tax_rate=network.tax_rate_on(),
                        currency=network.currency,
                    )
                ],
                bill_to=membership.organisation.name,
                organisation=membership.organisation,
            )
            MembershipFee.objects.create(membership=membership, year=year, invoice=invoice)
    except IntegrityError:  # raised at the same time by another run: that one billed it
        return False
    return True


def membership_fees_raise(run_id: int) -> int:
    """The background part of a run: one transaction per membership, so progress shows as it goes
    and a failure half-way leaves every invoice raised so far whole. Safe to run again."""
    run = MembershipFeeRun.objects.select_related("network").get(pk=run_id)
    if run.status == FeeRunStatus.DONE:
        return 0
    memberships = _fee_memberships(run.network)
    MembershipFeeRun.objects.filter(pk=run.pk).update(
        status=FeeRunStatus.RUNNING, total=len(memberships)
    )
    invoiced = 0
    for membership in memberships:
        billed = _bill_one(membership, run.year)
        invoiced += billed
        MembershipFeeRun.objects.filter(pk=run.pk).update(
            done=F("done") + 1, invoiced=F("invoiced") + int(billed)
        )
    MembershipFeeRun.objects.filter(pk=run.pk).update(
        status=FeeRunStatus.DONE, finished_at=timezone.now()
    )
    return invoiced


def _remind(fee: MembershipFee, lapse_on: datetime.date) -> None:
    organisation = fee.membership.organisation
    leads = organisation.affiliations.filter(role=AffiliationRole.RECOVERY_LEAD).select_related(
        "user"
    )
    context: dict[str, Any] = {"fee": fee, "invoice": fee.invoice, "lapse_on": lapse_on}
    outbox.enqueue_each(
        to=[a.user.email for a in leads],
        subject=f"Reminder: membership invoice {fee.invoice.number} is unpaid",
        body_text=render_to_string("billing/email/membership_reminder.txt", context),
    )


def membership_renewals(today: datetime.date | None = None) -> dict[str, int]:
    """Remind, then lapse, memberships whose fee invoice is unpaid after the terms. A scheduled
    job; each fee is reminded once and lapsed once however often it runs."""
    counts = {"reminded": 0, "lapsed": 0}
    fees = MembershipFee.objects.filter(
        lapsed_at__isnull=True,
        invoice__status=InvoiceStatus.ISSUED,
        membership__status=MembershipStatus.ACTIVE,
    ).select_related("invoice", "membership__organisation", "membership__network")
    for fee in fees:
        day = today or fee.membership.network.today()
        lapse_on = fee.invoice.due_on + datetime.timedelta(days=lapse_after_days())
        with transaction.atomic():
            if day >= lapse_on:
                renewals.membership_lapse(
                    actor=None,
                    membership=fee.membership,
                    ended_on=day,
                    reason=f"Invoice {fee.invoice.number} unpaid",
                )
                MembershipFee.objects.filter(pk=fee.pk).update(lapsed_at=timezone.now())
                counts["lapsed"] += 1
            elif fee.reminded_at is None and day >= lapse_on - datetime.timedelta(
                days=reminder_days()
            ):
                _remind(fee, lapse_on)
                MembershipFee.objects.filter(pk=fee.pk).update(reminded_at=timezone.now())
                counts["reminded"] += 1
    return counts
