"""Oxford Recovery College's 5-day package, running now, and six months of consultants' capacity
(next month over-committed)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from recoverynet.network.models import Network

from .. import services
from ..arithmetic import add_months
from ..models import InvoicingMode, SessionState
from .common import agree, create, orgs, session


def oxford(lead: Any, uk: Network, sam: Any, rosa: Any, tom: Any) -> int:
    today = uk.today()
    oxford = create(
        lead,
        uk,
        kind="day_package",
        title="Oxford Recovery College: bespoke package",
        summary="Assets and expectations; co-production; sustaining and growing the college; team resilience.",
        starts_on=today - datetime.timedelta(days=75),
        ends_on=today + datetime.timedelta(days=100),
        organisations=orgs("oxford-recovery-college"),
        lead_consultant=tom,
        team=[(rosa, "Co-production"), (sam, "Team resilience")],
        challenges=[2, 4, 10],
        invoicing=InvoicingMode.ON_AGREEMENT,
        fee_net=Decimal("4500"),
        client_contact_name="Helen Marsh",
        days=Decimal("5"),
    )
    if oxford is None:
        return 0
    agree(lead, oxford)
    session(
        lead,
        oxford,
        tom,
        today - datetime.timedelta(days=60),
        "1",
        place="Oxford",
        attended_staff=9,
        attended_lived_experience=6,
    )
    session(lead, oxford, rosa, today - datetime.timedelta(days=20), "1", place="Oxford")
    session(
        lead,
        oxford,
        tom,
        add_months(today, 1) + datetime.timedelta(days=6),
        "1",
        state=SessionState.PLANNED,
        place="Oxford",
    )
    session(
        lead,
        oxford,
        sam,
        add_months(today, 2) + datetime.timedelta(days=9),
        "1",
        state=SessionState.PLANNED,
        place="Oxford",
    )
    org = oxford.clients.first()
    if org is not None:
        services.output_plan_start(
            actor=lead,
            engagement=oxford,
            organisation_id=org.organisation_id,
            title="Oxford Recovery College: next steps",
        )
    services.output_add(
        actor=lead,
        engagement=oxford,
        kind="strategy",
        title="Plans for quality assurance and evaluation",
        text="",
    )
    services.output_add(
        actor=lead,
        engagement=oxford,
        kind="other",
        title="An alliance with a sister service",
        text="",
    )
    return 1


def capacity(lead: Any, uk: Network, people: list[Any]) -> None:
    """Six months for each consultant; next month Tom is away most of it (over-committed)."""
    this_month = uk.today().replace(day=1)
    for n in range(6):
        month = add_months(this_month, n)
        for user in people:
            available, leave = Decimal("8"), Decimal("0")
            if n == 1 and user.email.startswith("consultant.colleges"):
                available, leave = Decimal("4"), Decimal("3.5")
            services.consultant_month_set(
                actor=lead,
                network=uk,
                consultant=user,
                month=month,
                available_days=available,
                leave_days=leave,
            )
