"""Demo action plan made at a learning-set day: NTW books its recovery lead onto day 1 of the
carers learning set and makes its local plan there, with an overdue action and a review.
(The plan from Nottinghamshire's priorities is made by the self-assessment demo.) Idempotent."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from recoverynet.network.models import Organisation
from recoverynet.plans import selectors as plan_selectors
from recoverynet.plans import services as plan_services
from recoverynet.plans.models import ActionStatus

from . import services
from .models import BookingStatus, Event, RateKind
from .occasions import learning_day_ref
from .services import DelegateInput

User = get_user_model()

NTW_ACTIONS = [
    (
        "Write safety plans with carers, not just for them",
        "Ward managers",
        -10,
        ActionStatus.NOT_STARTED,
    ),
    (
        "Carers' lead joins discharge planning meetings",
        "Carers' lead",
        30,
        ActionStatus.IN_PROGRESS,
    ),
    (
        "Find and support young carers at first contact",
        "Community teams",
        60,
        ActionStatus.NOT_STARTED,
    ),
]


def load_demo() -> dict[str, int]:
    ntw = Organisation.objects.get(slug="ntw")
    ntw_lead = User.objects.get(email="lead.ntw@demo.recoverynet.example")
    day = Event.objects.filter(title="Family, friends and carers learning set, day 1").first()
    if day is None:
        return {"plans": 0}
    ref = learning_day_ref(day)
    made = plan_selectors.plans_for_organisation(actor=ntw_lead, organisation=ntw)
    if any(plan.occasion_ref == ref for plan in made):
        return {"plans": 0}
    booked = day.bookings.filter(organisation=ntw, status=BookingStatus.CONFIRMED).exists()
    rate = day.rates.filter(kind=RateKind.FREE).first()
    if not booked and rate is not None:
        services.booking_create(
            actor=ntw_lead,
            event=day,
            organisation=ntw,
            delegates=[
                DelegateInput(name=ntw_lead.display_name, email=ntw_lead.email, rate_id=rate.pk)
            ],
        )
    plan = plan_services.plan_create(
        actor=ntw_lead,
        organisation=ntw,
        title="Carers learning set: our local actions",
        occasion=ref,
    )
    today = timezone.localdate()
    for what, role, days, status in NTW_ACTIONS:
        action = plan_services.action_add(
            actor=ntw_lead,
            plan=plan,
            data=plan_services.ActionInput(
                what=what, owner_role=role, due=today + datetime.timedelta(days=days)
            ),
        )
        if status != ActionStatus.NOT_STARTED:
            plan_services.action_update(
                actor=ntw_lead,
                action=action,
                status=status,
                note="Started after the first learning day.",
            )
    plan_services.plan_review(
        actor=ntw_lead,
        plan=plan,
        progress="Two of three actions under way.",
        reset_goals="Bring one carer's story to the next day.",
    )
    return {"plans": 1}
