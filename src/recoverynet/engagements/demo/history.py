"""The network's past engagements (network-facts.md): Northern Ireland's project and workshop, the
Nottinghamshire and Norfolk and Suffolk buddying pair, coaching a team in Nottingham."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from recoverynet.network.models import Network

from .. import services
from ..models import InvoicingMode
from .common import agree, close, create, orgs, session


def northern_ireland(lead: Any, uk: Network, sam: Any, rosa: Any) -> int:
    trusts = orgs(
        "belfast-hsct", "northern-hsct", "south-eastern-hsct", "southern-hsct", "western-hsct"
    )
    made = 0
    project = create(
        lead,
        uk,
        kind="programme",
        title="Northern Ireland: recovery across the five trusts",
        summary="An 18-month project with the five Health and Social Care Trusts: Recovery "
        "Colleges, peer support workers, personalisation and choice, outcomes and evaluation.",
        starts_on=datetime.date(2013, 6, 1),
        ends_on=datetime.date(2015, 12, 31),
        organisations=trusts,
        lead_consultant=sam,
        team=[(rosa, "Co-production and peer support")],
        challenges=[1, 3, 5, 7, 9],
        invoicing=InvoicingMode.PER_MILESTONE,
        purchase_order="HSC-2013-0417",
        client_contact_name="Declan Quinn",
        days=Decimal("24"),
    )
    if project is not None:
        made += 1
        phase = services.phase_add(
            actor=lead,
            engagement=project,
            title="Learning sets",
            starts_on=datetime.date(2013, 6, 1),
            ends_on=datetime.date(2014, 9, 30),
        )
        services.phase_add(
            actor=lead,
            engagement=project,
            title="Local implementation",
            starts_on=datetime.date(2014, 10, 1),
            ends_on=datetime.date(2015, 12, 31),
        )
        agree(lead, project)
        first = services.milestone_add(
            actor=lead,
            engagement=project,
            title="Baseline self-assessments in all five trusts",
            due_on=datetime.date(2013, 12, 31),
            fee_net=Decimal("6000"),
            phase=phase,
        )
        services.milestone_add(
            actor=lead,
            engagement=project,
            title="Final report and next steps",
            due_on=datetime.date(2015, 12, 31),
            fee_net=Decimal("6000"),
        )
        day = datetime.date(2013, 9, 10)
        for n in range(22):
            session(
                lead,
                project,
                sam if n % 2 else rosa,
                day + datetime.timedelta(days=28 * n),
                "1",
                place="Belfast",
            )
        services.milestone_reach(
            actor=lead,
            engagement=project,
            milestone_id=first.pk,
            reached_on=datetime.date(2013, 12, 20),
        )
        top_up = services.top_up_request(
            actor=sam,
            engagement=project,
            days=Decimal("3"),
            reason="A third learning set for the Western Trust.",
        )
        services.top_up_approve(actor=lead, engagement=project, top_up_id=top_up.pk)
        session(lead, project, sam, datetime.date(2015, 11, 12), "2", place="Belfast")
        close(lead, project)
    workshop = create(
        lead,
        uk,
        kind="workshop",
        title="Northern Ireland follow-up workshop",
        summary="A one-day workshop with 50 colleagues to review progress and plan the next 3 to 5 years.",
        starts_on=datetime.date(2016, 10, 1),
        ends_on=datetime.date(2016, 10, 31),
        organisations=trusts,
        lead_consultant=sam,
        invoicing=InvoicingMode.ON_AGREEMENT,
        fee_net=Decimal("1200"),
        days=Decimal("1"),
    )
    if workshop is not None:
        made += 1
        agree(lead, workshop)
        session(
            lead,
            workshop,
            sam,
            datetime.date(2016, 10, 18),
            "1",
            place="Belfast",
            attended_staff=30,
            attended_lived_experience=12,
            attended_family_carers=8,
        )
        services.output_add(
            actor=lead,
            engagement=workshop,
            kind="strategy",
            title="Plan for the next 3 to 5 years",
            text="Recovery College, peer support workers, personalisation and choice, outcomes and evaluation.",
        )
        close(lead, workshop)
    return made


def buddying(lead: Any, uk: Network, sam: Any, rosa: Any) -> int:
    pair = create(
        lead,
        uk,
        kind="buddying",
        title="Buddying: Nottinghamshire and Norfolk and Suffolk",
        summary="Norfolk and Suffolk paired with Nottinghamshire after a critical inspection in 2015.",
        starts_on=datetime.date(2015, 10, 1),
        ends_on=datetime.date(2017, 3, 31),
        organisations=orgs("nottinghamshire-healthcare", "norfolk-suffolk"),
        lead_consultant=rosa,
        team=[(sam, "Recovery strategy")],
        challenges=[1, 2],
        days=Decimal("4"),
    )
    if pair is None:
        return 0
    agree(lead, pair)
    for goal in (
        "A trust-wide recovery strategy for Norfolk and Suffolk",
        "A Wellbeing service that works with people, not on them",
    ):
        services.shared_goal_add(actor=lead, engagement=pair, text=goal)
    services.log_entry_add(
        actor=lead,
        engagement=pair,
        on=datetime.date(2016, 3, 9),
        text="Visit to Nottinghamshire's Recovery College.",
    )
    services.log_entry_add(
        actor=lead,
        engagement=pair,
        on=datetime.date(2016, 9, 14),
        text="Shared the draft recovery strategy.",
    )
    session(
        lead,
        pair,
        rosa,
        datetime.date(2016, 11, 28),
        "0.5",
        place="Norwich",
        notes="Wellbeing service: practitioners and managers.",
    )
    session(
        lead,
        pair,
        sam,
        datetime.date(2016, 11, 28),
        "0.5",
        place="Norwich",
        notes="Senior managers on the recovery strategy; a role play compared what staff and "
        "service-user interviewers learned about a person.",
    )
    close(lead, pair)
    return 1


def coaching(lead: Any, uk: Network, rosa: Any) -> int:
    coaching = create(
        lead,
        uk,
        kind="coaching",
        title="Coaching a community team in Nottingham",
        starts_on=datetime.date(2017, 1, 1),
        ends_on=datetime.date(2017, 4, 30),
        organisations=orgs("nottinghamshire-healthcare"),
        lead_consultant=rosa,
        invoicing=InvoicingMode.PER_DAY,
        day_rate_net=Decimal("750"),
        challenges=[6],
        days=Decimal("1"),
    )
    if coaching is None:
        return 0
    agree(lead, coaching)
    session(lead, coaching, rosa, datetime.date(2017, 2, 7), "0.5", place="Nottingham")
    session(lead, coaching, rosa, datetime.date(2017, 3, 14), "0.5", place="Nottingham")
    for kind, title, text in (
        ("ground_rules", "Ground rules", "Agreed by the whole team at the first session."),
        ("other", "Agreed roles and a manager–clinician partnership", ""),
        ("other", "A better meeting structure and one-off actions", ""),
    ):
        services.output_add(actor=lead, engagement=coaching, kind=kind, title=title, text=text)
    services.quote_set(
        actor=lead,
        engagement=coaching,
        quote="Improvement in progress. Hopeful. Exciting. Reassuring. Positive.",
        consent=True,
    )
    services.days_invoice(actor=lead, engagement=coaching)
    close(lead, coaching)
    return 1
