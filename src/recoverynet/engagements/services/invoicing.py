"""Engagement fees through billing: the whole fee on agreement, a milestone's fee when reached,
or the days used at the day rate. Billing numbers and keeps the invoices; nothing here depends on
bookings. Each part is invoiced once (a timestamp on the engagement, milestone or session)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.billing import services as billing
from recoverynet.billing.models import Invoice
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError

from ..arithmetic import days_text
from ..models import Engagement, InvoicingMode, Milestone, Session, SessionState
from .common import engagement_url, require_manager


def _bill_to(engagement: Engagement) -> str:
    lines = [c.organisation.name for c in engagement.clients.select_related("organisation")[:1]]
    if engagement.client_contact_name:
        contact = engagement.client_contact_name
        if engagement.client_contact_email:
            contact += f" <{engagement.client_contact_email}>"
        lines.append(contact)
    return "\n".join(lines)


def _issue(actor: Actor, engagement: Engagement, lines: list[billing.Line]) -> Invoice:
    first = engagement.clients.select_related("organisation").first()
    return billing.invoice_issue(
        actor=actor,
        network=engagement.network,
        billed=billing.BilledItem(
            obj=engagement, label=engagement.title, url=engagement_url(engagement)
        ),
        lines=lines,
        bill_to=_bill_to(engagement),
        organisation=first.organisation if first else None,
        purchase_order=engagement.purchase_order,
    )


def _line(
    engagement: Engagement, description: str, net: Decimal, item_ref: int | None = None
) -> billing.Line:
    network = engagement.network
    return billing.Line.priced(
        description=description,
        net=net,
        tax_rate=network.tax_rate_on(network.today()),
        currency=network.currency,
        item_ref=item_ref,
    )


def invoice_fee(*, actor: Actor, engagement: Engagement) -> Invoice:
    """Called inside the agreeing transaction (the engagement row is locked)."""
    if engagement.agreement_invoiced_at is not None:
        raise ApplicationError("already_invoiced", "The fee is already invoiced.", status=409)
    invoice = _issue(
        actor,
        engagement,
        [_line(engagement, f"{engagement.title}: agreed fee", engagement.fee_net)],
    )
    engagement.agreement_invoiced_at = timezone.now()
    engagement.save(update_fields=["agreement_invoiced_at", "updated_at"])
    return invoice


def invoice_milestone(*, actor: Actor, engagement: Engagement, milestone: Milestone) -> Invoice:
    """Called inside the milestone's locked transaction."""
    invoice = _issue(
        actor,
        engagement,
        [
            _line(
                engagement,
                f"{engagement.title}: {milestone.title}",
                milestone.fee_net,
                milestone.pk,
            )
        ],
    )
    milestone.invoiced_at = timezone.now()
    milestone.save(update_fields=["invoiced_at", "updated_at"])
    return invoice


@transaction.atomic
def days_invoice(*, actor: Actor, engagement: Engagement) -> Invoice:
    """Invoice every delivered session not invoiced yet, at the day rate (one line each)."""
    require_manager(actor, engagement)
    engagement = (
        Engagement.objects.select_for_update().select_related("network").get(pk=engagement.pk)
    )
    if engagement.invoicing != InvoicingMode.PER_DAY:
        raise ApplicationError(
            "not_per_day", "This engagement is not invoiced per day used.", status=409
        )
    sessions = list(
        Session.objects.filter(
            engagement=engagement, state=SessionState.DELIVERED, invoiced_at__isnull=True
        ).order_by("on")
    )
    if not sessions:
        raise ApplicationError(
            "nothing_to_invoice", "There are no days to invoice yet.", status=409
        )
    lines = [
        _line(
            engagement,
            f"{engagement.title}: {days_text(s.days)} day{'s' if s.days != 1 else ''} on {s.on:%-d %B %Y}",
            (engagement.day_rate_net * s.days).quantize(Decimal("0.01")),
            s.pk,
        )
        for s in sessions
    ]
    invoice = _issue(actor, engagement, lines)
    Session.objects.filter(pk__in=[s.pk for s in sessions]).update(invoiced_at=timezone.now())
    audit.record(
        actor=actor,
        action="engagements.days.invoiced",
        obj=engagement,
        changes={"invoice": invoice.number, "sessions": len(sessions)},
    )
    return invoice
