"""What outcomes adds to the shared pages: the organisation's questionnaires (for its recovery
lead, staff and peer workers, and administrators: answered from the request's cached roles, no
query), the network's pooled results on the network's page (its team), and the person's own
questionnaires and results on their profile."""

from __future__ import annotations

from django.urls import reverse

from recoverynet.core import slots
from recoverynet.core.slots import SlotContext
from recoverynet.network import access as network_access

from .access import FOLLOW_UP_ROLES


def _organisation_url(ctx: SlotContext) -> str:
    return reverse("outcomes:organisation", args=[ctx.organisation.slug])


def _follows_up(ctx: SlotContext) -> bool:
    role = network_access.roles(ctx.user).orgs.get(ctx.organisation.pk)
    return network_access.is_admin(ctx.user) or role in FOLLOW_UP_ROLES


def _follows_up_anywhere(ctx: SlotContext) -> bool:
    """Staff who follow people up somewhere: only they can be shared with (cached roles, no query)."""
    return ctx.signed_in and any(
        role in FOLLOW_UP_ROLES for role in network_access.roles(ctx.user).orgs.values()
    )


def _network_results_url(ctx: SlotContext) -> str:
    return reverse("outcomes:network-pool", args=[ctx.network.slug])


def _network_team(ctx: SlotContext) -> bool:
    """The network's team and administrators (from the request's cached roles: no query)."""
    return ctx.network is not None and (
        network_access.is_admin(ctx.user)
        or ctx.network.pk in network_access.roles(ctx.user).team_network_ids
    )


def register() -> None:
    slots.contribute(
        "network_page",
        key="outcomes.network_results",
        order=70,
        label="Outcome questionnaire results across the network",
        url=_network_results_url,
        after=": pooled, published figures from member organisations' collections",
        visible=_network_team,
    )
    slots.contribute(
        "organisation_page",
        key="outcomes.organisation",
        order=60,
        label="Outcome questionnaires",
        url=_organisation_url,
        visible=_follows_up,
    )
    slots.contribute(
        "my_organisations",
        key="outcomes.organisation",
        order=60,
        label="Outcome questionnaires",
        url=_organisation_url,
        visible=_follows_up,
    )
    slots.contribute(
        "profile",
        key="outcomes.mine",
        order=40,
        heading="Your questionnaires",
        label="Answer your questionnaires and see your own scores",
        url="outcomes:mine",
        visible=lambda ctx: ctx.signed_in,
    )
    slots.contribute(
        "profile",
        key="outcomes.shared_with_me",
        order=41,
        heading="Scores shared with you",
        label="Scores people you support have chosen to share with you",
        url="outcomes:shared-with-me",
        visible=_follows_up_anywhere,
    )
