"""Reads for invoices, credit notes and statements, scoped to the person asking."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from recoverynet.accounts.actors import Actor, is_person, person
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.core.undo import undo_until, undoable_change
from recoverynet.network import access as network_access
from recoverynet.network.models import MembershipTier, Network, Organisation

from . import access
from .models import ZERO, CreditNote, Invoice, InvoiceStatus, MembershipFeeRun


def invoice_get(*, actor: Actor, public_id: Any) -> Invoice:
    invoice = (
        Invoice.objects.select_related("network", "organisation")
        .prefetch_related("lines", "credit_notes", "billed")
        .filter(public_id=public_id)
        .first()
    )
    if invoice is None or not access.can_view_invoice(actor, invoice):
        raise NotFound("We could not find that invoice.")
    return invoice


def invoices_openable(*, actor: Actor, invoices: Iterable[Invoice]) -> list[Invoice]:
    """Of these invoices (e.g. a booking's), those the person may open: a page that lists them
    links only to these (a delegate or colleague who can see a booking may not see its invoice)."""
    return [invoice for invoice in invoices if access.can_view_invoice(actor, invoice)]


def invoice_payment_undo_until(*, actor: Actor, invoice: Invoice) -> datetime.datetime | None:
    """Until when `actor` may undo the payment just recorded on `invoice` (None: they may not)."""
    if invoice.status != InvoiceStatus.PAID or not access.can_manage_billing(
        actor, invoice.network_id
    ):
        return None
    entry = undoable_change(invoice, "billing.invoice.paid")
    return undo_until(entry) if entry else None


def credit_note_get(*, actor: Actor, public_id: Any) -> CreditNote:
    note = (
        CreditNote.objects.select_related("invoice__network", "network")
        .prefetch_related("lines")
        .filter(public_id=public_id)
        .first()
    )
    if note is None or not access.can_view_invoice(actor, note.invoice):
        raise NotFound("We could not find that credit note.")
    return note


def invoices_for_person(*, actor: Actor) -> QuerySet[Invoice]:
    """Invoices made out to the person themselves (e.g. for bookings they made)."""
    if not is_person(actor):
        return Invoice.objects.none()
    return (
        Invoice.objects.filter(person=person(actor))
        .select_related("network", "organisation")
        .order_by("-issued_at")
    )


def invoices_for_organisation(*, actor: Actor, organisation: Any) -> QuerySet[Invoice]:
    """The organisation's invoices the person may see (the statement's rule)."""
    networks = access.statement_network_ids(actor, organisation)
    if networks == frozenset():
        raise PermissionDenied()
    qs = Invoice.objects.filter(organisation=organisation)
    if networks is not None:
        qs = qs.filter(network_id__in=networks)
    return qs.select_related("network", "organisation").order_by("-issued_at")


# What a row of the invoices table shows (billing/includes/invoices_table.html), and no more.
INVOICE_TABLE_FIELDS = (
    *("public_id", "number", "issued_on", "billed_url", "billed_label", "gross_total"),
    *("currency", "status", "due_on", "paid_on"),
)


def invoice_table_rows(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """`invoices` (from this module) with only what the invoices table shows."""
    return invoices.select_related(None).only(*INVOICE_TABLE_FIELDS)


def invoices_visible(*, actor: Actor) -> list[Invoice]:
    """Every invoice the person may see as a customer: their own and their organisations' (as
    recovery lead), newest first. For the API list."""
    invoices = {
        i.pk: i for i in invoices_for_person(actor=actor).prefetch_related("credit_notes", "billed")
    }
    lead_of = [
        org_id for org_id in network_access.roles(actor).orgs if access.is_lead_of(actor, org_id)
    ]
    for invoice in (
        Invoice.objects.filter(organisation_id__in=lead_of)
        .select_related("network", "organisation")
        .prefetch_related("credit_notes", "billed")
    ):
        invoices[invoice.pk] = invoice
    return sorted(invoices.values(), key=lambda i: i.issued_at, reverse=True)


def invoices_to_pay(*, actor: Actor) -> list[Invoice]:
    """Issued invoices with money still owed, that the person pays (their own, or their
    organisation's as recovery lead), soonest due first ("Your things"). Two queries."""
    if not is_person(actor):
        return []
    lead_of = [
        org_id for org_id in network_access.roles(actor).orgs if access.is_lead_of(actor, org_id)
    ]
    invoices = (
        Invoice.objects.filter(status=InvoiceStatus.ISSUED)
        .filter(Q(person=person(actor)) | Q(organisation_id__in=lead_of))
        .select_related("network")
        .prefetch_related("credit_notes")
        .order_by("due_on")[:20]
    )
    return [i for i in invoices if i.outstanding > ZERO]


def network_invoices(*, actor: Actor, network: Any) -> QuerySet[Invoice]:
    # The same people who can open each invoice: the organisers (coordinators, consultants).
    if not access.is_finance_team(actor, network.pk):
        raise PermissionDenied("Only the network's organisers can see its invoices.")
    return (
        Invoice.objects.filter(network=network)
        .select_related("organisation", "network")
        .prefetch_related("credit_notes")
        .order_by("-sequence_number")
    )


# --- Statements -------------------------------------------------------------------------------------


@dataclass
class CurrencyTotals:
    currency: str
    invoiced: Decimal = ZERO
    credited: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    overdue: Decimal = ZERO


@dataclass
class Statement:
    """An organisation's account: every invoice (with its credit notes), what is unpaid, totals
    per currency (networks bill in their own currency)."""

    organisation: Organisation
    network: Network | None
    invoices: list[Invoice]
    unpaid: list[Invoice]
    totals: list[CurrencyTotals] = field(default_factory=list)


def statement_get(
    *, actor: Actor, organisation: Organisation, network: Network | None = None
) -> Statement:
    """The organisation's statement, for one network or all of them: for its recovery lead, every
    network's invoices; for a network's finance team, only that network's."""
    networks = access.statement_network_ids(actor, organisation)
    if networks is not None and (
        not networks or (network is not None and network.pk not in networks)
    ):
        raise NotFound("We could not find that organisation's statement.")
    qs = (
        Invoice.objects.filter(organisation=organisation)
        .select_related("network")
        .prefetch_related(
            Prefetch("credit_notes", CreditNote.objects.order_by("sequence_number")), "billed"
        )
        .order_by("issued_at", "id")
    )
    if network is not None:
        qs = qs.filter(network=network)
    if networks is not None:  # a network team sees only its own networks' invoices
        qs = qs.filter(network_id__in=networks)
    invoices = list(qs)
    totals: dict[str, CurrencyTotals] = defaultdict(lambda: CurrencyTotals(""))
    unpaid = []
    for invoice in invoices:
        row = totals[invoice.currency]
        row.currency = invoice.currency
        row.invoiced += invoice.gross_total
        row.credited += sum((n.gross_total for n in invoice.credit_notes.all()), ZERO)
        if invoice.status == InvoiceStatus.PAID:
            row.paid += invoice.gross_total
        owed = invoice.outstanding
        if owed:
            unpaid.append(invoice)
            row.outstanding += owed
            if invoice.due_on < invoice.network.today():
                row.overdue += owed
    return Statement(
        organisation=organisation,
        network=network,
        invoices=invoices,
        unpaid=unpaid,
        totals=[totals[c] for c in sorted(totals)],
    )


# --- Membership fees --------------------------------------------------------------------------------


def membership_fee_runs(*, actor: Actor, network: Network) -> QuerySet[MembershipFeeRun]:
    if not access.is_finance_team(actor, network.pk):
        raise PermissionDenied("Only the network's organisers can see membership fees.")
    return MembershipFeeRun.objects.filter(network=network).select_related("started_by")


def membership_fee_run_get(*, actor: Actor, network: Network, run_id: int) -> MembershipFeeRun:
    run = membership_fee_runs(actor=actor, network=network).filter(pk=run_id).first()
    if run is None:
        raise NotFound("We could not find that run.")
    return run


def fee_tiers(*, actor: Actor, network: Network) -> QuerySet[MembershipTier]:
    if not access.is_finance_team(actor, network.pk):
        raise PermissionDenied("Only the network's organisers can see membership fees.")
    return MembershipTier.objects.filter(network=network).order_by("order", "name")
