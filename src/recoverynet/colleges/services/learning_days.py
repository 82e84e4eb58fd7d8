"""Learning days hosted by member colleges in turn, and action learning sets: each college writes an
action plan at a day (a plan in `plans` whose source is the day) and it is reviewed at the next.

Network days are `events` events of kind network day; this app reaches them through
`events.selectors` only, and links each to the college hosting it."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_name
from recoverynet.events import selectors as event_selectors
from recoverynet.network.models import Network
from recoverynet.plans import services as plan_services
from recoverynet.plans import topics as plan_topics

from .. import network_access as access
from .. import occasions
from ..models import College
from ..models.network import LearningDay
from ..network_sources import DAY_KINDS, LEARNING_DAY_SOURCE
from ..selectors import fidelity as fidelity_selectors


@transaction.atomic
def learning_day_link(
    *, actor: Actor, network: Network, event_public_id: Any, host: College, theme: str
) -> LearningDay:
    """Link a network day to the member college hosting it."""
    if not access.supports(actor, network.pk):
        raise PermissionDenied(
            "Only the network's coordinators and consultants link learning days."
        )
    event = event_selectors.event_get(actor=actor, public_id=event_public_id)
    if event.network_id != network.pk or event.kind not in DAY_KINDS:
        raise ApplicationError(
            "invalid", "Choose a network day of this network.", field="event", status=422
        )
    if not fidelity_selectors.college_in_network(host, network):
        raise ApplicationError(
            "invalid", f"{host.name} is not a member of {network.name}.", field="host", status=422
        )
    theme = clean_name(theme, field="theme", max_length=200)
    try:
        with transaction.atomic():
            day = LearningDay.objects.create(network=network, event=event, host=host, theme=theme)
    except IntegrityError as exc:
        raise ApplicationError(
            "already_linked",
            "This network day already has a host college.",
            field="event",
            status=409,
        ) from exc
    audit.record(
        actor=actor,
        action="colleges.learning_day.linked",
        obj=day,
        changes={"host": host.name, "event": str(event.public_id)},
    )
    return day


def day_source(day: LearningDay) -> plan_topics.Source:
    return plan_topics.Source(
        kind=LEARNING_DAY_SOURCE,
        id=str(day.public_id),
        label=f"Learning day: {day.theme}",
        url=reverse("learning_network:learning-day", args=[day.public_id]),
    )


def learning_day_plan_create(
    *, actor: Actor, day: LearningDay, college: College, title: str
) -> Any:
    """A college's action plan written at the day (it is reviewed at the next day). The plan's
    source is the day (kind `college_learning_day`, with its link)."""
    if not access.can_run_college_work(actor, college, day.network_id) and not access.is_staff_of(
        actor, college
    ):
        raise PermissionDenied("Only the college's people and the network team write its plan.")
    if not fidelity_selectors.college_in_network(college, day.network):
        raise ApplicationError(
            "invalid", "The college is not a member of the network.", field="college", status=422
        )
    return plan_services.plan_create(
        actor=actor,
        organisation=college.organisation,
        title=title,
        source=day_source(day),
        occasion=occasions.day_ref(day),
    )


def learning_day_plan_review(
    *, actor: Actor, day: LearningDay, plan: Any, progress: str, reset_goals: str = ""
) -> Any:
    """Review a plan written at an earlier day, at this one: the review names the day as its
    occasion (`plans.occasions`, kind `college_learning_day`)."""
    return plan_services.plan_review(
        actor=actor,
        plan=plan,
        progress=progress,
        reset_goals=reset_goals,
        occasion=occasions.day_ref(day),
    )
