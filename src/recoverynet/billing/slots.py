"""What billing adds to the shared pages (`core.slots`): the link to an organisation's statement, for
its recovery lead (and administrators), on the organisation's page and on "My organisations".

The network team reaches statements from the network's invoice list instead: telling whether a team
member's networks reach an organisation costs a query, and these pages pin their query counts."""

from __future__ import annotations

from django.urls import reverse

from recoverynet.core import slots
from recoverynet.core.slots import SlotContext
from recoverynet.network import access as network_access

from . import access, selectors


def _to_pay(ctx: SlotContext) -> list[slots.Thing]:
    from recoverynet.core.money import format_money

    return [
        slots.Thing(
            f"Invoice {invoice.number}: {format_money(invoice.outstanding, invoice.currency)} to pay",
            reverse("billing:invoice-detail", args=[invoice.public_id]),
            f"Due {invoice.due_on.day} {invoice.due_on:%B %Y}",
        )
        for invoice in selectors.invoices_to_pay(actor=ctx.user)
    ]


def _statement_url(ctx: SlotContext) -> str:
    return reverse("billing:organisation-statement", args=[ctx.organisation.slug])


def _sees_statement(ctx: SlotContext) -> bool:
    # Both answered from the request's cached roles (no query).
    return network_access.is_admin(ctx.user) or access.is_lead_of(ctx.user, ctx.organisation.pk)


def register() -> None:
    slots.contribute_things(
        key="billing.to-pay", heading="Invoices to pay", order=40, things=_to_pay
    )
    slots.contribute(
        "organisation_page",
        key="billing.statement",
        order=40,
        label="Statement of invoices",
        url=_statement_url,
        visible=_sees_statement,
    )
    slots.contribute(
        "my_organisations",
        key="billing.statement",
        order=40,
        label="Statement of invoices",
        url=_statement_url,
        # The row is the person's own affiliation: their cached roles answer it without a query.
        visible=lambda ctx: access.is_lead_of(ctx.user, ctx.organisation.pk),
    )
