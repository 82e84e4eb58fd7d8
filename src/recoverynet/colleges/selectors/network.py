"""Reads for the Learning Network as a whole: a college by its slug, member colleges, the networks
a college belongs to, learning days and the network's report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network.models import Network

from .. import network_access as access
from ..models import College
from ..models.network import LearningDay


def college_by_slug(slug: str) -> College:
    college = College.objects.select_related("organisation").filter(slug=slug).first()
    if college is None:
        raise NotFound("We could not find that college.")
    return college


def college_networks(college: College) -> list[Network]:
    return list(college.networks.order_by("name"))


def member_colleges(network: Network) -> QuerySet[College]:
    return College.objects.filter(networks=network).select_related("organisation").order_by("name")


def network_for_member_or_team(*, actor: Actor, slug: str) -> Network:
    """A network whose member-college pages the actor may see (its team, or staff of a member)."""
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise NotFound("We could not find that network.")
    if not (access.is_team(actor, network.pk) or access.is_member_staff(actor, network.pk)):
        raise PermissionDenied("Only the network's member colleges and team see this.")
    return network


def learning_days(network: Network) -> list[LearningDay]:
    return list(
        LearningDay.objects.filter(network=network)
        .select_related("event", "host")
        .order_by("event__starts_at")
    )


def learning_days_by_public_ids(ids: Sequence[Any]) -> list[LearningDay]:
    """For the `plans` occasion registry: label, date and link of each day, in one query."""
    return list(LearningDay.objects.filter(public_id__in=list(ids)).select_related("event", "host"))


def learning_days_for_organisation(*, organisation: Any) -> list[LearningDay]:
    """The learning days an organisation may name as an occasion of its plans: those of the
    networks its colleges belong to, newest first (names only: plans checks who edits)."""
    return list(
        LearningDay.objects.filter(network__colleges__organisation=organisation)
        .select_related("event", "host")
        .distinct()
        .order_by("-event__starts_at")[:100]
    )


def learning_day_get(*, actor: Actor, public_id: Any) -> LearningDay:
    day = (
        LearningDay.objects.select_related("event", "host__organisation", "network")
        .filter(public_id=public_id)
        .first()
    )
    if day is None:
        raise NotFound("We could not find that learning day.")
    if not (access.is_team(actor, day.network_id) or access.is_member_staff(actor, day.network_id)):
        raise NotFound("We could not find that learning day.")
    return day


def previous_day(day: LearningDay) -> LearningDay | None:
    """The network's learning day before this one (its plans are reviewed at this one)."""
    return (
        LearningDay.objects.filter(
            network_id=day.network_id, event__starts_at__lt=day.event.starts_at
        )
        .select_related("event", "host")
        .order_by("-event__starts_at")
        .first()
    )


def day_plans(*, actor: Actor, day: LearningDay) -> list[Any]:
    """The action plans colleges wrote at a day, that the actor may see (through `plans`)."""
    from recoverynet.plans import selectors as plan_selectors

    from ..network_sources import LEARNING_DAY_SOURCE

    return plan_selectors.plans_from_source(
        actor=actor, kind=LEARNING_DAY_SOURCE, source_id=str(day.public_id)
    )


def network_days_to_link(*, actor: Actor, network: Network) -> list[Any]:
    """The network's network days (upcoming and past) that have no host college yet."""
    from recoverynet.events import selectors as event_selectors

    from ..network_sources import DAY_KINDS

    if not access.supports(actor, network.pk):
        return []
    linked = set(LearningDay.objects.filter(network=network).values_list("event_id", flat=True))
    upcoming = event_selectors.event_list_upcoming(network_slug=network.slug)
    past = event_selectors.event_list_past(network_slug=network.slug)
    return [e for e in [*upcoming, *past] if e.kind in DAY_KINDS and e.pk not in linked]


def my_colleges_in(*, actor: Actor, network: Network) -> list[College]:
    ids = list(access.staff_roles(actor))
    return list(College.objects.filter(pk__in=ids, networks=network).order_by("name"))
