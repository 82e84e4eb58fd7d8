"""What self-assessment adds to the shared pages (`core.slots`): a link on an organisation's page
and beside each organisation on "My organisations", for the people who may see its rounds."""

from __future__ import annotations

from django.urls import reverse

from recoverynet.core import slots
from recoverynet.network import access as network_access

from . import access, selectors


def _to_rate(ctx: slots.SlotContext) -> list[slots.Thing]:
    return [
        slots.Thing(
            f"Rate: {rater.round.title}",
            reverse("challenges:rate", args=[rater.round.public_id]),
            f"{rater.round.organisation.name}. You have not sent your ratings yet",
        )
        for rater in selectors.rounds_to_rate(actor=ctx.user)
    ]


def _to_facilitate(ctx: slots.SlotContext) -> list[slots.Thing]:
    return [
        slots.Thing(
            round_.title,
            reverse("challenges:round-detail", args=[round_.public_id]),
            f"{round_.organisation.name}. Open: you facilitate it",
        )
        for round_ in selectors.rounds_to_facilitate(actor=ctx.user)
    ]


def _rounds_url(ctx: slots.SlotContext) -> str:
    return reverse("challenges:organisation-rounds", args=[ctx.organisation.slug])


def _has_viewer_role(ctx: slots.SlotContext) -> bool:
    """On "My organisations" the row is the person's own affiliation: the cached roles answer it
    without a query per row."""
    return network_access.roles(ctx.user).orgs.get(ctx.organisation.pk) in access.VIEWER_ROLES


def register() -> None:
    slots.contribute_things(
        key="challenges.rate", heading="Self-assessments to rate", order=20, things=_to_rate
    )
    slots.contribute_things(
        key="challenges.facilitate",
        heading="Self-assessments you facilitate",
        order=25,
        things=_to_facilitate,
    )
    slots.contribute(
        "organisation_page",
        key="challenges.rounds",
        order=20,
        label="Self-assessment",
        url=_rounds_url,
        visible=lambda ctx: access.can_view_organisation(ctx.user, ctx.organisation),
    )
    slots.contribute(
        "my_organisations",
        key="challenges.rounds",
        order=20,
        label="Self-assessment",
        url=_rounds_url,
        visible=_has_viewer_role,
    )
