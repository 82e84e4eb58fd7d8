"""Demo events from shared/domain/network-facts.md, moved to dates that are still to come so they can
be booked, plus one past event with attendance. Idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from recoverynet.network.models import Network, Organisation

from . import services
from .models import Event, LearningSet
from .services import DelegateInput

User = get_user_model()
LONDON = ZoneInfo("Europe/London")


def _span(start: tuple[int, ...], end: tuple[int, ...]) -> dict[str, datetime.datetime]:
    """The next time (month, day, hour[, minute]) comes round, and its end in the same year, so a
    three-day conference never ends before it starts when the demo is loaded mid-way through."""
    today = timezone.localdate()
    year = today.year + (1 if (start[0], start[1]) <= (today.month, today.day) else 0)
    return {
        "starts_at": datetime.datetime(year, *start, tzinfo=LONDON),  # type: ignore[misc,arg-type]
        "ends_at": datetime.datetime(year, *end, tzinfo=LONDON),  # type: ignore[misc,arg-type]
    }


def _event(admin: Any, network: Network, title: str, **values: Any) -> tuple[Event, bool]:
    existing = Event.objects.filter(network=network, title=title).first()
    if existing:
        return existing, False
    return services.event_create(actor=admin, network=network, title=title, **values), True


def load_demo() -> dict[str, int]:
    admin = User.objects.get(email="admin@demo.recoverynet.example")
    uk = Network.objects.get(slug="uk")
    orgs = {o.slug: o for o in Organisation.objects.all()}
    created = {"events": 0, "bookings": 0}

    debate, new = _event(
        admin,
        uk,
        "Peer worker critical debate: what is the role of peer support?",
        kind="critical_debate",
        **_span((6, 1, 10), (6, 1, 15, 30)),
        summary="Two sides argue the motion, the audience votes, then we talk it through at our tables.",
        description="Peer support workers are now part of many teams. **What is their role?**\n\n"
        "- Two speakers argue for and against the motion\n- The audience votes before and after\n"
        "- Table discussions about what it means for your service",
        host=orgs["nottinghamshire-healthcare"],
        venue_name="Duncan Macmillan House",
        venue_address="Porchester Road\nNottingham\nNG3 6AA",
        capacity=60,
        status="published",
        booking_mode="open",
    )
    if new:
        created["events"] += 1
        member = services.rate_create(
            actor=admin,
            event=debate,
            kind="member",
            name="Member sites",
            net_amount=Decimal("100.00"),
            order=1,
        )
        other = services.rate_create(
            actor=admin,
            event=debate,
            kind="non_member",
            name="Everyone else",
            net_amount=Decimal("150.00"),
            order=2,
        )
        lead = User.objects.get(email="lead.nottingham@demo.recoverynet.example")
        services.booking_create(
            actor=lead,
            event=debate,
            organisation=orgs["nottinghamshire-healthcare"],
            purchase_order="PO-NHT-2291",
            delegates=[
                DelegateInput(name="Grace Wilson", email=lead.email, rate_id=member.pk),
                DelegateInput(
                    name="Sam Patel",
                    email="peer.nottingham@demo.recoverynet.example",
                    rate_id=member.pk,
                    dietary_needs="Vegetarian",
                ),
                DelegateInput(
                    name="Daniel Hughes",
                    email="staff.nottingham@demo.recoverynet.example",
                    rate_id=member.pk,
                ),
            ],
        )
        member_user = User.objects.get(email="member@demo.recoverynet.example")
        services.booking_create(
            actor=member_user,
            event=debate,
            delegates=[
                DelegateInput(
                    name="Pat Morgan",
                    email=member_user.email,
                    rate_id=other.pk,
                    access_needs="Hearing loop, please",
                )
            ],
        )
        created["bookings"] += 2

    _, new = _event(
        admin,
        uk,
        "Refocus on Recovery international conference",
        kind="conference",
        **_span((9, 18, 9), (9, 20, 17)),
        summary="An international scientific conference organised by our partners. Four themes over three days.",
        venue_name="Nottingham Conference Centre",
        status="published",
        booking_mode="external",
        external_url="https://refocus-conference.example/booking",
    )
    created["events"] += new

    _, new = _event(
        admin,
        uk,
        "Demonstration day: recovery-focused practice in action",
        kind="demonstration_day",
        **_span((9, 21, 9, 30), (9, 21, 16)),
        summary="A full day seeing one trust's recovery-focused practice. Places are limited: register your interest.",
        host=orgs["nottinghamshire-healthcare"],
        venue_name="Highbury Hospital",
        capacity=30,
        status="published",
        booking_mode="interest",
    )
    created["events"] += new

    carers = LearningSet.objects.filter(slug="family-friends-and-carers-learning-set").first()
    if carers is None:
        carers = services.learning_set_create(
            actor=admin,
            network=uk,
            title="Family, friends and carers learning set",
            description="Three days for staff, people who use services, relatives and carers from mental health "
            "and learning disability services. Each day ends with local action plans.",
            cohort=[orgs["ntw"]],
        )
    topics = [
        "Managing risk and safety together",
        "A more recovery-focused discharge",
        "Identifying and supporting young carers",
    ]
    for i, topic in enumerate(topics):
        day, new = _event(
            admin,
            uk,
            f"Family, friends and carers learning set, day {i + 1}",
            kind="learning_set_day",
            learning_set=carers,
            day_topic=topic,
            **_span((3 + i * 2, 10, 9, 30), (3 + i * 2, 10, 16)),
            host=orgs["ntw"],
            venue_name="St Nicholas Hospital, Newcastle",
            capacity=60,
            status="published",
            booking_mode="open",
        )
        if new:
            created["events"] += 1
            services.rate_create(
                actor=admin,
                event=day,
                kind="free",
                name="Learning set members",
                net_amount=Decimal("0"),
            )

    rcln = LearningSet.objects.filter(slug="recovery-college-learning-network").first()
    if rcln is None:
        rcln = services.learning_set_create(
            actor=admin,
            network=uk,
            title="Recovery College Learning Network",
            description="Recovery Colleges learning together. Days are hosted by each member in turn; each site's "
            "action plan is reviewed at the next day.",
            cohort=[
                orgs["oxford-recovery-college"],
                orgs["nottinghamshire-healthcare"],
                orgs["restore"],
            ],
        )
    for host, topic, month in [
        ("oxford-recovery-college", "Obtaining commercial buy-in", 4),
        ("nottinghamshire-healthcare", "Staff engagement", 7),
    ]:
        day, new = _event(
            admin,
            uk,
            f"Recovery College Learning Network: {topic.lower()}",
            kind="learning_set_day",
            learning_set=rcln,
            day_topic=topic,
            host=orgs[host],
            **_span((month, 15, 10), (month, 15, 15, 30)),
            venue_name=orgs[host].name,
            online=True,
            joining_link="https://meet.example/rcln",
            capacity=40,
            status="published",
            booking_mode="open",
        )
        if new:
            created["events"] += 1
            services.rate_create(
                actor=admin,
                event=day,
                kind="member",
                name="Member colleges",
                net_amount=Decimal("50.00"),
            )

    workshop, new = _event(
        admin,
        uk,
        "Workshop: co-producing crisis plans",
        kind="workshop",
        **_span((5, 12, 13), (5, 12, 16, 30)),
        summary="A small, interactive workshop. Places are few, so there is a waiting list.",
        venue_name="Restore, Oxford",
        host=orgs["restore"],
        capacity=4,
        status="published",
        booking_mode="open",
    )
    if new:
        created["events"] += 1
        rate = services.rate_create(
            actor=admin,
            event=workshop,
            kind="non_member",
            name="All delegates",
            net_amount=Decimal("45.00"),
        )
        lead = User.objects.get(email="lead.ntw@demo.recoverynet.example")
        services.booking_create(
            actor=lead,
            event=workshop,
            organisation=orgs["ntw"],
            delegates=[
                DelegateInput(
                    name=f"NTW delegate {i}",
                    email=f"ntw{i}@demo.recoverynet.example",
                    rate_id=rate.pk,
                )
                for i in range(1, 5)
            ],
        )
        volunteer = User.objects.get(email="volunteer.restore@demo.recoverynet.example")
        services.booking_create(
            actor=volunteer,
            event=workshop,
            organisation=orgs["restore"],
            delegates=[
                DelegateInput(name="Chris Doyle", email=volunteer.email, rate_id=rate.pk),
            ],
        )
        created["bookings"] += 2

    _, new = _event(
        admin,
        uk,
        "Launch: the business case for recovery",
        kind="launch",
        **_span((6, 20, 14), (6, 20, 16)),
        summary="For senior managers: the launch of our briefing on the business case for recovery.",
        venue_name="To be confirmed",
        status="draft",
        booking_mode="closed",
    )
    created["events"] += new
    from . import demo_states  # after this module: it uses `_event`

    demo_states.load(admin, uk, orgs, created)
    return created
